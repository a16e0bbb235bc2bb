"""Anchor the tagger's underspecified values: the anchor half of extract-then-anchor.

Values come in two forms. A TIMEX3 value with unknowns (``XXXX-10-07``) gets its
year from the anchor and the clause's tense. A function (``=OFF Y -1 dct``,
``=WD 4 0``) is looked up in ``FUNCTIONS``, one small function per name.
Anchors: the publication date (DCT); the last date the text mentioned for
"two days later"; an event's date for "the 167th day of the war"; and, for an
undated article, days the corpus knows (``known``: "XXXX-10-07" -> "2023-10-07").
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta

from ...model import Precision, Sentence, TimeExpression, TimexType
from . import anchors as ev
from .calendar import (
    ORDER,
    PRECISION,
    UNIT_GRAN,
    UNKNOWN,
    Gran,
    Point,
    impossible,
    nth_weekday,
    season_of,
    season_point,
    shift,
)
from .context import Context, Resolved, as_int, dated, pick_year, safe_date, sentence_spans
from .normalize import month as month_number
from .tagger import SUFFIX_MARK
from .tense import Tense

log = logging.getLogger(__name__)

_ENDED = re.compile(
    r"\s+(?:ended|ending)\s+(?P<month>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?)\s+\d", re.IGNORECASE
)
_XDAY = re.compile(r"^XXXX-(?P<m>\d\d)-(?P<d>\d\d)$")
_XMONTH = re.compile(r"^XXXX-(?P<m>\d\d)$")
_FULL = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d\d)(?:-(?P<d>\d\d))?)?$")


def _year_unknown(ctx: Context, value: str) -> Resolved:
    if ctx.dct is None and value in ctx.known:
        p = _point_of(ctx.known[value])
        return Resolved(ctx.known[value], "corpus", p)
    if ctx.dct is None:
        return Resolved(value)
    m = _XDAY.match(value)
    if m:
        mo, dy = int(m.group("m")), int(m.group("d"))
        d = pick_year(ctx, lambda y: safe_date(y, mo, dy))
        return dated(Point(d, Gran.DAY), "tense") if d else Resolved(value)
    m = _XMONTH.match(value)
    if m:
        mo = int(m.group("m"))
        if not 1 <= mo <= 12:
            return Resolved(value)
        # a month counts as past while any of it is, so compare its first day with the DCT's month
        first = date(ctx.dct.year, ctx.dct.month, 1)
        ctx.dct, saved = first, ctx.dct
        try:
            d = pick_year(ctx, lambda y: date(y, mo, 1))
        finally:
            ctx.dct = saved
        return dated(Point(d, Gran.MONTH), "tense") if d else Resolved(value)
    return Resolved(value)


def _point_of(value: str) -> Point | None:
    m = _FULL.match(value)
    if not m:
        return None
    y, mo, dy = int(m.group("y")), m.group("m"), m.group("d")
    if dy:
        d = safe_date(y, int(mo), int(dy))
        return Point(d, Gran.DAY) if d else None
    if mo:
        return Point(date(y, int(mo), 1), Gran.MONTH) if 1 <= int(mo) <= 12 and y > 0 else None
    return Point(date(y, 1, 1), Gran.YEAR) if y > 0 else None


# -- functions of the value templates ------------------------------------------------


def _off(ctx: Context, args: list[str]) -> Resolved | None:
    """=OFF UNIT DIR ANCHOR [N]: N units from the anchor in direction DIR."""
    unit, direction, anchor = args[0], args[1], args[2]
    count = args[3] if len(args) > 3 else "1"
    if unit in ("H", "MIN", "S"):  # "three hours ago" is today
        unit, count = "D", "0"
    gran = UNIT_GRAN.get(unit)
    if gran is None or direction == "X":
        return None
    sign = as_int(direction)
    if count == "X":
        return Resolved("PAST_REF" if sign < 0 else "FUTURE_REF" if sign > 0 else "PRESENT_REF")
    n = sign * as_int(count, 1)
    base, how = _anchor(ctx, anchor, gran)
    if how == "dct" and gran is Gran.YEAR and n == -1 and count == "1":
        # "profit fell from a year ago": the period under discussion, a year before
        if _period_in_sentence(ctx):
            base, how = ctx.last, "narrative"
        elif len(args) > 3 and (period := _last_period(ctx)) is not None and _results_sentence(ctx):
            # "had net of $1.1 million, or four cents a share, a year ago" (a count: "ago", not "last year")
            base, how = period, "narrative"
    if anchor == "narr" and gran is Gran.QUARTER and n == 0:
        # "the quarter ended Sept. 30" is the quarter that holds that day
        ended = _ENDED.match(ctx.text, ctx.timex.end if ctx.timex else 0)
        if ended and ctx.dct is not None:
            mo = int(month_number(ended.group("month")))
            y = ctx.dct.year if (mo, 1) <= (ctx.dct.month, ctx.dct.day) else ctx.dct.year - 1
            return dated(Point(date(y, 3 * ((mo - 1) // 3) + 1, 1), Gran.QUARTER), "dct")
        # "the quarter" is the last quarter named, else the last one reported
        if ctx.quarter is not None:
            return dated(ctx.quarter, "narrative")
        if how == "narrative" and ctx.dct is not None:
            base, how = Point(ctx.dct, Gran.DAY), "dct"
        n = -1 if how == "dct" else n
    if base is None:
        return Resolved(UNKNOWN[gran])
    # "a year earlier" than a quarter is that quarter a year before
    finer = how == "narrative" and gran is Gran.YEAR and ORDER[base.gran] < ORDER[gran]
    out_gran = base.gran if finer else gran
    if how == "narrative" and gran is Gran.YEAR and base.gran is Gran.YEAR:
        out_gran = Gran.YEAR
    try:
        p = Point(shift(base.day, unit, n), out_gran)
    except (OverflowError, ValueError):
        return None
    return Resolved(p.timex(), how, p, moves=not (how == "narrative" and n < 0))


# what a results report compares: amounts of money or per-share figures
_RESULTS = re.compile(r"\$|£|€|\bcents?\b|\ba share\b|\b(?:m|b)illion\b", re.IGNORECASE)


def _results_sentence(ctx: Context) -> bool:
    """Whether the sentence before the timex states results ("$1.1 million, or four cents a share, a year ago")."""
    assert ctx.timex is not None
    s0, _ = ctx.sentence()
    return _RESULTS.search(ctx.text, s0, ctx.timex.start) is not None


def _period_in_sentence(ctx: Context) -> bool:
    """Whether the sentence has just named a quarter or month (a period being compared)."""
    if ctx.last is None or ctx.last.gran not in (Gran.QUARTER, Gran.MONTH, Gran.HALF) or ctx.timex is None:
        return False
    start = ctx.timex.start
    span = ctx.sentence_of(start)
    return span is not None and span[0] <= ctx.last_pos < start


def _anchor(ctx: Context, anchor: str, gran: Gran) -> tuple[Point | None, str]:
    if anchor == "narr" and ctx.last is not None and ORDER[ctx.last.gran] <= ORDER[gran]:
        return ctx.last, "narrative"
    if ctx.dct is None:
        return None, ""
    return Point(ctx.dct, Gran.DAY), "dct"


def _weekday(ctx: Context, args: list[str]) -> Resolved | None:
    """=WD DAY DIR: the weekday (1=Monday) before, after or, by tense, around the DCT."""
    wd, direction = as_int(args[0]), args[1]
    if ctx.dct is None:
        return Resolved(f"XXXX-WXX-{wd}")
    delta = (wd - ctx.dct.isoweekday()) % 7  # days forward to the next such day (0: today)
    if direction == "+1":
        days = delta or 7
    elif direction == "-1":
        days = delta - 7
    elif delta == 0:
        days = 0
    elif _weekday_ahead(ctx):
        days = delta
    else:  # news mostly reports what happened: without a plan, the day was the last one
        days = delta - 7
    return dated(Point(ctx.dct + timedelta(days=days), Gran.DAY), "dct")


_POSSESSIVE = re.compile(r"[’']s\b")


def _weekday_ahead(ctx: Context) -> bool:
    """Whether a bare weekday points to the coming one: a plan, a schedule or a deadline."""
    t = ctx.timex
    assert t is not None
    tense = ctx.tense()
    if tense is Tense.FUTURE:
        return True
    if tense is Tense.SCHEDULE:
        # "the committee meets Monday" is the coming Monday; "are investigating
        # Monday's attack" names a day that has passed
        return _POSSESSIVE.match(ctx.text, t.end) is None
    return False


def _weekend(ctx: Context, args: list[str]) -> Resolved | None:
    """=WE DIR: a weekend; "the weekend" (DIR 0) is the last one unless the clause plans ahead."""
    direction = args[0]
    if ctx.dct is None or direction == "X":
        return Resolved("XXXX-WXX-WE")
    if direction == "0":
        # Monday to Friday, "over the weekend" in a report is the one just gone
        ahead = ctx.dct.isoweekday() >= 6 or ctx.tense() in (Tense.FUTURE, Tense.SCHEDULE)
        direction = "+0" if ahead else "-1"
    p = Point(shift(ctx.dct, "W", as_int(direction)), Gran.WEEK)
    return Resolved(p.timex() + "-WE", "dct", p)


def _month(ctx: Context, args: list[str]) -> Resolved | None:
    """=MONTH MM DIR: "last October", "next March", "this September"."""
    mo, direction = as_int(args[0]), as_int(args[1])
    if ctx.dct is None or not 1 <= mo <= 12:
        return Resolved(f"XXXX-{mo:02d}")
    y = ctx.dct.year
    if direction < 0 and mo >= ctx.dct.month:
        y -= 1
    elif direction > 0 and mo <= ctx.dct.month:
        y += 1
    return dated(Point(date(y, mo, 1), Gran.MONTH), "dct")


def _year_month(ctx: Context, args: list[str]) -> Resolved | None:
    """=YM MM DIR: "October last year"."""
    mo, direction = as_int(args[0]), as_int(args[1])
    if ctx.dct is None or not 1 <= mo <= 12:
        return Resolved(f"XXXX-{mo:02d}")
    return dated(Point(date(ctx.dct.year + direction, mo, 1), Gran.MONTH), "dct")


def _season(ctx: Context, args: list[str]) -> Resolved | None:
    """=SEASON SS DIR: a season before (-1), after (+1), this (+0) or by tense (0)."""
    season, direction = args[0], args[1]
    if ctx.dct is None:
        return Resolved(f"XXXX-{season}")
    cur, cur_year = season_of(ctx.dct)
    now = season_point(cur, cur_year).day
    cands = [season_point(season, y) for y in (cur_year - 1, cur_year, cur_year + 1)]
    if direction == "+0":  # "this winter" is the one named by this year
        year = ctx.dct.year - 1 if season == "WI" and ctx.dct.month <= 2 else ctx.dct.year
        return dated(season_point(season, year), "dct")
    if direction == "0":
        tense = ctx.tense()
        direction = {Tense.PAST: "-0", Tense.FUTURE: "+0+"}.get(tense, "+0")
    if direction == "-1":
        pick = [p for p in cands if p.day < now][-1:]
    elif direction == "+1":
        pick = [p for p in cands if p.day > now][:1]
    elif direction == "-0":  # past tense: the latest that has begun
        pick = [p for p in cands if p.day <= now][-1:]
    elif direction == "+0+":  # future tense: the next one, or this one
        pick = [p for p in cands if p.day >= now][:1]
    else:
        pick = [min(cands, key=lambda p: abs((p.day - now).days))]
    return dated(pick[0], "dct") if pick else None


def _quarter(ctx: Context, args: list[str], gran: Gran = Gran.QUARTER) -> Resolved | None:
    """=QUARTER N YEAR: a quarter of a given year, or the one the tense points to."""
    n, year = as_int(args[0]), args[1]
    per = 3 if gran is Gran.QUARTER else 6
    label = "Q" if gran is Gran.QUARTER else "H"
    if not 1 <= n <= 12 // per:
        return None
    if year != "X":
        return dated(Point(date(as_int(year), (n - 1) * per + 1, 1), gran), "")
    if ctx.dct is None:
        return Resolved(f"XXXX-{label}{n}")
    start = ctx.dct.replace(day=1, month=((ctx.dct.month - 1) // per) * per + 1)
    previous = shift(start, "M", -per)
    for d in (start, previous):
        # the current period or the one just ended: results are reported in the period after,
        # so neither needs a tense cue (and a plan in the sentence must not push it a year on)
        if d.month == (n - 1) * per + 1:
            return dated(Point(d, gran), "dct")
    ctx.dct, saved = start, ctx.dct
    try:
        d = pick_year(ctx, lambda y: date(y, (n - 1) * per + 1, 1), near_days=0)
    finally:
        ctx.dct = saved
    return dated(Point(d, gran), "tense") if d else None


_PERIODS = (Gran.QUARTER, Gran.HALF, Gran.MONTH)


def _last_period(ctx: Context) -> Point | None:
    """The reporting period the text last named: a quarter, half or month ("the quarter ended Sept. 30")."""
    if ctx.last is not None and ctx.last.gran in _PERIODS:
        return ctx.last
    return ctx.quarter


def _year_period(ctx: Context, args: list[str]) -> Resolved | None:
    """=YPERIOD YEAR: "the 1988 period", the period the text last named, in that year."""
    year = as_int(args[0])
    p = _last_period(ctx)
    if p is not None:
        return dated(Point(p.day.replace(year=year), p.gran), "narrative")
    return dated(Point(date(year, 1, 1), Gran.YEAR), "")


def _period_ago(ctx: Context, args: list[str]) -> Resolved | None:
    """=PERIODAGO: "the year-ago quarter", the period the text last named, a year before."""
    p = _last_period(ctx)
    if p is None:
        return _off(ctx, ["Y", "-1", "narr"])
    q = Point(shift(p.day, "Y", -1), p.gran)
    return Resolved(q.timex(), "narrative", q, moves=False)


def _half(ctx: Context, args: list[str]) -> Resolved | None:
    """=HALF H1 YEAR."""
    return _quarter(ctx, [args[0].lstrip("H"), args[1]], Gran.HALF)


def _holiday(ctx: Context, args: list[str]) -> Resolved | None:
    """=HOLIDAY MM-DD|THANKS|LABOR [YEAR]: named days computable from the calendar."""
    key = args[0]

    def make(y: int) -> date | None:
        if key == "THANKS":
            return nth_weekday(y, 11, 4, 4)
        if key == "LABOR":
            return nth_weekday(y, 9, 1, 1)
        m = re.match(r"(\d\d)-(\d\d)$", key)
        return safe_date(y, int(m.group(1)), int(m.group(2))) if m else None

    if len(args) > 1:
        d = make(as_int(args[1]))
        return dated(Point(d, Gran.DAY), "") if d else None
    if ctx.dct is None:
        return Resolved(f"XXXX-{key}" if key[0].isdigit() else "XXXX-XX-XX")
    d = pick_year(ctx, make)
    return dated(Point(d, Gran.DAY), "tense") if d else None


def _weekday_date(ctx: Context, args: list[str]) -> Resolved | None:
    """=WDDATE DAY MM DD YEAR: "Monday, Oct. 26"; the weekday picks the year when none is given."""
    wd, mo, dy, year = as_int(args[0]), as_int(args[1]), as_int(args[2]), args[3]
    if year != "X":
        d = safe_date(as_int(year), mo, dy)
        return dated(Point(d, Gran.DAY), "") if d else None
    if ctx.dct is None:
        return _year_unknown(ctx, f"XXXX-{mo:02d}-{dy:02d}")
    fits = [d for y in range(ctx.dct.year - 6, ctx.dct.year + 7) if (d := safe_date(y, mo, dy)) and d.isoweekday() == wd]
    if fits:
        d = min(fits, key=lambda d: abs((d - ctx.dct).days))
        return dated(Point(d, Gran.DAY), "dct")
    return _year_unknown(ctx, f"XXXX-{mo:02d}-{dy:02d}")


def _year_quarter(ctx: Context, args: list[str]) -> Resolved | None:
    """=YQ N DIR: "last year's third quarter"."""
    n, direction = as_int(args[0]), as_int(args[1])
    if not 1 <= n <= 4:
        return None
    if ctx.dct is None:
        return Resolved(f"XXXX-Q{n}")
    return dated(Point(date(ctx.dct.year + direction, 3 * n - 2, 1), Gran.QUARTER), "dct")


def _spoken_year(ctx: Context, args: list[str]) -> Resolved | None:
    """=SPOKEN HI LO: "nineteen ninety-six" -> 1996."""
    from .normalize import number

    hi, lo = number(args[0]), number(" ".join(args[1:]).replace("oh", "").strip(" -"))
    if "X" in (hi, lo):
        return None
    return dated(Point(date(int(hi) * 100 + int(lo), 1, 1), Gran.YEAR), "")


def _clock(hour: str, minute: str, ampm: str) -> str | None:
    h, mi = as_int(hour, -1), as_int(minute, 0)
    if ampm == "PM" and h < 12:
        h += 12
    elif ampm == "AM" and h == 12:
        h = 0
    return f"T{h:02d}:{mi:02d}" if 0 <= h <= 24 and 0 <= mi < 60 else None


def _time(ctx: Context, args: list[str]) -> Resolved | None:
    """=TIME HH MM AMPM: a clock time on the DCT's day."""
    clock = _clock(*args[:3])
    if clock is None:
        return None
    if ctx.dct is None:
        return Resolved("XXXX-XX-XX" + clock)
    return Resolved(ctx.dct.isoformat() + clock, "dct", Point(ctx.dct, Gran.DAY))


