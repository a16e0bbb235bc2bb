"""CSV: the timeline and every listing, with cells a spreadsheet would run neutralised."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from defusedcsv import csv as defusedcsv

from ..model import Timeline
from .base import clean

_TRIGGERS = ("=", "+", "-", "@")


def _cell(value: Any) -> Any:
    """A cell with escape sequences and control characters removed (numbers pass as they are)."""
    if value is None or isinstance(value, (int, float)):
        return value
    text = clean(str(value), multiline=True)
    # defusedcsv quotes cells that start with = + - @ | %; OWASP also lists a leading tab
    # or carriage return, and some spreadsheets trim leading blanks before reading a formula
    if text[:1].isspace() and text.lstrip()[:1] in _TRIGGERS:
        return "'" + text
    return text


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV text of a header and rows; formula cells are prefixed with ' (OWASP CSV injection)."""
    buf = io.StringIO()
    writer = defusedcsv.writer(buf)
    writer.writerow([_cell(h) for h in header])
    writer.writerows([_cell(v) for v in row] for row in rows)
    return buf.getvalue()


def timeline_csv(timeline: Timeline) -> str:
    """One row per summary line: date, text, article, start, end, the other outlets, and the text as shown."""
    header = ["date", "precision", "background", "text", "article", "start", "end", "title", "url", "also", "display"]
    rows = [(e.date, e.precision.value, e.background, line) for e in timeline.entries for line in e.summary]
    rows += [("", "", False, line) for line in timeline.undated]
    return write_csv(header, ([d, p, int(bg), line.text, line.source.article, line.source.start, line.source.end,
                               line.source.title, line.source.url,
                               ";".join(f"{r.article}:{r.start}-{r.end}" for r in line.also), line.shown]
                              for d, p, bg, line in rows))
