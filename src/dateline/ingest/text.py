"""Plain text and Markdown articles: leading metadata, a headline, the body.

A text file may open with metadata in one of three forms, all optional:

* a fenced front-matter block (``---`` lines around ``key: value`` lines);
* the same ``key: value`` lines without fences, followed by a blank line;
* a ``date YYYY-MM-DD`` token before the first sentence, as some scrapers write.

Known keys are ``title``, ``source``, ``url`` and ``date`` (plus the aliases of
:mod:`dateline.ingest.records`). The metadata is removed from the text. When no
title was given, a first line that reads as a headline becomes the title.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace

from ..model import DateSource
from .base import RawDoc
from .cleanup import clean_text
from .dates import parse_date, why_not
from .records import FIELD_ALIASES

log = logging.getLogger(__name__)

# The body is the file itself, so only the metadata fields may appear up top.
_KEYS = {alias: name for name, aliases in FIELD_ALIASES.items() if name != "text" for alias in aliases}
_META_LINE = re.compile(r"(?P<key>[A-Za-z_]+)[ \t]*:[ \t]*(?P<value>.*)")
_FENCE = re.compile(r"-{3,}[ \t]*")
# The scrapers' date token: " date 2024-05-10 " before the text on the same line.
_DATE_TOKEN = re.compile(r"[ \t]*date[ \t]+(?P<date>\d{4}-\d{2}-\d{2})(?:[ \t]+|[ \t]*\n|[ \t]*\Z)", re.IGNORECASE)
# Front matter is short; a "fence" further down is a Markdown rule, not metadata.
MAX_META_LINES = 30

# Headline shape: short, no final period, not the tokenized text of a corpus
# like Timeline17 (" 's", " ,", " n't" betray tokenized sentences).
MAX_HEADLINE_WORDS = 20
MAX_HEADLINE_CHARS = 160
_TOKENIZED = re.compile(r"\s[,.;:!?%)]|\s'(?:s|re|ll|ve|d|m)\b|\sn't\b|``|''|-LRB-|-RRB-")
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]*\s+[A-Z\"“]")
_SMALL_WORDS = frozenset("a an and as at but by for from in into of on or over the to up via vs with".split())


@dataclass
class _Meta:
    fields: dict[str, str] = field(default_factory=dict)
    body: str = ""


def _meta_block(lines: list[str]) -> dict[str, str] | None:
    """``key: value`` pairs of ``lines`` when every line is one with a known key, else None."""
    found: dict[str, str] = {}
    for line in lines:
        match = _META_LINE.fullmatch(line.strip())
        if match is None or match["key"].lower() not in _KEYS:
            return None
        found[_KEYS[match["key"].lower()]] = match["value"].strip().strip("\"'")
    return found


def split_front_matter(text: str) -> _Meta:
    """Metadata fields at the top of ``text`` (fenced or not) and the text after them."""
    head = text.split("\n", MAX_META_LINES + 1)  # the last item holds the rest, unsplit

    def rest(start: int) -> str:
        return "\n".join(head[start:])

    if head and _FENCE.fullmatch(head[0]):
        for end in range(1, min(len(head), MAX_META_LINES + 1)):
            if _FENCE.fullmatch(head[end]):
                block = _meta_block([ln for ln in head[1:end] if ln.strip()])
                if block is not None:
                    return _Meta(block, rest(end + 1))
                break
        return _Meta({}, text)
    for end in range(min(len(head), MAX_META_LINES)):
        if not head[end].strip():
            block = _meta_block(head[:end]) if end else None
            if block:
                return _Meta(block, rest(end + 1))
            break
    return _Meta({}, text)


def _is_titleish(words: list[str]) -> bool:
    content = [w for w in words if w.lower() not in _SMALL_WORDS and any(c.isalpha() for c in w)]
    capitalised = sum(1 for w in content if w[0].isupper())
    return bool(content) and capitalised >= 0.6 * len(content)


def looks_like_headline(line: str, *, followed_by_blank: bool) -> bool:
    """Whether the first line of an article reads as its headline rather than its first sentence."""
    text = line.strip()
    if text.startswith("#"):  # a Markdown heading says so itself
        return bool(text.lstrip("#").strip())
    words = text.split()
    if not 2 <= len(words) <= MAX_HEADLINE_WORDS or len(text) > MAX_HEADLINE_CHARS:
        return False
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "\"'“‘"):
        return False
    if text.rstrip("\"'”’)")[-1:] in {".", ",", ";", ":"}:
        return False
    if _TOKENIZED.search(text) or _SENTENCE_BREAK.search(text):
        return False
    # Sentence-case headlines are common; a blank line after them is what
    # sets them apart from a first paragraph, else most words are capitalised.
    return followed_by_blank or _is_titleish(words)


def _split_headline(text: str) -> _Meta:
    """The headline (as a ``title`` field) and the body, when ``text`` opens with a headline line."""
    first, sep, rest = text.partition("\n")
    if not sep or not rest.strip():
        return _Meta({}, text)
    followed_by_blank = not rest.split("\n", 1)[0].strip()
    if not looks_like_headline(first, followed_by_blank=followed_by_blank):
        return _Meta({}, text)
    return _Meta({"title": first.strip().lstrip("#").strip()}, rest.lstrip("\n"))


def _strip_date_token(body: str, meta: dict[str, str]) -> str:
    found = _DATE_TOKEN.match(body)
    if found is None:
        return body
    meta.setdefault("published", found["date"])
    return body[found.end():]


def read_text(text: str, origin: str) -> RawDoc:
    """One article from the text of a plain-text or Markdown file."""
    parsed = split_front_matter(text)
    meta = parsed.fields
    body = _strip_date_token(parsed.body.lstrip("\n"), meta)
    body = clean_text(body)
    title = meta.get("title", "")
    if not title:
        headline = _split_headline(body)
        title, body = headline.fields.get("title", ""), headline.body
    doc = RawDoc(origin=origin, text=body, title=title, url=meta.get("url", ""), source=meta.get("source", ""))
    if "published" in meta:
        when = parse_date(meta["published"])
        if when is None:
            log.warning("%s: date %r in the header not used (%s); the article is kept undated", origin,
                        meta["published"], why_not(meta["published"]))
        else:
            doc = replace(doc, published=when.value, date_precision=when.precision, date_source=DateSource.HEADER)
    return doc
