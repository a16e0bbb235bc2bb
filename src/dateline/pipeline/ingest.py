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
from typing import Any

from ..errors import InputError
from ..exchange import Analysed, read_export, split_exports
from ..ingest.base import RawDoc
from ..ingest.cleanup import remove_repeated_lines
from ..ingest.dedup import NearDuplicateIndex, split_duplicates
from ..ingest.readers import read_paths
from ..model import Article, Document, StageFailure
from ..settings import Settings
from ..store import Store
from .corpus import CorpusReport, run_corpus_stages
from .engines import make_engine
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
    engine: Any = None,
) -> IngestReport:
    """Ingest ``paths`` into ``store``: read, dedup, run the stages, store, update the corpus.

    Stored articles that lack some of the stages (a killed run, a new stage) are
    completed first; with ``retry_failed``, so are the stages that failed on
    them. Then the inputs are taken in windows of ``READ_WINDOW`` articles, each
    read, deduplicated, analysed, stored and passed through the corpus stages
    before the next is read, so memory stays bounded however large the input.
    Parquet exports (:mod:`dateline.exchange`) come in with their layers and
    are not analysed again; only stages they lack are run.
    """
    report = IngestReport()
    names = stage_names(settings)
    own_engine = engine is None
    engine = engine or make_engine(settings, names)
    try:
        exports, others = split_exports(paths)
        todo = _to_complete(store, names, retry_failed)
        complete_stored(todo, store, engine, names, report, progress, settings.batch_size, retry_failed=retry_failed)
        # loaded once per run (every window is checked against it), and only when there is input
        index = _stored_index(store, settings) if exports or others else NearDuplicateIndex(settings)
        for export in exports:
            for batch in read_export(export, batch_size=READ_WINDOW):
                _store_analysed(batch, store, engine, names, index, report, progress, settings.batch_size)
                _corpus(store, settings, report, progress, corpus_stages)
        # near-duplicates are stored after the originals, as in one window (the same ingest order),
        # unless a window's worth of them is waiting: memory stays bounded
        near: list[Article] = []
        for raws, errors in _read_windows(others, settings):
            report.rejected += errors
            split = split_duplicates(raws, settings, stored=(), is_stored=store.has_article, index=index)
            report.duplicates += split.exact
            near += split.near
            _process_new(split.originals, store, engine, names, report, progress, settings.batch_size)
            _corpus(store, settings, report, progress, corpus_stages)
            if len(near) >= READ_WINDOW:
                near = _store_near(near, store, report)
        _store_near(near, store, report)
        _corpus(store, settings, report, progress, corpus_stages)  # resumes pending work when nothing was new
    finally:
        if own_engine:
            engine.close()
    return report


def _store_near(near: Sequence[Article], store: Store, report: IngestReport) -> list[Article]:
    """Store near-duplicates (linked to their originals, not analysed); returns what is left: nothing."""
    with store.transaction():
        report.near_duplicates += sum(store.add_article(article) for article in near)
    return []


def _stored_index(store: Store, settings: Settings) -> NearDuplicateIndex:
    """The near-duplicate index of every stored original: their LSH bands in the store, banded up to now."""
    index = NearDuplicateIndex(settings, stored=store)
    index.sync()
    return index


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


def _corpus(store: Store, settings: Settings, report: IngestReport, progress: Progress | None, run: bool) -> None:
    """Run the corpus stages over what is pending, adding to the report (a stage that failed is named once)."""
    if not run:
        return
    done = run_corpus_stages(store, settings, progress)
    for stage, n in done.processed.items():
        report.corpus.processed[stage] = report.corpus.processed.get(stage, 0) + n
    failed = {f.stage for f in report.corpus.failed}
    report.corpus.failed += [f for f in done.failed if f.stage not in failed]


def _to_complete(store: Store, names: Sequence[str], retry_failed: bool) -> list[str]:
    ids = store.pending(names)
    if retry_failed:
        seen = set(ids)
        ids += [a for a, f in store.failures() if a and f.stage in names and a not in seen and not seen.add(a)]
    return ids


