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
# Inverse regularisation strength of the date ranker's logistic regression (scikit-learn's default).
RANKER_C = 1.0


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


def fit_ranker(matrix: np.ndarray, labels: np.ndarray, groups: np.ndarray | None = None) -> LinearScorer:
    """Logistic regression of 'the date is in the reference timeline' on standardised date features.

    With ``groups`` (one id per row: its timeline), each timeline weighs the
    same in the fit, so a 150-date timeline does not drown a 7-date one.
    """
    from sklearn.linear_model import LogisticRegression

    mean = matrix.mean(axis=0)
    scale = matrix.std(axis=0)
    scale[scale == 0] = 1.0
    weights = None
    if groups is not None:
        _, inverse, sizes = np.unique(groups, return_inverse=True, return_counts=True)
        weights = len(groups) / (len(sizes) * sizes[inverse])
    clf = LogisticRegression(C=RANKER_C, class_weight="balanced", max_iter=2000)
    clf.fit((matrix - mean) / scale, labels, sample_weight=weights)
    return LinearScorer(DATE_FEATURES, tuple(map(float, mean)), tuple(map(float, scale)),
                        tuple(map(float, clf.coef_[0])), float(clf.intercept_[0]))


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
