"""The summariser with stored sentence vectors, injected by hand (no model, no extra)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from conftest import make_document

from dateline.extract.vectors import MODEL_NAME, encode_matrix
from dateline.model import SentenceVectors
from dateline.settings import Settings
from dateline.timeline import TimelineRequest, timeline_from_documents
from dateline.timeline.candidates import collect_candidates
from dateline.timeline.learned import SummaryParams
from dateline.timeline.summarise import Summariser

DAY = "2025-03-04"


def with_vectors(text: str, rows, *, model: str = MODEL_NAME, source: str = "Daily"):
    """A one-day article whose sentences carry the given (hand-made) vectors."""
    doc = make_document(text, published=DAY, source=source)
    m = np.asarray(rows, dtype=float)
    m = m / np.linalg.norm(m, axis=1, keepdims=True)
    assert len(doc.sentences) == len(m)
    return replace(doc, vectors=SentenceVectors(model, m.shape[1], encode_matrix(m)), layers=doc.layers | {"vectors"})


# The two first sentences share their words (TF-IDF's centre); the vectors say the third is the centre.
WORDY = with_vectors("The council approved the harbour budget on Tuesday after a long debate.", [[1, 0, 0]])
TWIN = with_vectors("The council approved the harbour budget.", [[0, 1, 0]], source="Courier")
MEANT = with_vectors("Fishermen cheered as the port spending plan passed.", [[0.7, 0.7, 0.1]], source="Post")
DOCS = [WORDY, TWIN, MEANT]


def first_line(docs, *, vectors: bool, params: SummaryParams = SummaryParams(), per_date: int = 1) -> list[str]:
    entries = Summariser(params=params, vectors=vectors)(collect_candidates(docs), [DAY], per_date)
    return [line.text for e in entries for line in e.summary]


def test_vectors_choose_the_central_meaning_where_tfidf_chooses_shared_words():
    assert first_line(DOCS, vectors=False)[0] != MEANT.article.text
    assert first_line(DOCS, vectors=True) == [MEANT.article.text]


@pytest.mark.parametrize("docs", [
    [WORDY, TWIN, replace(MEANT, vectors=None, layers=MEANT.layers - {"vectors"})],  # one article without
    [WORDY, TWIN, with_vectors(MEANT.article.text, [[0.7, 0.7, 0.1]], model="other-model", source="Post")],
])
def test_negative_any_candidate_without_comparable_vectors_falls_back_to_tfidf(docs):
    assert first_line(docs, vectors=True) == first_line(docs, vectors=False)


def test_mmr_redundancy_uses_the_vectors_a_paraphrase_is_not_the_second_line():
    # A and its paraphrase B share no content words; C differs in meaning
    a = with_vectors("Storms closed the harbour for two days.", [[1, 0, 0]])
    b = with_vectors("Gales shut the port for 48 hours.", [[1, 0, 0]], source="Courier")
    c = with_vectors("The mayor promised new sea walls.", [[0.6, 0.8, 0]], source="Post")
    params = SummaryParams(redundancy=0.5)
    picked = first_line([a, b, c], vectors=True, params=params, per_date=2)
    assert len(picked) == 2 and c.article.text in picked
    assert not {a.article.text, b.article.text} <= set(picked)


def test_the_setting_reaches_the_shipped_timeline_path():
    request = TimelineRequest(max_dates=1, per_date=1)
    dense = timeline_from_documents(DOCS, Settings(sentence_vectors=True), request)
    plain = timeline_from_documents(DOCS, Settings(), request)
    assert [line.text for e in dense.entries for line in e.summary] == [MEANT.article.text]
    assert [line.text for e in plain.entries for line in e.summary] != [MEANT.article.text]