def _store_failures(doc: Document, report: IngestReport) -> None:
    a = doc.article
    report.failures += [ArticleFailure(a.id, a.origin, f) for f in doc.failures if f.error != "skipped"]


def _process_new(originals: list[tuple[Article, bytes]], store: Store, engine: Any, names: Sequence[str],
                 report: IngestReport, progress: Progress | None, batch_size: int) -> None:
    total, done = len(originals), 0
    before = report.ingested  # earlier windows: the bar counts the whole run
    sigs = {a.id: s for a, s in originals}
    work = (([Document(article=a) for a, _ in batch], None) for batch in iter_batches(originals, batch_size))
    for docs in engine.run(work):
        with store.transaction():
            for doc in docs:
                if store.add_article(doc.article, doc=doc, signature=sigs[doc.article.id], stages=names):
                    report.ingested += 1
                    report.new_ids.append(doc.article.id)
                    _store_failures(doc, report)
        done += len(docs)
        if progress:
            progress("articles", before + done, before + total)


def _store_analysed(batch: Sequence[Analysed], store: Store, engine: Any, names: Sequence[str],
                    index: NearDuplicateIndex, report: IngestReport, progress: Progress | None,
                    batch_size: int) -> None:
    """Store pre-analysed documents (a Parquet export) with their layers; run only the stages they lack.

    They are deduplicated like read articles: an exact copy of a stored one is
    skipped, a near-duplicate is stored linked to its original, unanalysed.
    """
    lacking = []
    with store.transaction():
        for item in batch:
            article = item.doc.article
            if store.has_article(article.id):
                report.duplicates += 1
                continue
            if article.duplicate_of and store.has_article(article.duplicate_of):
                report.near_duplicates += store.add_article(article)
                continue
            signature = item.signature or index.signature(article.text)
            original = index.query(signature)
            if original is not None:
                report.near_duplicates += store.add_article(replace(article, duplicate_of=original))
                continue
            index.add(article.id, signature)
            stages = [n for n, _ in STAGES if n in set(item.stages)]  # what ran, whatever this run asks for
            doc = replace(item.doc, article=replace(article, duplicate_of=None))
            store.add_article(doc.article, doc=doc, signature=signature, stages=stages)
            report.ingested += 1
            report.new_ids.append(article.id)  # its failures came with it: they are stored, not this run's
            if not set(names) <= set(stages):
                lacking.append(article.id)
    complete_stored(lacking, store, engine, names, report, progress, batch_size)


def complete_stored(ids: Sequence[str], store: Store, engine: Any, names: Sequence[str], report: IngestReport,
                    progress: Progress | None, batch_size: int, *, retry_failed: bool = False) -> None:
    """Run on stored articles the stages they lack (and, with ``retry_failed``, those that failed)."""
    if not ids:
        return
    total, done = len(ids), 0
    plans: dict[str, tuple[str, ...]] = {}

    def work() -> Iterator[Work]:
        for batch in iter_batches(ids, batch_size):
            docs, only = [], []
            for article_id in batch:
                doc = store.load_document(article_id, raw=True)
                if doc is None:
                    continue
                redo = [f.stage for _, f in store.failures(article_id)] if retry_failed else []
                plans[article_id] = completion_plan(store.stages_of(article_id), names, redo)
                docs.append(doc)
                only.append(plans[article_id])
            yield docs, only

    for docs in engine.run(work()):
        with store.transaction():
            for doc in docs:
                ran = plans.pop(doc.article.id)
                stages = [n for n in names if n in set(store.stages_of(doc.article.id)) | set(ran)]
                store.save_document(doc, layers=_assigned(doc, ran))
                store.set_stages(doc.article.id, stages, ran, doc.failures)
                # its layers changed: every corpus stage takes the article again
                store.reopen_corpus([n for n, _ in CORPUS_STAGES], [doc.article.id])
                report.completed += 1
                report.new_ids.append(doc.article.id)
                _store_failures(doc, report)
        done += len(docs)
        if progress:
            progress("completing", done, total)


def _assigned(doc: Document, ran: Sequence[str]) -> set[str]:
    """The stored layers the stages in ``ran`` may have changed."""
    return {layer for n in ran for layer in stage_meta(n)[2]} & set(doc.layers)
