"""Date ranking: which days a timeline shows, and which coarser dates it mentions in the background.

Only days compete for a timeline's slots: a reader who asks for the ten key
days gets ten days. Months (coarser dates) are ranked apart by
:func:`rank_coarse` and shown as background.

Three rankers share one signature, ``ranker(candidates, n) -> days, best first``:

* :class:`LearnedRanker`, the default: a linear model over the evidence of
  :mod:`dateline.timeline.features`, trained across stories (see
  :mod:`dateline.timeline.learned`);
* :class:`MentionRanker`: sentences naming the day, news-tls's mention-count
  ranker (Gholipour Ghalandari & Ifrim 2020), the ranker of the DATEWISE baseline;
* :class:`PubCountRanker`: articles published on the day, the trivial baseline.

The learned ranker can spread its days over the story's active periods
(:func:`spread_days`): a story told over a year should not have all its days
in the month the ranker's evidence is densest. The share of days dealt out so
is the model's ``spread`` value, chosen by cross-validation over stories like
the summariser's values (0: the plain ranking).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from .candidates import Candidate
from ..model import Precision
from .features import DateTable, DayEvidence, names_month
from .learned import TimelineModel, load_model


def _best(scores: Mapping[str, float], n: int) -> list[str]:
    return sorted(scores, key=lambda d: (-scores[d], d))[:n]


def spread_days(order: Sequence[str], activity: Mapping[str, float], n: int, share: float) -> list[str]:
    """The ``n`` days to show, best first: ``round(share * n)`` of them dealt out over the story's periods by activity.

    ``order`` is every candidate day, best first; ``activity`` the articles
    published per day. The story's span (first to last publication) is cut
    into ``n`` periods of equal length; each gets its share of the dealt days
    in proportion to its articles (largest remainders; Hamilton's
    apportionment), filled with its best-ranked days; the other slots (and any
    a period cannot fill) go to the best days left, so a story's quiet periods
    never take a slot from its news.

    >>> spread_days(["2010-04-21", "2010-04-22", "2010-04-23", "2010-09-19"],
    ...             {"2010-04-21": 1, "2010-09-19": 1}, 2, 1.0)
    ['2010-04-21', '2010-09-19']
    """
    if share <= 0 or n <= 0 or not activity:
        return list(order[:n])
    first = date.fromisoformat(min(activity))
    # the story's span cut into n stretches of equal length: "a month" of a two-month story is too coarse
    width = max(1, -(-((date.fromisoformat(max(activity)) - first).days + 1) // n))

    def period(day: str) -> int:
        return (date.fromisoformat(day) - first).days // width

    periods: dict[int, float] = defaultdict(float)
    for day, count in activity.items():
        periods[period(day)] += count
    slots = round(share * n)
    total = sum(periods.values())
    exact = {p: slots * c / total for p, c in periods.items()}
    quota = {p: int(v) for p, v in exact.items()}
    for p in sorted(exact, key=lambda p: (quota[p] - exact[p], p))[:slots - sum(quota.values())]:
        quota[p] += 1
    chosen: list[str] = []
    taken: Counter[int] = Counter()
    for day in order:
        if taken[period(day)] < quota.get(period(day), 0):
            chosen.append(day)
            taken[period(day)] += 1
    picked = set(chosen)
    chosen += [d for d in order if d not in picked][:max(0, n - len(chosen))]
    rank = {d: i for i, d in enumerate(order)}
    return sorted(chosen[:n], key=rank.__getitem__)


@dataclass(frozen=True)
class LearnedRanker:
    """Days ranked by a learned linear model of their evidence; ``clusters`` maps sentences to event clusters."""

    model: TimelineModel | None = None
    clusters: Mapping[tuple[str, int], str] | None = None
    _scored: dict = field(default_factory=dict, compare=False, repr=False)  # the last candidates' scores

    def __call__(self, candidates: Sequence[Candidate], n: int) -> list[str]:
        """The ``n`` best days, best first (spread over the story's months by the model's ``spread``)."""
        # a timeline asks again for more days of the same candidates: score them once
        if self._scored.get("candidates") is not candidates:
            self._scored.update(candidates=candidates, ranking=self.ranking(DayEvidence(self.clusters).add(candidates)))
        return self._scored["ranking"](candidates, n)

    def ranking(self, evidence: DayEvidence) -> Ranking:
        """Every day of counts gathered article by article, best first, with what spreading them reads."""
        scores = self._scores(evidence.table())
        share = (self.model or load_model()).summary.spread
        return Ranking(tuple(_best(scores, len(scores))), dict(evidence.published), share)

    def _scores(self, table: DateTable) -> dict[str, float]:
        return dict(zip(table.days, map(float, (self.model or load_model()).ranker.score(table.matrix))))


@dataclass(frozen=True)
class Ranking:
    """A ranking computed once, handed on as a ranker: every day best first, spread when asked for ``n``."""

    order: tuple[str, ...]
    activity: Mapping[str, float] = field(default_factory=dict)  # articles published per day
    share: float = 0.0  # see spread_days

    def __call__(self, candidates: Sequence[Candidate] | None, n: int) -> list[str]:
        return spread_days(self.order, self.activity, n, self.share)

    def with_share(self, share: float) -> Ranking:
        return Ranking(self.order, self.activity, share)


@dataclass(frozen=True)
class MentionRanker:
    """Days ranked by the number of sentences naming them (news-tls's MentionCountDateRanker)."""

    def __call__(self, candidates: Sequence[Candidate], n: int) -> list[str]:
        """The ``n`` days named by the most sentences."""
        scores: dict[str, float] = defaultdict(float)
        for c in candidates:
            if c.mentioned and c.precision is Precision.DAY:
                scores[c.date] += 1
        return _best(scores, n)


@dataclass(frozen=True)
class PubCountRanker:
    """Days ranked by the number of articles published on them."""

    def __call__(self, candidates: Sequence[Candidate], n: int) -> list[str]:
        """The ``n`` days with the most publications."""
        articles: dict[str, set[str]] = defaultdict(set)
        for c in candidates:
            if (published := c.doc.article.published) is not None:
                articles[published.isoformat()].add(c.doc.article.id)
        return _best({d: float(len(a)) for d, a in articles.items()}, n)


def rank_coarse(candidates: Sequence[Candidate], n: int) -> list[str]:
    """The ``n`` months named by the most distinct articles (as anchors only does not count)."""
    articles: dict[str, set[str]] = defaultdict(set)
    for c in candidates:
        if names_month(c):
            articles[c.date].add(c.doc.article.id)
    return _best({d: float(len(a)) for d, a in articles.items()}, n)


def coarse_evidence(evidence: DayEvidence, n: int) -> list[str]:
    """:func:`rank_coarse` of counts gathered article by article."""
    return _best({d: float(len(a)) for d, a in evidence.months.items()}, n)
