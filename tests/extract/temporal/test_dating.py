"""Dating undated articles: pure decisions over hand-built documents, then the seeds."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from dateline.corpus.date_inference import apply_decision, date_corpus, known_days
from dateline.corpus.date_inference_stage import DatingStage
from dateline.extract.temporal import extract_times
from dateline.model import Article, DateSource, Document, Precision
from dateline.pipeline import CORPUS_STAGES

SEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "examples" / "seeds"


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
    assert ("dating", DatingStage) in CORPUS_STAGES


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
    from dateline.pipeline import run_corpus_stages

    for doc in (DATED, COUNT, VAGUE):
        store.add_article(doc.article, doc=doc)
    run_corpus_stages(store, settings.with_(stage_errors="raise"))
    counted = store.get_article("count")
    assert counted.published == date(2020, 7, 3) and counted.date_source is DateSource.INFERRED
    assert {e.kind for e in counted.date_evidence} >= {"event-count", "corpus-anchor"}
    assert store.get_article("vague").published is None
    values = {t.value for t in store.load_document("count").timexes}
    assert "2020-07-03" in values and "2020-06-04" in values


# -- offsets from an event that another, dated article dates ---------------------------

QUAKE = _doc("quake", "The old mill tower in Dorn toppled late on Friday after days of rain, the fire brigade said.", date(2022, 6, 4))
OFFSET = _doc("offset", "A footbridge next to the site reopened on Monday, ten days after the tower collapse, officials said.")
NO_WEEKDAY = _doc("noweekday", "Ten days after the tower collapse, a footbridge next to the site reopened.")
WRONG_WEEKDAY = _doc("wrongday", "A footbridge next to the site reopened on Tuesday, ten days after the tower collapse.")


def test_offset_from_a_corpus_dated_event_dates_the_report():
    # the tower "collapsed" is not written: "toppled" is no form of "collapse", so nothing is dated
    assert {d.article: d.published for d in date_corpus([QUAKE, OFFSET])}["offset"] is None
    dated = _doc("dated2", "The mill tower's collapse on Friday night left a crater, engineers said.", date(2022, 6, 4))
    d = {d.article: d for d in date_corpus([dated, OFFSET])}["offset"]
    assert d.published == date(2022, 6, 13) and d.precision is Precision.DAY  # 3 June + 10 days, a Monday
    assert {"event-offset", "corpus-event", "weekday"} <= {e.kind for e in d.evidence}
    assert any(e.article == "dated2" for e in d.evidence)
    doc = apply_decision(OFFSET, d, known_days([dated, OFFSET]))
    values = {doc.article.text[t.start : t.end]: t.value for t in doc.timexes}
    assert values["ten days after the tower collapse"] == "2022-06-13"
    assert values["Monday"] == "2022-06-13"


def test_verb_forms_date_the_event_too():
    dated = _doc("verb", "The mill tower collapsed on Friday, residents said.", date(2022, 6, 4))
    d = {d.article: d for d in date_corpus([dated, OFFSET])}["offset"]
    assert d.published == date(2022, 6, 13)


def test_offset_without_a_confirming_weekday_stays_undated():
    dated = _doc("verb", "The mill tower collapsed on Friday, residents said.", date(2022, 6, 4))
    decisions = {d.article: d for d in date_corpus([dated, NO_WEEKDAY, WRONG_WEEKDAY])}
    assert decisions["noweekday"].published is None and "no weekday" in decisions["noweekday"].reason
    assert decisions["wrongday"].published is None and "names Tuesday" in decisions["wrongday"].reason


def test_offset_needs_the_same_thing_to_have_happened():
    # a collapse of something else (no "tower" in the sentence) does not date "the tower collapse"
    other = _doc("other", "A mine collapsed on Friday, residents said.", date(2022, 6, 4))
    assert {d.article: d.published for d in date_corpus([other, OFFSET])}["offset"] is None


DEMO = Path(__file__).resolve().parents[3] / "examples" / "articles"


def test_demo_undated_report_is_dated_from_the_collapse():
    if not (DEMO / "04_lakeside-post.txt").is_file():
        pytest.skip("examples/articles is not available")
    raw = (DEMO / "01_harbour-courier.txt").read_text(encoding="utf-8")
    m = re.match(r"\s*date (\d{4}-\d\d-\d\d) ", raw)
    first = _doc("01", raw[m.end() :], date.fromisoformat(m.group(1)))
    undated = _doc("04", (DEMO / "04_lakeside-post.txt").read_text(encoding="utf-8"))
    d = {d.article: d for d in date_corpus([first, undated])}["04"]
    assert d.published == date(2025, 3, 13) and d.confidence >= 0.5
    assert {"event-offset", "corpus-event", "weekday"} <= {e.kind for e in d.evidence}


# -- the event noun heads a relative clause that holds the day -------------------------


def test_relative_clause_head_dates_the_event():
    from dateline.extract.temporal.anchors import governing_words

    text = "Crews cleared roads after the flood that swept the valley on May 4, officials said."
    (t,) = [t for t in extract_times(text, date(2021, 5, 9)) if t.value == "2021-05-04"]
    assert "flood" in governing_words(text, t)
    # "one" stands for the noun said before it
    text = "A new dam would hold a flood twice as high as the one that swept the valley on May 4."
    (t,) = extract_times(text, date(2021, 5, 9))
    assert "flood" in governing_words(text, t)
    # negative row: no relative clause, no event noun
    text = "Crews cleared debris from the valley on May 4."
    (t,) = extract_times(text, date(2021, 5, 9))
    assert "flood" not in governing_words(text, t)


def test_a_dated_report_gets_its_offset_from_the_corpus():
    from dateline.corpus.date_inference import anchor_event_offsets
    from dateline.extract.temporal.eventdays import corpus_lookup

    source = _doc("src", "A new dam would hold a flood twice as high as the one that swept the valley on May 4.", date(2021, 5, 9))
    report = _doc("rep", "Schools reopened on Friday, ten days after the flood.", date(2021, 5, 14))
    doc = anchor_event_offsets(report, corpus_lookup([source, report]))
    values = {doc.article.text[t.start : t.end]: t.value for t in doc.timexes}
    assert values["ten days after the flood"] == "2021-05-14"
    # nothing in the corpus dates a flood: nothing to re-resolve
    assert anchor_event_offsets(report, corpus_lookup([report])) is None
