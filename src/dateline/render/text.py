"""The timeline as plain text for a terminal: one block per date, each line with its outlets."""

from __future__ import annotations

from ..model import Timeline
from .base import outlets


def timeline_text(timeline: Timeline) -> str:
    """Plain text for a terminal: one block per date, each line with its outlets."""
    out = []
    for e in timeline.entries:
        out.append(f"{e.date}{'  (background)' if e.background else ''}")
        for line in e.summary:
            out.append(f"  - {line.shown}  [{outlets(line)}]")
        out.append("")
    if timeline.undated:
        out.append("Undated")
        out.extend(f"  - {line.shown}  [{outlets(line)}]" for line in timeline.undated)
    return "\n".join(out).rstrip() + "\n"
