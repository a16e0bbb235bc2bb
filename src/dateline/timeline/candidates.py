"""Candidate sentences of a timeline: the dated sentences of the selected documents, in range and on topic.

Which dates each sentence tells is decided per document
(:mod:`dateline.extract.sentence_dates`); this module makes them the
timeline's :class:`Candidate` lines and picks the ones a request asks for.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from typing import Any

from ..corpus.debris import REPEATED, clean_spans
from ..extract.sentence_dates import SentenceDate, sentence_dates
from ..model import Document, Precision, sentence_at
from ..request import DateBound, in_range

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Candidate:
    # A SentenceDate's fields plus the document: ``of`` copies them by name, so a field added to
    # SentenceDate and not here fails at once rather than being dropped.
    """A sentence that may summarise ``date``, and how it is tied to that date."""

    date: str  # "YYYY-MM-DD" or "YYYY-MM"
    precision: Precision
    doc: Document
    sentence: int  # index into doc.sentences
    mentioned: bool  # the sentence names the date (else: published on it)
    lag: int  # days from the date to the publication (positive: told afterwards)
    weight: float = 1.0  # evidence strength (modality, planned vs happened)
    skip: int = 0  # characters of the sentence before the line starts (a wire dateline)
    anchor: bool = False  # the sentence names the date only to measure from it ("since Oct. 7")
    line: bool = True  # the sentence stands under this date as a line (else: evidence for the date only)

    @classmethod
    def of(cls, doc: Document, d: SentenceDate) -> "Candidate":
        """The candidate line of a date a sentence of ``doc`` tells."""
        return cls(doc=doc, **{name: getattr(d, name) for name in _TOLD})

    @property
    def start(self) -> int:
        return self.doc.sentences[self.sentence].start + self.skip

    @property
    def end(self) -> int:
        return self.doc.sentences[self.sentence].end

    @property
    def text(self) -> str:
        return self.doc.article.text[self.start:self.end]

    @property
    def key(self) -> tuple[str, int]:
        return self.doc.article.id, self.sentence


_TOLD = tuple(f.name for f in fields(SentenceDate))


def document_candidates(doc: Document, only: Collection[int] | None = None) -> Iterator[Candidate]:
    """Every (sentence, date) candidate of one document (``only``: the sentence indexes to consider)."""
    return (Candidate.of(doc, d) for d in sentence_dates(doc, only))


def query_terms(query: str | None, aliases: Iterable[str] = ()) -> list[re.Pattern[str]]:
    """Word-boundary patterns for the query words and the aliases of entities it names."""
    if not query:
        return []
    words = {w.lower() for w in _WORD.findall(query)} | {a.lower() for a in aliases}
    return [re.compile(rf"\b{re.escape(w)}\b", re.I) for w in sorted(words) if w]


def collect_candidates(docs: Sequence[Document], *, since: DateBound | None = None, until: DateBound | None = None,
                       terms: Sequence[re.Pattern[str]] = ()) -> list[Candidate]:
    """Dated candidate sentences inside [since, until]; with ``terms``, only sentences naming one."""
    out = []
    combined = _combined(terms)
    for doc in docs:
        # with a query, only the sentences where a term matches can qualify: found in one pass over the text
        only = _maybe_naming(doc, terms, combined) if terms else None
        if only is not None and not only:
            continue
        named: dict[int, bool] = {}  # a sentence is a candidate for each of its dates: search its text once
        for c in document_candidates(doc, only):
            if not in_range(c.date, since, until):
                continue
            # the line as cited must name a term: only a wire dateline left out (skip) can make it differ
            # from the whole sentence, which the prefilter found naming one
            if terms and c.skip:
                if c.sentence not in named:
                    named[c.sentence] = any(t.search(c.text) for t in terms)
                if not named[c.sentence]:
                    continue
            out.append(c)
    return out


def debris_as_evidence(candidates: Iterable[Candidate],
                       debris: Mapping[str, tuple[str, Sequence[Sequence[Any]]]] | None) -> list[Candidate]:
    """The candidates, those whose line lies mostly in a page-debris line its rules find kept as evidence only.

    ``debris``: article id -> (outlet, debris line spans), as :func:`dateline.corpus.output.debris_spans`
    reads them. A caption, a reader's comment, navigation or a share prompt still counts for its day (the
    ranker reads it), but a reader should never see it as a line. A line found only because its outlet
    printed it before stays a line: in a news archive that is mostly a paragraph carried into the
    story's next update, told again on the update's own day (on the Timeline17 stores, keeping those as
    evidence only took real lines from later days).
    """
    if not debris:
        return list(candidates)
    out = []
    for c in candidates:
        spans = [sp for sp in debris.get(c.doc.article.id, ("", ()))[1] if sp[2] != REPEATED]
        out.append(c if not c.line or not spans or clean_spans(spans, c.start, c.end) else replace(c, line=False))
    return out


def _combined(terms: Sequence[re.Pattern[str]]) -> re.Pattern[str] | None:
    # one pass over an article's text finds every term: a query over a large store reads
    # thousands of articles, and testing each term on each sentence cost most of its time
    return _alternation(tuple(terms)) if terms else None


@lru_cache(maxsize=32)
def _alternation(terms: tuple[re.Pattern[str], ...]) -> re.Pattern[str]:
    # built once per query: a timeline over a store calls collect_candidates once per article
    return re.compile("|".join(f"(?:{t.pattern})" for t in terms), re.IGNORECASE)


def _maybe_naming(doc: Document, terms: Sequence[re.Pattern[str]], combined: re.Pattern[str]) -> set[int]:
    """Indexes of the sentences of ``doc`` where a term may match: every sentence a per-sentence search finds.

    A match inside one sentence marks it; a match across sentences (or from a gap
    into one) marks the sentences it touches for a search of their own, since a
    shorter term may match inside one of them.
    """
    text, sentences = doc.article.text, doc.sentences
    starts = [s.start for s in sentences]
    found: set[int] = set()
    unsure: set[int] = set()
    pos = 0
    while (m := combined.search(text, pos)) is not None:
        pos = m.end()
        first = sentence_at(sentences, m.start())
        if first is not None and m.end() <= sentences[first].end:
            found.add(first)
            pos = max(pos, sentences[first].end)  # one match is enough: go on from the next sentence
            continue
        lo = first if first is not None else bisect_right(starts, m.start())
        hi = bisect_left(starts, m.end())  # sentences starting before the match ends
        unsure.update(range(lo, hi))
    found |= {i for i in unsure - found
              if any(t.search(text, sentences[i].start, sentences[i].end) for t in terms)}
    return {sentences[i].index for i in found}
