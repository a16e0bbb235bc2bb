"""Candidate sentences of a timeline: the dated sentences of the selected documents, in range and on topic.

Which dates each sentence tells is decided per document (:mod:`dateline.extract.dated`);
this module picks the ones a timeline request asks for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..extract.dated import Candidate, document_candidates
from ..model import Document, in_range

_WORD = re.compile(r"\w+")


def query_terms(query: str | None, aliases: Iterable[str] = ()) -> list[re.Pattern[str]]:
    """Word-boundary patterns for the query words and the aliases of entities it names."""
    if not query:
        return []
    words = {w.lower() for w in _WORD.findall(query)} | {a.lower() for a in aliases}
    return [re.compile(rf"\b{re.escape(w)}\b", re.I) for w in sorted(words) if w]


def collect_candidates(docs: Sequence[Document], *, since: str | None = None, until: str | None = None,
                       terms: Sequence[re.Pattern[str]] = ()) -> list[Candidate]:
    """Dated candidate sentences inside [since, until]; with ``terms``, only sentences naming one."""
    out = []
    for doc in docs:
        named: dict[int, bool] = {}  # a sentence is a candidate for each of its dates: search its text once
        for c in document_candidates(doc):
            if not in_range(c.date, since, until):
                continue
            if terms:
                if c.sentence not in named:
                    named[c.sentence] = any(t.search(c.text) for t in terms)
                if not named[c.sentence]:
                    continue
            out.append(c)
    return out
