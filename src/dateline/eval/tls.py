"""Timeline17 evaluation with the news-tls protocol (Gholipour Ghalandari & Ifrim, ACL 2020).

One task per reference timeline: the input is the topic's articles published
inside the reference's date range; the system is asked for ``l`` dates (the
reference's count) and ``k`` sentences per date (the reference's mean, rounded).
Scores are tilse's many-to-one alignment ROUGE-1/2 (Martschat & Markert 2017),
concat ROUGE-1/2 and date F1; precision and recall are averaged over tasks and F
is computed from the averages, as news-tls does.

References are read from ``timelines/*.txt``: the ``timelines.jsonl`` copy is
wrong in places (see the benchmark's README).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from ..model import Timeline

log = logging.getLogger(__name__)

SEPARATOR = "--------------------------------"
METRICS = ("ar1", "ar2", "concat1", "concat2", "date")


@dataclass(frozen=True)
class Reference:
    """One reference timeline: date -> its summary sentences."""

    name: str
    dates: dict[date, tuple[str, ...]]

    @property
    def start(self) -> date:
        return min(self.dates)

    @property
    def end(self) -> date:
        return max(self.dates)

    @property
    def l(self) -> int:  # noqa: E743 - the protocol's name for the number of dates
        return len(self.dates)

    @property
    def k(self) -> int:
        """Mean sentences per date, rounded (news-tls ``average_length``)."""
        return max(1, round(sum(len(s) for s in self.dates.values()) / len(self.dates)))


@dataclass(frozen=True)
class Task:
    """One T17 task: a topic folder's articles limited to a reference's range."""

    topic: str
    reference: Reference
    topic_dir: Path

    @property
    def name(self) -> str:
        return f"{self.topic}/{self.reference.name}"

    @property
    def label(self) -> str:
        """The topic folder, and the reference's name when the folder has several."""
        several = len(list((self.topic_dir / "timelines").glob("*.txt"))) > 1
        return self.name if several else self.topic


def read_reference(path: Path) -> Reference:
    """A tilse-format timeline file; entries whose date line does not parse are skipped."""
    dates: dict[date, list[str]] = {}
    current: date | None = None
    skipping = False
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.strip()
        if line == SEPARATOR:
            current, skipping = None, False
        elif current is None and not skipping and line:
            try:
                current = date.fromisoformat(line)
                dates.setdefault(current, [])
            except ValueError:
                log.warning("%s: skipping entry with date line %r", path, line)
                skipping = True
        elif current is not None and line:
            dates[current].append(line)
    return Reference(path.stem, {d: tuple(s) for d, s in dates.items() if s})


def topic_tasks(topic_dir: Path) -> list[Task]:
    """One task per reference timeline of a topic folder."""
    topic_dir = Path(topic_dir)
    return [Task(topic_dir.name, read_reference(p), topic_dir)
            for p in sorted((topic_dir / "timelines").glob("*.txt"))]


def all_tasks(root: Path, topics: Sequence[str] | None = None) -> list[Task]:
    """Tasks of every topic folder under ``root`` (or of the named ones)."""
    dirs = sorted(p for p in Path(root).iterdir() if (p / "timelines").is_dir())
    if topics:
        dirs = [d for d in dirs if d.name in topics]
    return [t for d in dirs for t in topic_tasks(d)]


def iter_articles(task: Task) -> Iterator[dict]:
    """JSONL records (id, published, text, source) of the task's input articles."""
    for path in sorted((task.topic_dir / "InputDocs").glob("*/*")):
        try:
            published = date.fromisoformat(path.parent.name)
        except ValueError:
            continue
        if not task.reference.start <= published <= task.reference.end:
            continue
        text = path.read_text(encoding="utf-8", errors="replace").strip()
        if text:
            yield {"id": f"{task.topic}/{path.parent.name}/{path.name}", "published": published.isoformat(),
                   "text": text, "source": task.topic.rsplit("_", 1)[-1]}


