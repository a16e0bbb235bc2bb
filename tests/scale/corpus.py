"""A small corpus for the scale tests: the demo articles (formats, a near-duplicate, an undated report) and
generated reports around them, so batches, windows and workers all have several articles to share."""

from __future__ import annotations

from pathlib import Path

from corpora import harbour_corpus

from dateline.pipeline import ingest
from dateline.settings import Settings
from dateline.store import Store


def make_corpus(root: Path, generated: int = 16) -> Path:
    """The demo articles and ``generated`` short dated reports, under ``root/corpus``."""
    return harbour_corpus(root, generated, seed=12)


def build_store(db: Path, paths: list[Path], **settings) -> None:
    """Ingest ``paths`` into a new store at ``db`` with these settings (failures raise: they are bugs here)."""
    with Store(db) as store:
        report = ingest(paths, store, Settings(db_path=db, stage_errors="raise", progress=False, **settings))
    assert report.ingested and not report.failures and not report.corpus.failed, report.summary()
