"""Training the timeline model and scoring it by leave-one-story-out cross-validation on Timeline17.

Tasks are grouped by story: the folder name before its outlet, so the five
``bpoil_*`` timelines or the three ``H1N1_*`` ones never sit on both sides of a
split. For each story, the model is trained on the other stories, written to a
file, and the held-out story's timelines are built with it by the command-line
path (``build_timeline`` on the task's store, ``settings.timeline_model`` set
to that file) and scored with the original ROUGE. The average over those
held-out scores is the development figure; the shipped model is trained the
same way on every development story (``dateline eval tls --train``).

Training has two steps, both on the training stories only:

1. the date ranker: linear weights of the day's features that maximise the
   date F1 of the training timelines, by coordinate ascent from the
   mention-count prior (:func:`dateline.timeline.learned.fit_ranker`);
2. the summariser's values (:class:`~dateline.timeline.learned.SummaryParams`):
   coordinate search over :data:`GRID`, one value at a time in its order,
   keeping a change only when it raises AR-1 + AR-2 averaged over the training
   timelines, scored with tilse's fast ROUGE reimplementation.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from ..corpus import output
from ..model import Document
from ..timeline.build import Roles, timeline_from_documents
from ..timeline.candidates import collect_candidates, debris_as_evidence
from ..timeline.day_ranking import LearnedRanker, Ranking
from ..timeline.features import DayEvidence, date_table
from ..timeline.learned import RankerExample, SummaryParams, TimelineModel, fit_ranker
from ..timeline.summarise import Summariser
from . import tls

log = logging.getLogger(__name__)

# Values tried for each summariser setting, around the hand-set ones of earlier versions.
# Each value costs one build of every training timeline, so the grid is small:
# ``length_exponent`` (0.5) and ``same_content`` (0.5) keep their defaults, and
# ``support_weight`` stays 0 while the clusters corpus stage fails on most T17 stores.
GRID: dict[str, tuple[float, ...]] = {
    "topic_exponent": (0.25, 0.5, 0.75),
    "mention_boost": (0.25, 0.5, 1.0),
    "length_ref": (25.0, 35.0, 50.0),
    "redundancy": (0.5, 0.7, 0.85),
    "future_weight": (0.25, 1.0),
    "event_boost": (0.0, 0.25, 0.5),
    "quote_penalty": (0.0, 0.25, 0.5),
    "spread": (0.0, 0.25, 0.5),
}
# While tuning, a training timeline is built with at most this many days: the
# longest references (155 days) would otherwise dominate the cost, and the
# summariser's values are judged as well on their best-ranked days.
TUNE_DATES = 20

Progress = Callable[[str], None]


def story(task: tls.Task) -> str:
    """The story of a task: its folder name without the outlet ("bpoil_bbc" -> "bpoil")."""
    return task.topic.rsplit("_", 1)[0]


@dataclass
class Loaded:
    """A task's store, documents and event clusters, loaded once for training."""

    task: tls.Task
    db: Path
    docs: list[Document]
    clusters: dict
    candidates: list = field(default_factory=list)

    @property
    def request(self):
        return tls.task_request(self.task)


def load_task(task: tls.Task, workdir: Path, settings) -> Loaded:
    """Ingest the task once (see :func:`tls.ingest_task`) and load what training needs."""
    from ..store import Store
    from ..timeline.build import event_clusters, matching_documents

    db = tls.ingest_task(task, workdir, settings)
    with Store(db) as store:
        request = tls.task_request(task)
        docs = matching_documents(store, request)
        clusters = event_clusters(store, [d.article.id for d in docs])
        debris = output.debris_spans(store, [d.article.id for d in docs])
    # as build_timeline has them: a line in page debris is evidence for its day only
    candidates = debris_as_evidence(collect_candidates(docs, since=request.since, until=request.until), debris)
    return Loaded(task, db, docs, clusters, candidates)


def ranker_examples(items: Sequence[Loaded]) -> list[RankerExample]:
    """The candidate days of every item's timeline, labelled by its reference."""
    out = []
    for item in items:
        table = date_table(item.candidates, item.clusters)
        wanted = {d.isoformat() for d in item.task.reference.dates}
        labels = np.array([d in wanted for d in table.days], dtype=int)
        out.append(RankerExample(table.matrix, labels, item.task.reference.l))
    return out


