"""What a reader asks for: a :class:`TimelineRequest` with typed date bounds, validated in one place.

The CLI builds one from its options, the web app from its query string; both
call :meth:`TimelineRequest.parse`, so a value is accepted or refused the same
way, with the same one-line :class:`~dateline.errors.RequestError`. Every
reader (the timeline, the list functions of :mod:`dateline.query`, the
disagreements) takes the typed request, and dates are compared as the days
they cover (:func:`in_range`), never as strings.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from .errors import RequestError
from .model import Precision

__all__ = ["DateBound", "RequestError", "TimelineRequest", "in_range"]

# YYYY, YYYY-M[M] or YYYY-M[M]-D[D]: a bound a user types ("2024-2" is February 2024)
_BOUND = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?")
# the date a stored value starts with: a TIMEX3 value ("2024-03-21", "2024-03", "2024",
# "2024-03-21T10:00") or an ISO publication date; anything else (a week, a season) counts as its year
_VALUE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?(?![\d])")
BOUND_HELP = "use YYYY, YYYY-MM or YYYY-MM-DD"


@dataclass(frozen=True, slots=True, order=True)
class DateBound:
    """A day, a month or a year: the days from ``first`` to ``last``, both included.

    >>> DateBound.parse("2024-2"), str(DateBound.parse("2024-2")), DateBound.parse("2024-02").last
    (DateBound(first=datetime.date(2024, 2, 1), precision=<Precision.MONTH: 'month'>), '2024-02', datetime.date(2024, 2, 29))
    """

    first: date
    precision: Precision

    @property
    def last(self) -> date:
        """The last day the bound covers."""
        if self.precision is Precision.DAY:
            return self.first
        if self.precision is Precision.MONTH:
            return self.first.replace(day=calendar.monthrange(self.first.year, self.first.month)[1])
        return self.first.replace(month=12, day=31)

    def __str__(self) -> str:
        iso = self.first.isoformat()
        return {Precision.DAY: iso, Precision.MONTH: iso[:7], Precision.YEAR: iso[:4]}[self.precision]

    @classmethod
    def of(cls, day: date) -> "DateBound":
        """The bound of one day."""
        return cls(day, Precision.DAY)

    @classmethod
    def parse(cls, text: str) -> "DateBound":
        """A bound as a user writes it (YYYY, YYYY-M[M], YYYY-M[M]-D[D]); ValueError when it is none."""
        m = _BOUND.fullmatch(text.strip())
        if m is None:
            raise ValueError(text)
        return cls._from_parts(m["year"], m["month"], m["day"])

    @classmethod
    def of_value(cls, value: str) -> "DateBound | None":
        """The days a stored date value covers ("2024-03" -> March 2024); None for an undated value."""
        m = _VALUE.match(value or "")
        if m is None:
            return None
        try:
            return cls._from_parts(m["year"], m["month"], m["day"])
        except ValueError:  # "2024-13" or "2024-02-30" in a value: keep its year
            return cls._from_parts(m["year"], None, None)

    @classmethod
    def _from_parts(cls, year: str, month: str | None, day: str | None) -> "DateBound":
        first = date(int(year), int(month or 1), int(day or 1))  # ValueError for month 13, Feb 30...
        precision = Precision.DAY if day else Precision.MONTH if month else Precision.YEAR
        return cls(first, precision)


def in_range(value: str, since: DateBound | None, until: DateBound | None) -> bool:
    """Whether the days a date value of any precision covers overlap [since, until].

    The --since/--until filter every reader shares, so it means the same
    everywhere: a month overlapping a bound is kept. An undated item is out
    once a bound is set.

    >>> feb10 = DateBound.parse("2025-02-10")
    >>> in_range("2025-02", feb10, None), in_range("2025-01-31", DateBound.parse("2025-2"), None), in_range("", None, feb10)
    (True, False, False)
    """
    if since is None and until is None:
        return True
    days = DateBound.of_value(value)
    if days is None:
        return False
    return (since is None or days.last >= since.first) and (until is None or days.first <= until.last)


def _bound(value: str | None, name: str) -> DateBound | None:
    if value is None or not value.strip():
        return None
    try:
        return DateBound.parse(value)
    except ValueError:
        raise RequestError(f"{name} {value.strip()!r} is not a date: {BOUND_HELP}") from None


def _text(value: str | None) -> str | None:
    """An empty option or form field means no filter."""
    return value.strip() or None if value else None


def _size(value: Any, name: str) -> int | None:
    if value is None or value == "":
        return None
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise RequestError(f"{name} {value!r} is not a number: give a whole number of at least 1") from None
    if n < 1:
        raise RequestError(f"{name} {n} is too small: give a whole number of at least 1")
    return n


@dataclass(frozen=True)
class TimelineRequest:
    """A reader's request; ``None`` means no filter (or the Settings' default).

    ``query``, ``since``/``until`` and the sizes choose the timeline's days;
    ``entity``, ``outlet``, ``event_type`` and ``story`` narrow what it shows
    (:func:`dateline.timeline.story.story_timeline`). The list commands read
    ``entity``, ``event_type`` and the bounds.
    """

    query: str | None = None  # full-text (FTS5) query
    entity: str | None = None  # entity id, or a name in any spelling
    outlet: str | None = None  # outlet as shown to readers (source_names.outlet_name)
    event_type: str | None = None  # event type code, upper case, e.g. CONSULT
    story: str | None = None  # story id
    since: DateBound | None = None  # inclusive
    until: DateBound | None = None  # inclusive
    max_dates: int | None = None  # day entries
    per_date: int | None = None  # summary sentences per date
    coarse: bool | None = None  # the months the corpus names most, as background entries

    def __post_init__(self) -> None:
        # a library caller builds one directly: bounds must be typed (a string would be compared as text)
        for name in ("since", "until"):
            if not isinstance(getattr(self, name), DateBound | None):
                raise TypeError(f"TimelineRequest.{name} takes a DateBound (DateBound.parse), not "
                                f"{type(getattr(self, name)).__name__}")
        if self.event_type and self.event_type != self.event_type.upper():
            object.__setattr__(self, "event_type", self.event_type.upper())

    @classmethod
    def parse(cls, *, query: str | None = None, entity: str | None = None, outlet: str | None = None,
              event_type: str | None = None, story: str | None = None, since: str | None = None,
              until: str | None = None, max_dates: Any = None, per_date: Any = None,
              coarse: bool | None = None) -> "TimelineRequest":
        """A request from the strings a user typed; RequestError (one line) for a value that cannot be one.

        >>> TimelineRequest.parse(since="2024-2") == TimelineRequest.parse(since="2024-02")
        True
        >>> TimelineRequest.parse(until="2024-13")
        Traceback (most recent call last):
        dateline.errors.RequestError: until '2024-13' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD
        """
        low, high = _bound(since, "since"), _bound(until, "until")
        if low is not None and high is not None and low.first > high.last:
            raise RequestError(f"since {low} is after until {high}: give a since on or before the until")
        kind = _text(event_type)
        return cls(query=_text(query), entity=_text(entity), outlet=_text(outlet),
                   event_type=kind.upper() if kind else None, story=_text(story), since=low, until=high,
                   max_dates=_size(max_dates, "max_dates"), per_date=_size(per_date, "per_date"), coarse=coarse)

    def bounds(self) -> dict[str, str]:
        """The bounds as a reader wrote them, normalised ("2024-02"): for links and forms."""
        return {"since": str(self.since) if self.since else "", "until": str(self.until) if self.until else ""}
