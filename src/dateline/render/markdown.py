"""The timeline as Markdown: a heading per date, each line linked to its sources."""

from __future__ import annotations

from ..model import Timeline
from .base import outlet


def timeline_md(timeline: Timeline) -> str:
    out = ["# Timeline", ""]
    for e in timeline.entries:
        out.append(f"## {e.date}{' (background)' if e.background else ''}")
        out.append("")
        for line in e.summary:
            refs = " ".join(f"[{_md_escape(outlet(r))}]({r.url or '#' + r.article})"
                            for r in (line.source, *line.also))
            out.append(f"- {_md_escape(line.shown)} {refs}")
        out.append("")
    if timeline.undated:
        out += ["## Undated", ""] + [f"- {_md_escape(line.shown)}" for line in timeline.undated]
    return "\n".join(out).rstrip() + "\n"


def _md_escape(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")
