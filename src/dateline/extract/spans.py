"""Offset lookups over many spans in logarithmic time.

Stages ask "which mention holds this token?" or "is this offset inside a
quote?" once per token or trigger; a scan of every span per question made a
long article quadratic (a 400,000-character article spent minutes in quotes).
These indexes answer by bisection and give the answers a scan would, in the
same order.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, Protocol, TypeVar


class _Span(Protocol):
    start: int
    end: int


T = TypeVar("T", bound=_Span)


# Most spans (names, triggers) are short and found by a scan of the few that
# start just before an offset; the rare long ones (a quote whose closing mark is
# missing can run for pages) go to a max-end tree, so that one of them cannot
# make every lookup scan everything.
SHORT = 256


class SpanIndex(Generic[T]):
    """Items with ``start``/``end``, found by the offsets they cover; answers keep the input order.

    >>> ix = SpanIndex([Region(0, 5), Region(3, 9), Region(12, 14)])
    >>> ix.covering(4), ix.positions(12)
    ([Region(start=0, end=5), Region(start=3, end=9)], [2])
    """

    def __init__(self, items: Iterable[T]):
        self.items: list[T] = list(items)
        order = sorted(range(len(self.items)), key=lambda i: self.items[i].start)
        self._order = order
        self._starts = [self.items[i].start for i in order]
        short = [i for i in order if self.items[i].end - self.items[i].start <= SHORT]
        self._short = short
        self._short_starts = [self.items[i].start for i in short]
        self._long = _Stabbing([(self.items[i].start, self.items[i].end, i) for i in order
                                if self.items[i].end - self.items[i].start > SHORT])

    def covering(self, offset: int) -> list[T]:
        """The items with start <= offset < end, in input order."""
        return [self.items[i] for i in self.positions(offset)]

    def positions(self, offset: int) -> list[int]:
        """Positions (in input order) of the items with start <= offset < end."""
        lo = bisect_left(self._short_starts, offset - SHORT)
        hi = bisect_right(self._short_starts, offset)
        found = [i for i in self._short[lo:hi] if offset < self.items[i].end]
        return sorted(found + self._long.positions(offset))

    def first(self, offset: int, where: Callable[[T], bool] | None = None) -> T | None:
        """The first item (in input order) covering ``offset`` that passes ``where``, or None."""
        for item in self.covering(offset):
            if where is None or where(item):
                return item
        return None

    def position(self, offset: int) -> int | None:
        """Position of the first item covering ``offset``, or None."""
        found = self.positions(offset)
        return found[0] if found else None

    def overlapping(self, start: int, end: int) -> list[int]:
        """Positions (in input order) of the items sharing a character with [start, end)."""
        if end <= start:
            return []
        lo, hi = bisect_left(self._starts, start), bisect_left(self._starts, end)
        later = [self._order[k] for k in range(lo, hi) if self.items[self._order[k]].end > self.items[self._order[k]].start]
        return sorted(set(self.positions(start)).union(later))

    def within(self, start: int, end: int) -> list[T]:
        """Items lying inside [start, end), in input order."""
        lo = bisect_left(self._starts, start)
        hi = bisect_right(self._starts, end)
        found = [self._order[k] for k in range(lo, hi) if self.items[self._order[k]].end <= end]
        return [self.items[i] for i in sorted(found)]


class _Stabbing:
    """(start, end, position) triples sorted by start, asked which hold an offset, via a max-end tree."""

    def __init__(self, triples: Sequence[tuple[int, int, int]]):
        self.triples = list(triples)
        self._starts = [t[0] for t in self.triples]
        size = 1
        while size < len(self.triples):
            size *= 2
        self._size = size
        # _max_end[node]: the largest end below a node of a complete binary tree over the triples
        tree = [-1] * (2 * size)
        for k, (_, end, _) in enumerate(self.triples):
            tree[size + k] = end
        for node in range(size - 1, 0, -1):
            tree[node] = max(tree[2 * node], tree[2 * node + 1])
        self._max_end = tree

    def positions(self, offset: int) -> list[int]:
        """Positions of the triples with start <= offset < end (any order)."""
        if not self.triples:
            return []
        hi = bisect_right(self._starts, offset)  # only the first ``hi`` start early enough
        found = []
        stack = [(1, 0, self._size)]  # (node, first leaf, leaves below)
        while stack:
            node, lo, width = stack.pop()
            if lo >= hi or self._max_end[node] <= offset:
                continue  # starts too late, or ends too early, everywhere below
            if width == 1:
                found.append(self.triples[lo][2])
                continue
            half = width // 2
            stack += [(2 * node, lo, half), (2 * node + 1, lo + half, half)]
        return found


class Region:
    """A plain (start, end) span, for indexes over bare offsets."""

    __slots__ = ("end", "start")

    def __init__(self, start: int, end: int):
        self.start, self.end = start, end

    def __repr__(self) -> str:
        return f"Region(start={self.start}, end={self.end})"


class Regions:
    """The union of some spans (they may overlap or nest), asked about offsets by bisection.

    >>> r = Regions([(2, 6), (4, 9), (20, 30)])
    >>> r.covers(8), r.covers(9), r.overlaps(9, 21), r.starts_within(10, 20)
    (True, False, True, False)
    """

    def __init__(self, spans: Iterable[tuple[int, int]]):
        self.spans: list[tuple[int, int]] = sorted(spans)
        merged: list[list[int]] = []
        for s, e in self.spans:
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self._starts = [s for s, _ in merged]
        self._ends = [e for _, e in merged]
        self._span_starts = [s for s, _ in self.spans]

    def __iter__(self):
        return iter(self.spans)

    def __len__(self) -> int:
        return len(self.spans)

    def covers(self, offset: int) -> bool:
        """Whether some span has start <= offset < end."""
        i = bisect_right(self._starts, offset) - 1
        return i >= 0 and offset < self._ends[i]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some span shares a character with [start, end)."""
        i = bisect_right(self._starts, end - 1) - 1 if end > start else -1
        return i >= 0 and self._ends[i] > start

    def starts_within(self, start: int, end: int) -> bool:
        """Whether some span starts in [start, end)."""
        return bisect_left(self._span_starts, start) < bisect_left(self._span_starts, end)


def token_range(offsets: Sequence[int], start: int, end: int) -> tuple[int, int]:
    """(first, last + 1) token positions whose start offset lies in [start, end), given sorted offsets."""
    return bisect_left(offsets, start), bisect_left(offsets, end)


def ent_of(tok: Any) -> Any:
    """The entity span holding ``tok`` (or None), found from its IOB tags; ``doc.ents`` rebuilds every span."""
    if not tok.ent_type_:
        return None
    doc, start, end = tok.doc, tok.i, tok.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]
