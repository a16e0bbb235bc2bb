"""Date ranking: which dates a timeline should show.

The score of a date is the number of distinct articles that mention it, plus a
small share for articles published on it without naming another day. Counting
articles rather than sentences keeps one long retrospective from outvoting the
rest, and mentions beat publication dates on Timeline17 (Gholipour Ghalandari &
Ifrim 2020 report the same for their mention-count ranker). Month-level dates
compete at a discount, since a day carries more information than its month.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ..extract.dated import Candidate
from ..model import Precision

# Weight of an article published on a date without mentioning one, relative to a mention.
PUBLISHED_WEIGHT = 0.1
# Weight of a month-precision date relative to a day.
MONTH_WEIGHT = 0.5


def date_scores(candidates: Sequence[Candidate]) -> dict[str, float]:
    """Score of every candidate date (see the module docstring)."""
    by_article: dict[tuple[str, str], float] = defaultdict(float)
    for c in candidates:
        w = c.weight if c.mentioned else PUBLISHED_WEIGHT
        key = (c.date, c.doc.article.id)
        # an article counts once per date, with its strongest evidence
        by_article[key] = max(by_article[key], w)
    scores: dict[str, float] = defaultdict(float)
    for (value, _), w in by_article.items():
        scores[value] += w * (MONTH_WEIGHT if len(value) == 7 else 1.0)
    return dict(scores)


def rank_dates(candidates: Sequence[Candidate], max_dates: int, *,
               precision: Precision | None = None) -> list[str]:
    """The ``max_dates`` best dates, best first; ``precision`` keeps only one granularity."""
    scores = date_scores(candidates)
    if precision is Precision.DAY:
        scores = {d: s for d, s in scores.items() if len(d) == 10}
    return sorted(scores, key=lambda d: (-scores[d], d))[:max_dates]
