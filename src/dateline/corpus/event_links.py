"""Same-event linking: a learned score for a pair of event mentions, and average-link clustering.

Two mentions of one story are compared when their triggers may name one event:
the same lemma, or a lemma pair that named one event in the training data
("kill" and "murder", "quake" and "earthquake"). The pair's features are the
cues the ECB+ literature reports for cross-document event coreference on CPU
(Cybulska & Vossen 2015; Kenyon-Dean et al. 2018; Ahmed et al. 2023, whose
lemma heuristic learns synonymous trigger pairs from the training topics):
trigger lemma and stem, how often the lemma pair corefers in the training
topics, the overlap of participants (agent, patient, place), of times and of
names in the two sentences, the sentences' and the articles' wording, and the
event types. A logistic regression turns them into a probability; mentions are
then grouped by average-link agglomerative clustering down to a threshold, the
usual decoder of mention-pair models (Barhom et al. 2019 cluster likewise).

The model is data (``dateline/data/event_model.json``): the features'
standardisation, the coefficients, the threshold and the table of lemma pairs,
rebuilt by ``dateline eval ecb --train`` from ECB+ topics 1-35. Clustering a
set of mentions depends on that set alone, never on the order they came in,
so a block of mentions rebuilt after an ingest gives what one pass over
everything gives.
"""

from __future__ import annotations

import heapq
import json
import logging
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from .clusters import Unit, cosine

log = logging.getLogger(__name__)

MODEL_FILE = "event_model.json"
# Smoothing of a lemma pair's coreference rate: (corefs + PRIOR) / (pairs + 1), so an unseen
# pair scores PRIOR and a pair seen once coreferent is not yet certain.
PRIOR = 0.1
LEAD = 2  # sentences 0..LEAD of an article: where a report names the event it is about

FEATURES = (
    "same_lemma", "same_stem", "sentence_cosine", "sentence_names", "arguments", "agent", "patient", "place",
    "times", "article_cosine", "article_names", "same_article", "same_sentence", "kind_equal", "kind_differs",
    "type_equal", "both_lead", "sentence_terms", "pair_rate", "pair_seen", "pair_count", "lemma_rate",
)


@dataclass(frozen=True)
class ArticleInfo:
    """What a mention's article says as a whole: its title-and-lead term vector and names."""

    vec: dict[str, float]
    names: frozenset[str]

    def to_json(self) -> dict[str, Any]:
        return {"vec": self.vec, "names": sorted(self.names)}

    @classmethod
    def from_json(cls, o: Mapping[str, Any]) -> "ArticleInfo":
        return cls(dict(o["vec"]), frozenset(o["names"]))


def pair_key(a: str, b: str) -> str:
    """The table key of two trigger lemmas, in either order."""
    return f"{a}|{b}" if a <= b else f"{b}|{a}"


@dataclass
class PairTable:
    """Per lemma pair: how many training pairs of mentions it made, and how many of them corefer."""

    counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # key -> (coreferent, all)

    def get(self, a: str, b: str) -> tuple[int, int]:
        return self.counts.get(pair_key(a, b), (0, 0))

    def linked(self, a: str, b: str) -> bool:
        """Whether two lemmas may name one event: the same lemma, or a pair seen coreferent."""
        return a == b or self.get(a, b)[0] > 0

    @classmethod
    def count(cls, pairs: Iterable[tuple[str, str, bool]]) -> "PairTable":
        """The table of (lemma, lemma, coreferent) pairs, kept small: a pair of different lemmas only
        when it corefered at least once (the others score as unseen)."""
        pos: Counter[str] = Counter()
        tot: Counter[str] = Counter()
        for a, b, same in pairs:
            k = pair_key(a, b)
            tot[k] += 1
            pos[k] += bool(same)
        return cls({k: (pos[k], n) for k, n in sorted(tot.items()) if pos[k] or k.split("|")[0] == k.split("|")[1]})


