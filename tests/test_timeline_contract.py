"""Contract of any timeline method: cited spans equal the lines, filters hold, nothing undated is lost."""

from conftest import make_document

from dateline.model import in_range
from dateline.timeline import TimelineRequest, build_timeline


def _fill(store, docs):
    for d in docs:
        store.add_article(d.article, doc=d, stages=["sentences"])


def _docs():
    return [
        make_document("The council approved the budget after a long debate on Monday.", published="2025-01-06",
                      source="A"),
        make_document("Workers began repairing the harbour wall in the early morning hours.", published="2025-02-03",
                      source="B"),
        make_document("A report with no date says the harbour wall is nearly finished now.", source="C"),
    ]


def test_every_line_equals_its_cited_span(store, settings):
    _fill(store, _docs())
    timeline = build_timeline(store, settings, TimelineRequest())
    assert timeline.entries
    for line in [l for e in timeline.entries for l in e.summary] + list(timeline.undated):
        article = store.get_article(line.source.article)
        assert article.text[line.source.start:line.source.end] == line.text


def test_since_until_and_query_filter(store, settings):
    _fill(store, _docs())
    only_feb = build_timeline(store, settings, TimelineRequest(since="2025-02", until="2025-02-28"))
    assert [e.date[:7] for e in only_feb.entries] == ["2025-02"]
    council = build_timeline(store, settings, TimelineRequest(query="council"))
    assert all("council" in l.text for e in council.entries for l in e.summary)


def test_undated_articles_are_listed_not_dropped(store, settings):
    _fill(store, _docs())
    timeline = build_timeline(store, settings, TimelineRequest())
    assert any("nearly finished" in l.text for l in timeline.undated)


def test_in_range_compares_by_precision():
    assert in_range("2025-02", "2025-02-10", None)  # a month overlapping the bound is kept
    assert not in_range("2025-01-31", "2025-02", None)
    assert in_range("2025", None, "2025-06")
    assert not in_range("2026-01-01", None, "2025")


def test_a_date_with_only_repeats_gives_its_slot_to_the_next_date(settings):
    from dateline.timeline import timeline_from_documents

    repeat = "Crews began rebuilding the harbour wall after the storm tore a hole in the pier."
    docs = [
        make_document(repeat, published="2025-01-06", source="A"),
        make_document(repeat + " The harbour stays closed.", published="2025-01-07", source="B"),
        make_document("Ferry crews resumed the crossing to the island after a week of closures.",
                      published="2025-01-09", source="C"),
    ]
    timeline = timeline_from_documents(docs, settings, TimelineRequest(max_dates=2, per_date=1))
    assert all(e.summary for e in timeline.entries)
    assert len(timeline.entries) == 2
    texts = [l.text for e in timeline.entries for l in e.summary]
    assert len(texts) == len(set(texts))