def _weekday_time(ctx: Context, args: list[str]) -> Resolved | None:
    """=WDTIME DAY HH MM AMPM: "9 a.m. Tuesday"."""
    day = _weekday(ctx, [args[0], "0"])
    clock = _clock(*args[1:4])
    if day is None or clock is None:
        return None
    return Resolved(day.value + clock, day.anchor, day.point)


def _day_time(ctx: Context, args: list[str]) -> Resolved | None:
    """=DAYTIME YYYY-MM-DD HH MM AMPM: "5 p.m. EST Nov. 9"; a missing year is found as for the day alone."""
    clock = _clock(*args[1:4])
    day = _resolve_one(ctx, args[0])
    if clock is None or day is None or day.point is None or day.point.gran is not Gran.DAY:
        return None
    return Resolved(day.value + clock, day.anchor, day.point)


_DUR_UNITS = {"S": ("T", "S"), "MIN": ("T", "M"), "H": ("T", "H"), "D": ("", "D"), "W": ("", "W"),
              "M": ("", "M"), "Q": ("", "Q"), "Y": ("", "Y"), "WE": ("", "WE")}  # fmt: skip
_SMALLER = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "H": ("MIN", 60), "Q": ("M", 3)}


def duration(n: str, unit: str) -> str | None:
    """The TIMEX3 period of ``n`` units: ('6', 'W') -> 'P6W', ('X', 'Y') -> 'PXY'."""
    if unit == "DE":
        unit, n = "Y", n if n == "X" else str(float(n) * 10)
    elif unit == "CE":
        unit, n = "Y", n if n == "X" else str(float(n) * 100)
    elif unit == "2W":
        unit, n = "W", n if n == "X" else str(float(n) * 2)
    if unit == "WE":
        return "P2D" if n in ("1", "1.0") else None
    if unit not in _DUR_UNITS:
        return None
    if n != "X":
        x = float(n)
        while x != int(x) and unit in _SMALLER:
            unit, mult = _SMALLER[unit]
            x *= mult
        if x != int(x) or x > 10**7:
            return None
        if unit == "MIN" and x > 60 and x % 60:  # "5 1/2 hours" is PT5H30M
            return f"PT{int(x // 60)}H{int(x % 60)}M"
        n = str(int(x))
    t, code = _DUR_UNITS[unit]
    return f"P{t}{n}{code}"


