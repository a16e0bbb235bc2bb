"""Time expressions as the TimeML guidelines tag them, for TimeML output and for scoring against TimeML gold.

The guidelines' extent differs from what dateline keeps in one place: an
amount counted from an event ("a week after the attack") is tagged as its
amount alone ("a week"), a DURATION, whereas dateline anchors the whole
offset. :func:`timeml_view` gives that view; ``dateline times --format timeml``
and ``dateline eval timex`` read the timexes through it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from ...model import TimeExpression, TimexType
from . import extract_times  # the package's entry point tags and anchors the amount alone
from .extent import widen

_COUNTED_FROM = re.compile(r"\s+(?:after|before)\s", re.IGNORECASE)


def timeml_view(text: str, timexes: Sequence[TimeExpression], dct: date | None,
                *, tagger=None) -> tuple[TimeExpression, ...]:
    """The timexes as the TimeML guidelines tag them: an amount counted from an event becomes its amount."""
    out = []
    for t in timexes:
        if t.underspecified.startswith("=EVTOFF"):
            amount = _amount(text, t, dct, tagger)
            if amount is not None:
                out.append(amount)
            continue
        out.append(t)
    return tuple(out)


def _amount(text: str, t: TimeExpression, dct: date | None, tagger) -> TimeExpression | None:
    """The DURATION that starts an event offset ("a week" of "a week after the attack"), or None."""
    cut = _COUNTED_FROM.search(text, t.start, t.end)
    if cut is None:
        return None
    # the offset's own bound ("less than") was outside its span: tag from the start of the text before it
    head = text[:cut.start()]
    found = [d for d in extract_times(head[t.start:], dct, tagger=tagger)
             if d.type is TimexType.DURATION and d.end == len(head) - t.start]
    if not found:
        return None
    d = replace(found[0], start=found[0].start + t.start, end=found[0].end + t.start)
    return d if d.mod else widen(text, [d])[0]
