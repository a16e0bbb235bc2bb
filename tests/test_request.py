"""A reader's request: date bounds parsed once into typed values, refused in one line."""

from datetime import date

import pytest

from dateline.errors import RequestError
from dateline.model import Precision
from dateline.request import DateBound, TimelineRequest, in_range


@pytest.mark.parametrize("text,first,last,precision", [
    ("2024", date(2024, 1, 1), date(2024, 12, 31), Precision.YEAR),
    ("2024-2", date(2024, 2, 1), date(2024, 2, 29), Precision.MONTH),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29), Precision.MONTH),
    ("2023-02", date(2023, 2, 1), date(2023, 2, 28), Precision.MONTH),
    ("2024-2-5", date(2024, 2, 5), date(2024, 2, 5), Precision.DAY),
    (" 2024-12-31 ", date(2024, 12, 31), date(2024, 12, 31), Precision.DAY),
])
def test_a_bound_is_the_days_it_covers(text, first, last, precision):
    bound = DateBound.parse(text)
    assert (bound.first, bound.last, bound.precision) == (first, last, precision)
    assert DateBound.parse(str(bound)) == bound  # it prints as it parses


@pytest.mark.parametrize("text", ["", "24", "2024-13", "2024-02-30", "2024/02", "March", "2024-3-", "2024-003",
                                  "20240", "2024-02-01T10:00", "last week"])
def test_what_is_not_a_bound(text):
    with pytest.raises(ValueError):
        DateBound.parse(text)


def test_a_request_parses_every_value_once():
    request = TimelineRequest.parse(query=" ceasefire ", entity="", event_type="consult", since="2024-2",
                                    until="2024-03-05", max_dates="4")
    assert request == TimelineRequest(query="ceasefire", event_type="CONSULT", since=DateBound.parse("2024-02"),
                                      until=DateBound.parse("2024-03-05"), max_dates=4)
    assert request.bounds() == {"since": "2024-02", "until": "2024-03-05"}


@pytest.mark.parametrize("options,message", [
    ({"since": "2024-13"}, "since '2024-13' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"),
    ({"until": "soon"}, "until 'soon' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"),
    ({"since": "2024-03", "until": "2024-02"}, "since 2024-03 is after until 2024-02: give a since on or before "
                                               "the until"),
    ({"max_dates": 0}, "max_dates 0 is too small: give a whole number of at least 1"),
    ({"per_date": "two"}, "per_date 'two' is not a number: give a whole number of at least 1"),
])
def test_a_bad_value_is_one_line(options, message):
    with pytest.raises(RequestError) as err:
        TimelineRequest.parse(**options)
    assert str(err.value) == message


def test_a_bound_given_as_a_string_is_refused_by_the_constructor():
    with pytest.raises(TypeError):
        TimelineRequest(since="2024-02")  # type: ignore[arg-type]


def test_months_and_days_overlap_as_calendars_do():
    month, day = DateBound.parse("2024-02"), DateBound.parse("2024-02-29")
    assert in_range("2024-02-29", month, month) and in_range("2024-02", day, None)
    assert not in_range("2024-03-01", None, month) and in_range("2024", month, day)
    assert in_range("", None, None) and not in_range("", month, None)