def _dur(ctx: Context, args: list[str]) -> Resolved | None:
    """=DUR N UNIT: a period."""
    value = duration(args[0], args[1])
    return Resolved(value) if value else None


def _event(ctx: Context, args: list[str]) -> Resolved | None:
    """=EVT N UNIT NOUN: the N-th unit of an event whose date the text gives."""
    assert ctx.timex is not None
    n, unit, noun = as_int(args[0], -1), args[1], args[2]
    anchor = ev.pick_anchor(ctx.anchors, noun, ctx.timex.start)
    day = ev.anchor_day(anchor) if anchor else None
    if anchor is not None and day is None and anchor.value in ctx.known:
        day = date.fromisoformat(ctx.known[anchor.value])
    if day is None:
        return Resolved(UNKNOWN.get(UNIT_GRAN.get(unit, Gran.DAY), "XXXX-XX-XX"))
    p = ev.count_from(day, n, unit)
    return dated(p, "event") if p else None


def _event_offset(ctx: Context, args: list[str]) -> Resolved | None:
    """=EVTOFF N UNIT DIR NOUN: "a week after the attack"."""
    assert ctx.timex is not None
    n, unit, direction, noun = as_int(args[0], -1), args[1], args[2], args[3]
    anchor = ev.pick_anchor(ctx.anchors, noun, ctx.timex.start)
    day = ev.anchor_day(anchor) if anchor else None
    if anchor is not None and day is None and anchor.value in ctx.known:
        day = date.fromisoformat(ctx.known[anchor.value])
    corpus = ctx.known.get(ev.event_key(noun)) if anchor is None else None
    if corpus is not None:  # the corpus dated this event (see corpus/date_inference.py)
        day = date.fromisoformat(corpus)
    if day is None or n < 0:
        return Resolved("XXXX-XX-XX")
    p = ev.offset_from(day, n, unit, as_int(direction, 1))
    return dated(p, "corpus" if corpus else "event") if p else None


