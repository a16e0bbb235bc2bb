"""Shared fixtures: one factory for articles/documents, the shared/ folder, a temp store."""

from __future__ import annotations

import logging
import os
from datetime import date
from pathlib import Path

import pytest

from dateline.extract.sentences import split_sentences
from dateline.model import Article, DateSource, Document, Precision, content_id
from dateline.settings import Settings
from dateline.store import Store

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "examples" / "seeds"
REPO = Path(__file__).resolve().parents[1]


def make_article(text: str, *, published: str | None = None, **fields) -> Article:
    """An Article built by hand; ``published`` is an ISO date."""
    pub = date.fromisoformat(published) if published else None
    defaults = dict(
        published=pub,
        date_precision=Precision.DAY if pub else None,
        date_source=DateSource.METADATA if pub else DateSource.UNKNOWN,
    )
    defaults.update(fields)
    return Article(id=content_id(text), text=text, **defaults)


def make_document(text: str, **fields) -> Document:
    """A Document with sentences, as the first stage leaves it."""
    article = make_article(text, **fields)
    return Document(article=article, sentences=split_sentences(text), layers=frozenset({"sentences"}))


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "test.db") as s:
        yield s


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(db_path=tmp_path / "test.db", progress=False, check_reads=True)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/examples/seeds is not available")
    return SEEDS


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory, seeds_dir) -> Path:
    """The seed corpus through the full ingest; never written to afterwards."""
    from dateline.pipeline import ingest

    db = tmp_path_factory.mktemp("web-seeds") / "seeds.db"
    with Store(db) as store:
        ingest([seeds_dir], store, Settings(db_path=db, progress=False))
    return db


# -- stage failures are isolated in use, but in tests they are bugs -----------------------------
# The CLI run in a subprocess reads this; in-process runs are watched by the fixture below.
os.environ.setdefault("DATELINE_STAGE_ERRORS", "raise")
# Every CLI run of the suite holds the stages to what they declare they read (the settings fixture too).
os.environ.setdefault("DATELINE_CHECK_READS", "1")


class _StageFailures(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(record, "stage_failure", False):
            self.records.append(record)


@pytest.fixture(autouse=True)
def _no_stage_failures(request):
    """Fail a test in which a stage failed, unless it is marked ``stage_failures`` (it provokes one)."""
    handler = _StageFailures()
    logger = logging.getLogger("dateline")
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(level)
    if handler.records and request.node.get_closest_marker("stage_failures") is None:
        pytest.fail("a stage failed: " + "; ".join(r.getMessage() for r in handler.records[:3]))


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """The demo corpus (examples/articles) through the full ingest, once per session; never written to after."""
    from dateline.pipeline import ingest

    db = tmp_path_factory.mktemp("demo") / "demo.db"
    with Store(db) as s:
        ingest([REPO / "examples" / "articles"], s, Settings(db_path=db, progress=False))
    return db