def write_jsonl(task: Task, out: Path) -> int:
    """Write the task's input as JSON Lines; returns the number of records."""
    n = 0
    with Path(out).open("w", encoding="utf-8") as f:
        for record in iter_articles(task):
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n


# -- scoring ---------------------------------------------------------------------

@dataclass
class TaskScore:
    """Precision/recall/F of each metric for one task, and the CPU seconds of its timeline build."""

    task: str
    prf: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    seconds: float = 0.0


def _tilse_timeline(dates: dict[date, Sequence[str]]):
    from tilse.data.timelines import Timeline as TilseTimeline

    return TilseTimeline({d: list(s) for d, s in dates.items() if s})


def predicted_dates(timeline: Timeline) -> dict[date, list[str]]:
    """Day entries of a dateline timeline as date -> sentences (other precisions cannot score)."""
    out: dict[date, list[str]] = {}
    for e in timeline.entries:
        if len(e.date) == 10:
            out.setdefault(date.fromisoformat(e.date), []).extend(line.text for line in e.summary)
    return out


def json_dates(data: dict) -> dict[date, list[str]]:
    """Day entries of a timeline as ``dateline timeline --format json`` prints it, as date -> sentences."""
    out: dict[date, list[str]] = {}
    for e in data.get("entries", []):
        if len(e.get("date", "")) == 10:
            out.setdefault(date.fromisoformat(e["date"]), []).extend(e.get("summary", []))
    return out


def date_prf(pred: Sequence[date], ref: Sequence[date]) -> tuple[float, float, float]:
    """Date precision, recall and F1 (news-tls ``evaluate_dates``)."""
    shared = len(set(pred) & set(ref))
    p = shared / len(set(pred)) if pred else 0.0
    r = shared / len(set(ref)) if ref else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_task(pred: dict[date, list[str]], reference: Reference, evaluator=None) -> dict[str, tuple[float, float, float]]:
    """AR-1/2 (many-to-one alignment), concat ROUGE-1/2 and date P/R/F of one prediction."""
    from tilse.data.timelines import GroundTruth

    evaluator = evaluator or rouge_evaluator()
    gt = GroundTruth([_tilse_timeline(reference.dates)])
    out = {"date": date_prf(list(pred), list(reference.dates))}
    if not pred:
        return out | {m: (0.0, 0.0, 0.0) for m in ("ar1", "ar2", "concat1", "concat2")}
    tl = _tilse_timeline(pred)
    ar = evaluator.evaluate_align_date_content_costs_many_to_one(tl, gt)
    concat = evaluator.evaluate_concat(tl, gt)
    for name, res, measure in (("ar1", ar, "rouge_1"), ("ar2", ar, "rouge_2"),
                               ("concat1", concat, "rouge_1"), ("concat2", concat, "rouge_2")):
        r = res[measure]
        out[name] = (r["precision"], r["recall"], r["f_score"])
    return out


def rouge_evaluator(*, fast: bool = False):
    """tilse's evaluator with the original ROUGE-1.5.5 (stemmed, stop words removed), as news-tls uses it.

    ``fast`` takes tilse's Python reimplementation instead (30x faster, within about .005 of
    the original): only for tuning, never for a reported figure.
    """
    from tilse.evaluation.rouge import TimelineRougeEvaluator

    return TimelineRougeEvaluator(measures={"rouge_1", "rouge_2"}, rouge_computation="reimpl" if fast else "original")


def average(scores: Sequence[TaskScore]) -> dict[str, tuple[float, float, float]]:
    """Precision and recall averaged over tasks, F from the averages (news-tls ``get_average_results``)."""
    out = {}
    for m in METRICS:
        p = sum(s.prf[m][0] for s in scores) / len(scores)
        r = sum(s.prf[m][1] for s in scores) / len(scores)
        out[m] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    return out