FUNCTIONS: dict[str, Callable[[Context, list[str]], Resolved | None]] = {
    "OFF": _off,
    "WD": _weekday,
    "WE": _weekend,
    "MONTH": _month,
    "YM": _year_month,
    "SEASON": _season,
    "QUARTER": _quarter,
    "HALF": _half,
    "YPERIOD": _year_period,
    "PERIODAGO": _period_ago,
    "HOLIDAY": _holiday,
    "TIME": _time,
    "WDTIME": _weekday_time,
    "DAYTIME": _day_time,
    "WDDATE": _weekday_date,
    "YQ": _year_quarter,
    "SPOKEN": _spoken_year,
    "DUR": _dur,
    "EVT": _event,
    "EVTOFF": _event_offset,
}
_EVENT_FUNCTIONS = ("=EVT ", "=EVTOFF ")


def _resolve_one(ctx: Context, template: str) -> Resolved | None:
    if template.startswith("="):
        name, *args = template[1:].split()
        fn = FUNCTIONS.get(name)
        return fn(ctx, args) if fn else None
    if template.startswith("XXXX-") and not template.startswith("XXXX-W"):
        return _year_unknown(ctx, template)
    p = _point_of(template)
    return Resolved(template, "", p)


def _finish(t: TimeExpression, r: Resolved | None, suffix: str) -> TimeExpression:
    if r is None:  # not computable (e.g. "Feb 30"): keep what the tagger saw, marked unknown
        value = t.underspecified.split(SUFFIX_MARK)[0]
        if value.startswith("="):
            value = "XXXX-XX-XX" if t.type in (TimexType.DATE, TimexType.TIME) else "PX"
        return replace(t, value=value)
    value = r.value + suffix if suffix and r.point is not None else r.value
    precision = PRECISION.get(r.point.gran) if r.point is not None and not suffix else None
    if r.point is not None and suffix and r.point.gran is Gran.DAY:
        precision = Precision.DAY
    return replace(t, value=value, anchor=r.anchor, precision=precision)


