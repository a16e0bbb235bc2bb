"""Dating undated articles: pure decisions over hand-built documents, then the seeds."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from dateline.model import Article, DateSource, Document, Precision
from dateline.pipeline import CORPUS_STAGES
from dateline.temporal import extract_times
from dateline.temporal.dating import apply_decision, date_corpus, known_days

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "examples" / "seeds"


def _doc(id: str, text: str, published: date | None = None, **fields) -> Document:
    source = DateSource.HEADER if published else DateSource.UNKNOWN
    article = Article(id=id, text=text, published=published, date_source=source, **fields)
    return Document(article=article, timexes=extract_times(text, published), layers=frozenset({"timexes"}))


DATED = _doc("dated", "A week ago envoys recalled the fourth of June, when the flood began.", date(2021, 2, 10))
COUNT = _doc("count", "Since the June 4 flood, the crisis, now in its 30th day, has worsened. On Friday crews rested.")
VAGUE = _doc("vague", "A new minister spoke about the June floods and said aid would come soon.")


def test_known_days_come_from_dated_articles():
    assert known_days([DATED, COUNT])["XXXX-06-04"].value == "2020-06-04"


def test_event_count_dates_an_undated_article_with_evidence():
    decisions = {d.article: d for d in date_corpus([DATED, COUNT, VAGUE])}
    d = decisions["count"]
    assert d.published == date(2020, 7, 3)  # day 30 counted from 4 June (day 1)
    assert d.precision is Precision.DAY
    assert {e.kind for e in d.evidence} >= {"event-count", "corpus-anchor", "weekday"}
    assert any(e.article == "dated" for e in d.evidence)
    assert d.confidence >= 0.8


def test_weak_evidence_leaves_an_article_undated_with_the_reason():
    d = {d.article: d for d in date_corpus([DATED, COUNT, VAGUE])}["vague"]
    assert d.published is None and d.confidence == 0
    assert "undated" in d.reason and d.evidence[0].kind == "undated"


def test_dated_near_duplicate_gives_its_date():
    dup = _doc("dup", "Copy of a story.", duplicate_of="dated")
    (d,) = date_corpus([DATED, dup])
    assert d.published == date(2021, 2, 10) and d.evidence[0].kind == "near-duplicate"


def test_applying_a_decision_reresolves_the_times():
    decisions = {d.article: d for d in date_corpus([DATED, COUNT])}
    doc = apply_decision(COUNT, decisions["count"], known_days([DATED, COUNT]))
    assert doc.article.date_source is DateSource.INFERRED
    values = {doc.article.text[t.start : t.end]: t.value for t in doc.timexes}
    assert values["Friday"] == "2020-07-03"
    assert values["June 4"] == "2020-06-04"


def test_dating_stage_is_registered():
    assert ("dating", "dateline.temporal.dating:DatingStage") in CORPUS_STAGES


def _seed_docs() -> list[Document]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/examples/seeds is not available")
    docs = []
    for path in sorted(SEEDS.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        m = re.match(r"\s*date (\d{4}-\d\d-\d\d) ", raw)
        published = date.fromisoformat(m.group(1)) if m else None
        docs.append(_doc(path.name[:3], raw[m.end() :] if m else raw, published))
    return docs


def test_seeds_relative_dates():
    docs = {d.article.id: d for d in _seed_docs()}
    values = {}
    for doc in docs.values():
        for t in doc.timexes:
            values[(doc.article.id, doc.article.text[t.start : t.end])] = t.value
    assert values[("002", "Tuesday")] == "2024-02-06"
    assert values[("002", "the seventh of October")] == "2023-10-07"


def test_seed_003_is_dated_from_its_167th_day_and_004_stays_undated():
    docs = _seed_docs()
    decisions = {d.article: d for d in date_corpus(docs)}
    d3 = decisions["003"]
    assert d3.published == date(2024, 3, 21) and d3.precision is Precision.DAY
    assert {"event-count", "corpus-anchor"} <= {e.kind for e in d3.evidence}
    assert decisions["004"].published is None and decisions["004"].reason
    doc = apply_decision(next(x for x in docs if x.article.id == "003"), d3, known_days(docs))
    values = {doc.article.text[t.start : t.end]: t.value for t in doc.timexes}
    assert values["Oct. 7"] == "2023-10-07"
    assert values["Friday"] == "2024-03-22"  # "is scheduled to visit Israel on Friday"
    assert values["January"] == "2024-01"


def test_dating_stage_writes_decisions_to_the_store(store, settings):
    from dateline.temporal.dating import DatingStage

    for doc in (DATED, COUNT, VAGUE):
        store.add_article(doc.article, doc=doc)
    DatingStage(settings).run(store, ["count", "vague"], settings)
    counted = store.get_article("count")
    assert counted.published == date(2020, 7, 3) and counted.date_source is DateSource.INFERRED
    assert {e.kind for e in counted.date_evidence} >= {"event-count", "corpus-anchor"}
    assert store.get_article("vague").published is None
    values = {t.value for t in store.load_document("count").timexes}
    assert "2020-07-03" in values and "2020-06-04" in values
