"""Timeline building from the store: collect candidates, rank days, summarise.

The roles (:mod:`.candidates`, :mod:`.dates`, :mod:`.summarise`) are wired here
through :class:`Roles` so each can be swapped: candidates are sentences tied to
the dates they mention (else to their article's own day), days are ranked by a
learned model of their evidence, and each day is summarised extractively with
sentences the sources wrote, each citing its span and every other outlet that
reported the same event.

Asked for ``max_dates``, a timeline gets that many days when the corpus has
them. Months compete apart: the best of them (``coarse`` setting) are added as
background entries and never take a day's slot.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from ..corpus.cluster_stage import sentence_clusters
from ..extract.dated import Candidate, own_date
from ..model import Document, Precision, SummaryLine, Timeline, TimelineEntry
from ..settings import Settings
from ..store import Store
from .candidates import collect_candidates, query_terms
from .dates import LearnedRanker, rank_coarse
from .learned import load_model
from .summarise import Summariser, cite_undated, source_ref

log = logging.getLogger(__name__)

__all__ = ["Roles", "TimelineRequest", "build_timeline", "timeline_from_documents"]

@dataclass(frozen=True)
class TimelineRequest:
    """What the user asked for; ``None`` fields fall back to the Settings."""

    query: str | None = None
    since: str | None = None  # YYYY[-MM[-DD]], inclusive
    until: str | None = None
    max_dates: int | None = None  # day entries
    per_date: int | None = None
    coarse: bool | None = None  # add month entries as background


@dataclass(frozen=True)
class Roles:
    """The swappable roles of timeline building."""

    collect: Callable[..., list[Candidate]] = collect_candidates
    rank: Callable[..., list[str]] = field(default_factory=LearnedRanker)  # days, best first
    summarise: Callable[..., list[TimelineEntry]] = field(default_factory=Summariser)
    coarse: Callable[..., list[str]] = rank_coarse  # months, best first


def select_documents(store: Store, request: TimelineRequest) -> list[Document]:
    """Originals matching the query or the entities it names (all when no query), with their layers."""
    if not request.query:
        return list(store.iter_documents())
    ids = list(store.search(request.query))
    for alias in entity_aliases(store, request.query):
        ids += [i for i in store.search(alias) if i not in ids]
    return list(store.iter_documents(ids))


def entity_aliases(store: Store, query: str) -> list[str]:
    """Names and aliases of the stored entities the query names (entity focus)."""
    q = query.strip().lower()
    out: list[str] = []
    for obj in store.get_objects("entity").values():
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
    """Coarse entries, and days no article reports as its own news, are background, told in passing."""
    days = set(own_dates)
    return [replace(e, background=len(e.date) != 10 or e.date not in days) for e in entries]


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


# Share of a timeline's length given to background months: a reader asked for
# 20 days also sees the 5 months the corpus names most, apart from the days.
COARSE_SHARE = 0.25


def _fill_dates(roles: Roles, candidates: Sequence[Candidate], want: int, per_date: int,
                coarse: int) -> list[TimelineEntry]:
    """Entries for the ``want`` best days that still have something new to say, and ``coarse`` months.

    Days are summarised in order of importance, so a repeated fact lands on the
    day that matters most; a day left with nothing but repeats is dropped and
    the next-ranked day takes its slot (a reader should never see an empty date).
    Months are summarised after every day, so they only say what no day said.
    """
    asked = want
    months = roles.coarse(candidates, coarse) if coarse else []
    while True:
        ranked = roles.rank(candidates, asked)
        entries = [e for e in roles.summarise(candidates, sorted(ranked + months), per_date, ranked + months)
                   if e.summary]
        days = [e for e in entries if len(e.date) == 10]
        if len(days) >= want or len(ranked) < asked or asked >= 2 * want:
            order = {d: i for i, d in enumerate(ranked)}
            keep = {e.date for e in sorted(days, key=lambda e: order[e.date])[:want]}
            return [e for e in entries if e.date in keep or len(e.date) != 10]
        asked += want - len(days)


def timeline_from_documents(docs: Sequence[Document], settings: Settings, request: TimelineRequest = TimelineRequest(),
                            *, roles: Roles | None = None, terms: Sequence[re.Pattern[str]] | None = None) -> Timeline:
    """The timeline of in-memory documents (the store-free core of :func:`build_timeline`)."""
    if terms is None:
        terms = query_terms(request.query)
    roles = roles or default_roles(settings)
    candidates = roles.collect(docs, since=request.since, until=request.until, terms=terms)
    want = request.max_dates or settings.max_dates
    coarse = settings.coarse if request.coarse is None else request.coarse
    entries = _fill_dates(roles, candidates, want, request.per_date or settings.per_date,
                          max(1, round(COARSE_SHARE * want)) if coarse else 0)
    entries = mark_background(cite_undated(entries, docs), article_dates(docs).values())
    cited = {ref.article for e in entries for ref in e.sources}
    return Timeline(entries=tuple(entries), undated=tuple(undated_lines(docs, cited)))


def default_roles(settings: Settings, clusters: Mapping[tuple[str, int], str] | None = None) -> Roles:
    """The shipped roles: the learned ranker and the summariser with the model's values."""
    model = load_model(settings.timeline_model or None)
    return Roles(rank=LearnedRanker(model, clusters), summarise=Summariser(clusters=clusters, params=model.summary))


def build_timeline(store: Store, settings: Settings, request: TimelineRequest = TimelineRequest(),
                   *, roles: Callable[..., Roles] = default_roles) -> Timeline:
    """The timeline of the stored corpus (or of the articles matching the query).

    ``roles(settings, clusters)`` picks the method (the baselines of ``dateline eval tls`` swap it).
    """
    docs = select_documents(store, request)
    aliases = entity_aliases(store, request.query) if request.query else []
    log.info("timeline over %d articles", len(docs))
    return timeline_from_documents(docs, settings, request, roles=roles(settings, event_clusters(store, [d.article.id for d in docs])),
                                   terms=query_terms(request.query, aliases))
