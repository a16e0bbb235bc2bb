"""Evidence about each candidate day, as the features a date ranker weighs.

Counts are taken per article, not per sentence, so one long retrospective does
not outvote the rest. Every count comes twice: as ``log(1 + n)`` and as its
share of the largest count of the timeline, because the size of a corpus
changes the first and not the second, and a ranker trained on other stories
must work on a pile of 30 articles as on one of 3,000.

The features follow the date-selection literature: how many articles mention a
date, and whether from other days (Gholipour Ghalandari & Ifrim 2020, news-tls's
supervised date ranker); a burst of publication right after it (Kessler et al.
2012, "Finding salient dates for building thematic timelines"); the reference
graph between dates, where an article published on one day that mentions
another is a vote for it, scored by PageRank (Tran et al. 2015, "Timeline
summarization from relevant headlines"); and the event clusters reported on the
date: how many articles and outlets tell the same event.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from scipy import sparse

from ..extract.sentence_dates import own_date
from .candidates import Candidate

DATE_FEATURES = (
    "articles", "articles_share",            # distinct articles naming the day
    "other_day", "other_day_share",          # ... published on another day (told afterwards or ahead)
    "ahead", "ahead_share",                  # ... published before it: plans and forecasts
    "sentences", "sentences_share",          # sentences naming it
    "published", "published_share",          # articles published on it
    "own_news", "own_news_share",            # articles whose lead reports it as their news
    "burst",                                 # publications over the next BURST_DAYS against the mean
    "pagerank",                              # centrality in the reference graph, times the number of days
    "cluster", "cluster_share",              # articles in the largest event cluster of the day
    "outlets",                               # distinct outlets naming the day
)
BURST_DAYS = 3  # the day and the two after it: reports of an event come out within a day or two
DAMPING = 0.85  # PageRank's usual damping (Brin & Page 1998)


@dataclass(frozen=True)
class DateTable:
    """The candidate days of one timeline and their feature rows (columns in :data:`DATE_FEATURES`)."""

    days: list[str]
    matrix: np.ndarray


def date_table(candidates: Sequence[Candidate], clusters: Mapping[tuple[str, int], str] | None = None) -> DateTable:
    """Feature rows of every day the candidates name or were published on."""
    return DayEvidence(clusters).add(candidates).table()


def names_month(c: Candidate) -> bool:
    """Whether a candidate is a month its sentence names (as an anchor only does not count)."""
    return c.mentioned and not c.anchor and c.precision.value != "day"


class DayEvidence:
    """The per-day counts the features are computed from, gathered a few candidates at a time.

    A timeline over a large store ranks the days of every matching article;
    adding each article's candidates as it is read keeps counts, not candidates
    (see :func:`dateline.timeline.build.select_documents`). Added all at once or
    article by article, the table is the same.
    """

    def __init__(self, clusters: Mapping[tuple[str, int], str] | None = None):
        self.clusters = clusters or {}
        self.naming: dict[str, dict[str, int]] = defaultdict(dict)  # day -> article -> lag
        self.sentences: dict[str, float] = defaultdict(float)
        self.outlets: dict[str, set[str]] = defaultdict(set)
        self.members: dict[tuple[str, str], set[str]] = defaultdict(set)  # (day, cluster) -> articles
        self.months: dict[str, set[str]] = defaultdict(set)  # month named (not as an anchor) -> articles
        self.published: dict[str, float] = defaultdict(float)
        self.own: dict[str, float] = defaultdict(float)
        self.pub_of: dict[str, str | None] = {}  # article -> its publication day

    def add(self, candidates: Iterable[Candidate]) -> DayEvidence:
        for c in candidates:
            aid = c.doc.article.id
            if aid not in self.pub_of:
                self._article(c)
            if names_month(c):
                self.months[c.date].add(aid)
            if not c.mentioned or c.anchor or c.precision.value != "day":
                continue
            self.naming[c.date][aid] = c.lag
            self.sentences[c.date] += 1
            self.outlets[c.date].add(c.doc.article.source or aid)
            if (cid := self.clusters.get(c.key)) is not None:
                self.members[(c.date, cid)].add(aid)
        return self

    def _article(self, c: Candidate) -> None:
        a = c.doc.article
        self.pub_of[a.id] = a.published.isoformat() if a.published is not None else None
        if a.published is None:
            return
        self.published[a.published.isoformat()] += 1
        if (day := own_date(c.doc)) is not None:
            self.own[day] += 1

    def counts(self) -> dict[str, dict]:
        """Per-day counts of articles, sentences, publications and cluster members; reference-graph edges."""
        edges: dict[tuple[str, str], float] = defaultdict(float)
        for day, arts in self.naming.items():
            for aid, lag in arts.items():
                pub = self.pub_of[aid]
                if pub is not None and lag != 0:
                    edges[(pub, day)] += 1.0
        largest: dict[str, float] = defaultdict(float)
        for (day, _), arts in self.members.items():
            largest[day] = max(largest[day], float(len(arts)))
        return {
            "articles": {d: float(len(a)) for d, a in self.naming.items()},
            "other_day": {d: float(sum(1 for lag in a.values() if lag != 0)) for d, a in self.naming.items()},
            "ahead": {d: float(sum(1 for lag in a.values() if lag < 0)) for d, a in self.naming.items()},
            "sentences": dict(self.sentences), "published": dict(self.published), "own_news": dict(self.own),
            "cluster": dict(largest), "outlets": {d: float(len(o)) for d, o in self.outlets.items()},
            "edges": edges,
        }

    def table(self) -> DateTable:
        """Feature rows of every day named or published on."""
        counts = self.counts()
        days = sorted(counts["articles"].keys() | counts["published"].keys())
        if not days:
            return DateTable([], np.zeros((0, len(DATE_FEATURES))))
        columns: dict[str, np.ndarray] = {}
        for name in ("articles", "other_day", "ahead", "sentences", "published", "own_news", "cluster"):
            raw = np.array([counts[name].get(d, 0.0) for d in days], dtype=float)
            columns[name] = np.log1p(raw)
            columns[f"{name}_share"] = raw / raw.max() if raw.max() > 0 else raw
        columns["burst"] = _burst(days, counts["published"])
        columns["pagerank"] = _pagerank(days, counts["edges"]) * len(days)
        columns["outlets"] = np.log1p([counts["outlets"].get(d, 0.0) for d in days])
        return DateTable(days, np.column_stack([columns[n] for n in DATE_FEATURES]))


def _burst(days: list[str], published: Mapping[str, float]) -> np.ndarray:
    """log(1 + publications over the day and the next ones / the mean over as many days)."""
    if not published:
        return np.zeros(len(days))
    pub_days = sorted(published)
    span = (date.fromisoformat(pub_days[-1]) - date.fromisoformat(pub_days[0])).days + 1
    mean = sum(published.values()) / span * BURST_DAYS
    out = []
    for d in days:
        start = date.fromisoformat(d)
        window = sum(published.get((start + timedelta(days=k)).isoformat(), 0.0) for k in range(BURST_DAYS))
        out.append(np.log1p(window / mean))
    return np.array(out)


def _pagerank(days: list[str], edges: Mapping[tuple[str, str], float], iterations: int = 50) -> np.ndarray:
    """PageRank of each day in the graph of 'published on one day, names another' edges."""
    n = len(days)
    index = {d: i for i, d in enumerate(days)}
    links = [(index[a], index[b], w) for (a, b), w in edges.items() if a in index and b in index]
    out_weight = np.zeros(n)
    for a, _, w in links:
        out_weight[a] += w
    if links:
        src, dst, w = (np.array(x) for x in zip(*links))
        step = sparse.csr_matrix((w / out_weight[src], (dst, src)), shape=(n, n))
    else:
        step = sparse.csr_matrix((n, n))
    dangling = out_weight == 0  # days that name no other day spread their rank evenly
    rank = np.full(n, 1.0 / n)
    for _ in range(iterations):
        rank = (1 - DAMPING) / n + DAMPING * (step @ rank + rank[dangling].sum() / n)
    return rank
