"""RSS and Atom feeds (feedparser): one article per entry; the line number is the entry number."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace

import feedparser

from ..errors import InputError
from ..model import DateSource
from .base import RawDoc
from .cleanup import clean_text
from .dates import parse_date
from .html import fragment_text

log = logging.getLogger(__name__)


def _entry_body(entry) -> str:
    # Full content when the feed carries it, else the summary.
    for part in entry.get("content") or ():
        if part.get("value"):
            return part["value"]
    return entry.get("summary", "") or ""


def _entry_doc(entry, path: str, number: int, source: str) -> RawDoc:
    doc = RawDoc(
        origin=f"{path}:{number}",
        text=clean_text(fragment_text(_entry_body(entry))),
        title=" ".join(fragment_text(entry.get("title", "") or "").split()),
        url=entry.get("link", "") or "",
        source=source,
    )
    # The raw string, parsed strictly: feedparser's own *_parsed fields guess.
    stamp = entry.get("published") or entry.get("updated") or ""
    if not stamp:
        return doc
    when = parse_date(stamp)
    if when is None:
        log.warning("%s:%d: unreadable date %r; the article is kept undated", path, number, stamp)
        return doc
    return replace(doc, published=when.value, date_precision=when.precision, date_source=DateSource.METADATA)


def read_feed(data: bytes, path: str) -> Iterator[RawDoc | InputError]:
    """Articles of an RSS or Atom feed given as bytes (bytes, so feedparser never fetches a URL)."""
    parsed = feedparser.parse(data)
    if not parsed.entries:
        if parsed.get("bozo"):
            reason = " ".join(str(parsed.get("bozo_exception", "")).split())[:200]
            yield InputError(path, f"not a readable RSS/Atom feed ({reason})")
        else:
            yield InputError(path, "feed has no entries")
        return
    source = " ".join(fragment_text(parsed.feed.get("title", "") or "").split())
    for number, entry in enumerate(parsed.entries, start=1):
        yield _entry_doc(entry, path, number, source)
