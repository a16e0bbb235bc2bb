"""The resolver: tense-aware weekdays, narrative anchors, granularity, no DCT."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.temporal import extract_times
from dateline.temporal.resolve import duration

THURSDAY = date(2024, 3, 21)


def value_of(text: str, span: str, dct: date | None = THURSDAY) -> str:
    found = {text[t.start : t.end]: t.value for t in extract_times(text, dct)}
    assert span in found, sorted(found)
    return found[span]


@pytest.mark.parametrize(
    "text,span,value",
    [
        ("She flew to Oslo on Wednesday and is expected in Rome on Friday.", "Wednesday", "2024-03-20"),
        ("She flew to Oslo on Wednesday and is expected in Rome on Friday.", "Friday", "2024-03-22"),
        ("The envoy is scheduled to visit Jordan on Friday.", "Friday", "2024-03-22"),
        ("The envoy plans to visit Jordan on Monday.", "Monday", "2024-03-25"),
        ("The envoy visited Jordan on Monday.", "Monday", "2024-03-18"),
        ("The envoy arrived in Cairo on Thursday.", "Thursday", "2024-03-21"),
        ("The envoy will speak on Thursday.", "Thursday", "2024-03-21"),
        ("The court must rule by Jan. 14, lawyers said.", "Jan. 14", "2025-01-14"),
    ],
)
def test_weekdays_and_days_follow_the_tense(text, span, value):
    assert value_of(text, span) == value


@pytest.mark.parametrize(
    "text,span,value",
    [
        ("The agency was founded in October last year.", "October last year", "2023-10"),
        ("Prices rose last year.", "last year", "2023"),
        ("The report comes out next month.", "next month", "2024-04"),
        ("The convoy left two weeks ago.", "two weeks ago", "2024-W10"),
        ("It happened earlier this month.", "earlier this month", "2024-03"),
        ("Expect crowds this weekend.", "this weekend", "2024-W12-WE"),
        ("The fire started tonight.", "tonight", "2024-03-21TNI"),
        ("Sales jumped in the first quarter.", "the first quarter", "2024-Q1"),
        ("The strike is now in its sixth week.", "now", "PRESENT_REF"),
    ],
)
def test_granularity_is_kept(text, span, value):
    assert value_of(text, span) == value


def test_narrative_moves_the_reference():
    text = "The ship docked on March 3, 2022. Two days later the crew left, and the next day it sailed."
    assert value_of(text, "Two days later") == "2022-03-05"
    assert value_of(text, "the next day") == "2022-03-06"


def test_without_dct_values_stay_underspecified():
    text = "On Tuesday officials met; the raid of Oct. 7 was discussed, and talks end next month."
    assert value_of(text, "Tuesday", None) == "XXXX-WXX-2"
    assert value_of(text, "Oct. 7", None) == "XXXX-10-07"
    assert value_of(text, "next month", None) == "XXXX-XX"


def test_absolute_dates_need_no_dct():
    assert value_of("It was signed on March 21, 2024.", "March 21, 2024", None) == "2024-03-21"


@pytest.mark.parametrize("text", ["It fell on Feb 30 of that year.", "In the year 9999 it ends.", "Code 99/99/99 here."])
def test_impossible_dates_do_not_crash(text):
    for t in extract_times(text, THURSDAY):
        assert 0 <= t.start < t.end <= len(text)


def test_event_count_from_the_same_article():
    text = "A strike began on Jan. 2, 2024. Workers marked the 10th day of the strike."
    assert value_of(text, "the 10th day of the strike", None) == "2024-01-11"


def test_event_count_with_corpus_knowledge():
    text = "Since an Oct. 7 assault, the war, now in its 167th day, has spread."
    found = {text[t.start : t.end]: t for t in extract_times(text, None, known={"XXXX-10-07": "2023-10-07"})}
    assert found["Oct. 7"].value == "2023-10-07"
    assert found["its 167th day"].value == "2024-03-21"
    assert found["its 167th day"].anchor == "event"


@pytest.mark.parametrize(
    "n,unit,value", [("6", "W", "P6W"), ("167", "D", "P167D"), ("X", "Y", "PXY"), ("5.5", "H", "PT5H30M"), ("2", "DE", "P20Y")]
)
def test_duration_values(n, unit, value):
    assert duration(n, unit) == value
