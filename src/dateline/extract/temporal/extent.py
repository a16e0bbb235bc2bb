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
from functools import lru_cache

from ...model import TimeExpression
from .normalize import APPROX
from .rules import load_table

# how far back a modifier may start: the longest modifier ("no more than") and a few spaces
_LOOKBACK = 24


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
