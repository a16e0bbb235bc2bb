"""Event times: event dates follow the time expressions the dating stage re-anchored."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ..extract.events import event_time
from ..model import Document
from ..settings import Settings


def refresh_times(doc: Document) -> Document:
    """``doc`` with its events' dates recomputed from its (re-anchored) timexes and publication date.

    The dating stage dates undated articles and re-resolves their timexes after
    the events were found; the links (``Event.time``) stay, the dates follow.
    """
    events = tuple(replace(e, date=d, precision=p) for e in doc.events
                   for d, p in [event_time(doc, e.time)])
    return doc if events == doc.events else replace(doc, events=events)


class EventTimesStage:
    """Corpus stage, right after dating: event dates follow the timexes the dating stage re-anchored."""

    name = "event-times"

    def __init__(self, settings: Settings):
        self.settings = settings

    def run(self, store: Any, new_ids: Sequence[str], settings: Settings) -> None:
        # any stored article may have been dated or re-anchored, not only the new ones
        for doc in store.iter_documents():
            if "events" in doc.layers:
                after = refresh_times(doc)
                if after is not doc:
                    store.save_document(after)


