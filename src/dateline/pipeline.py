"""The ordered per-article stages, declared in one place and checked when built.

A stage is a small object with ``name``, ``requires`` and ``assigns`` (layer
names) and ``__call__(doc) -> doc`` returning a new :class:`Document`. A stage
with state (a model, compiled rules) builds it once in ``__init__``.

Corpus-level stages (entity identity, dating undated articles, clustering)
work on the store after the per-article stages; they are listed in
``CORPUS_STAGES`` and run by :func:`run_corpus_stages`.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from .errors import InputError, PipelineError
from .ingest import RawDoc, read_inputs, to_article
from .model import Article, Document, content_id
from .settings import Settings
from .store import Store

log = logging.getLogger(__name__)


class Stage(Protocol):
    """A per-article stage.

    A stage may also define ``pipe(docs) -> Iterator[Document]``, yielding one
    output per input in input order (spaCy's ``nlp.pipe`` batches that way); the
    runner then hands it a batch at a time, and re-runs a failing batch one
    document at a time through ``__call__`` so that one bad article is isolated.
    """

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, doc: Document) -> Document: ...


class CorpusStage(Protocol):
    name: str

    def run(self, store: Any, new_ids: Sequence[str], settings: Settings) -> None: ...


# Per-article stages in order: (name, "module:factory"). A factory takes the
# Settings and returns a Stage. Later issues add their stage here, and only here.
STAGES: list[tuple[str, str]] = [
    ("sentences", "dateline.extract.sentences:SentenceStage"),
    ("timexes", "dateline.extract.temporal:TemporalStage"),
    ("parse", "dateline.extract.parse:ParseStage"),
    ("mentions", "dateline.extract.entities:MentionStage"),
    ("quotes", "dateline.extract.quotes:QuoteStage"),
    ("events", "dateline.extract.events:EventStage"),
    ("claims", "dateline.extract.claims:ClaimStage"),
]

# Corpus-level stages in order, run after every ingest over the new articles.
CORPUS_STAGES: list[tuple[str, str]] = [
    ("dating", "dateline.corpus.dating:DatingStage"),
    ("event-times", "dateline.corpus.event_times:EventTimesStage"),
    ("entities", "dateline.corpus.entities:EntityLinkingStage"),
    ("claims", "dateline.corpus.claim_groups:ClaimGroupingStage"),
    ("clusters", "dateline.corpus.clusters:ClusterStage"),
]


def _load(spec: str) -> Callable[..., Any]:
    module, _, attr = spec.partition(":")
    return getattr(importlib.import_module(module), attr)


@dataclass(frozen=True)
class Pipeline:
    stages: tuple[Stage, ...]

    def __call__(self, doc: Document) -> Document:
        for stage in self.stages:
            doc = stage(doc)
        # the parse is transient and heavy; never let it leave the pipeline
        return replace(doc, parse=None)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.stages)


def check_order(stages: Sequence[Stage]) -> None:
    """Raise PipelineError if a stage requires a layer no earlier stage assigns."""
    have: set[str] = set()
    for stage in stages:
        missing = [r for r in stage.requires if r not in have]
        if missing:
            raise PipelineError(
                f"stage {stage.name!r} requires {', '.join(missing)}, which no earlier "
                f"stage assigns; order the stages so that it comes after them"
            )
        have.update(stage.assigns)


def stage_names(settings: Settings, names: Sequence[str] | None = None) -> tuple[str, ...]:
    """The stages a run asks for (``names``, else ``settings.stages``, else all), in declared order.

    The store records these names per article, so they must not depend on how a user ordered them.
    """
    wanted = set(names or settings.stages or [n for n, _ in STAGES])
    unknown = wanted - {n for n, _ in STAGES}
    if unknown:
        raise PipelineError(f"unknown stage(s): {', '.join(sorted(unknown))}")
    return tuple(n for n, _ in STAGES if n in wanted)


def build_pipeline(settings: Settings, names: Sequence[str] | None = None) -> Pipeline:
    """Build the declared stages (or the named subset, in declared order) and check them."""
    wanted = stage_names(settings, names)
    stages = [_load(spec)(settings) for n, spec in STAGES if n in wanted]
    check_order(stages)
    return Pipeline(tuple(stages))


def build_corpus_stages(settings: Settings) -> list[CorpusStage]:
    return [_load(spec)(settings) for _, spec in CORPUS_STAGES]


# -- running over many documents ------------------------------------------------

_WORKER_PIPELINE: Pipeline | None = None


def _init_worker(settings: Settings, names: Sequence[str] | None) -> None:
    global _WORKER_PIPELINE
    _WORKER_PIPELINE = build_pipeline(settings, names)


def _work(doc: Document) -> Document:
    assert _WORKER_PIPELINE is not None
    return _WORKER_PIPELINE(doc)


def run_pipeline(
    docs: Iterable[Document],
    settings: Settings,
    *,
    names: Sequence[str] | None = None,
    pipeline: Pipeline | None = None,
) -> Iterator[Document]:
    """Run the per-article stages over ``docs``, in ``settings.jobs`` processes.

    Results come back in input order. With one job the pipeline runs in this
    process (and ``pipeline`` may be passed to reuse loaded models).
    """
    if settings.jobs <= 1:
        pipe = pipeline or build_pipeline(settings, names)
        for doc in docs:
            yield pipe(doc)
        return
    # Each worker loads its models once; chunks amortise the pickling cost.
    with ProcessPoolExecutor(
        max_workers=settings.jobs, initializer=_init_worker, initargs=(settings, names)
    ) as pool:
        yield from pool.map(_work, docs, chunksize=max(1, settings.batch_size // settings.jobs))


def run_corpus_stages(store: Any, new_ids: Sequence[str], settings: Settings) -> list[str]:
    """Run the corpus-level stages over the store; returns the names that ran."""
    ran = []
    for stage in build_corpus_stages(settings):
        log.info("corpus stage %s on %d new articles", stage.name, len(new_ids))
        stage.run(store, new_ids, settings)
        ran.append(stage.name)
    return ran


# -- the run: read -> dedup -> per-article stages -> store -> corpus stages ----------------

Progress = Callable[[str, int, int], None]  # (phase, done, total)


@dataclass
class IngestReport:
    """What an ingest did; ``exit_code`` follows the CLI contract (0 / 3 partial / 1 nothing)."""

    ingested: int = 0
    duplicates: int = 0  # exact duplicates of stored or earlier items
    near_duplicates: int = 0  # stored, linked to their original, not processed
    completed: int = 0  # stored earlier, processed now (resumed or new stages)
    rejected: list[InputError] = field(default_factory=list)
    new_ids: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        ok = self.ingested + self.duplicates + self.near_duplicates + self.completed
        if not ok:
            return 1  # nothing usable: every item rejected, or no input at all
        return 3 if self.rejected else 0

    def summary(self) -> str:
        dups = self.duplicates + self.near_duplicates
        text = f"{self.ingested} ingested, {dups} duplicates, {len(self.rejected)} rejected"
        if self.near_duplicates:
            text += f" ({self.near_duplicates} near-duplicates linked to their originals)"
        if self.completed:
            text += f"; {self.completed} stored articles completed"
        return text


def ingest(
    paths: Sequence[str | Path],
    store: Store,
    settings: Settings,
    *,
    progress: Progress | None = None,
    pipeline: Pipeline | None = None,
    corpus_stages: bool = True,
) -> IngestReport:
    """Ingest ``paths`` into ``store``: read, dedup, run the stages, store, update the corpus."""
    raws, errors = read_inputs(paths, settings)
    report = IngestReport(rejected=errors)
    originals, near = _dedup(raws, store, settings, report)
    pipe = pipeline or (build_pipeline(settings) if settings.jobs <= 1 else None)
    names = pipe.names if pipe else stage_names(settings)
    new = {a.id for a, _ in originals}
    pending = [d for d in store.pending(names) if d not in new]
    _process_new(originals, store, settings, pipe, names, report, progress)
    _complete_pending(pending, store, settings, pipe, names, report, progress)
    with store.transaction():
        for article, sig in near:
            store.add_article(article, signature=None)
    if corpus_stages and (report.new_ids or report.completed):
        if progress:
            progress("corpus", 0, 1)
        run_corpus_stages(store, report.new_ids, settings)
        if progress:
            progress("corpus", 1, 1)
    return report


def _dedup(raws: list[RawDoc], store: Store, settings: Settings, report: IngestReport):
    """Split inputs into new originals and near-duplicates; count exact duplicates."""
    from .ingest.dedup import NearDuplicateIndex

    index = NearDuplicateIndex(settings)
    for article_id, signature in store.signatures():
        index.add(article_id, signature)
    seen: set[str] = set()
    originals: list[tuple[Article, bytes]] = []
    near: list[tuple[Article, bytes]] = []
    for raw in raws:
        article_id = content_id(raw.text)
        if article_id in seen or store.has_article(article_id):
            report.duplicates += 1
            log.info("%s: exact duplicate of %s", raw.origin, article_id)
            continue
        seen.add(article_id)
        signature = index.signature(raw.text)
        original = index.query(signature)
        if original is not None:
            report.near_duplicates += 1
            log.info("%s: near-duplicate of %s", raw.origin, original)
            near.append((to_article(raw, duplicate_of=original), signature))
            continue
        index.add(article_id, signature)
        originals.append((to_article(raw), signature))
    return originals, near


def _batches(items: Iterable, size: int):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _process_new(originals, store, settings, pipe, names, report, progress) -> None:
    total = len(originals)
    sigs = {a.id: s for a, s in originals}
    docs = run_pipeline((Document(article=a) for a, _ in originals), settings, pipeline=pipe)
    done = 0
    for batch in _batches(docs, settings.batch_size):
        with store.transaction():
            for doc in batch:
                if store.add_article(doc.article, doc=doc, signature=sigs[doc.article.id], stages=names):
                    report.ingested += 1
                    report.new_ids.append(doc.article.id)
        done += len(batch)
        if progress:
            progress("articles", done, total)


def _complete_pending(pending, store, settings, pipe, names, report, progress) -> None:
    """Re-run the stages on stored originals that a killed run or a new stage left behind."""
    if not pending:
        return
    total = len(pending)
    docs = run_pipeline((store.load_document(i) for i in pending), settings, pipeline=pipe)
    done = 0
    for batch in _batches(docs, settings.batch_size):
        with store.transaction():
            for doc in batch:
                store.save_document(doc, stages=names)
                report.completed += 1
                report.new_ids.append(doc.article.id)
        done += len(batch)
        if progress:
            progress("completing", done, total)
