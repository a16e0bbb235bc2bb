"""Span extent by the TimeML 1.2.1 annotation guidelines, on sentences written here.

The rows are read through :func:`timeml_view`, what ``dateline times --format
timeml`` and ``dateline eval timex`` show: an amount counted from an event is
cut to its amount there, while the stored timex keeps the event in its span for
the corpus dating stage (checked below too).
"""

from __future__ import annotations

from datetime import date

import pytest

from dateline.extract.temporal import extract_times
from dateline.extract.temporal.extent import modifiers
from dateline.extract.temporal.timeml_extent import timeml_view

DCT = date(2024, 3, 20)  # a Wednesday

ROWS = [
    # text, expected span, value, mod
    ("The plant will reopen two weeks from now, the owner said.", "two weeks from now", "2024-W14", ""),
    ("The bridge closed three days ago after the storm.", "three days ago", "2024-03-17", ""),
    ("Nearly a decade ago the mill closed.", "Nearly a decade ago", "2014", "APPROX"),
    ("The report is due by the end of the year.", "the end of the year", "2024", "END"),
    ("The summit is set for mid-April in Vienna.", "mid-April", "2024-04", "MID"),
    ("The fund grew in the first half of 2023.", "the first half of 2023", "2023-H1", ""),
    ("The plant ran for 10 days without power.", "10 days", "P10D", ""),
    ("Prices rose for about three years before the crash.", "about three years", "P3Y", "APPROX"),
    ("Twenty minutes after the blast, police arrived.", "Twenty minutes", "PT20M", ""),
    ("Less than a month after the vote, he quit.", "Less than a month", "P1M", "LESS_THAN"),
    ("Shelling resumed late yesterday near the port.", "late yesterday", "2024-03-19", "END"),
    ("The ferry docked around 7:15 p.m. in Bari.", "around 7:15 p.m.", "2024-03-20T19:15", "APPROX"),
]


def _timeml(text):
    return {text[t.start:t.end]: t for t in timeml_view(text, extract_times(text, DCT), DCT)}


@pytest.mark.parametrize("text,span,value,mod", ROWS)
def test_guideline_span(text, span, value, mod):
    found = _timeml(text)
    assert span in found, sorted(found)
    assert (found[span].value, found[span].mod or "") == (value, mod)


def test_the_stored_offset_keeps_its_event_for_dating():
    text = "The attack came on Nov. 3, 2015. A week after the attack, the border closed."
    stored = {text[t.start:t.end]: t.value for t in extract_times(text, DCT)}
    assert stored["A week after the attack"] == "2015-11-10"
    assert _timeml(text)["A week"].value == "P1W"


@pytest.mark.parametrize("modifier,example", [(m, e) for m in modifiers()[0] for e in m.examples],
                         ids=lambda x: getattr(x, "name", None) or x[0][:30])
def test_modifier_examples(modifier, example):
    text, span, mod = example
    found = _timeml(text)
    assert span in found, sorted(found)
    assert found[span].mod == mod


@pytest.mark.parametrize("text", modifiers()[1])
def test_modifier_negatives(text):
    found = extract_times(text, DCT)
    assert found, "a negative row must hold a time expression for the modifier to leave alone"
    assert all(not t.mod for t in found), [(text[t.start:t.end], t.mod) for t in found]
