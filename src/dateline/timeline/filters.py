"""Filters say what they did: undated lines obey them, and a filter that matches nothing says so in one line.

:func:`dateline.timeline.story.story_timeline` filters the dated entries; its
undated lines (the leads of undated articles, kept so that nothing is lost) and
its disagreements were left as they were, so ``--entity Nobody`` still showed an
unrelated undated line and every disagreement of the corpus. :func:`apply_filters`
holds them to the same filters and, when nothing is left, names the filter that
matched nothing (an entity no article names, an outlet or an event type the
store does not have) in one line, which the CLI prints on stderr and the page
shows where the timeline would be.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from ..corpus import output as corpus_output
from ..extract.events import event_types
from ..model import Document, SummaryLine, Timeline
from ..source_names import outlet_name
from ..protocols import ReadStore
from ..request import TimelineRequest
from .story import resolve_entity

MAX_LISTED = 8  # names a message lists ("the outlets are ...")


@dataclass(frozen=True)
class Filtered:
    """A timeline held to the request's filters, and what to tell the reader when nothing matched."""

    timeline: Timeline
    message: str = ""


def _listing(names: Iterable[str], most: int = MAX_LISTED) -> str:
    names = sorted(set(names))
    shown = ", ".join(names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


def _line_has(line: SummaryLine, docs: Callable[[str], Document | None],
              test: Callable[[Document, int, int], bool]) -> bool:
    """Whether any cited span of an undated line holds something ``test(doc, start, end)`` finds."""
    for ref in (line.source, *line.also):
        doc = docs(ref.article)
        if doc is not None and test(doc, ref.start, ref.end):
            return True
    return False


def _names_entity(ids: set[str]):
    def test(doc: Document, start: int, end: int) -> bool:
        return any(m.entity in ids and start <= m.start < end for m in doc.mentions)
    return test


def _has_event(code: str):
    def test(doc: Document, start: int, end: int) -> bool:
        return any(e.type == code and start <= e.start < end for e in doc.events)
    return test


def unknown_filter(store: ReadStore, request: TimelineRequest, entity_ids: set[str] | None) -> str:
    """Why a filter can match nothing in this store at all ('' when each names something that exists)."""
    if request.entity and not entity_ids:
        return f"no entity is called {request.entity!r}: list them with `dateline entities`"
    if request.event_type:
        codes = {t.code for t in event_types()}
        if request.event_type.upper() not in codes:
            return f"no event type {request.event_type!r}: use one of {_listing(codes, len(codes))}"
    if request.outlet:
        outlets = {outlet_name(a.source, a.url, a.origin, a.title) for a in store.iter_articles()}
        if request.outlet not in outlets:
            return f"no outlet is called {request.outlet!r}: the outlets are {_listing(outlets)}"
    if request.story and request.story not in corpus_output.stories(store):
        return f"no story {request.story!r}: list them with `dateline stories`"
    return ""


def apply_filters(store: ReadStore, timeline: Timeline, request: TimelineRequest) -> Filtered:
    """The timeline with its undated lines held to the filters, and a one-line message when nothing matched."""
    entity_ids = resolve_entity(store, request.entity) if request.entity else None
    unknown = unknown_filter(store, request, entity_ids)
    if unknown:  # a filter naming nothing in the store: nothing it shows can be about it
        return Filtered(Timeline(entries=()), f"no match: {unknown}")
    undated = list(timeline.undated)
    if request.since or request.until:
        undated = []  # an undated item is out once a bound is set (dateline.request.in_range)
    if entity_ids:
        undated = [line for line in undated if _line_has(line, store.load_document, _names_entity(entity_ids))]
    if request.event_type:
        code = request.event_type.upper()
        undated = [line for line in undated if _line_has(line, store.load_document, _has_event(code))]
    filtered = replace(timeline, undated=tuple(undated))
    asked = [f"{flag} {value}" for flag, value in (
        ("--query", request.query), ("--entity", request.entity), ("--outlet", request.outlet),
        ("--type", request.event_type), ("--story", request.story), ("--since", request.since),
        ("--until", request.until)) if value]
    if asked and not filtered.entries and not filtered.undated:
        filtered = replace(filtered, disagreements=())  # none of them is about what was asked for
        return Filtered(filtered, f"no match: nothing in the store matches {' '.join(asked)}")
    return Filtered(filtered)
