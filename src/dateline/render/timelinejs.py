"""The timeline as TimelineJS3 JSON (Knight Lab), for a newsroom to publish as is.

TimelineJS renders ``text.headline`` and ``text.text`` as HTML, so every piece
of article data is escaped here, and only http(s) URLs become links. Each
event's text carries its citations: outlet, publication date, link, and the
article id and offsets in ``data-`` attributes so a reader can be traced back
to the stored span. Undated lines have no place on a TimelineJS timeline.
"""

from __future__ import annotations

import html
from typing import Any

from ..model import SourceRef, SummaryLine, Timeline, TimelineEntry
from .base import outlet

HEADLINE_CHARS = 90


def _date(value: str) -> dict[str, str]:
    parts = value.split("-")
    out = {"year": str(int(parts[0]))}
    if len(parts) > 1:
        out["month"] = str(int(parts[1]))
    if len(parts) > 2:
        out["day"] = str(int(parts[2]))
    return out


def _cite(ref: SourceRef) -> str:
    name = html.escape(outlet(ref))
    if ref.url.lower().startswith(("http://", "https://")):
        name = f'<a href="{html.escape(ref.url, quote=True)}" rel="noopener noreferrer">{name}</a>'
    when = f", {html.escape(ref.published)}" if ref.published else ""
    return (f'<cite data-article="{html.escape(ref.article)}" data-start="{ref.start}" '
            f'data-end="{ref.end}">{name}{when}</cite>')


def _line(line: SummaryLine) -> str:
    cites = "; ".join(_cite(r) for r in (line.source, *line.also))
    return f"<p>{html.escape(line.shown)} <small>— {cites}</small></p>"


def headline(entry: TimelineEntry) -> str:
    """The first line of the entry, cut at a word near the headline length."""
    text = entry.summary[0].shown if entry.summary else entry.date
    if len(text) <= HEADLINE_CHARS:
        return text
    return text[:HEADLINE_CHARS].rsplit(" ", 1)[0] + " …"


def _event(i: int, entry: TimelineEntry) -> dict[str, Any]:
    body = "".join(_line(line) for line in entry.summary)
    if entry.participants:
        body += "<p><small>With " + html.escape(", ".join(p.name for p in entry.participants)) + "</small></p>"
    if entry.background:
        body += "<p><small>Background: told in passing.</small></p>"
    event: dict[str, Any] = {"start_date": _date(entry.date),
                             "text": {"headline": html.escape(headline(entry)), "text": body},
                             "unique_id": f"e{i}-{entry.date}"}
    if entry.story:
        event["group"] = html.escape(entry.story.label or entry.story.id)  # shown as markup by the viewer too
    return event


def timeline_timelinejs(timeline: Timeline, *, title: str = "Timeline") -> dict[str, Any]:
    """TimelineJS3 JSON: a title slide and one event per dated entry, grouped by story."""
    return {"title": {"text": {"headline": html.escape(title), "text": ""}},
            "events": [_event(i, e) for i, e in enumerate(timeline.entries)]}