# -- running -----------------------------------------------------------------------

def task_request(task: Task):
    """The timeline request of a task: l days, k sentences, the reference's range.

    It is exactly what ``dateline timeline --max-dates L --per-date K --since A
    --until B`` asks, with the same defaults, so the command line reproduces the
    score; the background months such a timeline also shows cannot match a
    reference day and are not scored.
    """
    from ..request import DateBound, TimelineRequest

    ref = task.reference
    return TimelineRequest(since=DateBound.of(ref.start), until=DateBound.of(ref.end), max_dates=ref.l,
                           per_date=ref.k)


def ingest_task(task: Task, workdir: Path, settings) -> Path:
    """Ingest the task's input with the stages ``dateline run`` runs into a store of its own; returns its path.

    A store is reused when its marker file names the same stages (``settings.stages``, default: all).
    """
    from ..pipeline import ingest, stage_names
    from ..store import Store

    workdir.mkdir(parents=True, exist_ok=True)
    stem = task.name.replace("/", "__")
    db, jsonl = workdir / f"{stem}.db", workdir / f"{stem}.jsonl"
    done = workdir / f"{stem}.done"
    stages = "stages: " + ",".join(stage_names(settings))
    if done.exists() and db.exists() and done.read_text().splitlines()[:1] == [stages]:
        return db
    write_jsonl(task, jsonl)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    with Store(db) as store:
        report = ingest([jsonl], store, replace(settings, db_path=db))
    log.info("%s: %s", task.name, report.summary())
    done.write_text(f"{stages}\n{report.summary()}\n")
    return db


def run_task(task: Task, workdir: Path, settings, evaluator=None, roles=None) -> TaskScore:
    """Ingest (once) and build the task's timeline as ``dateline timeline`` does, timing the build alone; score it.

    ``roles(settings, clusters)`` swaps the method (a baseline of :mod:`dateline.timeline.baselines`).
    """
    from ..store import Store
    from ..timeline import build_timeline
    from ..timeline.build import default_roles

    db = ingest_task(task, workdir, settings)
    with Store(db) as store:
        # CPU time of the build: on a shared machine wall time measures the neighbours
        started = time.process_time()
        timeline = build_timeline(store, replace(settings, db_path=db), task_request(task),
                                  roles=roles or default_roles)
        seconds = time.process_time() - started
    return TaskScore(task.label, score_task(predicted_dates(timeline), task.reference, evaluator), seconds)


def evaluate(root: Path, workdir: Path, settings, *, topics: Sequence[str] | None = None,
             roles=None) -> list[TaskScore]:
    """Score every task of the benchmark (or of the named topics) with one model, without cross-validation."""
    evaluator = rouge_evaluator()
    scores = []
    for task in all_tasks(root, topics):
        score = run_task(task, workdir, settings, evaluator, roles)
        log.info("%s: AR-1 %.3f AR-2 %.3f date F1 %.3f (%.2f s)", task.name, score.prf["ar1"][2],
                 score.prf["ar2"][2], score.prf["date"][2], score.seconds)
        scores.append(score)
    return scores


def report_rows(scores: Sequence[TaskScore]) -> list[dict]:
    """One row per task and a final "average" row: F of each metric and the build seconds."""
    rows = [{"task": s.task, **{m: round(s.prf[m][2], 4) for m in METRICS}, "seconds": round(s.seconds, 2)}
            for s in scores]
    if scores:
        avg = average(scores)
        rows.append({"task": "average", **{m: round(avg[m][2], 4) for m in METRICS},
                     "seconds": round(sum(s.seconds for s in scores) / len(scores), 2)})
    return rows


def data_checksum(root: Path, topics: Sequence[str] | None = None) -> str:
    """Checksum of the reference timeline files the scores were measured on."""
    from .gate import checksum

    return checksum(p for t in all_tasks(root, topics) for p in (t.topic_dir / "timelines").glob("*.txt"))
