"""Strict parsing of publication dates found in metadata, headers and folder names.

Only unambiguous forms are accepted: ISO 8601 dates and datetimes (``2024-03-21``,
``2024-03``, ``2024``, ``2024-03-21T10:00:00Z``), RFC 2822 timestamps as feeds
write them (``Thu, 21 Mar 2024 10:00:00 +0000``) and the year-month-day forms of
Chinese, Japanese and Korean metadata (``2024年3月15日``, ``2024년 3월 15일``).
Anything else is "no date": guessing "03/04/2024" would date an article a month
wrong half the time. A year outside :data:`MIN_YEAR`-:data:`MAX_YEAR` is refused
as a value, never rewritten into another year.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from ..model import Precision

log = logging.getLogger(__name__)

@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A date with its granularity; month and year dates fall on the first day."""

    value: date
    precision: Precision


_ISO = re.compile(
    r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2})"
    r"(?:[T ](?P<time>\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)(?P<zone>Z|[+-]\d{2}:?\d{2})?)?)?)?"
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_RFC2822 = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),\s*)?(?P<day>\d{1,2})\s+"
    rf"(?P<month>{'|'.join(_MONTHS)})\s+(?P<year>\d{{4}})"
    r"(?:\s+\d{2}:\d{2}(?::\d{2})?(?:\s+(?:[+-]\d{4}|[A-Z]{1,5}))?)?",
    re.IGNORECASE,
)
# Plausible publication years; a "date" outside is a misread field.
MIN_YEAR, MAX_YEAR = 1800, 2200


def _ymd(year: int, month: str | None, day: str | None) -> ParsedDate | None:
    """The date of a year with an optional month and day, at that precision; None out of range or off the calendar."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        if day:
            return ParsedDate(date(year, int(month), int(day)), Precision.DAY)
        if month:
            return ParsedDate(date(year, int(month), 1), Precision.MONTH)
    except ValueError:  # month 13, February 30
        return None
    return ParsedDate(date(year, 1, 1), Precision.YEAR)


def _iso(text: str) -> ParsedDate | None:
    found = _ISO.fullmatch(text)
    # A timestamp's date is taken as written: it is the publisher's local day,
    # which is what "published on" means to a reader.
    return _ymd(int(found["year"]), found["month"], found["day"]) if found else None


# Year, month and day marked by 年 月 日 (Chinese, Japanese) or 년 월 일 (Korean); a time may follow.
_CJK = re.compile(
    r"(?P<year>\d{4})\s*[年년]\s*(?P<month>\d{1,2})\s*[月월]"
    r"(?:\s*(?P<day>\d{1,2})\s*[日일](?:\s*(?:\(.\)|（.）))?(?:\s*\d{1,2}\s*[:時时시]\s*\d{1,2}.*)?)?"
)


def _cjk(text: str) -> ParsedDate | None:
    found = _CJK.fullmatch(unicodedata.normalize("NFKC", text))  # full-width digits as digits
    return _ymd(int(found["year"]), found["month"], found["day"]) if found else None


def _rfc2822(text: str) -> ParsedDate | None:
    found = _RFC2822.fullmatch(text)
    if found is None:
        return None
    # the day as written, like ISO timestamps; the weekday is not checked
    month = str(_MONTHS.index(found["month"].lower()) + 1)
    return _ymd(int(found["year"]), month, found["day"])


def parse_date(value: object) -> ParsedDate | None:
    """The date of an ISO 8601, RFC 2822 or CJK year-month-day string, or None when it is not one of those."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    return _iso(text) or _rfc2822(text) or _cjk(text)


_YEAR = re.compile(r"(?<!\d)\d{4,}(?!\d)")


def why_not(value: object) -> str:
    """Why :func:`parse_date` gives no date for ``value``, in a few words for a warning."""
    text = unicodedata.normalize("NFKC", value.strip()) if isinstance(value, str) else ""
    if not text:
        return "not a date string"
    years = [int(y) for y in _YEAR.findall(text)]
    if years and not any(MIN_YEAR <= y <= MAX_YEAR for y in years):
        return f"year {years[0]} is outside {MIN_YEAR}-{MAX_YEAR}"
    if _ISO.fullmatch(text) or _RFC2822.fullmatch(text) or _CJK.fullmatch(text):
        return "no such day in the calendar"
    return "not an ISO 8601, RFC 2822 or year-month-day (年月日) date"


_DAY_FOLDER = re.compile(r"\d{4}-\d{2}-\d{2}")


def date_from_folders(parts: tuple[str, ...]) -> ParsedDate | None:
    """The date of the nearest ``YYYY-MM-DD`` folder among path parts (Timeline17's layout)."""
    for part in reversed(parts):
        if _DAY_FOLDER.fullmatch(part):
            parsed = _iso(part)
            if parsed is not None:
                return parsed
            log.warning("folder %r is named like a date that does not exist; its files are not dated by it", part)
    return None
