"""The declared stages, checked when built, and the batch runner that isolates failures.

A per-article stage is a small object with ``name``, ``requires``, ``uses``
and ``assigns`` (layer names: what it needs, what it reads when present, what
it writes) and ``__call__(doc) -> doc`` returning a new :class:`Document`; it
may also ``pipe`` a batch. With the ``check_reads`` setting the runner holds it
to its declarations (:mod:`.contracts`). A corpus stage has ``name``,
``reads``, ``writes`` and ``run(view, ids)``; it sees the store only through a
:class:`~dateline.store.view.CorpusView` that holds it to its declarations.

One bad article never sinks the batch: a stage that raises on one article is
recorded as a :class:`StageFailure` of that article, later stages that need
its layer are skipped for that article only, and the article is stored with
the layers that succeeded. A corpus stage that raises leaves the store as it
was (its work is one transaction) and its articles pending for the next run.
With ``Settings.stage_errors == "raise"`` failures raise instead (tests).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from ..corpus.claim_groups import ClaimGroupingStage
from ..corpus.cluster_stage import ClusterStage
from ..corpus.date_inference_stage import DatingStage
from ..corpus.debris import DebrisStage
from ..corpus.entity_stage import EntityLinkingStage
from ..errors import PipelineError
from ..extract.attach import AttachmentStage
from ..extract.claims import ClaimStage
from ..extract.entities import MentionStage
from ..extract.events import EventStage
from ..extract.links import LinkStage
from ..extract.parse import ParseStage
from ..extract.quotes import QuoteStage
from ..extract.sentences import SentenceStage
from ..extract.temporal import TemporalStage
from ..extract.vectors import VectorStage  # numpy only: the encoder (torch) loads when the stage is built
from ..model import Document, StageFailure
from ..settings import Settings
from ..store.codec import LAYERS, SINGLE_LAYERS
from ..store.view import CorpusView
from .contracts import guarded, released

log = logging.getLogger(__name__)


class Stage(Protocol):
    """A per-article stage.

    A stage may also define ``pipe(docs) -> Iterator[Document]``, yielding one
    output per input in input order (spaCy's ``nlp.pipe`` batches that way); the
    runner then hands it a batch at a time, and re-runs a failing batch one
    document at a time through ``__call__`` so that one bad article is isolated.
    ``requires`` must all be there (else the stage is skipped for that article);
    ``uses`` are read when present (a stage without any may leave it out).
    Together they are every layer the stage reads.
    """

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, doc: Document) -> Document: ...


class CorpusStage(Protocol):
    """A stage over many articles; ``run`` processes the articles ``ids`` it has not seen yet."""

    name: str
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    # Raised when what the stage writes for the same input changes (new rules, a new field in its records):
    # a store written by an older version has the stage, and the later ones that read it, redone over all its articles.
    # A class without it is version 1.
    version: int

    def run(self, view: CorpusView, ids: Sequence[str]) -> None: ...


# Per-article stages in order: (name, class). A class takes the Settings and is
# the stage; its class attributes declare what it reads and writes, so they are
# read without building it (models load only then). A new stage is added here,
# and only here.
STAGES: list[tuple[str, type[Stage]]] = [
    ("sentences", SentenceStage),
    ("timexes", TemporalStage),
    ("parse", ParseStage),
    ("attachments", AttachmentStage),
    ("mentions", MentionStage),
    ("quotes", QuoteStage),
    ("events", EventStage),
    ("claims", ClaimStage),
    ("links", LinkStage),
    ("vectors", VectorStage),
]
# Stages that run only when asked for (by name, or by their setting): the
# vectors stage needs the optional vectors extra (torch), which the default
# install leaves out.
OPTIONAL_STAGES: dict[str, str] = {"vectors": "sentence_vectors"}

# Corpus stages in order, each run over the articles it has not processed yet.
CORPUS_STAGES: list[tuple[str, type[CorpusStage]]] = [
    ("debris", DebrisStage),
    ("dating", DatingStage),
    ("entities", EntityLinkingStage),
    ("clusters", ClusterStage),
    ("claim-groups", ClaimGroupingStage),  # after clusters: figures are set against each other within a story
]

# Layers that stages pass on but the store never keeps (the parse): what the stages
# assign that the store's codec has no column for.
TRANSIENT_LAYERS = frozenset(a for _, cls in STAGES for a in cls.assigns) - LAYERS.keys() - SINGLE_LAYERS.keys()


def default_stages(settings: Settings) -> tuple[str, ...]:
    """The stages a run without ``--stages`` runs: every declared one but the optional stages not switched on."""
    return tuple(n for n, _ in STAGES if n not in OPTIONAL_STAGES or getattr(settings, OPTIONAL_STAGES[n]))


def stage_names(settings: Settings, names: Sequence[str] | None = None) -> tuple[str, ...]:
    """The stages a run asks for (``names``, else ``settings.stages``, else the defaults), in declared order.

    An optional stage whose setting is on joins any list. The store records these
    names per article, so they must not depend on how a user ordered them.
    """
    wanted = set(names or settings.stages or default_stages(settings))
    wanted |= {n for n, flag in OPTIONAL_STAGES.items() if getattr(settings, flag)}
    unknown = wanted - {n for n, _ in STAGES}
    if unknown:
        known = ", ".join(n for n, _ in STAGES)
        raise PipelineError(f"unknown stage(s): {', '.join(sorted(unknown))} (the stages are: {known})")
    return tuple(n for n, _ in STAGES if n in wanted)


def check_order(stages: Sequence[Stage], have: Iterable[str] = ()) -> None:
    """Raise PipelineError if a stage requires a layer no earlier stage assigns, or uses one a later stage does."""
    available = set(have)
    for i, stage in enumerate(stages):
        missing = [r for r in stage.requires if r not in available]
        if missing:
            raise PipelineError(
                f"stage {stage.name!r} requires {', '.join(missing)}, which no earlier "
                f"stage assigns; order the stages so that it comes after them"
            )
        later = {a: s.name for s in stages[i + 1:] for a in s.assigns}
        early = [u for u in getattr(stage, "uses", ()) if u in later and u not in available]
        if early:
            raise PipelineError(f"stage {stage.name!r} uses {', '.join(early)}, which the later stage "
                                f"{later[early[0]]!r} assigns; order the stages so that it comes after it")
        available.update(stage.assigns)


@dataclass
class Pipeline:
    """The per-article stages of a run, applied with failures isolated per article and stage."""

    stages: tuple[Stage, ...]
    raise_errors: bool = False
    check_reads: bool = False  # hold each stage to what it declares it reads and writes (.contracts)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.stages)

    def __call__(self, doc: Document) -> Document:
        return self.run_batch([doc])[0]

    def run_batch(self, docs: Sequence[Document], only: Sequence[Sequence[str]] | None = None) -> list[Document]:
        """Run the stages over a batch, stage by stage; ``only[i]`` limits the stages run on ``docs[i]``."""
        docs = list(docs)
        for stage in self.stages:
            todo = [i for i in range(len(docs)) if only is None or stage.name in only[i]]
            ready = []
            for i in todo:
                missing = [r for r in stage.requires if r not in docs[i].layers]
                if missing:
                    skip = StageFailure(stage.name, "skipped", f"needs {', '.join(missing)}, which did not run")
                    docs[i] = replace(docs[i], failures=docs[i].failures + (skip,))
                else:
                    ready.append(i)
            for i, out in zip(ready, self._apply(stage, [docs[i] for i in ready])):
                docs[i] = out
        # the parse is transient and heavy; never let it leave the pipeline
        return [replace(d, parse=None, layers=d.layers - TRANSIENT_LAYERS) for d in docs]

    def _apply(self, stage: Stage, docs: list[Document]) -> list[Document]:
        if not docs:
            return []
        pipe = getattr(stage, "pipe", None)
        if pipe is not None and len(docs) > 1:
            try:
                seen = [guarded(stage, d) for d in docs] if self.check_reads else docs
                out = list(pipe(seen))
                if len(out) == len(docs):
                    return [released(stage, d, o) for d, o in zip(docs, out)] if self.check_reads else out
                raise PipelineError(f"stage {stage.name!r} returned {len(out)} documents for {len(docs)}")
            except Exception as exc:  # isolate: one document at a time finds the bad one
                if self.raise_errors:
                    raise
                log.info("stage %s failed on a batch (%s); retrying one article at a time", stage.name, exc)
        return [self._one(stage, d) for d in docs]

    def _one(self, stage: Stage, doc: Document) -> Document:
        try:
            if self.check_reads:
                return released(stage, doc, stage(guarded(stage, doc)))
            return stage(doc)
        except Exception as exc:
            if self.raise_errors:
                raise
            message = " ".join(str(exc).split())[:300] or "(no message)"
            # one line for the user comes from the run's report; the traceback is for -v and for tests
            log.info("stage %s failed on article %s (%s): %s: %s", stage.name, doc.article.id, doc.article.origin,
                     type(exc).__name__, message, exc_info=True, extra={"stage_failure": True})
            failure = StageFailure(stage.name, type(exc).__name__, message)
            return replace(doc, failures=doc.failures + (failure,))


_STAGE_CACHE: dict[tuple[str, Settings], Stage] = {}


def _stage(name: str, settings: Settings) -> Stage:
    """The stage object of ``name`` (built once per process and settings: models load once)."""
    key = (name, settings)
    if key not in _STAGE_CACHE:
        _STAGE_CACHE[key] = dict(STAGES)[name](settings)  # type: ignore[call-arg]
    return _STAGE_CACHE[key]


def build_pipeline(settings: Settings, names: Sequence[str] | None = None) -> Pipeline:
    """Build the declared stages (or the named subset, in declared order) and check them."""
    stages = [_stage(n, settings) for n in stage_names(settings, names)]
    check_order(stages)
    return Pipeline(tuple(stages), raise_errors=settings.stage_errors == "raise", check_reads=settings.check_reads)


def completion_plan(stored: Iterable[str], want: Sequence[str], redo: Iterable[str] = ()) -> tuple[str, ...]:
    """Stages to run on a stored article to bring it to ``want``: the missing ones and ``redo``,
    the later ones that read what they change, and the transient ones (the parse) any of them needs.

    A transient layer computed again from unchanged inputs is the same as
    before, so the stages reading it run again only when it reads something
    that changed (the parse does when the sentences are redone).

    >>> completion_plan(["sentences", "timexes", "mentions", "links"], ["sentences", "timexes", "parse",
    ...                 "mentions", "quotes", "links"], redo=["quotes"])
    ('parse', 'quotes', 'links')
    >>> completion_plan(["sentences", "timexes", "parse", "mentions", "quotes", "events", "links"], ["sentences",
    ...                 "timexes", "parse", "mentions", "quotes", "events", "links"], redo=["timexes"])
    ('timexes', 'parse', 'events', 'links')
    """
    meta = {n: stage_meta(n) for n in want}
    transient = {n for n in want if set(meta[n][2]) & TRANSIENT_LAYERS}
    need = ({n for n in want if n not in set(stored)} | (set(redo) & set(want))) - transient
    changed = {a for n in need for a in meta[n][2]}  # layers whose content may differ after the run
    grew = True
    while grew:
        grew = False
        for n in want:
            requires, uses, assigns = meta[n]
            if n not in need and changed & {*requires, *uses}:
                need.add(n)
                changed |= set(assigns)
                grew = True
            elif n not in need and any(set(assigns) & set(meta[m][0]) for m in need if n in transient):
                need.add(n)  # computed again only to feed a stage that runs: nothing it assigns changes
                grew = True
    return tuple(n for n in want if n in need)


def stage_meta(name: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(requires, uses, assigns) of a declared stage, read from its class without building it."""
    cls = dict(STAGES)[name]
    return tuple(cls.requires), tuple(getattr(cls, "uses", ())), tuple(cls.assigns)


def build_corpus_stages(settings: Settings) -> list[CorpusStage]:
    """The declared corpus stages, checked: none reads what a later one writes."""
    stages = [cls(settings) for _, cls in CORPUS_STAGES]  # type: ignore[call-arg]
    for i, stage in enumerate(stages):
        for later in stages[i + 1:]:
            stale = set(stage.reads) & set(later.writes) - {"progress"}
            if stale:
                raise PipelineError(f"corpus stage {stage.name!r} reads {', '.join(sorted(stale))}, which the "
                                    f"later stage {later.name!r} writes; order them so it comes after")
    return stages


def iter_batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def stage_table() -> str:
    """The Markdown table of the per-article stages and what each reads and writes (docs/extraction.md)."""
    lines = ["| stage | class | requires | uses | assigns |", "|---|---|---|---|---|"]
    for name, cls in STAGES:
        requires, uses, assigns = stage_meta(name)
        cells = [", ".join(x) or "-" for x in (requires, uses, assigns)]
        transient = " (transient)" if set(assigns) & TRANSIENT_LAYERS else ""
        lines.append(f"| `{name}` | `{cls.__module__}:{cls.__name__}` | {cells[0]} | {cells[1]} | "
                     f"{cells[2]}{transient} |")
    return "\n".join(lines) + "\n"

