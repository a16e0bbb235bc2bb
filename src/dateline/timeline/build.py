"""Timeline building from the store: collect candidates, rank dates, summarise.

The roles live in :mod:`dateline.tls` and are wired here through :class:`Roles`
so each can be swapped: candidates are sentences tied to the dates they mention
(else to their publication date), dates are ranked by how many articles mention
them, and each date is summarised extractively with sentences the sources wrote,
each citing its span and every other outlet that reported the same event.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from ..corpus.cluster_stage import sentence_clusters
from ..extract.dated import Candidate, own_date
from ..model import Document, Precision, SummaryLine, Timeline, TimelineEntry
from ..settings import Settings
from ..store import Store
from .candidates import collect_candidates, query_terms
from .dates import date_scores, rank_dates
from .summarise import Summariser, cite_undated, source_ref

log = logging.getLogger(__name__)

__all__ = ["Roles", "TimelineRequest", "build_timeline", "timeline_from_documents"]

@dataclass(frozen=True)
class TimelineRequest:
    """What the user asked for; ``None`` fields fall back to the Settings."""

    query: str | None = None
    since: str | None = None  # YYYY[-MM[-DD]], inclusive
    until: str | None = None
    max_dates: int | None = None
    per_date: int | None = None
    precision: Precision | None = None  # keep only dates of this granularity (the T17 eval asks DAY)


@dataclass(frozen=True)
class Roles:
    """The swappable roles of timeline building."""

    collect: Callable[..., list[Candidate]] = collect_candidates
    rank: Callable[..., list[str]] = rank_dates
    summarise: Callable[..., list[TimelineEntry]] = field(default_factory=Summariser)


# Layers the candidates of a document are computed from (document_candidates, own_date)
CANDIDATE_LAYERS = ("sentences", "timexes", "events")
# Ranked dates the selection keeps documents for: _fill_dates asks for fewer than 3x the dates wanted
RANK_DEPTH = 3


def matching_ids(store: Store, query: str | None, aliases: Sequence[str] = ()) -> list[str] | None:
    """Ids of originals matching the query or the entities it names, best first (None: no query, all)."""
    if not query:
        return None
    ids = list(store.search(query))
    seen = set(ids)
    for alias in aliases:
        ids += [i for i in store.search(alias) if i not in seen and not seen.add(i)]
    return ids


def select_documents(store: Store, request: TimelineRequest, *, want: int = 10,
                     terms: Sequence[re.Pattern[str]] | None = None, aliases: Sequence[str] = ()) -> list[Document]:
    """The documents a timeline of ``want`` dates can use, streamed so memory stays bounded.

    One pass reads the candidate layers of every matching article (FTS5, best
    first; all when there is no query) one at a time and keeps only each
    article's candidate dates and own day. Only the articles that can change
    the result are then loaded whole: those with a candidate on one of the
    ``RANK_DEPTH * want`` best dates (date scores add up per article, so these
    are the dates ranking would consider, and every article that counts for
    them), those whose own day is one of them, and undated articles (they may be
    cited). The timeline built from them equals the one built from every match.
    """
    if terms is None:
        terms = query_terms(request.query, aliases)
    scores: dict[str, float] = defaultdict(float)
    dates_of: dict[str, frozenset[str]] = {}
    undated: set[str] = set()
    for doc in store.iter_documents(matching_ids(store, request.query, aliases), raw=True, layers=CANDIDATE_LAYERS):
        aid = doc.article.id
        if doc.article.published is None:
            undated.add(aid)
        cands = collect_candidates([doc], since=request.since, until=request.until, terms=terms)
        for value, score in date_scores(cands).items():
            scores[value] += score
        own = own_date(doc)
        dates_of[aid] = frozenset({c.date for c in cands} | ({own, own[:7]} if own else set()))
    ranked = sorted(scores, key=lambda d: (-scores[d], d))
    if request.precision is Precision.DAY:
        ranked = [d for d in ranked if len(d) == 10]
    top = set(ranked[:RANK_DEPTH * want])
    keep = [aid for aid, dates in dates_of.items() if dates & top or aid in undated]
    log.info("timeline: %d of %d matching articles can change the result", len(keep), len(dates_of))
    return list(store.iter_documents(keep))


def entity_aliases(store: Store, query: str) -> list[str]:
    """Names and aliases of the stored entities the query names (entity focus)."""
    q = query.strip().lower()
    out: list[str] = []
    # SQL finds the entities whose JSON holds the query (LIKE folds ASCII case only, and a name with
    # a quote or backslash is escaped in JSON): the rest are never decoded
    exact = q.isascii() and not {'"', "\\"} & set(q)
    found = store.objects_mentioning("entity", q) if exact and q else store.get_objects("entity")
    for obj in found.values():
        if not isinstance(obj, Mapping):
            continue
        names = [str(obj.get("name", "")), *map(str, obj.get("aliases", ()) or ())]
        if any(n.lower() == q for n in names if n):
            out += [n for n in names if n and n not in out]
    return out


def event_clusters(store: Store, articles: Sequence[str] | None = None) -> dict[tuple[str, int], str]:
    """(article, sentence) -> event cluster id, from the clustering corpus stage when it ran."""
    return sentence_clusters(store, articles)


def article_dates(docs: Iterable[Document]) -> dict[str, str]:
    """Each dated article's own day (see :func:`dateline.tls.candidates.own_date`)."""
    return {doc.article.id: day for doc in docs if (day := own_date(doc)) is not None}


