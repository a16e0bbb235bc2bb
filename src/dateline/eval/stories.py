"""Stories scored on Timeline17: one developing story per topic, found by the shipped clusters stage.

Each Timeline17 folder is one outlet following one story for months; folders
whose names share the part before ``_`` (``bpoil_bbc``, ``bpoil_reuters``) follow
the same story. What is scored is what ``dateline stories`` lists after an
ingest (:func:`dateline.corpus.output.story_articles`):

* a *mixed* store of every folder's articles, ingested together: B³ precision,
  recall and F1 of the stories against the gold topic;
* one store per folder (the stores ``dateline eval tls`` builds): the share of
  articles in a story of their own, and the number of stories.

Beside them, from the same stores, two trivial baselines: one story per
publication day, and all articles in one story. Stores kept in the work folder
are reused; their stories are computed again with the settings given (the
clusters stage alone: :func:`~dateline.corpus.cluster_stage.recluster`), so a
change to the story settings is measured without a new ingest.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..settings import Settings
from .coref import b_cubed
from .tls import Task, all_tasks, ingest_task, iter_articles

log = logging.getLogger(__name__)

METHODS = ("shipped", "one per day", "all in one")


def gold_topic(folder: str) -> str:
    """The story a Timeline17 folder follows: its name before ``_``."""
    return folder.split("_")[0]


def article_topics(store: Any) -> dict[str, tuple[str, str]]:
    """Stored (non-duplicate) article id -> (gold topic, publication day) from the input's own ids."""
    out = {}
    for a in store.iter_articles():
        # the JSONL the eval writes names the folder first; a store ingested from the files has the path
        parts = Path(a.origin.split(":")[0]).parts
        folder = a.external_id.split("/")[0] if a.external_id else (
            parts[parts.index("InputDocs") - 1] if "InputDocs" in parts[1:] else "")
        if folder:
            out[a.id] = (gold_topic(folder), a.published.isoformat() if a.published else "")
    return out


def groupings(store: Any, articles: Mapping[str, tuple[str, str]]) -> dict[str, list[set[str]]]:
    """The shipped stories and the baselines' groupings of the same articles."""
    from ..corpus.output import story_articles

    shipped = [set(a for a in ids if a in articles) for ids in story_articles(store).values()]
    by_day: dict[str, set[str]] = defaultdict(set)
    for aid, (_, day) in articles.items():
        by_day[day or aid].add(aid)
    return {"shipped": [s for s in shipped if s], "one per day": list(by_day.values()),
            "all in one": [set(articles)] if articles else []}


def score(gold: Sequence[set[str]], response: Sequence[set[str]]) -> dict[str, float]:
    """B³ precision, recall and F1, the number of stories and the share of articles alone in theirs."""
    p, r, f = b_cubed(list(gold), list(response))
    n = sum(len(c) for c in response) or 1
    return {"b3_p": round(p, 4), "b3_r": round(r, 4), "b3_f1": round(f, 4), "stories": len(response),
            "singleton_share": round(sum(1 for c in response if len(c) == 1) / n, 4)}


def debris_lines(store: Any) -> dict[str, int]:
    """Page-debris lines found in the store's articles per rule (:mod:`dateline.corpus.debris`), and the
    lines looked at ("lines")."""
    from ..corpus.debris import lines
    from ..corpus.output import debris_spans

    out: dict[str, int] = defaultdict(int)
    for a in store.iter_articles():
        out["lines"] += sum(1 for _ in lines(a.text))
    for _, spans in debris_spans(store, store.article_ids()).values():
        for *_, rule in spans:
            out[rule] += 1
    return dict(sorted(out.items()))


