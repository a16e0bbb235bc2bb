"""The seed corpus end to end: one entry per real event, citing every outlet, each line its source's span."""

from pathlib import Path

import pytest

from dateline.pipeline import ingest
from dateline.render import timeline_html, timeline_json
from dateline.store import Store
from dateline.timeline import TimelineRequest, build_timeline


@pytest.fixture(scope="module")
def seeded(seeds_dir, tmp_path_factory):
    from dateline.settings import Settings

    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    settings = Settings(db_path=db, progress=False)
    with Store(db) as store:
        ingest([seeds_dir], store, settings)
        timeline = build_timeline(store, settings, TimelineRequest())
        ids = {Path(a.origin.split(":")[0]).name[:3]: a.id for a in store.iter_articles()}
        texts = {a.id: a.text for a in store.iter_articles()}
    return timeline, ids, texts


def _articles(entry):
    return {ref.article for ref in entry.sources}


def test_one_entry_on_21_march_cites_both_reports(seeded):
    timeline, ids, _ = seeded
    entry = next(e for e in timeline.entries if e.date == "2024-03-21")
    assert {ids["001"], ids["003"]} <= _articles(entry)
    assert not entry.background


def test_february_meeting_and_may_call_are_separate_entries(seeded):
    timeline, ids, _ = seeded
    by_article = {}
    for e in timeline.entries:
        for a in _articles(e):
            by_article.setdefault(a, set()).add(e.date)
    assert "2024-02-06" in by_article[ids["002"]]
    assert any(d.startswith("2024-05") for d in by_article[ids["000"]])
    assert not {"2024-02-06"} & by_article.get(ids["000"], set())


def test_the_undated_report_of_another_minister_is_not_given_a_wrong_date(seeded):
    timeline, ids, _ = seeded
    dated = {a for e in timeline.entries for a in _articles(e)}
    assert ids["004"] not in dated or any(u.source.article == ids["004"] for u in timeline.undated)


def test_every_primary_source_is_the_exact_span_of_its_line(seeded):
    timeline, _, texts = seeded
    data = timeline_json(timeline)
    checked = 0
    for entry in data["entries"]:
        for src in (s for s in entry["sources"] if s["primary"]):
            assert texts[src["article"]][src["start"]:src["end"]] == entry["summary"][src["line"]]
            checked += 1
        for src in entry["sources"]:  # the other outlets' spans are real spans too
            assert 0 <= src["start"] < src["end"] <= len(texts[src["article"]])
    # every line has its primary source (and there are lines to check)
    assert checked == sum(len(e["summary"]) for e in data["entries"]) >= 5


def test_background_events_told_in_passing_are_marked(seeded):
    timeline, _, _ = seeded
    flags = {e.date: e.background for e in timeline.entries}
    assert flags.get("2024-03-20") is True  # the tour's first day, told in passing by the 21 March reports
    assert flags.get("2024-02-06") is False
    # 7 October is named only inside "since an Oct. 7 cross-border attack ... in which": no line stands under it
    assert "2023-10-07" not in flags


def test_no_debris_and_the_html_links_every_line(seeded):
    timeline, _, texts = seeded
    lines = [l.text for e in timeline.entries for l in e.summary]
    assert not any("Oops" in t or "try again later" in t for t in lines)
    page = timeline_html(timeline, texts.get)
    assert page.count("<li>") == len(lines) + len(timeline.undated)


def _dating(store):
    return {Path(a.origin.split(":")[0]).name[:3]: a for a in store.iter_articles()}


@pytest.mark.parametrize("order", ["together", "undated report first"])
def test_the_undated_report_of_the_cairo_meeting_is_dated_through_the_same_event(seeds_dir, tmp_path, order):
    from dateline.settings import Settings

    db = tmp_path / "d.db"
    settings = Settings(db_path=db, stage_errors="raise")
    files = sorted(seeds_dir.glob("*.txt"))
    batches = [files] if order == "together" else [[f for f in files if f.name.startswith("001")],
                                                   [f for f in files if not f.name.startswith("001")]]
    with Store(db) as store:
        for batch in batches:
            ingest(batch, store, settings)
        arts = _dating(store)
    dated = arts["001"]
    assert dated.published.isoformat() == "2024-03-21" and dated.date_source.value == "inferred"
    kinds = {e.kind for e in dated.date_evidence}
    assert {"same-event", "dated-report", "weekday"} <= kinds
    report = next(e for e in dated.date_evidence if e.kind == "dated-report")
    assert report.article == arts["003"].id and report.start is not None
    assert "Thursday" in dated.text[next(e for e in dated.date_evidence if e.kind == "same-event").start:][:20]
    # the report of another minister has no such link: it stays undated, with the reason
    other = arts["004"]
    assert other.published is None and other.date_evidence and "no dated report of the same event" in \
        other.date_evidence[0].detail
