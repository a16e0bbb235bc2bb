"""Bag-of-words term vectors of texts: content terms, TF-IDF weights, cosine similarity.

What story and event clustering compare articles and mentions by, and what the
timeline's summariser and disagreement finder compare sentences by: one
definition, so a similarity means the same wherever it is read.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping


class _StopWords:
    """scikit-learn's English stop words (the list the TF-IDF ranking uses), read on first use.

    Importing scikit-learn costs about 1.5 s of CPU; every CLI command paid it at
    start-up through the modules that only test words against this list.

    >>> "the" in STOP_WORDS, "harbour" in STOP_WORDS
    (True, False)
    """

    _words: frozenset[str] | None = None

    def __contains__(self, word: object) -> bool:
        if self._words is None:
            from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

            type(self)._words = frozenset(ENGLISH_STOP_WORDS)
        return word in self._words  # type: ignore[operator]


STOP_WORDS = _StopWords()
WORD = re.compile(r"[^\W\d_][\w'-]*")
_NAME = re.compile(r"\b[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)*")


def terms(text: str) -> Counter[str]:
    """Content words of a text, lower-cased, stop words removed (a crude but stable stem: 5 letters)."""
    return Counter(w.lower()[:5] for w in WORD.findall(text)
                   if len(w) > 2 and w.lower() not in STOP_WORDS)


def names(text: str) -> set[str]:
    """Capitalised word runs that are not sentence-initial stop words: a cheap participant signature."""
    out = set()
    for m in _NAME.finditer(text):
        words = [w for w in m.group().split() if w.lower() not in STOP_WORDS]
        out.update(w.lower() for w in words)
    return out


def weigh(counts: Mapping[str, float], df: Mapping[str, int], n_docs: int) -> dict[str, float]:
    """(1 + log tf) * idf, L2-normalised."""
    vec = {t: (1 + math.log(c)) * math.log((n_docs + 1) / (df.get(t, 0) + 1) + 1) for t, c in counts.items() if c > 0}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())
