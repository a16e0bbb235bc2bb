"""What resolving one text's time expressions keeps track of, and the helpers every anchor function shares.

:class:`Context` holds the text, its publication date (DCT), its sentences and
what the narrative has dated so far; :func:`pick_year` finds the year of a
month or day written without one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from ...model import TimeExpression
from . import anchors as ev
from .calendar import Point
from .tense import Tense, clause_tense

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')]*\s+(?=[\"“‘(]?[A-Z0-9])|\n\s*\n")


@dataclass(frozen=True, slots=True)
class Resolved:
    """A timex value with what anchored it and the period it names."""

    value: str
    anchor: str = ""  # "dct", "narrative", "event", "corpus", "tense" or "" for absolute values
    point: Point | None = None
    # a look back from the narrative ("a year earlier", "the previous day") is a
    # comparison or a flashback: the story's time stays where it was
    moves: bool = True


@dataclass
class Context:
    """The text being resolved and what its narrative has dated so far."""

    text: str
    dct: date | None
    sentences: Sequence[tuple[int, int]]
    known: Mapping[str, str]
    last: Point | None = None  # the narrative's reference point
    last_pos: int = -1  # where the text named it
    quarter: Point | None = None  # the last quarter the text named ("the quarter" refers to it)
    anchors: list[ev.EventAnchor] = field(default_factory=list)
    timex: TimeExpression | None = None

    def sentence_of(self, offset: int) -> tuple[int, int] | None:
        """The span of the sentence holding ``offset``, or None between sentences."""
        # sentences are sorted and disjoint: the last one starting at or before the offset is the only candidate
        i = bisect_right(self.sentences, offset, key=lambda span: span[0]) - 1
        return self.sentences[i] if i >= 0 and offset < self.sentences[i][1] else None

    def sentence(self) -> tuple[int, int]:
        """The span of the sentence holding the current timex (the whole text when none does)."""
        t = self.timex
        assert t is not None
        return self.sentence_of(t.start) or (0, len(self.text))

    def tense(self) -> Tense:
        t = self.timex
        assert t is not None
        s0, s1 = self.sentence()
        return clause_tense(self.text, s0, s1, t.start, t.end)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Rough sentence spans, for when no sentence layer is given."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def as_int(s: str, default: int = 0) -> int:
    """``s`` as a whole number ("3", "2.0"), else ``default``."""
    try:
        return int(float(s))
    except ValueError:
        return default


def dated(p: Point, anchor: str) -> Resolved:
    """A resolution to the period ``p``, anchored by ``anchor``."""
    return Resolved(p.timex(), anchor, p)


# A date whose year is not written, within a month of the DCT, is the nearby
# one whatever the clause's tense: news reports what just happened and what is
# scheduled next, and lexical tense cues are noisy (reported speech, modals, a
# main clause's "would" over a past relative clause). Further away, an explicit
# tense is the better signal ("the strike started in May", published in March,
# is last May, not the May two months ahead); without a cue the nearest wins.
# A month passes the same window by its first day (the adjacent months), a
# quarter by one quarter (results are reported in the quarter after).
NEAR_DAYS = 31
# "since <date>" can only look back, however near the date is ("since a March 3
# raid" in a February article is last March), so it overrides the window.
_SINCE_BEFORE = re.compile(r"\bsince\s+(?:(?:the|a|an|its|their)\s+)?$", re.IGNORECASE)


def pick_year(ctx: Context, make: Callable[[int], date | None], near_days: int = NEAR_DAYS) -> date | None:
    """The candidate around the DCT: the nearby one, else the one the clause's tense points to."""
    assert ctx.dct is not None and ctx.timex is not None
    cands = [d for d in (make(ctx.dct.year - 1), make(ctx.dct.year), make(ctx.dct.year + 1)) if d]
    if not cands:
        return None
    if _SINCE_BEFORE.search(ctx.text[max(0, ctx.timex.start - 16):ctx.timex.start]):
        earlier = [d for d in cands if d <= ctx.dct]
        return max(earlier) if earlier else None
    nearest = min(cands, key=lambda d: abs((d - ctx.dct).days))
    if abs((nearest - ctx.dct).days) <= near_days:
        return nearest
    tense = ctx.tense()
    if tense is Tense.FUTURE:
        later = [d for d in cands if d >= ctx.dct]
        return min(later) if later else None
    if tense is Tense.PAST:
        earlier = [d for d in cands if d <= ctx.dct]
        return max(earlier) if earlier else None
    return nearest


def safe_date(y: int, m: int, d: int) -> date | None:
    """The date y-m-d, or None when no calendar has it."""
    try:
        return date(y, m, d)
    except ValueError:
        return None
