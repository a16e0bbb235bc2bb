"""What every renderer shares: how to name a source and how to write a date for a reader."""

from __future__ import annotations

from datetime import date

from ..model import SourceRef, SummaryLine, outlet_name


def outlet(ref: SourceRef) -> str:
    """What to call a cited source for a reader (see :func:`dateline.model.outlet_name`)."""
    return outlet_name(ref.source, ref.url, ref.origin, ref.title)


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
    """The outlets of a summary line, comma-separated."""
    return ", ".join(outlet_names((line.source, *line.also)))
