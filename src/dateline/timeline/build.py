"""Timeline building from the store: collect candidates, rank days, summarise.

The roles (:mod:`.candidates`, :mod:`.day_ranking`, :mod:`.summarise`) are wired here
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
from typing import Any

from ..corpus import output
from ..extract.sentence_dates import lead_only, own_date
from ..model import Document, Precision, SummaryLine, Timeline, TimelineEntry
from ..request import TimelineRequest
from ..settings import Settings
from ..protocols import ReadStore
from .candidates import Candidate, collect_candidates, debris_as_evidence, query_terms
from .day_ranking import LearnedRanker, coarse_evidence, rank_coarse
from .features import DayEvidence
from .learned import load_model
from .summarise import Summariser, cite_undated, source_ref

log = logging.getLogger(__name__)

__all__ = ["Roles", "TimelineRequest", "build_timeline", "timeline_from_documents"]

@dataclass(frozen=True)
class Roles:
    """The swappable roles of timeline building."""

    collect: Callable[..., list[Candidate]] = collect_candidates
    rank: Callable[..., list[str]] = field(default_factory=LearnedRanker)  # days, best first
    summarise: Callable[..., list[TimelineEntry]] = field(default_factory=Summariser)
    coarse: Callable[..., list[str]] = rank_coarse  # months, best first


def default_roles(settings: Settings, clusters: Mapping[tuple[str, int], str] | None = None) -> Roles:
    """The shipped roles: the learned ranker and the summariser with the model's values."""
    model = load_model(settings.timeline_model or None)
    summarise = Summariser(clusters=clusters, params=model.summary, vectors=settings.sentence_vectors)
    return Roles(rank=LearnedRanker(model, clusters), summarise=summarise)


# Layers the candidates of a document are computed from (document_candidates, own_date)
CANDIDATE_LAYERS = ("sentences", "timexes", "events", "attachments")
# Layers the summary of a day reads on top (quoted speech, sentence vectors): the documents a timeline is built
# from are read with these only, raw (nothing a corpus stage decided is read; the event clusters come apart);
# the cited ones are read whole when the timeline is enriched (story.load_context)
SUMMARY_LAYERS = (*CANDIDATE_LAYERS, "quotes", "vectors")
# Ranked days the selection keeps documents for: _fill_dates asks for fewer than 3x the days wanted
RANK_DEPTH = 3


@dataclass(frozen=True)
class Ranked:
    """A ranking computed once over every matching article, handed to :func:`_fill_dates` as a ranker."""

    dates: tuple[str, ...]

    def __call__(self, candidates: Sequence[Candidate], n: int) -> list[str]:
        return list(self.dates[:n])


def matching_ids(store: ReadStore, query: str | None, aliases: Sequence[str] = ()) -> list[str] | None:
    """Ids of originals matching the query or the entities it names, best first (None: no query, all)."""
    if not query:
        return None
    ids = list(store.search(query))
    seen = set(ids)
    for alias in aliases:
        ids += [i for i in store.search(alias) if i not in seen and not seen.add(i)]
    return ids


def matching_documents(store: ReadStore, request: TimelineRequest) -> list[Document]:
    """Every original matching the request's query (all when none), loaded whole."""
    aliases = entity_aliases(store, request.query) if request.query else []
    return list(store.iter_documents(matching_ids(store, request.query, aliases)))