class _Memo:
    """A ranker's ranking, kept: while tuning the summariser, the order of the days does not change."""

    def __init__(self, ranker: LearnedRanker, item: Loaded):
        self.ranking = ranker.ranking(DayEvidence(item.clusters).add(item.candidates))

    def spread(self, share: float) -> Ranking:
        """The ranking with the share of days spread over the story's months that is being tried."""
        return self.ranking.with_share(share)


def _objective(items: Sequence[Loaded], rankers: Sequence[_Memo], params: SummaryParams, settings,
               evaluator) -> float:
    """Mean AR-1 F + mean AR-2 F of the items' timelines built with ``params`` (fast ROUGE)."""
    total = 0.0
    for item, ranker in zip(items, rankers):
        roles = Roles(collect=lambda *a, _c=item.candidates, **k: _c, rank=ranker.spread(params.spread),
                      summarise=Summariser(clusters=item.clusters, params=params,
                                           vectors=settings.sentence_vectors))
        request = replace(item.request, max_dates=min(item.request.max_dates, TUNE_DATES))
        timeline = timeline_from_documents(item.docs, settings, request, roles=roles)
        prf = tls.score_task(tls.predicted_dates(timeline), item.task.reference, evaluator)
        total += prf["ar1"][2] + prf["ar2"][2]
    return total / len(items)


def tune_summary(items: Sequence[Loaded], model: TimelineModel, settings, progress: Progress | None = None) -> SummaryParams:
    """Coordinate search over :data:`GRID` on the items (see the module docstring)."""
    evaluator = tls.rouge_evaluator(fast=True)
    rankers = [_Memo(LearnedRanker(model, item.clusters), item) for item in items]
    best = model.summary
    best_score = _objective(items, rankers, best, settings, evaluator)
    for name, values in GRID.items():
        for value in values:
            if value == getattr(best, name):
                continue
            trial = replace(best, **{name: value})
            score = _objective(items, rankers, trial, settings, evaluator)
            if score > best_score + 1e-9:
                best, best_score = trial, score
        if progress:
            progress(f"tuned {name} = {getattr(best, name)} ({best_score:.4f})")
    return best


def train(items: Sequence[Loaded], settings, progress: Progress | None = None) -> TimelineModel:
    """The timeline model trained on the items: the date ranker, then the summariser's values."""
    model = TimelineModel(fit_ranker(ranker_examples(items)), SummaryParams(),
                          tuple(sorted(item.task.name for item in items)))
    return replace(model, summary=tune_summary(items, model, settings, progress))


@dataclass
class FoldScore:
    """A held-out task's score and the story it was held out with."""

    fold: str
    score: tls.TaskScore


def cross_validate(root: Path, workdir: Path, settings, *, topics: Sequence[str] | None = None,
                   progress: Progress | None = None) -> list[FoldScore]:
    """Leave-one-story-out scores of every task (see the module docstring)."""
    tasks = tls.all_tasks(root, topics)
    items = [load_task(t, workdir, settings) for t in tasks]
    stories = sorted({story(t) for t in tasks})
    if len(stories) < 2:
        raise ValueError("cross-validation needs tasks of at least two stories")
    evaluator = tls.rouge_evaluator()
    out = []
    for held in stories:
        model = train([i for i in items if story(i.task) != held], settings, progress)
        # named by the evaluated tasks too: two runs over different topics never share a fold's file
        digest = hashlib.sha256(" ".join(t.name for t in tasks).encode()).hexdigest()[:8]
        path = workdir / "models" / f"held-out-{held}-{digest}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(model.to_json(), encoding="utf-8")
        fold_settings = replace(settings, timeline_model=str(path))
        for task in (t for t in tasks if story(t) == held):
            score = tls.run_task(task, workdir, fold_settings, evaluator)
            if progress:
                progress(f"{task.name} (held out with {held}): AR-1 {score.prf['ar1'][2]:.3f} "
                         f"AR-2 {score.prf['ar2'][2]:.3f} date F1 {score.prf['date'][2]:.3f}")
            out.append(FoldScore(held, score))
    return out


def train_all(root: Path, workdir: Path, settings, *, topics: Sequence[str] | None = None,
              progress: Progress | None = None) -> TimelineModel:
    """The model trained on every task (the shipped one, when run on the development timelines)."""
    items = [load_task(t, workdir, settings) for t in tls.all_tasks(root, topics)]
    model = train(items, settings, progress)
    notes = {"data_checksum": tls.data_checksum(root, topics),
             "command": "dateline eval tls --train" + "".join(f" --topic {t}" for t in topics or ())}
    return replace(model, notes=notes)
