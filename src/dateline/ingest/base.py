"""What every reader yields: a cleaned document with its metadata, or an error."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..model import Article, DateSource, Precision, content_id


@dataclass(frozen=True)
class RawDoc:
    """One article as read from an input, before ids, dedup and the pipeline."""

    origin: str  # "path" or "path:line" (or "<stdin>:line")
    text: str  # main text, per-document debris already removed
    title: str = ""
    url: str = ""
    source: str = ""
    published: date | None = None
    date_precision: Precision | None = None
    date_source: DateSource = DateSource.UNKNOWN
    external_id: str = ""  # the input's own id for the article (a record's "id" field)


def to_article(raw: RawDoc, *, duplicate_of: str | None = None) -> Article:
    """The Article for a cleaned input document (its id is a hash of its text)."""
    return Article(
        id=content_id(raw.text), text=raw.text, title=raw.title, url=raw.url, source=raw.source,
        published=raw.published, date_precision=raw.date_precision, date_source=raw.date_source,
        origin=raw.origin, duplicate_of=duplicate_of, external_id=raw.external_id,
    )
