"""What every renderer shares: how to name a source and how to write a date for a reader."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from ..model import SourceRef, SummaryLine


def outlet(ref: SourceRef) -> str:
    """What to call a source for a reader: its outlet, else its site, else its title."""
    if ref.source:
        return ref.source
    host = urlsplit(ref.url).hostname if ref.url else None
    return (host.removeprefix("www.") if host else "") or ref.title or ref.article[:8]


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


def outlets(line: SummaryLine) -> str:
    names = []
    for ref in (line.source, *line.also):
        name = outlet(ref)
        if name not in names:
            names.append(name)
    return ", ".join(names)
