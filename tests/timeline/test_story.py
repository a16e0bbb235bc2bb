"""The whole story on the seeds' timeline: participants, readable lines, quotes, figures, disagreements."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.query import find_entities
from dateline.render import timeline_json
from dateline.settings import Settings
from dateline.store import Store
from dateline.request import TimelineRequest
from dateline.timeline.story import story_timeline


@pytest.fixture(scope="module")
def seeded(seeds_db):
    with Store(seeds_db) as store:
        timeline = story_timeline(store, Settings(db_path=seeds_db, progress=False))
        sisi = find_entities(store, "Abdel Fattah al-Sisi")
        blinken = find_entities(store, "Antony Blinken")
        files = {a.id: Path(a.origin).name[:3] for a in store.iter_articles()}
        texts = {a.id: a.text for a in store.iter_articles()}
    return timeline, sisi, blinken, files, texts


def test_the_21_march_entry_names_blinken_and_sisi_and_cites_both_reports(seeded):
    timeline, sisi, blinken, files, _ = seeded
    entry = next(e for e in timeline.entries if e.date == "2024-03-21")
    ids = {p.entity for p in entry.participants}
    assert len(sisi) == 1 and len(blinken) == 1  # one entity whatever the spelling
    assert sisi <= ids and blinken <= ids
    assert {files[r.article] for r in entry.sources} >= {"001", "003"}
    blinken_there = next(p for p in entry.participants if p.entity in blinken)
    assert blinken_there.kind.value == "person" and blinken_there.role == "secretary of state"


def test_the_pronoun_line_names_blinken_in_brackets_and_keeps_its_source_text(seeded):
    timeline, *_, texts = seeded
    lines = [line for e in timeline.entries for line in e.summary]
    pronoun = next(line for line in lines if line.text.startswith("He travelled"))
    assert pronoun.display.startswith(("[Blinken] travelled", "[Antony Blinken] travelled"))
    assert texts[pronoun.source.article][pronoun.source.start:pronoun.source.end] == pronoun.text


def test_the_rafah_figures_of_all_three_outlets_are_side_by_side(seeded):
    timeline, _, _, files, texts = seeded
    rafah = [d for d in timeline.disagreements if d.kind.value == "figure" and "rafah" in d.label.lower()]
    assert len(rafah) == 1
    sides = rafah[0].sides
    assert {files[s.source.article] for s in sides} == {"000", "001", "003"}
    assert {s.text for s in sides} == {"nearly 1.5 million", "more than 1.4 million", "More than 1 million"}
    # bounds that agree are shown, not flagged as a contradiction
    assert rafah[0].status == "consistent" and not rafah[0].conflict
    for s in sides:  # every side keeps its offsets into the stored article
        assert texts[s.source.article][s.source.start:s.source.end] == s.text
        assert texts[s.source.article][s.sentence_start:s.sentence_end] == s.sentence


def test_quotes_and_figures_are_the_days_own_with_their_spans(seeded):
    timeline, _, blinken, _, texts = seeded
    entry = next(e for e in timeline.entries if e.date == "2024-03-21")
    speakers = {q.speaker for q in entry.quotes}
    assert speakers <= {p.entity for p in entry.participants} and blinken & speakers
    assert any(c.status and c.status.value == "consistent" for c in entry.claims)  # the Rafah figure
    for item in [*entry.quotes, *entry.claims]:
        assert texts[item.source.article][item.source.start:item.source.end] == item.text
    # a background date told in passing carries nobody's words of that day
    assert not next(e for e in timeline.entries if e.date == "2024-03-20").quotes


def test_main_event_place_and_modality(seeded):
    timeline, *_ = seeded
    entry = next(e for e in timeline.entries if e.date == "2024-03-21")
    assert entry.place is not None and entry.place.name == "Cairo"
    assert entry.event_type and entry.modality is not None
    # a visit said to be scheduled for Friday is Thursday's news: no line stands under the Friday
    assert "2024-03-22" not in {e.date for e in timeline.entries}


def test_version_2_json_adds_fields_and_keeps_version_1(seeded):
    timeline, *_ = seeded
    data = timeline_json(timeline)
    assert data["version"] == 2 and data["disagreements"]
    entry = next(e for e in data["entries"] if e["date"] == "2024-03-21")
    assert {"date", "precision", "summary", "sources", "background", "score"} <= set(entry)
    assert {"display", "participants", "place", "event_type", "modality", "quotes", "claims", "outlets"} <= set(entry)
    assert len(entry["display"]) == len(entry["summary"])
    assert all(s["outlet"] and not s["outlet"].startswith(s["article"][:8]) for s in entry["sources"])


def test_an_entity_filter_keeps_only_dates_naming_it(seeds_db):
    with Store(seeds_db) as store:
        settings = Settings(db_path=seeds_db, progress=False)
        shoukry = story_timeline(store, settings, TimelineRequest(entity="Shoukry"))
        ids = find_entities(store, "Shoukry")
        nobody = story_timeline(store, settings, TimelineRequest(entity="Nobody Atall"))
    assert shoukry.entries and all(ids & set(e.entities) for e in shoukry.entries)
    assert not nobody.entries


def test_an_outlet_filter_keeps_that_outlets_lines(seeds_db):
    with Store(seeds_db) as store:
        settings = Settings(db_path=seeds_db, progress=False)
        name = next(Path(a.origin).name for a in store.iter_articles() if Path(a.origin).name.startswith("002"))
        only = story_timeline(store, settings, TimelineRequest(outlet=name))
    assert only.entries
    assert all(r.origin.endswith(name) for e in only.entries for line in e.summary for r in (line.source,))


def test_an_event_type_filter_keeps_dates_with_that_event(seeds_db):
    with Store(seeds_db) as store:
        travel = story_timeline(store, Settings(db_path=seeds_db, progress=False), TimelineRequest(event_type="travel"))
    assert travel.entries and all("TRAVEL" in e.event_types for e in travel.entries)


def test_a_story_filter_keeps_that_storys_articles(seeds_db):
    from dateline.corpus.output import story_articles

    with Store(seeds_db) as store:
        stories = story_articles(store)
        sid, members = max(stories.items(), key=lambda kv: len(kv[1]))
        only = story_timeline(store, Settings(db_path=seeds_db, progress=False), TimelineRequest(story=sid))
    assert only.entries
    assert all(r.article in members for e in only.entries for r in e.sources)
    assert all(e.story is not None and e.story.id == sid for e in only.entries)
