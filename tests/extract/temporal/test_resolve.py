"""The resolver: tense-aware weekdays, narrative anchors, granularity, no DCT."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.extract.temporal import extract_times
from dateline.extract.temporal.resolve import duration

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


WEDNESDAY = date(2025, 3, 5)


@pytest.mark.parametrize(
    "text,span,value",
    [
        # the date belongs to the relative clause ("that struck"), not to the main clause's "would"
        ("Engineers said the new pier would be built to survive a surge like the one that struck the harbour on March 2.",
         "March 2", "2025-03-02"),
        ("Officials said the levee would hold against floods such as the one that hit the valley on Feb. 27.",
         "Feb. 27", "2025-02-27"),
        # a month-day within a month of the DCT is the nearby one whatever the tense
        ("The council will review the damage reported on March 2.", "March 2", "2025-03-02"),
        ("The ferry service resumed after repairs and reopens fully on March 20.", "March 20", "2025-03-20"),
        # further away, an explicit tense decides
        ("The mayor said the plant opened on June 9.", "June 9", "2024-06-09"),
        ("The mayor said the plant will open on June 9.", "June 9", "2025-06-09"),
        # "since" only looks back, even inside the nearby window
        ("Rebels have held the village since a March 20 assault.", "March 20", "2024-03-20"),
        ("Prices have risen since Feb. 28.", "Feb. 28", "2025-02-28"),
        # no cue, far away on both sides: the nearest
        ("Ticket sales for the May 30 concert are brisk.", "May 30", "2025-05-30"),
        # "could not be reached" is not a plan
        ("The owner could not be reached on Monday.", "Monday", "2025-03-03"),
        ("The crew planned to leave port on Friday.", "Friday", "2025-03-07"),
    ],
)
def test_tense_is_local_to_the_clause(text, span, value):
    assert value_of(text, span, WEDNESDAY) == value


@pytest.mark.parametrize(
    "text,span,value",
    [
        ("Sales rose in the third quarter of 2023. A year earlier they fell, and a year earlier still they rose.",
         "the third quarter of 2023", "2023-Q3"),
        # a look back ("a year earlier") does not move the story's time: both compare with 2023-Q3
        ("Sales rose in the third quarter of 2023, up from a year earlier. Costs fell from a year earlier.",
         "a year earlier", "2022-Q3"),
        ("Revenue in the second quarter of 2023 beat the year-ago period; in the quarter costs fell.",
         "the quarter", "2023-Q2"),
        ("Net income rose in the quarter, the bank said.", "the quarter", "2024-Q4"),
    ],
)
def test_narrative_comparisons(text, span, value):
    assert value_of(text, span, date(2025, 1, 20)) == value


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


@pytest.mark.parametrize(
    "text,span,value",
    [
        # a present-simple event verb or a progressive with a bare weekday: the coming day
        ("The ethics panel convenes Monday to hear the case.", "Monday", "2024-03-25"),
        ("Negotiators resume Tuesday in Vienna.", "Tuesday", "2024-03-26"),
        ("The minister is flying to Lima on Saturday.", "Saturday", "2024-03-23"),
        # negative rows: a past verb, a possessive weekday, a noun that looks like a verb
        ("The ethics panel convened Monday to hear the case.", "Monday", "2024-03-18"),
        ("Police are investigating Monday's fire at the depot.", "Monday", "2024-03-18"),
        ("The head of the agency spoke on Tuesday.", "Tuesday", "2024-03-19"),
    ],
)
def test_schedule_weekdays_point_ahead(text, span, value):
    assert value_of(text, span) == value


@pytest.mark.parametrize(
    "text,span,value",
    [
        # a dividend "payable" on a day is planned; an adjective in "-ed" is no past tense
        ("The board declared a dividend, payable May 20 to holders of record.", "May 20", "2024-05-20"),
        ("It will be paid on a still undisclosed date in June.", "June", "2024-06"),
        # a clause without a verb borrows the nearest one before it in the sentence
        ("Ms. Ode, who stepped down as chair and chief executive in August, left.", "August", "2023-08"),
    ],
)
def test_tense_cues(text, span, value):
    assert value_of(text, span) == value


@pytest.mark.parametrize(
    "text,span,value",
    [
        ("Profit in the third quarter of 2023 rose to $4 million. The firm had net of $1.1 million, "
         "or four cents a share, a year ago.", "a year ago", "2022-Q3"),
        # no results stated: the year before
        ("Profit in the third quarter of 2023 rose. A year ago the plant was shut.", "A year ago", "2023"),
        ("Net rose in the quarter ended Sept. 30; in the year-ago quarter it fell.", "the year-ago quarter", "2022-Q3"),
    ],
)
def test_results_compare_with_the_period_a_year_before(text, span, value):
    assert value_of(text, span) == value
