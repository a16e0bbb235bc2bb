"""Span extent by the TimeML 1.2.1 annotation guidelines.

Two steps, both after anchoring (values never change here):

* :func:`widen` takes a modifier written just before a time expression into
  its span and gives its mod ("around 7:15 p.m.", APPROX; "late yesterday",
  END). The modifiers are data: ``rules/modifiers.toml``, with examples that
  run as tests. Every stored timex has gone through it.
* :func:`timeml_view` is what TimeML output and the TimeML eval see. An amount
  counted from an event ("a week after the attack") is stored as one DATE with
  the event in its span, because the corpus dating stage resolves it from the
  event's day; the guidelines tag the amount alone ("a week", a DURATION) and
  leave the preposition to a SIGNAL and the event to an EVENT, so the view cuts
  it to its amount.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from ...model import TimeExpression, TimexType
from .normalize import APPROX
from .rules import load_table

# how far back a modifier may start: the longest modifier ("no more than") and a few spaces
_LOOKBACK = 24
_COUNTED_FROM = re.compile(r"\s+(?:after|before)\s", re.IGNORECASE)


@dataclass(frozen=True)
class Modifier:
    """Words that widen a time expression of the given types (and rules) and the mod they give."""

    name: str
    pattern: re.Pattern[str]  # the words, at the end of the text before a timex
    types: frozenset[str]
    rules: frozenset[str]
    mod: str
    examples: tuple[tuple[str, str, str], ...]

    def mod_of(self, word: str) -> str:
        return self.mod or APPROX.get(" ".join(word.lower().split()), "APPROX")


@lru_cache(maxsize=1)
def modifiers() -> tuple[tuple[Modifier, ...], tuple[str, ...]]:
    """The modifier table and its negative examples (read once)."""
    data = load_table("modifiers")
    out = []
    for raw in data.get("modifier", ()):
        words = "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(raw["words"], key=len, reverse=True))
        out.append(Modifier(
            name=raw["name"],
            pattern=re.compile(rf"(?<![\w'’])(?P<word>{words})\s+$", re.IGNORECASE),
            types=frozenset(raw.get("types", ())),
            rules=frozenset(raw.get("rules", ())),
            mod=raw.get("mod", ""),
            examples=tuple(tuple(e) for e in raw.get("examples", ())),
        ))
    return tuple(out), tuple(data.get("negatives", ()))


def widen(text: str, timexes: Sequence[TimeExpression]) -> tuple[TimeExpression, ...]:
    """The timexes with a modifier just before them taken into their span (when they have no mod yet)."""
    table, _ = modifiers()
    out = []
    previous_end = 0
    for t in sorted(timexes, key=lambda t: t.start):
        if not t.mod:
            before = text[max(previous_end, t.start - _LOOKBACK):t.start]
            for m in table:
                if t.type.value not in m.types or (m.rules and t.rule not in m.rules):
                    continue
                found = m.pattern.search(before)
                if found:
                    t = replace(t, start=t.start - len(before) + found.start(), mod=m.mod_of(found.group("word")))
                    break
        out.append(t)
        previous_end = max(previous_end, t.end)
    return tuple(out)


def timeml_view(text: str, timexes: Sequence[TimeExpression], dct: date | None,
                *, tagger=None) -> tuple[TimeExpression, ...]:
    """The timexes as the TimeML guidelines tag them: an amount counted from an event becomes its amount."""
    out = []
    for t in timexes:
        if t.underspecified.startswith("=EVTOFF"):
            amount = _amount(text, t, dct, tagger)
            if amount is not None:
                out.append(amount)
            continue
        out.append(t)
    return tuple(out)


def _amount(text: str, t: TimeExpression, dct: date | None, tagger) -> TimeExpression | None:
    """The DURATION that starts an event offset ("a week" of "a week after the attack"), or None."""
    from . import extract_times  # the package's entry point tags and anchors the amount alone

    cut = _COUNTED_FROM.search(text, t.start, t.end)
    if cut is None:
        return None
    # the offset's own bound ("less than") was outside its span: tag from the start of the text before it
    head = text[:cut.start()]
    found = [d for d in extract_times(head[t.start:], dct, tagger=tagger)
             if d.type is TimexType.DURATION and d.end == len(head) - t.start]
    if not found:
        return None
    d = replace(found[0], start=found[0].start + t.start, end=found[0].end + t.start)
    return d if d.mod else widen(text, [d])[0]