def resolve(
    text: str,
    timexes: Sequence[TimeExpression],
    dct: date | None,
    *,
    sentences: Sequence[Sentence] = (),
    known: Mapping[str, str] | None = None,
) -> tuple[TimeExpression, ...]:
    """Anchor each timex's underspecified value against ``dct``, the narrative and events."""
    spans = [(s.start, s.end) for s in sentences] or sentence_spans(text)
    ctx = Context(text, dct, spans, known or {})
    out: list[TimeExpression] = list(timexes)
    pending: list[int] = []
    for i, t in enumerate(timexes):
        template, _, suffix = t.underspecified.partition(SUFFIX_MARK)
        if template.startswith(_EVENT_FUNCTIONS):
            pending.append(i)  # counted once every date in the text is known
            continue
        ctx.timex = t
        r = _safe(ctx, template)
        out[i] = _finish(t, r, suffix)
        if r is not None and r.point is not None and t.type in (TimexType.DATE, TimexType.TIME) and r.moves:
            ctx.last, ctx.last_pos = r.point, t.start
            if r.point.gran is Gran.QUARTER and r.anchor != "narrative":
                ctx.quarter = r.point
    if pending:
        ctx.anchors = ev.find_anchors(text, out)
        for i in pending:
            t = timexes[i]
            ctx.timex = t
            template, _, suffix = t.underspecified.partition(SUFFIX_MARK)
            out[i] = _finish(t, _safe(ctx, template), suffix)
    return tuple(_possible(text, out))


def _possible(text: str, timexes: Sequence[TimeExpression]) -> list[TimeExpression]:
    """The timexes whose value could be a real date; the others are logged and dropped.

    "February 30, 2024" is a typo or a hoax, not a date: kept, it would pass for
    one until something tried to read it as a calendar day.
    """
    kept = []
    for t in timexes:
        why = impossible(t.value)
        if why:
            log.warning("dropped the date %r at offset %d: %s", text[t.start:t.end], t.start, why)
        else:
            kept.append(t)
    return kept


def _safe(ctx: Context, template: str) -> Resolved | None:
    # the resolver must never fail an article: odd inputs ("year 9999", "Feb 30") end unresolved
    try:
        return _resolve_one(ctx, template)
    except (ValueError, OverflowError, IndexError, KeyError) as exc:
        log.debug("could not resolve %r: %s", template, exc)
        return None
