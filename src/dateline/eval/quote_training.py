"""Fitting the cue model (:mod:`dateline.extract.cue_model`) on PolNeAR's training split.

Each training text is read as ``dateline ingest`` reads it (the readers, then
the sentences and parse stages), the gold cues are moved onto that text
(:mod:`dateline.eval.align`), and every candidate token is a row: its features,
and whether it is the head of a gold cue (the cue token whose head lies
outside the cue). An L1-regularised logistic regression keeps few features
(a few thousand of some 260,000), so the model file stays small. Only this
module needs scikit-learn; the shipped model is read without it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..extract.cue_model import CueModel, features, is_candidate
from ..extract.quotes import quote_spans
from ..extract.spans import Regions
from ..settings import Settings
from .align import Alignment
from .gate import checksum
from .quotes import GoldFile, read_polnear

log = logging.getLogger(__name__)

C = 1.0  # inverse L1 strength: measured on PolNeAR dev (C 0.3: 1,400 features, F1 .775; C 1: 5,600, .791)
THRESHOLD = 0.4  # P(cue) at which a token is a cue: the best cue F1 on PolNeAR dev (0.3: .780, 0.5: .787)


def cue_heads(parse: Any, cues: Sequence[Sequence[tuple[int, int]]]) -> set[int]:
    """Token indices of the heads of some cues, each given as its fragments: the first token of a cue
    whose head lies outside it ("said in a statement": said)."""
    out = set()
    for fragments in cues:
        toks = [t for t in parse if any(start <= t.idx < end for start, end in fragments)]
        ids = {t.i for t in toks}
        heads = [t for t in toks if t.head.i not in ids or t.head.i == t.i]
        if heads:
            out.add(heads[0].i)
    return out


def _parsed(files: Sequence[GoldFile], settings: Settings) -> Iterator[tuple[GoldFile, Any]]:
    """Each file as ingest stores it, parsed by the pipeline's own stages."""
    from ..ingest.base import to_article
    from ..ingest.readers import read_paths
    from ..model import Document
    from ..pipeline import build_pipeline

    stages = {s.name: s for s in build_pipeline(settings, ["sentences", "parse"]).stages}
    by_origin = {str(f.path): f for f in files}
    batch: list[tuple[GoldFile, Document]] = []

    def flush() -> Iterator[tuple[GoldFile, Any]]:
        docs = [stages["sentences"](d) for _, d in batch]
        for (gold, _), doc in zip(batch, stages["parse"].pipe(docs)):
            yield gold, doc
        batch.clear()

    for raw in read_paths([str(f.path) for f in files], settings):
        gold = by_origin.get(getattr(raw, "origin", ""))
        if gold is None:
            continue
        batch.append((gold, Document(article=to_article(raw))))
        if len(batch) >= 32:
            yield from flush()
    yield from flush()


def training_rows(files: Sequence[GoldFile], settings: Settings) -> tuple[list[list[str]], list[int]]:
    """Feature lists and labels of every candidate token of the files."""
    rows, labels = [], []
    for gold, doc in _parsed(files, settings):
        text = doc.article.text
        al = Alignment(gold.path.read_text(encoding="utf-8"), text)
        cues = [[s for s in (al.span(*c) for c in a.cues) if s is not None] for a in gold.attributions]
        heads = cue_heads(doc.parse, cues)
        quoted = Regions(quote_spans(text))
        for tok in doc.parse:
            if is_candidate(tok):
                rows.append(features(tok, quoted.covers(tok.idx)))
                labels.append(int(tok.i in heads))
    return rows, labels


def fit(rows: Sequence[list[str]], labels: Sequence[int]) -> CueModel:
    """An L1 logistic regression over the rows' features, as a :class:`CueModel`."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform([dict.fromkeys(r, 1) for r in rows])
    # liblinear takes 32-bit indices only
    matrix.indices, matrix.indptr = matrix.indices.astype("int32"), matrix.indptr.astype("int32")
    model = LogisticRegression(C=C, l1_ratio=1.0, solver="liblinear", max_iter=2000).fit(matrix, labels)
    weights = {f: float(w) for f, w in zip(vectorizer.get_feature_names_out(), model.coef_[0]) if abs(w) >= 1e-4}
    return CueModel(weights, float(model.intercept_[0]), THRESHOLD)


def train(folder: str | Path, output: Path, settings: Settings | None = None) -> dict[str, Any]:
    """Fit the cue model on PolNeAR train and write it to ``output``."""
    settings = settings or Settings(progress=False)
    files = read_polnear(folder, "train")
    rows, labels = training_rows(files, settings)
    model = fit(rows, labels)
    notes = {"command": "dateline eval quotes --train", "data": "PolNeAR train",
             "data_checksum": checksum([f.path for f in files]), "rows": len(rows), "cues": sum(labels)}
    output.write_text(model.to_json(notes) + "\n", encoding="utf-8")
    return {**notes, "features": len(model.weights), "output": str(output)}
