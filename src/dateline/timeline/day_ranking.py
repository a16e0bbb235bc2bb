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
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .candidates import Candidate
from ..model import Precision
from .features import DateTable, DayEvidence, date_table, names_month
from .learned import TimelineModel, load_model


def _best(scores: Mapping[str, float], n: int) -> list[str]:
    return sorted(scores, key=lambda d: (-scores[d], d))[:n]


@dataclass(frozen=True)
class LearnedRanker:
    """Days ranked by a learned linear model of their evidence; ``clusters`` maps sentences to event clusters."""

    model: TimelineModel | None = None
    clusters: Mapping[tuple[str, int], str] | None = None
    _scored: dict = field(default_factory=dict, compare=False, repr=False)  # the last candidates' scores

    def __call__(self, candidates: Sequence[Candidate], n: int) -> list[str]:
        """The ``n`` best days, best first."""
        # a timeline asks again for more days of the same candidates: score them once
        if self._scored.get("candidates") is not candidates:
            self._scored.update(candidates=candidates, scores=self._scores(date_table(candidates, self.clusters)))
        return _best(self._scored["scores"], n)

    def rank_evidence(self, evidence: DayEvidence, n: int) -> list[str]:
        """The ``n`` best days of counts gathered article by article (the same days as from the candidates)."""
        return _best(self._scores(evidence.table()), n)

    def _scores(self, table: DateTable) -> dict[str, float]:
        return dict(zip(table.days, map(float, (self.model or load_model()).ranker.score(table.matrix))))


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
