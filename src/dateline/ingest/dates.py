"""Strict parsing of publication dates found in metadata, headers and folder names.

Only unambiguous forms are accepted: ISO 8601 dates and datetimes (``2024-03-21``,
``2024-03``, ``2024``, ``2024-03-21T10:00:00Z``) and RFC 2822 timestamps as feeds
write them (``Thu, 21 Mar 2024 10:00:00 +0000``). Anything else is "no date":
guessing "03/04/2024" would date an article a month wrong half the time.
"""

from __future__ import annotations

import logging
import re
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


def _iso(text: str) -> ParsedDate | None:
    found = _ISO.fullmatch(text)
    if found is None:
        return None
    year = int(found["year"])
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        if found["day"]:
            # A timestamp's date is taken as written: it is the publisher's
            # local day, which is what "published on" means to a reader.
            return ParsedDate(date(year, int(found["month"]), int(found["day"])), Precision.DAY)
        if found["month"]:
            return ParsedDate(date(year, int(found["month"]), 1), Precision.MONTH)
    except ValueError:  # month 13, February 30
        return None
    return ParsedDate(date(year, 1, 1), Precision.YEAR)


def _rfc2822(text: str) -> ParsedDate | None:
    found = _RFC2822.fullmatch(text)
    if found is None:
        return None
    year = int(found["year"])
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:  # the day as written, like ISO timestamps; the weekday is not checked
        day = date(year, _MONTHS.index(found["month"].lower()) + 1, int(found["day"]))
    except ValueError:
        return None
    return ParsedDate(day, Precision.DAY)


def parse_date(value: object) -> ParsedDate | None:
    """The date of an ISO 8601 or RFC 2822 string, or None when it is not one of those."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    return _iso(text) or _rfc2822(text)


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