def score_store(db: Path, settings: Settings, *, recompute: bool) -> dict[str, Any]:
    """Each method's figures on one store (its stories computed again first when ``recompute``), and its
    debris lines per rule (under ``"debris"``)."""
    from ..corpus.cluster_stage import recluster
    from ..store import Store

    with Store(db) as store:
        if recompute:
            recluster(store, settings)
        articles = article_topics(store)
        gold: dict[str, set[str]] = defaultdict(set)
        for aid, (topic, _) in articles.items():
            gold[topic].add(aid)
        figures: dict[str, Any] = {m: score(list(gold.values()), g) for m, g in groupings(store, articles).items()}
        return {**figures, "debris": debris_lines(store)}


def mixed_store(tasks: Sequence[Task], workdir: Path, settings: Settings) -> Path:
    """Ingest every task's articles into one store, as one ingest of all the folders (kept and reused)."""
    import json

    from ..pipeline import ingest, stage_names
    from ..store import Store

    workdir.mkdir(parents=True, exist_ok=True)
    names = sorted(t.name for t in tasks)
    db, jsonl, done = (workdir / f"mixed.{s}" for s in ("db", "jsonl", "done"))
    marker = ["stages: " + ",".join(stage_names(settings)), "tasks: " + ",".join(names)]
    if done.exists() and db.exists() and done.read_text().splitlines()[:2] == marker:
        return db
    with jsonl.open("w", encoding="utf-8") as f:
        for task in tasks:
            for record in iter_articles(task):
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    with Store(db) as store:
        report = ingest([jsonl], store, replace(settings, db_path=db))
    done.write_text("\n".join(marker) + f"\n{report.summary()}\n")
    return db


def evaluate(root: Path, workdir: Path, settings: Settings, *, topics: Sequence[str] | None = None,
             per_folder: bool = True, mixed: Path | None = None) -> dict[str, Any]:
    """The mixed store's figures per method and, with ``per_folder``, each folder store's.

    ``mixed``: a store of the folders' articles ingested elsewhere, scored (its stories computed again) in
    place of the one built here.
    """
    tasks = all_tasks(root, topics)
    if not tasks:
        raise ValueError(f"no Timeline17 topic folders under {root}")
    reused = mixed is not None or (workdir / "mixed.done").exists()
    db = mixed if mixed is not None else mixed_store(tasks, workdir, settings)
    result: dict[str, Any] = {"folders": sorted({t.topic for t in tasks}), "mixed_store": str(db),
                              "mixed": score_store(db, settings, recompute=reused), "per_folder": {}}
    if per_folder:
        for task in tasks:
            stem = task.name.replace("/", "__")
            reused = (workdir / f"{stem}.done").exists()
            one = ingest_task(task, workdir, settings)
            result["per_folder"][task.topic] = score_store(one, settings, recompute=reused)
            log.info("%s: %s", task.topic, result["per_folder"][task.topic]["shipped"])
    return result


def report_rows(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per store and method: the mixed store, then each folder, then the worst folder."""
    rows = [{"store": "mixed", "method": m, **result["mixed"][m]} for m in METHODS]
    folders = result["per_folder"]
    for folder, figures in sorted(folders.items()):
        rows += [{"store": folder, "method": m, **figures[m]} for m in METHODS]
    if folders:
        for m in METHODS:
            rows.append({"store": "worst folder", "method": m, "b3_p": "", "b3_r": "", "b3_f1": "",
                         "stories": max(f[m]["stories"] for f in folders.values()),
                         "singleton_share": max(f[m]["singleton_share"] for f in folders.values())})
    return rows


def gate_metrics(result: Mapping[str, Any]) -> dict[str, float]:
    """What the pinned floors hold: the mixed store's B³ and, per folder store, the share of articles that
    are not alone in their story (higher is better, as every floor)."""
    mixed = result["mixed"]["shipped"]
    out = {"mixed_b3_p": mixed["b3_p"], "mixed_b3_r": mixed["b3_r"], "mixed_b3_f1": mixed["b3_f1"]}
    folders = result["per_folder"]
    if folders:
        out["worst_folder_not_alone"] = round(1 - max(f["shipped"]["singleton_share"] for f in folders.values()), 4)
    return out
