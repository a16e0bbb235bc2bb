"""Contract of any timeline method: cited spans equal the lines, filters hold, nothing undated is lost."""

from conftest import make_document

from dateline.request import DateBound, in_range
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
    only_feb = build_timeline(store, settings, TimelineRequest.parse(since="2025-02", until="2025-02-28"))
    assert [e.date[:7] for e in only_feb.entries] == ["2025-02"]
    council = build_timeline(store, settings, TimelineRequest(query="council"))
    lines = [l.text for e in council.entries for l in e.summary]
    assert lines and all("council" in t for t in lines)


def test_undated_articles_are_listed_not_dropped(store, settings):
    _fill(store, _docs())
    timeline = build_timeline(store, settings, TimelineRequest())
    assert any("nearly finished" in l.text for l in timeline.undated)


def test_in_range_compares_the_days_values_cover():
    b = DateBound.parse
    assert in_range("2025-02", b("2025-02-10"), None)  # a month overlapping the bound is kept
    assert not in_range("2025-01-31", b("2025-02"), None)
    assert in_range("2025", None, b("2025-06"))
    assert not in_range("2026-01-01", None, b("2025"))
    assert in_range("2025-02-03T10:00", b("2025-2"), b("2025-2"))  # a TIMEX3 time is on its day
    assert not in_range("XXXX-02-03", b("2025"), None)  # no year: undated, out once a bound is set


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


def test_max_dates_gives_that_many_days_when_the_corpus_has_them(settings):
    from dateline.timeline import timeline_from_documents

    news = ["Crews repaired the harbour wall while ferries waited offshore.",
            "The council voted to raise the mooring fees for visiting yachts.",
            "Fishermen protested against the new cod quota outside the town hall.",
            "A storm flooded the lower streets and closed the coastal railway line.",
            "The mayor opened a new lifeboat station on the northern pier.",
            "Inspectors found cracks in the old lighthouse and fenced it off.",
            "Schools reopened after engineers pumped the water out of the basements."]
    docs = [make_document(text, published=f"2025-01-{i:02d}", source="A") for i, text in enumerate(news, 1)]
    for want in (1, 3, 7):
        timeline = timeline_from_documents(docs, settings, TimelineRequest(max_dates=want, per_date=1))
        assert len([e for e in timeline.entries if len(e.date) == 10]) == want
    # negative row: more days asked than the corpus has gives what it has, nothing invented
    timeline = timeline_from_documents(docs, settings, TimelineRequest(max_dates=20, per_date=1))
    assert len(timeline.entries) == 7