def select_documents(store: ReadStore, settings: Settings, request: TimelineRequest, *,
                     roles: Callable[..., Roles] = default_roles, terms: Sequence[re.Pattern[str]] | None = None,
                     aliases: Sequence[str] = ()) -> tuple[list[Document], Roles]:
    """The documents a timeline needs (the layers it reads), and the roles that rank with every match's evidence.

    The learned ranker weighs evidence of the whole corpus (shares of the
    largest count, bursts, the reference graph), so days are ranked once over
    the candidates of every matching article, read with the candidate layers
    only: the shipped ranker keeps per-day counts of them as they stream by
    (:class:`~dateline.timeline.features.DayEvidence`), another ranker keeps
    them with each article cut to its lead (:func:`lead_only`). Then only the
    articles the summary can use are loaded (with the layers it reads): those with a candidate on a
    ranked day or month, those whose own day is one of them, and undated
    articles (they may be cited). The timeline equals the one
    built from every matching document loaded whole (tests/scale).
    """
    if terms is None:
        terms = query_terms(request.query, aliases)
    want = request.max_dates or settings.max_dates
    coarse = settings.coarse if request.coarse is None else request.coarse
    ids = matching_ids(store, request.query, aliases)
    chosen = roles(settings, event_clusters(store, ids))
    # the shipped ranker keeps per-day counts as articles stream by; another (a baseline of the eval)
    # keeps every candidate, each with its article cut to the lead
    streaming = isinstance(chosen.rank, LearnedRanker) and chosen.coarse is rank_coarse
    evidence = DayEvidence(chosen.rank.clusters if streaming else None)
    candidates: list[Candidate] = []
    dates_of: dict[str, frozenset[str]] = {}
    undated: set[str] = set()
    for doc in store.iter_documents(ids, raw=True, layers=CANDIDATE_LAYERS):
        aid = doc.article.id
        if doc.article.published is None:
            undated.add(aid)
        cands = collect_candidates([doc], since=request.since, until=request.until, terms=terms)
        if streaming:
            evidence.add(cands)
        else:
            slim = lead_only(doc)  # what ranking reads of an article; the rest is loaded again if summarised
            candidates += [replace(c, doc=slim) for c in cands]
        own = own_date(doc)
        dates_of[aid] = frozenset({c.date for c in cands} | ({own, own[:7]} if own else set()))
    n_coarse = max(1, round(COARSE_SHARE * want)) if coarse else 0
    if streaming:
        ranker: Callable[..., list[str]] = chosen.rank.ranking(evidence)
        # _fill_dates asks for want to under RANK_DEPTH * want days; spread, each asks for its own set
        days = sorted({d for n in range(want, RANK_DEPTH * want + 1) for d in ranker(None, n)})
        months = coarse_evidence(evidence, n_coarse) if coarse else []
    else:
        days = chosen.rank(candidates, RANK_DEPTH * want)
        ranker = Ranked(tuple(days))
        months = chosen.coarse(candidates, n_coarse) if coarse else []
    del candidates, evidence
    top = set(days) | set(months)
    keep = [aid for aid, dates in dates_of.items() if dates & top or aid in undated]
    log.info("timeline: %d of %d matching articles can change the result", len(keep), len(dates_of))
    docs = list(store.iter_documents(keep, raw=True, layers=SUMMARY_LAYERS))
    return docs, replace(chosen, rank=ranker, coarse=Ranked(tuple(months)))


def entity_aliases(store: ReadStore, query: str) -> list[str]:
    """Names and aliases of the stored entities the query names (entity focus)."""
    q = query.strip().lower()
    out: list[str] = []
    # SQL finds the entities whose JSON holds the query (LIKE folds ASCII case only, and a name with
    # a quote or backslash is escaped in JSON): the rest are never decoded
    exact = q.isascii() and not {'"', "\\"} & set(q)
    found = output.entities_mentioning(store, q) if exact and q else output.entities(store)
    for obj in found.values():
        if not isinstance(obj, Mapping):
            continue
        names = [str(obj.get("name", "")), *map(str, obj.get("aliases", ()) or ())]
        if any(n.lower() == q for n in names if n):
            out += [n for n in names if n and n not in out]
    return out


def event_clusters(store: ReadStore, articles: Sequence[str] | None = None) -> dict[tuple[str, int], str]:
    """(article, sentence) -> event cluster id, from the clustering corpus stage when it ran."""
    return output.sentence_clusters(store, articles)


def article_dates(docs: Iterable[Document]) -> dict[str, str]:
    """Each dated article's own day (see :func:`own_date`)."""
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
                            *, roles: Roles | None = None, terms: Sequence[re.Pattern[str]] | None = None,
                            debris: Mapping[str, tuple[str, Sequence[Sequence[Any]]]] | None = None) -> Timeline:
    """The timeline of in-memory documents (the store-free core of :func:`build_timeline`).

    ``debris``: each article's page-debris lines (:func:`dateline.corpus.output.debris_spans`); a candidate
    lying in one is evidence for its day, never a line (:func:`~.candidates.debris_as_evidence`).
    """
    if terms is None:
        terms = query_terms(request.query)
    roles = roles or default_roles(settings)
    candidates = debris_as_evidence(roles.collect(docs, since=request.since, until=request.until, terms=terms),
                                    debris)
    want = request.max_dates or settings.max_dates
    coarse = settings.coarse if request.coarse is None else request.coarse
    entries = _fill_dates(roles, candidates, want, request.per_date or settings.per_date,
                          max(1, round(COARSE_SHARE * want)) if coarse else 0)
    entries = mark_background(cite_undated(entries, docs), article_dates(docs).values())
    cited = {ref.article for e in entries for ref in e.sources}
    return Timeline(entries=tuple(entries), undated=tuple(undated_lines(docs, cited)))


def build_timeline(store: ReadStore, settings: Settings, request: TimelineRequest = TimelineRequest(),
                   *, roles: Callable[..., Roles] = default_roles) -> Timeline:
    """The timeline of the stored corpus (or of the articles matching the query).

    ``roles(settings, clusters)`` picks the method (the baselines of ``dateline eval tls`` swap it).
    """
    aliases = entity_aliases(store, request.query) if request.query else []
    terms = query_terms(request.query, aliases)
    docs, chosen = select_documents(store, settings, request, roles=roles, terms=terms, aliases=aliases)
    log.info("timeline over %d articles", len(docs))
    debris = output.debris_spans(store, [d.article.id for d in docs])
    return timeline_from_documents(docs, settings, request, roles=chosen, terms=terms, debris=debris)
