"""Raw benchmark text against the text dateline stored: one alignment of their words.

Gold sets locate spans by offsets into the raw benchmark files; ingest stores a
different text (a headline split off as the title, debris cleaned, Penn-Treebank
tokens read back as normal text). Both are reduced to their lowercase
alphanumeric words, the two word sequences are aligned (difflib's matching
blocks, without the junk heuristic, which would drop frequent words such as
"the"), and a raw span maps to the stored span of the aligned words inside it.
A word the stored text lacks (the headline, "n't" written back as "don't")
leaves the span shrunk to the words that were found, or ``None``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from difflib import SequenceMatcher

WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Words:
    """The alphanumeric words of a text: their lowercase forms and char spans."""

    forms: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def inside(self, start: int, end: int) -> range:
        """Indices of the words lying wholly inside [start, end)."""
        lo = bisect_left(self.starts, start)
        hi = bisect_right(self.ends, end)
        return range(lo, max(lo, hi))


def words(text: str) -> Words:
    """The lowercase alphanumeric words of ``text`` with their offsets."""
    found = list(WORD.finditer(text))
    return Words(tuple(m.group().lower() for m in found), tuple(m.start() for m in found),
                 tuple(m.end() for m in found))


@dataclass(frozen=True)
class Alignment:
    """Word-level alignment of a raw text with its stored form."""

    raw: Words
    stored: Words
    to_stored: dict[int, int]  # raw word index -> stored word index

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The stored span of the raw span's words that have a stored counterpart, or None."""
        found = [self.to_stored[i] for i in self.raw.inside(start, end) if i in self.to_stored]
        if not found:
            return None
        return self.stored.starts[min(found)], self.stored.ends[max(found)]

    def coverage(self) -> float:
        """The share of raw words that have a stored counterpart."""
        return len(self.to_stored) / len(self.raw.forms) if self.raw.forms else 1.0


def align(raw: str, stored: str) -> Alignment:
    """Align the words of ``raw`` with those of ``stored`` (see the module docstring)."""
    a, b = words(raw), words(stored)
    matcher = SequenceMatcher(None, a.forms, b.forms, autojunk=False)
    mapping: dict[int, int] = {}
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            mapping[block.a + k] = block.b + k
    return Alignment(a, b, mapping)
