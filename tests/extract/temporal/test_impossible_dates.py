"""A date no calendar has is dropped, with a warning, where the text is read; never stored as a value."""

from __future__ import annotations

import logging
from datetime import date

import pytest

from dateline.extract.temporal import extract_times
from dateline.extract.temporal.calendar import impossible

DCT = date(2024, 3, 5)


@pytest.mark.parametrize("value,reason", [
    ("2024-02-30", "February 2024 has 29 days"),
    ("2023-02-29", "February 2023 has 28 days"),
    ("2010-09-31", "September 2010 has 30 days"),
    ("XXXX-02-30", "February has no day 30"),
    ("2024-13", "there is no month 13"),
    ("2024-00-10", "there is no month 0"),
    ("2024-05-00", "there is no day 0"),
    # negative rows: dates that exist, and values that are no calendar date
    ("2024-02-29", ""), ("XXXX-02-29", ""), ("2024-12", ""), ("2024-W13", ""), ("P3D", ""), ("XXXX-XX-XX", ""),
])
def test_impossible(value, reason):
    assert impossible(value) == reason


@pytest.mark.parametrize("text,dropped", [
    ("The vote was held on February 30, 2024, officials said.", "February 30, 2024"),
    ("The letter is dated 31 April 2023.", "31 April 2023"),
    ("It was filed on 2024-02-30 by the clerk.", "2024-02-30"),
    ("The fair opens on the 30th of February.", "the 30th of February"),
])
def test_an_impossible_date_is_dropped_with_a_warning(caplog, text, dropped):
    with caplog.at_level(logging.WARNING, logger="dateline"):
        times = extract_times(text, DCT)
    assert all(not impossible(t.value) for t in times)
    assert dropped not in [text[t.start:t.end] for t in times]
    assert any(dropped in r.getMessage() for r in caplog.records)


def test_the_dates_around_an_impossible_one_are_kept():
    text = "Talks began on March 1, 2024, broke off on February 30, 2024, and resumed on Feb. 29, 2024."
    assert [t.value for t in extract_times(text, DCT)] == ["2024-03-01", "2024-02-29"]
