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
from dataclasses import dataclass, replace
from typing import Any, Protocol

from .errors import PipelineError
from .model import Document
from .settings import Settings

log = logging.getLogger(__name__)


class Stage(Protocol):
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
    ("sentences", "dateline.sentences:SentenceStage"),
    ("timexes", "dateline.temporal:TemporalStage"),
    ("parse", "dateline.nlp:ParseStage"),
    ("mentions", "dateline.entities:MentionStage"),
    ("quotes", "dateline.quotes:QuoteStage"),
    ("events", "dateline.events:EventStage"),
    ("claims", "dateline.claims:ClaimStage"),
]

# Corpus-level stages in order, run after every ingest over the new articles.
CORPUS_STAGES: list[tuple[str, str]] = [
    ("dating", "dateline.temporal.dating:DatingStage"),
    ("event-times", "dateline.events:EventTimesStage"),
    ("entities", "dateline.entities:EntityLinkingStage"),
    ("claims", "dateline.claims:ClaimGroupingStage"),
    ("clusters", "dateline.cluster:ClusterStage"),
]


def _load(spec: str) -> Callable[..., Any]:
    module, _, attr = spec.partition(":")
    return getattr(importlib.import_module(module), attr)


def add_layers(doc: Document, names: Iterable[str], **values: Any) -> Document:
    """A copy of ``doc`` with new annotation values and their layer names recorded."""
    return replace(doc, layers=doc.layers | frozenset(names), **values)


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
