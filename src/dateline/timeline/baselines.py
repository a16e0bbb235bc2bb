"""Baseline methods, built from the same candidates so that ``dateline eval tls`` can set them beside ours.

* **datewise**: news-tls's DATEWISE (Gholipour Ghalandari & Ifrim 2020) as
  written in their paper: days ranked by the number of sentences naming them;
  a day's candidates are the sentences naming it and the first
  ``LEAD_SENTENCES`` undated sentences of the articles published on it or the
  day after; each day is summarised by CentroidOpt, greedily adding the
  sentence that brings the summary's TF-IDF vector closest to the centroid of
  the day's candidates. PM-Mean's knee-point filter of the candidates is left
  out.
* **pubcount**: days ranked by the number of articles published on them,
  summarised the same way: the trivial baseline of date selection.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
from scipy import sparse

from .candidates import Candidate
from ..model import Precision, TimelineEntry
from ..settings import Settings
from .build import Roles
from .day_ranking import MentionRanker, PubCountRanker
from .summarise import date_entry

LEAD_SENTENCES = 5  # news-tls's clip_sents
PUBLISHED_DAYS = 2  # news-tls's pub_end: a report is a candidate for its publication day and the day before
IDENTICAL = 0.9999  # news-tls's max_sim: only exact repeats are redundant


@dataclass(frozen=True)
class CentroidOpt:
    """Summaries by CentroidOpt over the day's mention and publication candidates (news-tls's DATEWISE)."""

    def __call__(self, candidates: Sequence[Candidate], dates: Sequence[str], per_date: int,
                 order: Sequence[str] | None = None) -> list[TimelineEntry]:
        """One entry per date in ``dates``."""
        texts: dict[tuple[str, int], str] = {}
        for c in candidates:
            texts.setdefault(c.key, c.text)
        if not texts:
            return []
        index = {k: i for i, k in enumerate(texts)}
        from sklearn.feature_extraction.text import TfidfVectorizer  # here: scikit-learn costs 1.5 s to import

        try:
            matrix = TfidfVectorizer(stop_words="english").fit_transform(list(texts.values())).tocsr()
        except ValueError:  # nothing but stop words
            return []
        pools = _pools(candidates, set(dates))
        out = []
        for d in dates:
            cands = pools.get(d, [])
            rows = matrix[[index[c.key] for c in cands]] if cands else None
            picked = _centroid_opt(rows, per_date) if cands else []
            if picked:
                out.append(date_entry(d, cands, [(cands[i], []) for i in picked]))
        return out


def _pools(candidates: Sequence[Candidate], dates: set[str]) -> dict[str, list[Candidate]]:
    """Per day: sentences naming it, and undated lead sentences of articles published on it or the day after."""
    pools: dict[str, dict[tuple[str, int], Candidate]] = defaultdict(dict)
    for c in candidates:
        if c.precision is not Precision.DAY:
            continue
        if c.mentioned and c.date in dates:
            pools[c.date].setdefault(c.key, c)
        elif not c.mentioned and c.sentence < LEAD_SENTENCES and c.doc.article.published is not None:
            for k in range(PUBLISHED_DAYS):
                day = (c.doc.article.published - timedelta(days=k)).isoformat()
                if day in dates:
                    pools[day].setdefault(c.key, c)
    # a canonical order, so that ties are broken the same whichever documents were loaded first
    return {d: [p[k] for k in sorted(p)] for d, p in pools.items()}


def _centroid_opt(rows: sparse.csr_matrix, k: int) -> list[int]:
    """Greedy CentroidOpt: indices whose summed vector is closest (cosine) to the rows' centroid."""
    rows = rows[:, np.unique(rows.indices)]  # only the terms the day uses: small enough to densify
    centroid = np.asarray(rows.sum(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    if not norm:
        return []
    centroid /= norm
    dense = rows.toarray()
    to_centroid = dense @ centroid
    summary = np.zeros_like(centroid)
    picked: list[int] = []
    while len(picked) < min(k, len(dense)):
        candidates = summary + dense  # the summary with each sentence added
        norms = np.linalg.norm(candidates, axis=1)
        score = np.where(norms > 0, (summary @ centroid + to_centroid) / np.maximum(norms, 1e-12), -np.inf)
        score[picked] = -np.inf
        if picked:  # exact repeats of a chosen line are skipped
            score[(dense @ dense[picked].T).max(axis=1) > IDENTICAL] = -np.inf
        best = int(np.argmax(np.round(score, 9)))  # rounding-level differences are ties
        if not np.isfinite(score[best]):
            break
        picked.append(best)
        summary = summary + dense[best]
    return picked


def datewise_roles(settings: Settings, clusters: Mapping | None = None) -> Roles:
    """news-tls's DATEWISE: mention-count ranking, CentroidOpt summaries."""
    return Roles(rank=MentionRanker(), summarise=CentroidOpt())


def pubcount_roles(settings: Settings, clusters: Mapping | None = None) -> Roles:
    """Publication-count ranking, CentroidOpt summaries."""
    return Roles(rank=PubCountRanker(), summarise=CentroidOpt())


BASELINES = {"datewise": datewise_roles, "pubcount": pubcount_roles}
