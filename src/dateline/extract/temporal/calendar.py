"""Calendar arithmetic at a granularity: shift a day by units, write it as TIMEX3.

A :class:`Point` is a day standing for the period of its granularity that
contains it (the day 2024-03-21 at granularity M is "2024-03").
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from ...model import Precision


class Gran(str, Enum):
    """Granularity of a resolved date, finest first."""

    DAY = "D"
    WEEK = "W"
    MONTH = "M"
    QUARTER = "Q"
    HALF = "H"
    SEASON = "S"
    YEAR = "Y"
    DECADE = "DE"
    CENTURY = "CE"


ORDER = {g: i for i, g in enumerate(Gran)}
# unit codes of the rule tables (normalize.UNITS) to granularities
UNIT_GRAN = {
    "D": Gran.DAY, "W": Gran.WEEK, "WE": Gran.WEEK, "2W": Gran.WEEK, "M": Gran.MONTH,
    "Q": Gran.QUARTER, "Y": Gran.YEAR, "DE": Gran.DECADE, "CE": Gran.CENTURY,
}  # fmt: skip
PRECISION = {Gran.DAY: Precision.DAY, Gran.MONTH: Precision.MONTH, Gran.YEAR: Precision.YEAR}
UNKNOWN = {
    Gran.DAY: "XXXX-XX-XX", Gran.WEEK: "XXXX-WXX", Gran.MONTH: "XXXX-XX", Gran.QUARTER: "XXXX-QX",
    Gran.HALF: "XXXX-HX", Gran.SEASON: "XXXX-XX", Gran.YEAR: "XXXX", Gran.DECADE: "XXX",
    Gran.CENTURY: "XX",
}  # fmt: skip
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


@dataclass(frozen=True, slots=True)
class Point:
    """A day standing for the period of granularity ``gran`` that contains it."""

    day: date
    gran: Gran
    season: str = ""  # SP/SU/FA/WI when gran is SEASON

    def timex(self) -> str:
        """The TIMEX3 value of this period."""
        d, g = self.day, self.gran
        if g is Gran.DAY:
            return d.isoformat()
        if g is Gran.WEEK:
            y, w, _ = d.isocalendar()
            return f"{y:04d}-W{w:02d}"
        if g is Gran.MONTH:
            return f"{d.year:04d}-{d.month:02d}"
        if g is Gran.QUARTER:
            return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
        if g is Gran.HALF:
            return f"{d.year:04d}-H{1 if d.month <= 6 else 2}"
        if g is Gran.SEASON:
            return f"{d.year:04d}-{self.season}"
        if g is Gran.YEAR:
            return f"{d.year:04d}"
        if g is Gran.DECADE:
            return f"{d.year:04d}"[:3]
        return f"{d.year:04d}"[:2]


def add_months(d: date, months: int) -> date:
    """``d`` moved by whole months, the day clamped to the month's length."""
    total = d.year * 12 + (d.month - 1) + months
    y, m = divmod(total, 12)
    y = min(max(y, 1), 9999)
    return date(y, m + 1, min(d.day, monthrange(y, m + 1)[1]))


def shift(d: date, unit: str, n: int) -> date:
    """``d`` moved by ``n`` units ("D", "W", "M", "Q", "Y", "DE", "CE", "WE", "2W")."""
    if unit == "D":
        return d + timedelta(days=n)
    if unit in ("W", "WE"):
        return d + timedelta(weeks=n)
    if unit == "2W":
        return d + timedelta(weeks=2 * n)
    months = {"M": 1, "Q": 3, "H": 6, "Y": 12, "DE": 120, "CE": 1200}[unit]
    return add_months(d, months * n)


def season_of(d: date) -> tuple[str, int]:
    """The season containing ``d`` and the year it is named by (winter by its December)."""
    m = d.month
    if m in (3, 4, 5):
        return "SP", d.year
    if m in (6, 7, 8):
        return "SU", d.year
    if m in (9, 10, 11):
        return "FA", d.year
    return "WI", d.year if m == 12 else d.year - 1


def season_point(season: str, year: int) -> Point:
    """The season named ``season`` of ``year`` as a point."""
    return Point(date(year, SEASON_START.get(season, 6), 1), Gran.SEASON, season)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The ``n``-th ``weekday`` (1=Monday) of a month; n=-1 for the last."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    last = date(year, month, monthrange(year, month)[1])
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)


_DATE_VALUE = re.compile(r"(?P<y>\d{4}|XXXX)-(?P<m>\d\d)(?:-(?P<d>\d\d))?(?!\d)")


def impossible(value: str) -> str:
    """Why a TIMEX3 date value names a month or day no calendar has, or "" when it could exist.

    The year's own calendar decides when the year is known; an unknown year
    allows any day some year has (so February 29).

    >>> impossible("2024-02-30"), impossible("XXXX-02-29"), impossible("2023-02-29"), impossible("2024-13")
    ('February 2024 has 29 days', '', 'February 2023 has 28 days', 'there is no month 13')
    """
    m = _DATE_VALUE.match(value)
    if m is None:
        return ""
    month = int(m["m"])
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if m["d"] is None:
        return ""
    day = int(m["d"])
    year = int(m["y"]) if m["y"].isdigit() else 2000  # a leap year: every day some year has
    days = monthrange(max(year, 1), month)[1]
    if 1 <= day <= days:
        return ""
    name = date(2000, month, 1).strftime("%B")
    if day == 0:
        return "there is no day 0"
    return f"{name} {year} has {days} days" if m["y"].isdigit() else f"{name} has no day {day}"
