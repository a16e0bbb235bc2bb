"""Corpus commands: stories, and the timeline benchmarks (eval tls, eval t17-jsonl, eval ecb)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ..render import listings
from .app import app, eval_app
from .common import (
    CheckOption,
    DbOption,
    Format,
    FormatOption,
    OutputOption,
    SettingOption,
    WideOption,
    console,
    emit_json,
    fail,
    gate,
    guard,
    open_store,
    render_rows,
    settings_for,
)

SHARED_BENCH = Path("../shared/benchmarks")


@app.command("stories")
def stories_cmd(db: DbOption = None,
                threshold: Annotated[float | None, typer.Option(
                    "--threshold", min=0.0, max=1.0,
                    help="Recluster at this story granularity (higher: more, tighter stories).")] = None,
                fmt: FormatOption = Format.text, output: OutputOption = None, wide: WideOption = False) -> None:
    """List the stories of a mixed corpus: unrelated stories apart, each with its articles.

    Example: dateline stories --db news.db --format json
    """
    from ..corpus.cluster_stage import recluster
    from ..query import list_stories

    settings = settings_for(db)
    with open_store(db, write=threshold is not None) as store:
        if threshold is not None:
            guard(lambda: recluster(store, settings.with_(story_threshold=threshold)))
        rows = list_stories(store)
    render_rows(rows, listings.STORY_COLUMNS, fmt, title=f"{len(rows)} stories", output=output, wide=wide)


@eval_app.command("tls")
def eval_tls_cmd(
    t17: Annotated[Path, typer.Option("--t17", help="Timeline17 folder (one subfolder per topic).")] = SHARED_BENCH / "t17",
    topics: Annotated[list[str] | None, typer.Option("--topic", help="Only this topic folder (repeatable).")] = None,
    workdir: Annotated[Path, typer.Option("--workdir", help="Where the per-task stores are kept and reused.")] = Path("build/t17"),
    baselines: Annotated[list[str] | None, typer.Option(
        "--baseline", help="Baselines scored beside the method on the same stores: pubcount, datewise, or none "
                           "(repeatable; default: both).")] = None,
    shipped: Annotated[bool, typer.Option(
        "--shipped", help="Score the shipped model as it is, without cross-validation (for tasks it was not "
                          "trained on).")] = False,
    train: Annotated[bool, typer.Option(
        "--train", help="Train the timeline model on the tasks and write it to --model-out; no scoring.")] = False,
    model_out: Annotated[Path | None, typer.Option(
        "--model-out", help="Where --train writes the model (default: the file shipped in the package).")] = None,
    check: CheckOption = None,
    fmt: FormatOption = Format.text,
    output: OutputOption = None,
    wide: WideOption = False,
    setting: SettingOption = None,
) -> None:
    """Score timelines on Timeline17 (news-tls protocol) by leave-one-story-out cross-validation, beside baselines.

    Each story's timelines are built by the `dateline timeline` path with a model trained on the other
    stories; rows give AR-1, AR-2, concat ROUGE and date F1 per task and averaged, for the method and
    for the baselines computed on the same stores.

    Example: dateline eval tls --t17 ../shared/benchmarks/t17 --format md
    """
    from ..eval import tls
    from ..timeline.baselines import BASELINES

    if not t17.is_dir():
        fail(f"no Timeline17 folder at {t17}: pass --t17")
    if check is not None and not topics:
        topics = json.loads(check.read_text()).get("topics") or None
    names = [b for b in (baselines if baselines is not None else list(BASELINES)) if b != "none"]
    unknown = [b for b in names if b not in BASELINES]
    if unknown:
        fail(f"unknown baseline {unknown[0]!r}: use {', '.join(BASELINES)} or none")
    # --setting sentence_vectors=true scores the dense-vector summaries (stores with the vectors stage)
    settings = settings_for(None, setting, progress=False)
    if not tls.all_tasks(t17, topics):
        fail(f"no reference timelines under {t17}")
    if train:
        _train(t17, workdir, settings, topics, model_out)
        return
    rows = _method_rows(t17, workdir, settings, topics, shipped)
    for name in names:
        scores = guard(lambda: tls.evaluate(t17, workdir, settings, topics=topics, roles=BASELINES[name]))
        rows += _rows(name, [("", s) for s in scores])
    columns = ["method", "task", "fold", *tls.METRICS, "seconds"]
    render_rows(rows, columns, fmt, title="Timeline17 (F1)", output=output, wide=wide)
    if check is not None:
        _check(rows, check)


def _progress(message: str) -> None:
    console.print(message, highlight=False, markup=False)


def _train(t17: Path, workdir: Path, settings, topics, model_out: Path | None) -> None:
    from importlib import resources

    from ..eval import tls_cv
    from ..timeline.learned import MODEL_FILE

    model = guard(lambda: tls_cv.train_all(t17, workdir, settings, topics=topics, progress=_progress))
    path = model_out or Path(str(resources.files("dateline.data").joinpath(MODEL_FILE)))
    path.write_text(model.to_json(), encoding="utf-8")
    console.print(f"wrote the timeline model trained on {len(model.trained_on)} timelines to {path}",
                  highlight=False, markup=False)


def _method_rows(t17: Path, workdir: Path, settings, topics, shipped: bool) -> list[dict]:
    from ..eval import tls, tls_cv

    if shipped:
        scores = guard(lambda: tls.evaluate(t17, workdir, settings, topics=topics))
        return _rows("dateline-shipped", [("", s) for s in scores])
    try:
        folds = tls_cv.cross_validate(t17, workdir, settings, topics=topics, progress=_progress)
    except ValueError as exc:
        fail(f"{exc}: add --topic for another story, or pass --shipped")
    return _rows("dateline-cv", [(f.fold, f.score) for f in folds])


def _rows(method: str, scored: list) -> list[dict]:
    from ..eval import tls

    rows = tls.report_rows([s for _, s in scored])
    folds = [fold for fold, _ in scored] + [""]
    return [{"method": method, "fold": fold, **row} for fold, row in zip(folds, rows)]


def _check(rows: list[dict], check: Path) -> None:
    from ..eval import tls

    avg = next(r for r in rows if r["task"] == "average" and r["method"].startswith("dateline"))
    gate({m: avg[m] for m in tls.METRICS}, check)


@eval_app.command("tls-score")
def eval_tls_score_cmd(
    predicted: Annotated[Path, typer.Argument(help="A timeline from `dateline timeline --format json`.")],
    reference: Annotated[Path, typer.Argument(help="A reference timeline in tilse format (t17/TOPIC/timelines/*.txt).")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="text, md, json or csv.")] = Format.text,
) -> None:
    """Score one timeline JSON against one reference: AR-1, AR-2, concat ROUGE, date F1.

    Closes the loop of the documented command line (t17-jsonl, ingest, timeline).

    Example: dateline eval tls-score timeline.json ../shared/benchmarks/t17/H1N1_bbc/timelines/bbc.txt
    """
    from ..eval import tls

    for path in (predicted, reference):
        if not path.is_file():
            fail(f"no file {path}")
    try:
        data = json.loads(predicted.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        fail(f"{predicted}: not a timeline JSON ({exc})")
    prf = guard(lambda: tls.score_task(tls.json_dates(data), tls.read_reference(reference)))
    rows = [{"metric": m, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}
            for m, (p, r, f) in prf.items()]
    render_rows(rows, ["metric", "precision", "recall", "f1"], fmt, title=f"{predicted.name} vs {reference.name}")


@eval_app.command("t17-jsonl")
def t17_jsonl_cmd(
    topic_dir: Annotated[Path, typer.Argument(help="One Timeline17 topic folder, e.g. t17/H1N1_bbc.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="JSON Lines file to write.")] = Path("corpus.jsonl"),
    timeline: Annotated[int, typer.Option("--timeline", min=0, help="Which reference timeline of the folder (0-based).")] = 0,
) -> None:
    """Write a T17 task's input as JSONL and print the L, K, --since and --until that reproduce its score.

    Example: dateline eval t17-jsonl ../shared/benchmarks/t17/H1N1_bbc -o corpus.jsonl
    """
    from ..eval import tls

    tasks = tls.topic_tasks(topic_dir) if (topic_dir / "timelines").is_dir() else []
    if timeline >= len(tasks):
        fail(f"{topic_dir} has {len(tasks)} reference timeline(s) under timelines/")
    task = tasks[timeline]
    n = tls.write_jsonl(task, output)
    ref = task.reference
    console.print(f"wrote {n} articles to {output}")
    emit_json({"task": task.name, "L": ref.l, "K": ref.k, "since": ref.start.isoformat(),
               "until": ref.end.isoformat()})


ECB_COLUMNS = ["method", "documents", "clusters", "muc_f1", "b3_f1", "ceaf_e_f1", "conll_f1"]


def parse_topics(spec: str, half: str | None = None) -> list[int]:
    """Topic numbers of "1-35" or "1-5,12,20-22", optionally only the odd or the even ones."""
    out: list[int] = []
    for part in spec.split(","):
        lo, _, hi = part.strip().partition("-")
        out += range(int(lo), int(hi or lo) + 1)
    if half is not None:
        out = [t for t in out if t % 2 == (1 if half == "odd" else 0)]
    return out


@eval_app.command("ecb")
def eval_ecb_cmd(
    ecb: Annotated[Path, typer.Option("--ecb", help="ECB+ folder (one subfolder per topic).")] = SHARED_BENCH / "ecbplus",
    topics: Annotated[str, typer.Option("--topics", help="Topics, e.g. 1-35 or 1-5,12.")] = "1-35",
    half: Annotated[str | None, typer.Option("--half", help="Only the odd or the even topics of --topics.")] = None,
    gold_documents: Annotated[bool, typer.Option(
        "--gold-documents", help="Group documents by their gold seminal event instead of the predicted stories.")] = False,
    baselines: Annotated[list[str] | None, typer.Option(
        "--baseline", help="Baselines scored beside the shipped clusterer: stem, singletons, story "
                           "(repeatable; default: all three).")] = None,
    workdir: Annotated[Path | None, typer.Option(
        "--workdir", help="Keep the built stores here and reuse them (clusters are recomputed; delete them "
                          "after changing a per-article stage).")] = None,
    entities: Annotated[bool, typer.Option(
        "--entities", help="Score the entity linking on ECB+'s entity mentions (participants, locations, "
                           "times) beside the same-head baseline, instead of the event clusters.")] = False,
    folds: Annotated[int, typer.Option(
        "--folds", min=0, help="Cross-validate by topic: each of N folds clustered with an event model trained "
                               "on the other folds (0: the shipped model).")] = 0,
    train: Annotated[bool, typer.Option(
        "--train", help="Train the event model on --topics and write it to --model-out; no scoring.")] = False,
    model_out: Annotated[Path | None, typer.Option(
        "--model-out", help="Where --train writes the model (default: the file shipped in the package).")] = None,
    fmt: FormatOption = Format.text,
    output: OutputOption = None,
    wide: WideOption = False,
) -> None:
    """Cross-document event coreference on ECB+ with the shipped clusterer, beside trivial baselines.

    The articles go through the stages of an ingest with the gold action
    mentions in place of detected events; MUC, B³, CEAF-e and CoNLL F1 of the
    event clusters, and of the baselines on the same mentions and stories.
    With --entities: the same of the shipped entity linking on the gold entity
    mentions, beside mentions grouped by story and head word.

    Example: dateline eval ecb --topics 1-35 --folds 5 --baseline stem --gold-documents
    """
    from ..eval import ecb_coref, ecb_train
    from ..settings import Settings

    if not ecb.is_dir():
        fail(f"no ECB+ folder at {ecb}: pass --ecb")
    if half not in (None, "odd", "even"):
        fail(f"--half {half!r}: use odd or even")
    try:
        wanted = parse_topics(topics, half)
    except ValueError:
        fail(f"--topics {topics!r} is not a list of ranges like 1-35 or 1-5,12")
    if entities:
        _eval_ecb_entities(ecb, wanted, topics, half, gold_documents, workdir, fmt, output, wide)
        return
    unknown = sorted(set(baselines or ()) - set(ecb_coref.BASELINES))
    if unknown:
        fail(f"unknown baseline(s) {', '.join(unknown)}: use {', '.join(ecb_coref.BASELINES)}")
    if train:
        from ..corpus.event_links import MODEL_FILE

        out = model_out or Path(__file__).resolve().parents[1] / "data" / MODEL_FILE
        model = guard(lambda: ecb_train.train(ecb, out, wanted, Settings(progress=False), workdir=workdir))
        console.print(f"wrote the event model of {model.trained_on} ({len(model.table.counts)} lemma pairs) to {out}",
                      highlight=False, markup=False)
        return
    if folds == 1:
        fail("--folds 1 leaves nothing to train on: use 0 (the shipped model) or 2 and more")
    chosen = baselines or ecb_coref.BASELINES
    if folds:
        result = guard(lambda: ecb_train.cross_validate(ecb, wanted, Settings(progress=False), k=folds,
                                                        gold_documents=gold_documents, workdir=workdir,
                                                        baselines=chosen))
    else:
        result = guard(lambda: ecb_coref.evaluate(ecb, wanted, Settings(progress=False), gold_documents=gold_documents,
                                                 workdir=workdir, baselines=chosen))
    if not result["mentions"]:
        fail(f"no gold action mentions in topics {topics} under {ecb}")
    if fmt is Format.json:
        emit_json(result, output)
        return
    title = (f"ECB+ topics {topics}{f' ({half})' if half else ''}{f', {folds}-fold by topic' if folds else ''}: "
             f"{result['documents']} documents, "
             f"{result['mentions']} mentions, {result['stories']} threads for {result['seminal_events']} "
             f"seminal events")
    if "topic_story_b3" in result:
        p, r, f = result["topic_story_b3"]
        title += f"; {result['topic_stories']} stories for {result['topics']} topics (B³ P {p} R {r} F1 {f})"
    render_rows(result["rows"], ECB_COLUMNS, fmt, title=title, output=output, wide=wide)


ECB_ENTITY_COLUMNS = ["mentions", "method", "documents", "clusters", "muc_f1", "b3_f1", "ceaf_e_f1", "conll_f1"]


def _eval_ecb_entities(ecb: Path, wanted: list[int], topics: str, half: str | None, gold_documents: bool,
                       workdir: Path | None, fmt: Format, output: Path | None, wide: bool) -> None:
    from ..eval import ecb_entities
    from ..settings import Settings

    result = guard(lambda: ecb_entities.evaluate(ecb, wanted, Settings(progress=False),
                                                 gold_documents=gold_documents, workdir=workdir))
    if not result["mentions"]:
        fail(f"no gold entity mentions in topics {topics} under {ecb}")
    if fmt is Format.json:
        emit_json(result, output)
        return
    title = (f"ECB+ entities, topics {topics}{f' ({half})' if half else ''}: {result['documents']} documents, "
             f"{result['mentions']} mentions")
    render_rows(result["rows"], ECB_ENTITY_COLUMNS, fmt, title=title, output=output, wide=wide)


STORIES_COLUMNS = ["store", "method", "b3_p", "b3_r", "b3_f1", "stories", "singleton_share"]


@eval_app.command("stories")
def eval_stories_cmd(
    t17: Annotated[Path, typer.Option("--t17", help="Timeline17 folder (one subfolder per topic).")] = SHARED_BENCH / "t17",
    topics: Annotated[list[str] | None, typer.Option("--topic", help="Only this topic folder (repeatable).")] = None,
    workdir: Annotated[Path, typer.Option(
        "--workdir", help="Where the mixed and per-folder stores are kept and reused (their stories are "
                          "computed again).")] = Path("build/t17"),
    mixed_only: Annotated[bool, typer.Option("--mixed-only", help="Score the mixed store alone.")] = False,
    mixed: Annotated[Path | None, typer.Option(
        "--mixed", help="Score this store of the folders' articles (ingested elsewhere; its stories are "
                        "computed again, in place) instead of building one.")] = None,
    check: CheckOption = None,
    fmt: FormatOption = Format.text,
    output: OutputOption = None,
    wide: WideOption = False,
    setting: SettingOption = None,
) -> None:
    """Score stories on Timeline17 (gold: the topic, a folder's name before `_`), beside baselines.

    One store of all the folders' articles (B³ precision, recall, F1 against the topic) and one store
    per folder (the share of articles in a story of their own), for the shipped stories and for one
    story per publication day and all articles in one story.

    Example: dateline eval stories --t17 ../shared/benchmarks/t17 --format md
    """
    from ..eval import stories

    if not t17.is_dir():
        fail(f"no Timeline17 folder at {t17}: pass --t17")
    if check is not None and not topics:
        topics = json.loads(check.read_text()).get("topics") or None
    settings = settings_for(None, setting, progress=False)
    if mixed is not None and not mixed.is_file():
        fail(f"no store at {mixed}: pass the path of a dateline database to --mixed")
    result = guard(lambda: stories.evaluate(t17, workdir, settings, topics=topics, per_folder=not mixed_only,
                                            mixed=mixed))
    rows = stories.report_rows(result)
    if fmt is Format.json:
        emit_json({**result, "rows": rows}, output)
    else:
        debris = result["mixed"].get("debris", {})
        found = ", ".join(f"{rule} {n}" for rule, n in debris.items() if rule != "lines")
        render_rows(rows, STORIES_COLUMNS, fmt, title=f"Timeline17 stories ({len(result['folders'])} folders; page "
                    f"debris lines of the mixed store's {debris.get('lines', 0)}: {found or 'none'})",
                    output=output, wide=wide)
    if check is not None:
        gate(stories.gate_metrics(result), check)
