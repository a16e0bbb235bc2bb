"""What every renderer shares: naming a source, writing a date, and making untrusted text safe to show.

Article titles, outlets, URLs and text come from whoever wrote the page, so
every renderer treats them as untrusted: :func:`clean` removes what a terminal
would act on, :func:`http_url` keeps only links a reader can follow safely.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from ..model import EntryClaim, SourceRef, SummaryLine, TimelineEntry
from ..source_names import outlet_name
from ..timeline.disagreements import quantity_label

# ECMA-48 sequences, removed whole so that no stray "[31m" is left behind. Hand-written:
# the PyPI strippers found (strip-ansi, ansi2txt) miss OSC ended by BEL, DCS and 8-bit
# C1 forms. Safety does not hang on this pattern: every control character left after it
# is dropped by the table below.
_SEQUENCE = re.compile(
    r"\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC: hyperlinks, window titles
    r"|\x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?"  # DCS, SOS, PM, APC strings
    r"|\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, erasing
    r"|\x1b[ -/]*[0-~]"  # two-character escapes (ESC c resets the terminal)
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|\x9d[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # 8-bit OSC
)
# bidi embeddings, overrides and isolates reorder what is shown (CVE-2021-42574,
# "Trojan Source"); zero-width spaces, word joiners and stray BOMs hide text. The
# zero-width (non-)joiners stay: Persian, Indic scripts and emoji need them.
_INVISIBLE = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u2060\ufeff"
_DROP = {c: None for c in [*range(0x00, 0x20), *range(0x7f, 0xa0), *map(ord, _INVISIBLE)]}
_LINE = {**_DROP, **{ord(c): " " for c in "\t\n\v\f\r\x85\u2028\u2029"}}
_BLOCK = {**_DROP, ord("\t"): "\t", ord("\n"): "\n", ord("\r"): "\n", 0x85: "\n", 0x2028: "\n", 0x2029: "\n\n"}


def clean(text: str, *, multiline: bool = False) -> str:
    """Untrusted text made safe to show: escape sequences, controls and hidden characters removed.

    One line by default (line breaks and tabs become spaces); ``multiline`` keeps
    newlines and tabs, and turns a carriage return into a newline, so a line cannot
    be overwritten in place.
    """
    text = _SEQUENCE.sub("", text.replace("\r\n", "\n"))
    return text.translate(_BLOCK if multiline else _LINE)


def http_url(url: str) -> str:
    """``url`` if it is an absolute http(s) URL with a host, else '' (javascript:, data:, relative...)."""
    url = url.strip()
    if not url or clean(url) != url or any(c.isspace() for c in url):
        return ""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # e.g. a malformed IPv6 literal
        return ""
    return url if parts.scheme.lower() in ("http", "https") and host else ""


def plain(value: Any) -> str:
    """A listing's value as one string: lists joined with '; ', nested data as JSON, None as ''."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(plain(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@dataclass(frozen=True)
class Column:
    """A column of a listing, and how a terminal table treats it (other formats show every column whole)."""

    name: str
    key: bool = False  # what a reader reads a row by: never squeezed below its longest word
    wrap: bool = False  # free text: folds onto more lines rather than being cut
    wide: bool = False  # in a terminal table only with --wide
    short_id: bool = False  # an id: shortened to a unique prefix (8+ characters) unless --wide
    whole: bool = False  # a figure ("more than 1.4 million"): kept on one line, up to 24 cells


# columns of free text wherever they appear; the first column is the key unless one is named
_WRAP = {"title", "text", "summary", "name", "aliases", "quote", "detail", "roles", "participants", "label",
         "source", "speaker", "quantity", "trigger", "task", "measure", "metric"}


def columns(spec: list[Column | str] | tuple[Column | str, ...]) -> tuple[Column, ...]:
    """Columns from names or :class:`Column` s; plain names get the usual defaults."""
    cols = tuple(c if isinstance(c, Column) else Column(c, wrap=c in _WRAP) for c in spec)
    if cols and not any(c.key for c in cols):
        first = cols[0]
        cols = (Column(first.name, key=True, wrap=True, wide=first.wide, short_id=first.short_id,
                       whole=first.whole), *cols[1:])
    return cols


# how a disagreement's status reads to an editor
STATUS_WORDS = {"conflict": "conflict", "update": "changed over time", "consistent": "differ, can all be true",
                "related": "related figures", "dated-differently": "dated differently"}


def outlet(ref: SourceRef) -> str:
    """What to call a cited source for a reader (see :func:`dateline.source_names.outlet_name`): never an id."""
    return outlet_name(ref.source, ref.url if http_url(ref.url) else "", ref.origin, ref.title)


def readable_date(value: str) -> str:
    """'2025-03-02' -> 'Sunday 2 March 2025'; '2025-03' -> 'March 2025'; other values unchanged."""
    try:
        if len(value) == 10:
            d = date.fromisoformat(value)
            return f"{d:%A} {d.day} {d:%B %Y}"
        if len(value) == 7:
            return f"{date.fromisoformat(value + '-01'):%B %Y}"
    except ValueError:
        pass
    return value


def outlet_names(refs: tuple[SourceRef, ...] | list[SourceRef]) -> list[str]:
    """Distinct outlet names of some citations, in order."""
    names: list[str] = []
    for ref in refs:
        name = outlet(ref)
        if name not in names:
            names.append(name)
    return names


def outlets(line: SummaryLine) -> str:
    """The distinct outlets of a summary line and the reports that repeat it, in order."""
    return ", ".join(outlet_names((line.source, *line.also)))


def entry_facts(e: TimelineEntry) -> list[str]:
    """What a reader learns of an entry before its lines: event kind, place, outlets, background."""
    parts = []
    if e.event_type:
        kind = e.event_type.lower().replace("_", " ")
        parts.append(kind + (f" ({e.modality.value})" if e.modality and e.modality.value != "happened" else ""))
    if e.place:
        parts.append(clean(e.place.name))
    n = len(outlet_names(e.sources))
    parts.append(f"{n} outlet{'' if n == 1 else 's'}")
    if e.background:
        parts.append("background")
    return parts


def figure_of(c: EntryClaim) -> str:
    """What a figure counts and its status across sources, in words: 'people; conflict'."""
    what = quantity_label(c.quantity) if c.quantity else clean(c.unit)
    status = STATUS_WORDS.get(c.status.value, c.status.value) if c.status and c.status.value != "single" else ""
    return "; ".join(x for x in (what, status) if x)
