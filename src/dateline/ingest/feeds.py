"""RSS and Atom feeds (feedparser): one article per entry; the line number is the entry number."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import replace

import feedparser

from ..errors import InputError
from ..model import DateSource
from .base import RawDoc
from .cleanup import clean_text
from .dates import parse_date, why_not
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
        log.warning("%s:%d: date %r not used (%s); the article is kept undated", path, number, stamp, why_not(stamp))
        return doc
    return replace(doc, published=when.value, date_precision=when.precision, date_source=DateSource.METADATA)


def read_feed(data: bytes, path: str) -> Iterator[RawDoc | InputError]:
    """Articles of an RSS or Atom feed given as bytes (bytes, so feedparser never fetches a URL).

    A feed that breaks part-way (cut short, malformed) keeps the entries read
    before the break, and the break is named in one line; an entry whose
    closing tag never came (the file ends inside it) is named and not stored.
    """
    parsed = feedparser.parse(data)
    if not parsed.entries:
        if parsed.get("bozo"):
            yield InputError(path, f"not a readable RSS/Atom feed ({_reason(parsed)})")
        else:
            yield InputError(path, "feed has no entries")
        return
    source = " ".join(fragment_text(parsed.feed.get("title", "") or "").split())
    entries = list(parsed.entries)
    closed = len(_CLOSING.findall(data))
    cut = parsed.get("bozo") and len(entries) > closed
    for number, entry in enumerate(entries[:closed] if cut else entries, start=1):
        yield _entry_doc(entry, path, number, source)
    if cut:
        yield InputError(path, f"entry cut short: the feed ends inside it ({_reason(parsed)}); not stored",
                         line=closed + 1)
    elif parsed.get("bozo"):
        yield InputError(path, f"feed is malformed ({_reason(parsed)}); the {len(entries)} entries read from it "
                               "were kept")


# The end of an RSS item or an Atom entry, with or without a namespace prefix.
_CLOSING = re.compile(rb"</(?:[A-Za-z0-9_.-]+:)?(?:item|entry)\s*>")


def _reason(parsed) -> str:
    return " ".join(str(parsed.get("bozo_exception", "") or "unknown error").split())[:200]
