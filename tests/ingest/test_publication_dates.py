"""Strict publication-date parsing: unambiguous forms only."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.ingest.publication_dates import ParsedDate, date_from_folders, parse_date
from dateline.model import Precision

DAY, MONTH, YEAR = Precision.DAY, Precision.MONTH, Precision.YEAR


@pytest.mark.parametrize("value,expected", [
    ("2024-03-21", ParsedDate(date(2024, 3, 21), DAY)),
    (" 2024-03-21 ", ParsedDate(date(2024, 3, 21), DAY)),
    ("2024-03", ParsedDate(date(2024, 3, 1), MONTH)),
    ("2024", ParsedDate(date(2024, 1, 1), YEAR)),
    ("2024-03-21T23:30:00Z", ParsedDate(date(2024, 3, 21), DAY)),
    ("2024-03-21T23:30:00.123+05:30", ParsedDate(date(2024, 3, 21), DAY)),  # the publisher's day, as written
    ("2024-03-21 08:00", ParsedDate(date(2024, 3, 21), DAY)),
    ("Thu, 21 Mar 2024 10:00:00 +0000", ParsedDate(date(2024, 3, 21), DAY)),
    ("21 Mar 2024 10:00:00 GMT", ParsedDate(date(2024, 3, 21), DAY)),
    ("Thu, 21 Mar 2024", ParsedDate(date(2024, 3, 21), DAY)),
    # negative rows: ambiguous, impossible or not dates
    ("03/04/2024", None),
    ("March 21, 2024", None),
    ("2024-02-30", None),
    ("2024-13", None),
    ("yesterday", None),
    ("", None),
    ("0024-01-01", None),
    (20240321, None),
    (None, None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("parts,expected", [
    (("t17", "bpoil_bbc", "InputDocs", "2010-04-22"), date(2010, 4, 22)),
    (("2009-01-01", "2010-04-22"), date(2010, 4, 22)),  # the nearest folder
    (("archive", "2010-04-31"), None),  # not a real day
    (("archive", "2010-04"), None),
    (("2010-04-22-extra",), None),
])
def test_date_from_folders(parts, expected):
    found = date_from_folders(parts)
    assert (found.value if found else None) == expected
    if found:
        assert found.precision is DAY
