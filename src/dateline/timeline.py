"""Timeline building from the store: rank dates, collect candidates, summarise.

The three roles are separate functions so each can be swapped. This baseline
dates each article by its publication date and summarises a date with the lead
sentences of its articles.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .model import Document, Precision, SourceRef, SummaryLine, Timeline, TimelineEntry
from .settings import Settings
from .store import Store


@dataclass(frozen=True)
class TimelineRequest:
    """What the user asked for; ``None`` fields fall back to the Settings."""

    query: str | None = None
    since: str | None = None  # YYYY[-MM[-DD]], inclusive
    until: str | None = None
    max_dates: int | None = None
    per_date: int | None = None


@dataclass(frozen=True)
class Candidate:
    date: str
    precision: Precision
    doc: Document
    sentence: int  # index into doc.sentences
    score: float


def source_ref(doc: Document, start: int, end: int) -> SourceRef:
    """A citation of a span of a stored article."""
    a = doc.article
    return SourceRef(article=a.id, start=start, end=end, title=a.title, url=a.url, source=a.source,
                     published=a.published.isoformat() if a.published else "")


def in_range(value: str, since: str | None, until: str | None) -> bool:
    """Whether a date value (any precision) falls inside [since, until], compared by prefix."""
    if since and value[: len(since)] < since[: len(value)]:
        return False
    if until and value[: len(until)] > until[: len(value)]:
        return False
    return True


def select_documents(store: Store, request: TimelineRequest) -> list[Document]:
    """Originals matching the query (all when no query), with their layers."""
    ids = store.search(request.query) if request.query else None
    return list(store.iter_documents(ids))


def _date_of(doc: Document) -> tuple[str, Precision] | None:
    a = doc.article
    if a.published is None:
        return None
    precision = a.date_precision or Precision.DAY
    iso = a.published.isoformat()
    return {Precision.DAY: iso, Precision.MONTH: iso[:7], Precision.YEAR: iso[:4]}[precision], precision


def collect_candidates(docs: Sequence[Document], request: TimelineRequest) -> list[Candidate]:
    """Lead sentences of dated articles, one candidate per article."""
    out = []
    for doc in docs:
        dated = _date_of(doc)
        if dated is None or not doc.sentences or not in_range(dated[0], request.since, request.until):
            continue
        lead = _lead_sentence(doc)
        if lead is not None:
            out.append(Candidate(date=dated[0], precision=dated[1], doc=doc, sentence=lead, score=1.0))
    return out


def _lead_sentence(doc: Document) -> int | None:
    """The first sentence that reads as prose (not the title, long enough)."""
    text = doc.article.text
    for s in doc.sentences:
        body = text[s.start:s.end]
        if body != doc.article.title and len(body.split()) >= 6:
            return s.index
    return None


def rank_dates(candidates: Sequence[Candidate], max_dates: int) -> list[str]:
    """The dates with the most reporting, then chronologically."""
    counts: dict[str, float] = defaultdict(float)
    for c in candidates:
        counts[c.date] += c.score
    best = sorted(counts, key=lambda d: (-counts[d], d))[:max_dates]
    return sorted(best)


def summarise(candidates: Sequence[Candidate], dates: Sequence[str], per_date: int) -> list[TimelineEntry]:
    """Up to ``per_date`` distinct lead sentences per selected date."""
    by_date: dict[str, list[Candidate]] = defaultdict(list)
    for c in candidates:
        by_date[c.date].append(c)
    entries = []
    for d in dates:
        lines, seen = [], set()
        for c in sorted(by_date[d], key=lambda c: (-c.score, c.doc.article.id)):
            s = c.doc.sentences[c.sentence]
            text = c.doc.article.text[s.start:s.end]
            if text in seen:
                continue
            seen.add(text)
            lines.append(SummaryLine(text=text, source=source_ref(c.doc, s.start, s.end)))
            if len(lines) >= per_date:
                break
        sources = tuple(line.source for line in lines)
        entries.append(TimelineEntry(date=d, precision=by_date[d][0].precision, summary=tuple(lines),
                                     sources=sources, score=float(len(by_date[d]))))
    return entries


def undated_lines(docs: Sequence[Document]) -> list[SummaryLine]:
    """Lead sentences of articles that carry no date, so they are not lost."""
    out = []
    for doc in docs:
        if doc.article.published is None and doc.sentences:
            lead = _lead_sentence(doc)
            if lead is not None:
                s = doc.sentences[lead]
                out.append(SummaryLine(text=doc.article.text[s.start:s.end], source=source_ref(doc, s.start, s.end)))
    return out


def build_timeline(store: Store, settings: Settings, request: TimelineRequest = TimelineRequest()) -> Timeline:
    """The timeline of the stored corpus (or of the articles matching the query)."""
    docs = select_documents(store, request)
    candidates = collect_candidates(docs, request)
    dates = rank_dates(candidates, request.max_dates or settings.max_dates)
    entries = summarise(candidates, dates, request.per_date or settings.per_date)
    return Timeline(entries=tuple(entries), undated=tuple(undated_lines(docs)))
