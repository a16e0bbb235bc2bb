"""Which rules can start at a character: the tagger's prefilter.

Trying one alternation of ~100 rules at every position of a text costs most of
the tagging time. Each rule's regex is parsed once to find the characters a
match can start with ("M" or "m" for "(?i:March)", a digit for a year); the
tagger then visits word starts only and tries only the rules whose first
characters include the one it sees. The analysis is conservative: whatever it
cannot read (``\\w``, a negated class, ``.``) makes the rule a candidate at
every position, so the prefilter never drops a match the full scan would find.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from re import _constants as sre  # noqa: PLC2701 (the regex parser is the only reader of patterns)
from re import _parser as sre_parse  # noqa: PLC2701

DIGIT = "0"  # every decimal digit shares one key, as \d matches any of them
ANY = None  # a rule that may start with anything
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)


def key(ch: str) -> str:
    """The dispatch key of a character: digits share one key, letters are case-folded."""
    return DIGIT if ch.isdecimal() else ch.lower()


def _class(items: Sequence[tuple[object, object]]) -> set[str] | None:
    out: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            out.add(key(chr(av)))  # type: ignore[arg-type]
        elif op is sre.RANGE and av[1] - av[0] < 256:  # type: ignore[index,operator]
            out.update(key(chr(c)) for c in range(av[0], av[1] + 1))  # type: ignore[index,operator]
        elif op is sre.CATEGORY and av is sre.CATEGORY_DIGIT:
            out.add(DIGIT)
        else:  # a negated class, \w, \s, a wide range: anything
            return None
    return out


def _first(seq: Sequence[tuple[object, object]]) -> tuple[set[str] | None, bool]:
    """(first characters, whether the sequence can match the empty string)."""
    out: set[str] = set()
    for op, av in seq:
        if op in _ZERO_WIDTH:
            continue  # a lookaround only narrows the match: ignoring it is safe
        if op is sre.LITERAL:
            return out | {key(chr(av))}, False  # type: ignore[arg-type]
        if op is sre.IN:
            cls = _class(av)  # type: ignore[arg-type]
            return (None if cls is None else out | cls), False
        if op is sre.SUBPATTERN or op is sre.ATOMIC_GROUP:
            sub = av[-1] if op is sre.SUBPATTERN else av  # type: ignore[index]
            first, empty = _first(sub)  # type: ignore[arg-type]
        elif op is sre.BRANCH:
            first, empty = set(), False
            for branch in av[1]:  # type: ignore[index]
                f, e = _first(branch)
                first = None if f is None or first is None else first | f
                empty = empty or e
        elif op in _REPEATS:
            first, empty = _first(av[2])  # type: ignore[index]
            empty = empty or av[0] == 0  # type: ignore[index]
        else:  # ".", a back-reference, anything unusual
            return None, False
        if first is None:
            return None, False
        out |= first
        if not empty:
            return out, False
    return out, True


def first_chars(pattern: str) -> frozenset[str] | None:
    """The dispatch keys a match of ``pattern`` can start with (None: any character)."""
    first, empty = _first(sre_parse.parse(pattern))
    return None if first is None or empty else frozenset(first)


@dataclass(frozen=True)
class Dispatch:
    """Rule indices by the key of the character a match starts with."""

    by_key: dict[str, tuple[int, ...]]
    anywhere: tuple[int, ...]  # rules that may start with any character
    every: tuple[int, ...]  # all rules: non-ASCII letters may case-fold in ways str.lower() does not
    starts: re.Pattern[str]  # finds the positions worth trying

    def rules_at(self, ch: str) -> tuple[int, ...]:
        """Indices of the rules that can start with ``ch``, in rule order."""
        return self.by_key.get(key(ch), self.anywhere if ch.isascii() else self.every)


def build(patterns: Sequence[str], left: str) -> Dispatch:
    """The dispatch table of ``patterns``; ``left`` is the boundary every rule has on its left."""
    firsts = [first_chars(p) for p in patterns]
    anywhere = tuple(i for i, f in enumerate(firsts) if f is None)
    keys: set[str] = set().union(*(f for f in firsts if f is not None))
    by_key = {k: tuple(i for i, f in enumerate(firsts) if f is None or k in f) for k in keys}
    if anywhere:
        starts = re.compile(left + r"(?s:.)")
    else:
        chars = "".join(re.escape(k) + re.escape(k.upper()) for k in sorted(keys) if k != DIGIT and k.isascii())
        digits = r"\d" if DIGIT in keys else ""
        starts = re.compile(left + "[" + chars + digits + r"\u0080-\U0010ffff]")
    return Dispatch(by_key, anywhere, tuple(range(len(patterns))), starts)
