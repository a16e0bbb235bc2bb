"""Shared fixtures: spaCy is loaded once per session; documents are built by a factory."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dateline.extract.attach import AttachmentStage
from dateline.extract.claims import ClaimStage
from dateline.extract.entities import MentionStage
from dateline.extract.events import EventStage
from dateline.extract.links import LinkStage
from dateline.extract.parse import ParseStage
from dateline.extract.quotes import QuoteStage
from dateline.extract.sentences import SentenceStage
from dateline.extract.temporal import TemporalStage
from dateline.model import Article, Document, content_id
from dateline.settings import Settings

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


@pytest.fixture(scope="session")
def stages():
    settings = Settings()
    # in the order of dateline.pipeline.STAGES: events link the real timexes
    return [SentenceStage(settings), TemporalStage(settings), ParseStage(settings), AttachmentStage(settings),
            MentionStage(settings),
            QuoteStage(settings), EventStage(settings), ClaimStage(settings), LinkStage(settings)]


@pytest.fixture(scope="session")
def nlp(stages):
    return next(s for s in stages if isinstance(s, ParseStage)).nlp


@pytest.fixture(scope="session")
def make_doc(stages):
    """Run the extraction stages over a text: make_doc(text, published=date(...), upto="quotes")."""

    def make(text: str, published: date | None = None, article_id: str | None = None, source: str = "") -> Document:
        doc = Document(article=Article(id=article_id or content_id(text), text=text, published=published,
                                       source=source))
        for stage in stages:
            doc = stage(doc)
        return doc

    return make
