"""Map a span of a raw benchmark file onto the text dateline stored for it.

Judged sets locate their items by character offsets into the raw benchmark
files (Timeline17's InputDocs are Penn-Treebank tokenised: "1,200 people -LRB-
officials -RRB-"), while the store keeps the text as ingest left it (cleaned,
and detokenised: "1,200 people (officials)"). Both are cut into lowercase
alphanumeric tokens, the two token sequences are aligned, and a span maps to
the stored tokens its own tokens were matched to. Every eval that
reads a judged set goes through :class:`Alignment`, so the mapping is written
once.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

_TOKEN = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Tokens:
    """The lowercase alphanumeric tokens of a text with their character offsets."""

    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> "Tokens":
        found = [(m.group().lower(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
        return cls(tuple(w for w, _, _ in found), tuple(s for _, s, _ in found), tuple(e for _, _, e in found))

    def within(self, start: int, end: int) -> range:
        """Indices of the tokens that overlap the character span."""
        return range(bisect_right(self.ends, start), bisect_left(self.starts, end))


class Alignment:
    """Token alignment of a raw text with its stored version; maps raw spans to stored spans.

    The two token sequences are mostly one sequence with local differences
    (tokenisation artefacts dropped, a boilerplate line removed), so they are
    walked side by side and resynchronised at each difference on the nearest
    run of :data:`RUN` equal tokens: linear in the text's length, where a
    general diff (difflib) takes minutes on a long live blog.
    """

    def __init__(self, raw: str, stored: str):
        self.raw, self.stored = Tokens.of(raw), Tokens.of(stored)
        self.to_stored: dict[int, int] = {}
        a, b = self.raw.words, self.stored.words
        if a == b:
            self.to_stored = {i: i for i in range(len(a))}
            return
        later: dict[tuple[str, ...], list[int]] = {}  # raw runs -> their positions, for a far resync
        for k in range(len(a) - RUN + 1):
            later.setdefault(tuple(a[k:k + RUN]), []).append(k)
        i = j = 0
        while i < len(a) and j < len(b):
            if a[i] == b[j]:
                self.to_stored[i] = j
                i, j = i + 1, j + 1
                continue
            step = _resync(a, b, i, j, later)
            if step is None:
                break
            i, j = step

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The stored span covering the raw span's matched tokens, or None when none of them was matched.

        A token that is not matched (a tokenisation artefact such as "-LRB-") is
        left out; the stored span runs from the first matched token to the last.
        """
        mapped = [self.to_stored[i] for i in self.raw.within(start, end) if i in self.to_stored]
        if not mapped:
            return None
        return self.stored.starts[min(mapped)], self.stored.ends[max(mapped)]

    def coverage(self, start: int, end: int) -> float:
        """The share of the raw span's tokens that have a stored counterpart (1.0 for an exact copy)."""
        toks = self.raw.within(start, end)
        return sum(1 for i in toks if i in self.to_stored) / len(toks) if len(toks) else 0.0


RUN = 3  # equal tokens in a row that resynchronise the walk
NEAR = 40  # tokens looked ahead on each side before searching the whole raw text


def _resync(a: Sequence[str], b: Sequence[str], i: int, j: int,
            later: dict[tuple[str, ...], list[int]]) -> tuple[int, int] | None:
    """The nearest (i', j') from which RUN tokens agree: nearby first, else the stored run's next place in raw."""
    best = None
    for total in range(1, 2 * NEAR + 1):
        for di in range(max(0, total - NEAR), min(total, NEAR) + 1):
            x, y = i + di, j + total - di
            if x + RUN <= len(a) and y + RUN <= len(b) and a[x:x + RUN] == b[y:y + RUN]:
                best = (x, y)
                break
        if best:
            return best
    for y in range(j, len(b) - RUN + 1):  # a long piece removed or added: find the stored text again in raw
        for x in later.get(tuple(b[y:y + RUN]), ()):
            if x >= i:
                return x, y
    return None
