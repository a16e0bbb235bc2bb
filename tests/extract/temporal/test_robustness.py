"""Any text in, no exception, every span inside the text."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.extract.temporal import extract_times

WORDS = st.sampled_from(
    ["Feb", "30", "year", "9999", "99/99/99", "Oct.", "7", "the", "167th", "day", "of", "war", "last", "Friday",
     "ago", "weeks", "2024", "-", ",", "early", "mid-", "between", "and", "its", "now", "every", "p.m.", "3", " "]
)  # fmt: skip


def _check(text: str, dct: date | None) -> None:
    for t in extract_times(text, dct):
        assert 0 <= t.start < t.end <= len(text)
        assert isinstance(t.value, str) and t.value


@settings(max_examples=150, deadline=None)
@given(st.text(), st.one_of(st.none(), st.dates()))
def test_any_unicode(text, dct):
    _check(text, dct)


@settings(max_examples=150, deadline=None)
@given(st.lists(WORDS, max_size=12).map(" ".join), st.one_of(st.none(), st.dates()))
def test_date_like_word_salad(text, dct):
    _check(text, dct)


def test_edge_dates():
    for dct in (date(1, 1, 1), date(9999, 12, 31), None):
        _check("Feb 30, year 9999, 99/99/99, next year, 3 weeks ago, every Friday, the 99999th day of the war", dct)
