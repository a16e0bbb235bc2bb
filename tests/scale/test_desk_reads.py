"""The desk's narrowed reads give what reading everything gives: an entity's listings, the disagreements."""

from __future__ import annotations

from dateline import query
from dateline.request import TimelineRequest
from dateline.store import Store
from dateline.timeline.story import story_disagreements, story_timeline


def _every(rows, field, ids):
    return [r for r in rows if r[field] in ids]


def test_an_entitys_listings_equal_the_whole_listings_held_to_it(demo_db):
    with Store(demo_db) as store:
        everything = query.list_entities(store)
        events, quotes = query.list_events(store), query.list_quotes(store)
        assert everything and events and quotes
        for row in everything[:8]:  # the most mentioned: people, places, organisations
            wanted = query.find_entities(store, row["name"])
            asked = TimelineRequest(entity=row["name"])
            assert set(query.naming(store, wanted)) == {m["article"] for r in _every(everything, "id", wanted)
                                                         for m in r["mentions"]}
            assert query.list_entities(store, asked) == _every(everything, "id", wanted)
            assert query.list_quotes(store, asked) == _every(quotes, "speaker", wanted)
            assert query.list_events(store, asked) == [e for e in events
                                                       if any(p["entity"] in wanted for p in e["participants"])]


def test_the_disagreements_without_a_timeline_are_the_ones_it_carries(demo_db, settings):
    with Store(demo_db) as store:
        found = story_disagreements(store)
        assert found  # the demo's figures differ between outlets
        assert found == list(story_timeline(store, settings).disagreements)
        asked = TimelineRequest(query="bridge")
        assert story_disagreements(store, asked) == list(story_timeline(store, settings, asked).disagreements)