def mark_background(entries: Sequence[TimelineEntry], own_dates: Iterable[str]) -> list[TimelineEntry]:
    """Entries whose date no article reports as its own news are background, told in passing."""
    days = set(own_dates)
    months = {d[:7] for d in days}
    return [replace(e, background=(e.date not in days if len(e.date) == 10 else e.date not in months))
            for e in entries]


def undated_lines(docs: Sequence[Document], cited: set[str]) -> list[SummaryLine]:
    """The lead sentence of each undated article not cited elsewhere, so it is not lost."""
    out = []
    for doc in docs:
        if doc.article.published is not None or doc.article.id in cited:
            continue
        lead = next((s for s in doc.sentences if _lead_like(doc, s.start, s.end)), None)
        if lead is not None:
            c = Candidate("", Precision.DAY, doc, lead.index, False, 0)
            out.append(SummaryLine(text=c.text, source=source_ref(c)))
    return out


def _lead_like(doc: Document, start: int, end: int) -> bool:
    text = doc.article.text[start:end]
    return text != doc.article.title and len(re.findall(r"\w+", text)) >= 6


def _fill_dates(roles: Roles, candidates: Sequence[Candidate], want: int, per_date: int,
                precision: Precision | None) -> list[TimelineEntry]:
    """Entries for the ``want`` best dates that still have something new to say.

    Dates are summarised in order of importance, so a repeated fact lands on the
    date that matters most; a date left with nothing but repeats is dropped and
    the next-ranked date takes its slot (a reader should never see an empty date).
    """
    asked = want
    while True:
        ranked = roles.rank(candidates, asked, precision=precision)
        entries = [e for e in roles.summarise(candidates, sorted(ranked), per_date, ranked) if e.summary]
        if len(entries) >= want or len(ranked) < asked or asked >= 2 * want:
            order = {d: i for i, d in enumerate(ranked)}
            keep = {e.date for e in sorted(entries, key=lambda e: order[e.date])[:want]}
            return [e for e in entries if e.date in keep]
        asked += want - len(entries)


def timeline_from_documents(docs: Sequence[Document], settings: Settings, request: TimelineRequest = TimelineRequest(),
                            *, roles: Roles = Roles(), terms: Sequence[re.Pattern[str]] | None = None) -> Timeline:
    """The timeline of in-memory documents (the store-free core of :func:`build_timeline`)."""
    if terms is None:
        terms = query_terms(request.query)
    candidates = roles.collect(docs, since=request.since, until=request.until, terms=terms)
    entries = _fill_dates(roles, candidates, request.max_dates or settings.max_dates,
                          request.per_date or settings.per_date, request.precision)
    entries = mark_background(cite_undated(entries, docs), article_dates(docs).values())
    cited = {ref.article for e in entries for ref in e.sources}
    return Timeline(entries=tuple(entries), undated=tuple(undated_lines(docs, cited)))


def build_timeline(store: Store, settings: Settings, request: TimelineRequest = TimelineRequest()) -> Timeline:
    """The timeline of the stored corpus (or of the articles matching the query)."""
    aliases = entity_aliases(store, request.query) if request.query else []
    terms = query_terms(request.query, aliases)
    docs = select_documents(store, request, want=request.max_dates or settings.max_dates, terms=terms,
                            aliases=aliases)
    roles = Roles(summarise=Summariser(clusters=event_clusters(store, [d.article.id for d in docs])))
    log.info("timeline over %d articles", len(docs))
    return timeline_from_documents(docs, settings, request, roles=roles, terms=terms)
