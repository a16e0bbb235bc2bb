"""The ingest run: read -> dedup -> per-article stages -> store -> corpus stages.

Writes are made batch by batch, each batch (articles with all their layers and
failures) in one transaction, so a run killed half-way leaves a consistent
store. The next run skips what is stored and completes the rest: articles a
killed run or a newly declared stage left behind get the stages they lack, and
the corpus stages resume over every article they have not processed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..ingest import read_inputs
from ..ingest.dedup import split_duplicates
from ..model import Article, Document, StageFailure
from ..settings import Settings
from ..store import Store
from .corpus import CorpusReport, run_corpus_stages
from .engines.local import LocalEngine, Work
from .stages import (
    CORPUS_STAGES,
    completion_plan,
    iter_batches,
    stage_meta,
    stage_names,
)

log = logging.getLogger(__name__)

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
    completed; with ``retry_failed``, so are the stages that failed on them.
    """
    raws, errors = read_inputs(paths, settings)
    report = IngestReport(rejected=errors)
    split = split_duplicates(raws, settings, stored=store.signatures(), is_stored=store.has_article)
    report.duplicates = split.exact
    names = stage_names(settings)
    engine = engine or LocalEngine(settings, names)
    new = {a.id for a, _ in split.originals}
    todo = [i for i in _to_complete(store, names, retry_failed) if i not in new]
    _process_new(split.originals, store, engine, names, report, progress, settings.batch_size)
    complete_stored(todo, store, engine, names, report, progress, settings.batch_size, retry_failed=retry_failed)
    with store.transaction():
        for article in split.near:
            if store.add_article(article):
                report.near_duplicates += 1
    if corpus_stages:
        report.corpus = run_corpus_stages(store, settings, progress)
    return report


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
            progress("articles", done, total)


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
