"""What each named group of a rule means: from matched words to value parts.

A rule's group name picks the normalizer (``month`` -> "03", ``n`` -> "6",
``unit`` -> "W"). Names may carry a numeric suffix (``day2``) when a rule needs a
second group of the same meaning. Unknown quantities ("several", "a few")
normalize to "X", as TIMEX3 writes them (``PXY``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7}
UNITS = {
    "second": "S", "sec": "S", "minute": "MIN", "min": "MIN", "hour": "H", "hr": "H",
    "day": "D", "night": "D", "weekend": "WE", "week": "W", "fortnight": "2W", "month": "M", "quarter": "Q",
    "year": "Y", "yr": "Y", "decade": "DE", "morning": "D", "evening": "D", "afternoon": "D",
    "hourly": "H", "daily": "D", "nightly": "D", "weekly": "W", "monthly": "M", "quarterly": "Q",
    "annual": "Y", "centur": "CE", "millenni": "ML",
}  # fmt: skip
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "dozen": 12, "half": 0.5, "couple": 2,
}  # fmt: skip
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "thirtieth": 30, "last": 4, "final": 4,
}  # fmt: skip
VAGUE = {"several", "few", "a few", "many", "some", "couple of", "a couple of", "numerous", "recent"}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
PARTS = {
    "early": "START", "earlier": "START", "beginning": "START", "start": "START", "dawn": "START",
    "mid": "MID", "middle": "MID", "late": "END", "later": "END", "end": "END", "close": "END",
}  # fmt: skip
TIMES_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI", "noon": "AF"}
DIRECTIONS = {
    "last": "-1", "past": "-1", "previous": "-1", "preceding": "-1", "ago": "-1", "earlier": "-1",
    "before": "-1", "next": "+1", "coming": "+1", "following": "+1", "later": "+1", "after": "+1",
    "this": "+0", "current": "+0", "same": "+0", "that": "+0", "the": "+0",
    "latest": "-1", "recent": "-1", "yesterday": "-1", "tomorrow": "+1",
}  # fmt: skip
# fixed-date named days; movable feasts that need a calendar are left out
HOLIDAYS = {
    "new year's day": "01-01", "new year's eve": "12-31", "christmas": "12-25",
    "christmas day": "12-25", "christmas eve": "12-24", "independence day": "07-04",
    "valentine's day": "02-14", "halloween": "10-31", "bastille day": "07-14",
    "boxing day": "12-26", "new year": "01-01", "labor day": "LABOR", "thanksgiving": "THANKS",
    "thanksgiving day": "THANKS",
}  # fmt: skip


def _words(s: str) -> str:
    return " ".join(s.lower().replace("-", " ").split())


def number(s: str) -> str:
    """'six' -> '6', '2,000' -> '2000', 'twenty-one' -> '21', 'several' -> 'X'."""
    w = _words(s).replace(",", "")
    if w in VAGUE:
        return "X"
    if re.fullmatch(r"\d+(?:\.\d+)?", w):
        return w.split(".")[0] if w.endswith(".0") else w
    m = re.fullmatch(r"(\d+) 1/2", w)
    if m:
        return f"{m.group(1)}.5"
    total = 0.0
    for part in w.split():
        if part in ("and", "of"):
            continue
        if part == "hundred":
            total = max(total, 1) * 100
        elif part in NUMBERS:
            total += NUMBERS[part]
        else:
            return "X"
    return f"{total:g}"


def ordinal(s: str) -> str:
    """'seventh' -> '7', '167th' -> '167', 'twenty-first' -> '21'."""
    w = _words(s)
    m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)?", w)
    if m:
        return m.group(1)
    parts = w.split()
    if len(parts) == 2 and parts[0] in NUMBERS and parts[1] in ORDINALS:
        return str(int(NUMBERS[parts[0]] + ORDINALS[parts[1]]))
    return str(ORDINALS.get(w, "X"))


def month(s: str) -> str:
    """'Oct.' / 'October' / '10' -> '10'."""
    w = s.strip(". ").lower()
    if w.isdigit():
        return f"{int(w):02d}"
    return f"{MONTHS[w[:3]]:02d}"


def day(s: str) -> str:
    """'7' / '7th' / 'seventh' -> '07'."""
    o = ordinal(s)
    return f"{int(o):02d}" if o.isdigit() else "XX"


def year(s: str) -> str:
    """'2024' -> '2024'; "'98" -> '1998' (two digits read as the nearest century)."""
    w = s.strip("'’ ").lower()
    if len(w) == 2:
        return ("20" if int(w) < 50 else "19") + w
    return w


def decade(s: str) -> str:
    """'1990s' -> '199', "'90s" / 'nineties' -> '199'."""
    w = s.lower().strip("'’ ").rstrip("s").rstrip("'’")
    if w.isdigit():
        return w[:3] if len(w) == 4 else ("19" + w[0] if len(w) == 2 else w)
    tens = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
            "seventies": 7, "eighties": 8, "nineties": 9}  # fmt: skip
    return "19" + str(tens.get(s.lower(), "X"))


def century(s: str) -> str:
    """'20th' / 'twentieth' -> '19' (the TIMEX3 century value is the leading digits)."""
    o = ordinal(s)
    return f"{int(o) - 1:02d}" if o.isdigit() else "XX"


def unit(s: str) -> str:
    """'weeks' -> 'W', 'hours' -> 'H', 'decades' -> 'DE'."""
    w = s.lower()
    for key, code in UNITS.items():
        if w.startswith(key):
            return code
    return "X"


def quarter(s: str) -> str:
    """'third' / '3rd' / '3' -> '3'."""
    return ordinal(s)


def half(s: str) -> str:
    """'first' / 'second' -> 'H1' / 'H2'."""
    return "H" + ordinal(s)


def hour(s: str) -> str:
    """'3' -> '03'."""
    return f"{int(s):02d}" if s.isdigit() else "XX"


def ampm(s: str) -> str:
    """'p.m.' -> 'PM'."""
    return "PM" if s.lower().startswith("p") else "AM"


APPROX = {
    "about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
    "nearly": "APPROX", "almost": "APPROX", "some": "APPROX", "more than": "MORE_THAN",
    "over": "MORE_THAN", "just over": "MORE_THAN", "at least": "EQUAL_OR_MORE",
    "less than": "LESS_THAN", "fewer than": "LESS_THAN", "under": "LESS_THAN",
    "just under": "LESS_THAN", "up to": "EQUAL_OR_LESS", "at most": "EQUAL_OR_LESS",
    "no more than": "EQUAL_OR_LESS", "no less than": "EQUAL_OR_MORE",
}  # fmt: skip


def _table(table: Mapping[str, str]) -> Callable[[str], str]:
    def lookup(s: str) -> str:
        w = _words(s)
        return table.get(w, table.get(w.rstrip("s"), "X"))

    return lookup


def direction(s: str) -> str:
    """'last' -> '-1', 'this coming' -> '+1', 'the same' -> '+0' (the last known word decides)."""
    for w in reversed(_words(s).split()):
        if w in DIRECTIONS:
            return DIRECTIONS[w]
    return "X"


NORMALIZERS: dict[str, Callable[[str], str]] = {
    "n": number,
    "ord": ordinal,
    "month": month,
    "day": day,
    "year": year,
    "decade": decade,
    "century": century,
    "unit": unit,
    "quarter": quarter,
    "half": half,
    "hour": hour,
    "minute": lambda s: f"{int(s):02d}",
    "ampm": ampm,
    "weekday": lambda s: str(WEEKDAYS[s.lower()[:3]]),
    "season": _table(SEASONS),
    "part": _table(PARTS),
    "tod": _table(TIMES_OF_DAY),
    "dir": direction,
    "approx": _table(APPROX),
    "holiday": _table(HOLIDAYS),
}


def normalize_group(name: str, text: str) -> str:
    """The value part for a group named ``name`` (suffix digits ignored) matching ``text``."""
    base = name.rstrip("0123456789")
    fn = NORMALIZERS.get(base)
    return fn(text) if fn else text


_FIELD = re.compile(r"\{([a-z][a-z0-9_]*)(?:\|([^}]*))?\}")


def render(template: str, groups: Mapping[str, str | None]) -> str:
    """Fill ``{group}`` / ``{group|default}`` fields of a value template."""

    def fill(m: re.Match[str]) -> str:
        raw = groups.get(m.group(1))
        if raw is None:
            return m.group(2) if m.group(2) is not None else "X"
        return normalize_group(m.group(1), raw)

    return _FIELD.sub(fill, template)
