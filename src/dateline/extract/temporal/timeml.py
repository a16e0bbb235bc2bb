"""Read TimeML gold files and write time expressions as TimeML.

Reading keeps what scoring needs: the raw text of ``<TEXT>`` (tags removed,
entities decoded), the document creation time, and each TIMEX3 as offsets into
that text. Writing is the inverse, for ``dateline times --format timeml``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ...model import TimeExpression


@dataclass(frozen=True, slots=True)
class GoldTimex:
    """A gold TIMEX3: offsets into the document's text, with its type and value."""

    start: int
    end: int
    type: str
    value: str
    tid: str = ""


@dataclass(frozen=True, slots=True)
class TimeMLDocument:
    """The parts of a TimeML file that timex scoring needs."""

    name: str
    text: str
    dct: date | None
    timexes: tuple[GoldTimex, ...]


def _parse_dct(value: str) -> date | None:
    # DCT values look like "1998-08-07" or "1998-08-07T06:18:00"; keep the day.
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _flatten(elem: ET.Element, parts: list[str], timexes: list[GoldTimex], offset: int) -> int:
    """Append the text of ``elem``'s content to ``parts``; collect TIMEX3 spans."""
    if elem.text:
        parts.append(elem.text)
        offset += len(elem.text)
    for child in elem:
        start = offset
        offset = _flatten(child, parts, timexes, offset)
        if child.tag == "TIMEX3":
            timexes.append(
                GoldTimex(start, offset, child.get("type", ""), child.get("value", ""), child.get("tid", ""))
            )
        if child.tail:
            parts.append(child.tail)
            offset += len(child.tail)
    return offset


def read_timeml(path: Path) -> TimeMLDocument:
    """Parse one TimeML file: the ``<TEXT>`` body, its DCT and its TIMEX3 spans."""
    root = ET.parse(path).getroot()
    dct = None
    dct_elem = root.find("DCT/TIMEX3")
    if dct_elem is not None:
        dct = _parse_dct(dct_elem.get("value", ""))
    text_elem = root.find("TEXT")
    parts: list[str] = []
    timexes: list[GoldTimex] = []
    if text_elem is not None:
        _flatten(text_elem, parts, timexes, 0)
    return TimeMLDocument(Path(path).stem, "".join(parts), dct, tuple(timexes))


def to_timeml(text: str, timexes: Sequence[TimeExpression], dct: date | None, *, name: str = "") -> str:
    """A TimeML document of ``text`` with ``timexes`` tagged in place (tid t1, t2, ...)."""
    out = ['<?xml version="1.0" ?>', "<TimeML>"]
    if name:
        out.append(f"<DOCID>{escape(name)}</DOCID>")
    if dct is not None:
        iso = dct.isoformat()
        out.append(
            f'<DCT><TIMEX3 tid="t0" type="DATE" value="{iso}" temporalFunction="false" '
            f'functionInDocument="CREATION_TIME">{iso}</TIMEX3></DCT>'
        )
    body: list[str] = []
    pos = 0
    for i, t in enumerate(sorted(timexes, key=lambda t: t.start), start=1):
        if t.start < pos:  # overlapping spans cannot nest in TimeML; keep the first
            continue
        attrs = f'tid="t{i}" type="{t.type.value}" value={quoteattr(t.value)}'
        if t.mod:
            attrs += f" mod={quoteattr(t.mod)}"
        body.append(escape(text[pos : t.start]))
        body.append(f"<TIMEX3 {attrs}>{escape(text[t.start : t.end])}</TIMEX3>")
        pos = t.end
    body.append(escape(text[pos:]))
    out.append("<TEXT>" + "".join(body) + "</TEXT>")
    out.append("</TimeML>")
    return "\n".join(out) + "\n"
