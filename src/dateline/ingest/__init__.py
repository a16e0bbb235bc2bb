"""Ingest: inputs -> cleaned articles -> dedup -> per-article stages -> store.

Writes are made batch by batch, each batch (articles with all their layers) in
one transaction, so a run killed half-way leaves a consistent store; the next
run skips what is stored and completes the rest, including articles stored
before a stage was added (``Store.pending``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..model import Article, Document, content_id
from ..pipeline import Pipeline, build_pipeline, run_corpus_stages, run_pipeline, stage_names
from ..settings import Settings
from ..store import Store
from .base import RawDoc

log = logging.getLogger(__name__)

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


def to_article(raw: RawDoc, *, duplicate_of: str | None = None) -> Article:
    """The Article for a cleaned input document (its id is a hash of its text)."""
    return Article(
        id=content_id(raw.text), text=raw.text, title=raw.title, url=raw.url, source=raw.source,
        published=raw.published, date_precision=raw.date_precision, date_source=raw.date_source,
        origin=raw.origin, duplicate_of=duplicate_of, external_id=raw.external_id,
    )


def read_inputs(paths: Sequence[str | Path], settings: Settings) -> tuple[list[RawDoc], list[InputError]]:
    """Read and clean every input; bad items become errors, good ones go on."""
    from ..clean import remove_repeated_lines
    from .readers import read_paths

    raws: list[RawDoc] = []
    errors: list[InputError] = []
    for item in read_paths(paths, settings):
        (errors if isinstance(item, InputError) else raws).append(item)
    return remove_repeated_lines(raws, settings), errors


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
    from .dedup import NearDuplicateIndex

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
