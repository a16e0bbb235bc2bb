"""The learned part of timeline building: a date ranker's weights and the summariser's tuned values.

One JSON file holds both (``dateline/data/timeline_model.json`` ships in the
package; ``dateline eval tls --train`` rebuilds it from the development
timelines). It is data, not code: a linear model is a list of numbers, so
the file is readable, diffable and loads without scikit-learn's pickles.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from .features import DATE_FEATURES

log = logging.getLogger(__name__)

MODEL_FILE = "timeline_model.json"


@dataclass(frozen=True)
class LinearScorer:
    """Standardise, then a dot product: the decision function of a linear model."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float = 0.0

    def score(self, matrix: np.ndarray) -> np.ndarray:
        """Scores of the rows of ``matrix`` (columns in ``features`` order)."""
        if matrix.shape[0] == 0:
            return np.zeros(0)
        z = (matrix - np.asarray(self.mean)) / np.asarray(self.scale)
        return z @ np.asarray(self.coef) + self.intercept


@dataclass(frozen=True)
class SummaryParams:
    """The summariser's tuned values (see :mod:`dateline.timeline.summarise` for what each does)."""

    mention_boost: float = 0.5
    topic_exponent: float = 0.5
    length_ref: float = 35.0
    length_exponent: float = 0.5
    redundancy: float = 0.7
    same_content: float = 0.5
    future_weight: float = 0.25
    event_boost: float = 0.0
    quote_penalty: float = 0.0
    support_weight: float = 0.0
    spread: float = 0.0  # share of a timeline's days dealt out over the story's months by their articles


@dataclass(frozen=True)
class TimelineModel:
    """A date ranker and summariser values, with a note of what they were trained on."""

    ranker: LinearScorer
    summary: SummaryParams = SummaryParams()
    trained_on: tuple[str, ...] = ()
    notes: dict = field(default_factory=dict)

    def to_json(self) -> str:
        """The model as JSON text."""
        return json.dumps(asdict(self), indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> "TimelineModel":
        """A model from :meth:`to_json` text; unknown summary keys are refused."""
        data = json.loads(text)
        r = data["ranker"]
        ranker = LinearScorer(tuple(r["features"]), tuple(r["mean"]), tuple(r["scale"]), tuple(r["coef"]),
                              float(r["intercept"]))
        return cls(ranker, SummaryParams(**data.get("summary", {})), tuple(data.get("trained_on", ())),
                   dict(data.get("notes", {})))


# Weights tried for each feature by the coordinate search of fit_ranker.
RANKER_STEPS = (-1.0, -0.5, -0.3, -0.1, 0.0, 0.1, 0.3, 0.5, 1.0)
RANKER_PASSES = 2
PRIOR = "articles"  # the search starts from news-tls's finding: rank by the articles naming the day
# Features whose weight stays 0: every Timeline17 task holds one outlet's articles, so there the
# outlet count only says whether a day is named at all, and the weight learned for it (-1 on the
# development data) would push down the days many outlets report in a user's mixed pile.
UNTRAINED = ("outlets",)


@dataclass(frozen=True)
class RankerExample:
    """One training timeline: its candidate days' feature rows, which are reference days, and how many it has."""

    matrix: np.ndarray
    labels: np.ndarray
    size: int


def top_f1(scores: np.ndarray, example: RankerExample) -> float:
    """Date F1 of the ``example.size`` best-scored days (ties broken by position, i.e. by date)."""
    if not example.size or not len(scores):
        return 0.0
    top = np.lexsort((np.arange(len(scores)), -scores))[:example.size]
    hits = int(example.labels[top].sum())
    p, r = hits / len(top), hits / example.size
    return 2 * p * r / (p + r) if hits else 0.0


def fit_ranker(examples: list[RankerExample]) -> LinearScorer:
    """Linear weights that maximise the mean top-``size`` date F1 over the training timelines.

    Coordinate ascent from the mention-count prior (weight 1 on ``articles``,
    0 elsewhere): each feature's weight in turn takes the value of
    ``RANKER_STEPS`` that raises the mean F1 most, over ``RANKER_PASSES``
    passes. Searching the metric itself, from a strong prior, held up better
    across stories than a logistic regression of the labels (docs/timeline.md).
    """
    weights = np.zeros(len(DATE_FEATURES))
    weights[DATE_FEATURES.index(PRIOR)] = 1.0

    def mean_f1(w: np.ndarray) -> float:
        return float(np.mean([top_f1(e.matrix @ w, e) for e in examples])) if examples else 0.0

    best = mean_f1(weights)
    for _ in range(RANKER_PASSES):
        for i, name in enumerate(DATE_FEATURES):
            if name == PRIOR or name in UNTRAINED:
                continue
            for value in RANKER_STEPS:
                trial = weights.copy()
                trial[i] = value
                if (score := mean_f1(trial)) > best + 1e-9:
                    best, weights = score, trial
    n = len(DATE_FEATURES)
    return LinearScorer(DATE_FEATURES, (0.0,) * n, (1.0,) * n, tuple(map(float, weights)))


def load_model(path: str | Path | None = None) -> TimelineModel:
    """The model at ``path``, else the one shipped in the package."""
    if path:
        return _load_file(str(Path(path).resolve()))
    return _load_shipped()


@lru_cache(maxsize=8)
def _load_file(path: str) -> TimelineModel:
    model = TimelineModel.from_json(Path(path).read_text(encoding="utf-8"))
    _check(model, path)
    return model


@lru_cache(maxsize=1)
def _load_shipped() -> TimelineModel:
    model = TimelineModel.from_json(resources.files("dateline.data").joinpath(MODEL_FILE).read_text("utf-8"))
    _check(model, MODEL_FILE)
    return model


def _check(model: TimelineModel, where: str) -> None:
    if model.ranker.features != DATE_FEATURES:
        raise ValueError(f"{where}: the date ranker was trained on other features; rebuild it with "
                         "`dateline eval tls --train`")
