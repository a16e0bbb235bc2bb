"""The timeline as TimelineJS3 JSON (Knight Lab), for a newsroom to publish as is.

What the viewer does with each field decides how it is written (read in
TimelineJS 3.9's own source, ``core/TimelineConfig.js``): ``text.headline`` and
``text.text`` go through DOMPurify and then ``innerHTML``, so article data there
is HTML-escaped and only http(s) URLs become links. ``group`` and
``display_date`` are *not* sanitised: the viewer strips markup from them with
``DOMParser`` (which decodes entities: ``&lt;img onerror=…&gt;`` becomes a live
tag) and writes the result with ``innerHTML``. Those fields therefore carry
plain text with no ``<``, ``>`` or ``&`` at all, raw or encoded
(:func:`plain_label`). Each event's text carries its citations: outlet,
publication date, link, and the article id and offsets in ``data-`` attributes
so a reader can be traced back to the stored span. Undated lines have no place
on a TimelineJS timeline.
"""

from __future__ import annotations

import html
import re
from typing import Any

from ..model import SourceRef, SummaryLine, Timeline, TimelineEntry
from .base import clean, http_url, outlet, outlet_names, readable_date

HEADLINE_CHARS = 90
GROUP_CHARS = 40  # a group's label sits in a narrow band at the left of the time axis
BACKGROUND = "Background"
KEY_DATES = "Key dates"
_TAG = re.compile(r"<[^<>]*>")


def plain_label(text: str, limit: int = GROUP_CHARS) -> str:
    """Text safe in a field the viewer writes as HTML unsanitised: no markup characters, raw or encoded.

    Entities are decoded and tags dropped first, so a label reads as its words
    (``<b>Quay</b> &amp; ferry`` -> ``Quay and ferry``); then no ``<``, ``>`` or ``&``
    is left at all, so nothing the viewer decodes can become a tag.
    """
    text = clean(text)
    for _ in range(3):  # "&amp;lt;" is two decodings away from a "<"
        text = html.unescape(text)
    text = _TAG.sub(" ", text)
    # '&' goes first: with no '&' left no entity can be decoded into a '<'
    text = text.replace("&", " and ").replace("<", " ").replace(">", " ")
    return cut_words(" ".join(text.split()), limit)


def cut_words(text: str, limit: int) -> str:
    """``text`` cut at the last word boundary within ``limit`` characters, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if not text[limit - 1].isspace() and " " in head:  # a word straddles the limit: leave it out whole
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;:—-") + "…"


def _date(value: str) -> dict[str, str]:
    parts = value.split("-")
    out = {"year": str(int(parts[0]))}
    if len(parts) > 1:
        out["month"] = str(int(parts[1]))
    if len(parts) > 2:
        out["day"] = str(int(parts[2]))
    return out


def _cite(ref: SourceRef) -> str:
    name = html.escape(clean(outlet(ref)))
    url = http_url(ref.url)
    if url:
        name = f'<a href="{html.escape(url, quote=True)}" rel="noopener noreferrer">{name}</a>'
    when = f", {html.escape(clean(ref.published))}" if ref.published else ""
    return (f'<cite data-article="{html.escape(ref.article)}" data-start="{ref.start}" '
            f'data-end="{ref.end}">{name}{when}</cite>')


def _line(line: SummaryLine) -> str:
    cites = "; ".join(_cite(r) for r in (line.source, *line.also))
    return f"<p>{html.escape(clean(line.shown))} <small>— {cites}</small></p>"


def headline(entry: TimelineEntry) -> str:
    """The first line of the entry, cut at a word boundary near the headline length."""
    text = clean(entry.summary[0].shown) if entry.summary else entry.date
    return cut_words(text, HEADLINE_CHARS)


def entry_groups(timeline: Timeline) -> list[str]:
    """One readable group label per entry: its story's when there are several, else main thread or background.

    Every event gets a group when any does (TimelineJS puts the others in an
    unnamed row); two stories with the same label are told apart by a number.
    """
    stories = {e.story.id for e in timeline.entries if e.story}
    if len(stories) > 1:
        labels: dict[str, str] = {}
        for e in timeline.entries:
            if e.story and e.story.id not in labels:
                label = plain_label(e.story.label) or "Story"
                taken = set(labels.values())
                n, unique = 2, label
                while unique in taken:
                    unique, n = f"{label} ({n})", n + 1
                labels[e.story.id] = unique
        return [labels[e.story.id] if e.story else "Other reports" for e in timeline.entries]
    if any(e.background for e in timeline.entries) and not all(e.background for e in timeline.entries):
        return [BACKGROUND if e.background else KEY_DATES for e in timeline.entries]
    return ["" for _ in timeline.entries]


def _event(i: int, entry: TimelineEntry, group: str) -> dict[str, Any]:
    body = "".join(_line(line) for line in entry.summary)
    if entry.participants:
        names = ", ".join(clean(p.name) for p in entry.participants)
        body += "<p><small>With " + html.escape(names) + "</small></p>"
    if entry.place:
        body += "<p><small>In " + html.escape(clean(entry.place.name)) + "</small></p>"
    if entry.background:
        body += "<p><small>Background: told in passing.</small></p>"
    event: dict[str, Any] = {"start_date": _date(entry.date),
                             "text": {"headline": html.escape(headline(entry)), "text": body},
                             "unique_id": f"e{i}-{entry.date}"}
    if group:
        event["group"] = group
    return event


def _span(timeline: Timeline) -> str:
    """'2 March 2025 to 14 March 2025 · 5 outlets', from the dated entries."""
    dates = sorted(e.date for e in timeline.entries)
    if not dates:
        return ""
    span = readable_date(dates[0]) + ("" if dates[0] == dates[-1] else " to " + readable_date(dates[-1]))
    outlets = outlet_names([r for e in timeline.entries for r in e.sources])
    return f"{span} · {len(outlets)} outlet{'' if len(outlets) == 1 else 's'}"


def story_label(timeline: Timeline, fallback: str) -> str:
    """The label of the story most entries belong to, else ``fallback``."""
    counts: dict[str, int] = {}
    for e in timeline.entries:
        if e.story and e.story.label:
            counts[e.story.label] = counts.get(e.story.label, 0) + 1
    return max(counts, key=lambda k: counts[k]) if len(counts) == 1 else fallback


def timeline_timelinejs(timeline: Timeline, *, title: str = "Timeline") -> dict[str, Any]:
    """TimelineJS3 JSON: a title slide (the story's label and span) and one event per dated entry, grouped."""
    label = story_label(timeline, title)
    groups = entry_groups(timeline)
    span = _span(timeline)
    return {"title": {"text": {"headline": html.escape(cut_words(clean(label), HEADLINE_CHARS)),
                               "text": f"<p>{html.escape(span)}</p>" if span else ""}},
            "events": [_event(i, e, g) for i, (e, g) in enumerate(zip(timeline.entries, groups))]}