def _jaccard(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def _agree(a: frozenset[str], b: frozenset[str]) -> float:
    """+1 when both name something and share it, -1 when both name something else, 0 when one is silent."""
    if not a or not b:
        return 0.0
    return 1.0 if a & b else -1.0


def _kind(event_type: str) -> str:
    top = event_type.split(".")[0]
    return "" if top == "OTHER" else top


def pair_features(a: Unit, b: Unit, da: ArticleInfo, db: ArticleInfo, table: PairTable) -> list[float]:
    """The features of two event mentions, in :data:`FEATURES` order."""
    pos, tot = table.get(a.lemma, b.lemma)
    same = a.lemma == b.lemma
    rate = (pos + PRIOR) / (tot + 1)
    ka, kb = _kind(a.type), _kind(b.type)
    same_article = a.article == b.article
    return [
        float(same), float(a.trigger == b.trigger), cosine(a.vec, b.vec), _jaccard(a.names, b.names),
        _jaccard(a.args, b.args), _agree(a.agent, b.agent), _agree(a.patient, b.patient), _agree(a.place, b.place),
        _agree(a.times, b.times), cosine(da.vec, db.vec), _jaccard(da.names, db.names), float(same_article),
        float(same_article and a.sentence == b.sentence), float(bool(ka and kb and ka == kb)),
        float(bool(ka and kb and ka != kb)), float(a.type == b.type and ka != ""),
        float(a.sentence <= LEAD and b.sentence <= LEAD), _jaccard(set(a.vec), set(b.vec)),
        0.0 if same else rate, float(not same and pos > 0), math.log1p(tot), rate if same else 0.0,
    ]


@dataclass(frozen=True)
class EventModel:
    """A logistic regression over :data:`FEATURES`, its threshold and its lemma-pair table."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float
    table: PairTable
    trained_on: str = ""

    def probabilities(self, rows: Sequence[Sequence[float]]) -> np.ndarray:
        if not rows:
            return np.zeros(0)
        z = (np.asarray(rows, dtype=float) - np.asarray(self.mean)) / np.asarray(self.scale)
        return 1.0 / (1.0 + np.exp(-(z @ np.asarray(self.coef) + self.intercept)))

    def to_json(self) -> dict[str, Any]:
        return {"features": list(FEATURES), "mean": list(self.mean), "scale": list(self.scale),
                "coef": list(self.coef), "intercept": self.intercept, "threshold": self.threshold,
                "trained_on": self.trained_on, "pairs": {k: list(v) for k, v in self.table.counts.items()}}

    @classmethod
    def from_json(cls, o: Mapping[str, Any]) -> "EventModel":
        if tuple(o["features"]) != FEATURES:
            raise ValueError("event model: its features are not this version's; rebuild it with "
                             "`dateline eval ecb --train`")
        return cls(tuple(o["mean"]), tuple(o["scale"]), tuple(o["coef"]), float(o["intercept"]),
                   float(o["threshold"]), PairTable({k: (int(v[0]), int(v[1])) for k, v in o["pairs"].items()}),
                   o.get("trained_on", ""))


@lru_cache(maxsize=8)
def load_event_model(path: str | None = None) -> EventModel:
    """The event model of ``path``, else the one shipped in the package (cached)."""
    if path:
        raw = Path(path).read_text(encoding="utf-8")
    else:
        raw = resources.files("dateline").joinpath("data", MODEL_FILE).read_text(encoding="utf-8")
    return EventModel.from_json(json.loads(raw))


def candidate_pairs(units: Sequence[Unit], table: PairTable) -> list[tuple[int, int]]:
    """Index pairs of the mentions whose lemmas may name one event (see :meth:`PairTable.linked`)."""
    by_lemma: dict[str, list[int]] = {}
    for i, u in enumerate(units):
        if u.lemma:
            by_lemma.setdefault(u.lemma, []).append(i)
    lemmas = sorted(by_lemma)
    out = []
    for x, la in enumerate(lemmas):
        for lb in lemmas[x:]:
            if not table.linked(la, lb):
                continue
            ia, ib = by_lemma[la], by_lemma[lb]
            if la != lb:
                out += [(min(i, j), max(i, j)) for i in ia for j in ib]
            else:
                out += [(ia[p], ia[q]) for p in range(len(ia)) for q in range(p + 1, len(ia))]
    return sorted(out)


def average_link(n: int, scored: Mapping[tuple[int, int], float], threshold: float) -> list[list[int]]:
    """Groups of ``range(n)``: merge the two groups of highest mean pair score while it reaches ``threshold``.

    Unscored pairs count as 0. Ties go to the groups of the lowest indices, so the
    result depends on the scores alone.
    """
    members = {i: [i] for i in range(n)}
    sums: dict[int, dict[int, float]] = {i: {} for i in range(n)}
    for (i, j), p in scored.items():
        sums[i][j] = sums[i].get(j, 0.0) + p
        sums[j][i] = sums[j].get(i, 0.0) + p
    heap = [(-p, i, j) for (i, j), p in scored.items() if p >= threshold]
    heapq.heapify(heap)
    while heap:
        neg, i, j = heapq.heappop(heap)
        if i not in members or j not in members:
            continue
        score = sums[i].get(j, 0.0) / (len(members[i]) * len(members[j]))
        if abs(score + neg) > 1e-12:
            continue  # stale: a merge since changed this pair's mean; its new entry is in the heap
        members[i] += members.pop(j)
        for k, v in sums.pop(j).items():
            if k == i:
                continue
            sums[k].pop(j, None)
            sums[i][k] = sums[i].get(k, 0.0) + v
            sums[k][i] = sums[i][k]
        sums[i].pop(j, None)
        for k, v in sums[i].items():
            mean = v / (len(members[i]) * len(members[k]))
            if mean >= threshold:
                heapq.heappush(heap, (-mean, min(i, k), max(i, k)))
    return [sorted(m) for _, m in sorted(members.items())]


def link_events(units: Sequence[Unit], articles: Mapping[str, ArticleInfo], model: EventModel) -> list[list[int]]:
    """Groups of ``units`` (indices, each group in input order) that report one event."""
    pairs = candidate_pairs(units, model.table)
    empty = ArticleInfo({}, frozenset())
    rows = [pair_features(units[i], units[j], articles.get(units[i].article, empty),
                          articles.get(units[j].article, empty), model.table) for i, j in pairs]
    probs = model.probabilities(rows)
    return average_link(len(units), {p: float(s) for p, s in zip(pairs, probs)}, model.threshold)


def fit(rows: Sequence[Sequence[float]], labels: Sequence[bool], table: PairTable, *, threshold: float,
        trained_on: str = "") -> EventModel:
    """A logistic regression on standardised features (scikit-learn), as an :class:`EventModel`."""
    from sklearn.linear_model import LogisticRegression

    x = np.asarray(rows, dtype=float)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-6] = 1.0  # a constant feature (also one rounding would make 0)
    clf = LogisticRegression(max_iter=3000).fit((x - mean) / scale, np.asarray(labels, dtype=bool))
    return EventModel(tuple(round(float(v), 6) for v in mean), tuple(round(float(v), 6) for v in scale),
                      tuple(round(float(v), 6) for v in clf.coef_[0]), round(float(clf.intercept_[0]), 6),
                      threshold, table, trained_on)
