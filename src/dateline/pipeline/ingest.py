"""The ingest run: read -> dedup -> per-article stages -> store -> corpus stages, window by window.

Writes are made batch by batch, each batch (articles with all their layers and
failures) in one transaction, so a run killed half-way leaves a consistent
store. The next run skips what is stored and completes the rest: articles a
killed run or a newly declared stage left behind get the stages they lack, and
the corpus stages resume over every article they have not processed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import InputError
from ..ingest.base import RawDoc
from ..ingest.cleanup import remove_repeated_lines
from ..ingest.dedup import Decision, Deduplicator, NearDuplicateIndex, Verdict, split_inputs
from ..ingest.parquet import Analysed, read_export, split_exports
from ..ingest.readers import read_paths
from ..model import Article, Document, StageFailure
from ..settings import Settings
from ..store import Store
from .corpus import CorpusReport, run_corpus_stages
from .engines import Engine, make_engine
from .engines.local import Work
from .stages import (
    CORPUS_STAGES,
    STAGES,
    completion_plan,
    iter_batches,
    stage_meta,
    stage_names,
)

log = logging.getLogger(__name__)

# Articles read, deduplicated, analysed and stored before the next are read:
# about 30 MB of text at news lengths, and enough articles per source to tell
# boilerplate lines.
READ_WINDOW = 5_000

Progress = Callable[[str, int, int], None]  # (phase, done, total)


@dataclass(frozen=True)
class ArticleFailure:
    """A stage that failed on one article in this run."""

    article: str
    origin: str
    failure: StageFailure

    def __str__(self) -> str:
        f = self.failure
        return f"{self.origin or self.article}: stage {f.stage} failed ({f.error}: {f.message}); article {self.article}"


@dataclass
class IngestReport:
    """What an ingest did; ``exit_code`` follows the CLI contract (0 all good / 3 partial / 1 nothing)."""

    ingested: int = 0
    duplicates: int = 0  # exact duplicates of stored or earlier items
    near_duplicates: int = 0  # stored, linked to their original, not processed
    completed: int = 0  # stored earlier, processed now (resumed, new stages, retried failures)
    rejected: list[InputError] = field(default_factory=list)
    failures: list[ArticleFailure] = field(default_factory=list)
    corpus: CorpusReport = field(default_factory=CorpusReport)
    new_ids: list[str] = field(default_factory=list)

    @property
    def failed_articles(self) -> int:
        return len({f.article for f in self.failures})

    @property
    def exit_code(self) -> int:
        ok = self.ingested + self.duplicates + self.near_duplicates + self.completed
        if not ok:
            return 1  # nothing usable: every item rejected, or no input at all
        return 3 if self.rejected or self.failures or self.corpus.failed else 0

    def summary(self) -> str:
        dups = self.duplicates + self.near_duplicates
        text = (f"{self.ingested} ingested, {dups} duplicates, {len(self.rejected)} rejected, "
                f"{self.failed_articles} with stage failures")
        if self.near_duplicates:
            text += f" ({self.near_duplicates} near-duplicates linked to their originals)"
        if self.completed:
            text += f"; {self.completed} stored articles completed"
        if self.corpus.failed:
            text += f"; corpus stages failed: {', '.join(f.stage for f in self.corpus.failed)}"
        return text


def ingest(
    paths: Sequence[str | Path],
    store: Store,
    settings: Settings,
    *,
    progress: Progress | None = None,
    corpus_stages: bool = True,
    retry_failed: bool = False,
    engine: Engine | None = None,
) -> IngestReport:
    """Ingest ``paths`` into ``store``: read, dedup, run the stages, store, update the corpus.

    Stored articles that lack some of the stages (a killed run, a new stage) are
    completed first; with ``retry_failed``, so are the stages that failed on
    them. Then the inputs are taken in windows of ``READ_WINDOW`` articles, each
    read, deduplicated, analysed, stored and passed through the corpus stages
    before the next is read, so memory stays bounded however large the input.
    Parquet exports (read by :mod:`dateline.ingest.parquet`) come in with their
    layers and are not analysed again; only stages they lack are run.
    """
    names = stage_names(settings)
    run = IngestRun(store, settings, engine or make_engine(settings, names), names, progress=progress,
                    corpus_stages=corpus_stages)
    try:
        run.complete(_to_complete(store, names, retry_failed), retry_failed=retry_failed)
        for window in _windows(paths, settings):
            run.take(window)
            run.corpus()
        run.store_near()
        run.corpus()  # resumes pending work when nothing was new
    finally:
        if engine is None:
            run.engine.close()
    return run.report


Incoming = RawDoc | Analysed  # an input as read, or analysed already (a Parquet export)


@dataclass
class Window:
    """Inputs taken together: deduplicated, analysed and stored before the next window is read."""

    items: list[Incoming]
    errors: list[InputError] = field(default_factory=list)


def _windows(paths: Sequence[str | Path], settings: Settings) -> Iterator[Window]:
    """The inputs a window at a time: Parquet exports first (as exported), then everything the readers read."""
    exports, others = split_exports(paths)
    for export in exports:
        for batch in read_export(export, batch_size=READ_WINDOW):
            yield Window(list(batch))
    for raws, errors in _read_windows(others, settings):
        yield Window(list(raws), errors)


@dataclass
class IngestRun:
    """One ingest: the store it writes, what runs the stages, and its report; every step is one of its methods."""

    store: Store
    settings: Settings
    engine: Engine
    names: tuple[str, ...]
    progress: Progress | None = None
    corpus_stages: bool = True
    report: IngestReport = field(default_factory=IngestReport)
    near: list[Article] = field(default_factory=list)  # read near-duplicates waiting to be stored
    _dedup: Deduplicator | None = None

    @property
    def dedup(self) -> Deduplicator:
        """The run's dedup decision, against the stored originals' bands (loaded once, when input comes)."""
        if self._dedup is None:
            index = NearDuplicateIndex(self.settings, stored=self.store)
            index.sync()
            self._dedup = Deduplicator(index, self.store.has_article)
        return self._dedup

    def take(self, window: Window) -> None:
        """Deduplicate a window (one decision for every input), then store it: what came analysed as it
        is (running only the stages it lacks), what was read through the stages."""
        self.report.rejected += window.errors
        analysed: list[tuple[Analysed, Decision]] = []
        read: list[RawDoc] = []
        for item in window.items:
            if isinstance(item, Analysed):
                a = item.doc.article
                analysed.append((item, self.dedup.decide(a.id, a.text, signature=item.signature,
                                                         copies=a.duplicate_of)))
            else:
                read.append(item)
        if analysed:
            self._store_analysed(analysed)
        split = split_inputs(read, self.dedup)  # the same decision, with what a read input is called
        self.report.duplicates += split.exact
        self.near += split.near
        self._process_new(split.originals)
        # near-duplicates are stored after the originals, as in one window (the same ingest order),
        # unless a window's worth of them is waiting: memory stays bounded
        if len(self.near) >= READ_WINDOW:
            self.store_near()

    def store_near(self) -> None:
        """Store the waiting near-duplicates (linked to their originals, not analysed)."""
        with self.store.transaction():
            self.report.near_duplicates += sum(self.store.add_article(article) for article in self.near)
        self.near = []

    def corpus(self) -> None:
        """Run the corpus stages over what is pending, adding to the report (a stage that failed is named once)."""
        if not self.corpus_stages:
            return
        done = run_corpus_stages(self.store, self.settings, self.progress)
        for stage, n in done.processed.items():
            self.report.corpus.processed[stage] = self.report.corpus.processed.get(stage, 0) + n
        failed = {f.stage for f in self.report.corpus.failed}
        self.report.corpus.failed += [f for f in done.failed if f.stage not in failed]

    def _store_failures(self, doc: Document) -> None:
        a = doc.article
        self.report.failures += [ArticleFailure(a.id, a.origin, f) for f in doc.failures if f.error != "skipped"]

    def _process_new(self, originals: list[tuple[Article, bytes]]) -> None:
        """Run the stages over new originals and store them, batch by batch."""
        report, total, done = self.report, len(originals), 0
        before = report.ingested  # earlier windows: the bar counts the whole run
        sigs = {a.id: s for a, s in originals}
        work = (([Document(article=a) for a, _ in batch], None)
                for batch in iter_batches(originals, self.settings.batch_size))
        for docs in self.engine.run(work):
            with self.store.transaction():
                for doc in docs:
                    if self.store.add_article(doc.article, doc=doc, signature=sigs[doc.article.id],
                                              stages=self.names):
                        report.ingested += 1
                        report.new_ids.append(doc.article.id)
                        self._store_failures(doc)
            done += len(docs)
            if self.progress:
                self.progress("articles", before + done, before + total)

    def _store_analysed(self, items: Sequence[tuple[Analysed, Decision]]) -> None:
        """Store pre-analysed documents with their layers, in the order they came; run only the stages they lack.

        They are deduplicated like read articles: an exact copy of a stored one is
        skipped, a near-duplicate is stored linked to its original, unanalysed.
        """
        lacking = []
        with self.store.transaction():
            for item, decision in items:
                article = item.doc.article
                if decision.verdict is Verdict.EXACT:
                    self.report.duplicates += 1
                elif decision.verdict is Verdict.NEAR:
                    linked = replace(article, duplicate_of=decision.original)
                    self.report.near_duplicates += self.store.add_article(linked)
                else:
                    stages = [n for n, _ in STAGES if n in set(item.stages)]  # what ran, whatever this run asks
                    doc = replace(item.doc, article=replace(article, duplicate_of=None))
                    self.store.add_article(doc.article, doc=doc, signature=decision.signature, stages=stages)
                    self.report.ingested += 1
                    self.report.new_ids.append(article.id)  # its failures came with it: stored, not this run's
                    if not set(self.names) <= set(stages):
                        lacking.append(article.id)
        self.complete(lacking)

    def complete(self, ids: Sequence[str], *, retry_failed: bool = False) -> None:
        """Run on stored articles the stages they lack (and, with ``retry_failed``, those that failed,
        with every stage reading what those write: :func:`~.stages.completion_plan`)."""
        if not ids:
            return
        store, total, done = self.store, len(ids), 0
        plans: dict[str, tuple[str, ...]] = {}

        def work() -> Iterator[Work]:
            for batch in iter_batches(ids, self.settings.batch_size):
                docs, only = [], []
                for article_id in batch:
                    doc = store.load_document(article_id, raw=True)
                    if doc is None:
                        continue
                    redo = [f.stage for _, f in store.failures(article_id)] if retry_failed else []
                    plans[article_id] = completion_plan(store.stages_of(article_id), self.names, redo)
                    docs.append(doc)
                    only.append(plans[article_id])
                yield docs, only

        for docs in self.engine.run(work()):
            with store.transaction():
                for doc in docs:
                    ran = plans.pop(doc.article.id)
                    stages = [n for n in self.names if n in set(store.stages_of(doc.article.id)) | set(ran)]
                    store.save_document(doc, layers=_assigned(doc, ran))
                    store.set_stages(doc.article.id, stages, ran, doc.failures)
                    # its layers changed: every corpus stage takes the article again
                    store.reopen_corpus([n for n, _ in CORPUS_STAGES], [doc.article.id])
                    self.report.completed += 1
                    self.report.new_ids.append(doc.article.id)
                    self._store_failures(doc)
            done += len(docs)
            if self.progress:
                self.progress("completing", done, total)


def _read_windows(paths: Sequence[str | Path], settings: Settings) -> Iterator[tuple[list[RawDoc], list[InputError]]]:
    """Cleaned inputs, ``READ_WINDOW`` articles at a time, with the errors met on the way.

    Boilerplate lines (repeated across a source's articles) are found within a
    window, as they are within one ingest: a window is large enough to tell.
    """
    raws: list[RawDoc] = []
    errors: list[InputError] = []
    for item in read_paths(paths, settings) if paths else ():
        if isinstance(item, InputError):
            errors.append(item)
            continue
        raws.append(item)
        if len(raws) >= READ_WINDOW:
            yield remove_repeated_lines(raws, settings), errors
            raws, errors = [], []
    if raws or errors:
        yield remove_repeated_lines(raws, settings), errors


def stages_to_complete(store: Store, settings: Settings) -> dict[str, int]:
    """The stages stored articles lack, each with how many lack it: what the next ingest runs first.

    After an upgrade that adds a stage, every stored article lacks it; the CLI
    says so before the (one-time) work starts rather than only in a progress bar.
    """
    return store.missing_stages(stage_names(settings))


def _to_complete(store: Store, names: Sequence[str], retry_failed: bool) -> list[str]:
    ids = store.pending(names)
    if retry_failed:
        seen = set(ids)
        ids += [a for a, f in store.failures() if a and f.stage in names and a not in seen and not seen.add(a)]
    return ids


def _assigned(doc: Document, ran: Sequence[str]) -> set[str]:
    """The stored layers the stages in ``ran`` may have changed."""
    return {layer for n in ran for layer in stage_meta(n)[2]} & set(doc.layers)
