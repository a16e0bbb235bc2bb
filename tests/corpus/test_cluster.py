"""Stories and event clusters: unrelated stories apart, same-event mentions merged, updates incremental."""

from dataclasses import replace

import pytest
from conftest import make_document

from dateline.corpus.clusters import (
    EVENT_KIND,
    STORY_KIND,
    TRIGGER_WEIGHT,
    EventCluster,
    Unit,
    assign_events,
    dates_compatible,
    event_units,
    load_events,
    load_stories,
    recluster,
    sentence_clusters,
    trigger_stem,
    update_clusters,
)
from dateline.model import Event, TimeExpression, TimexType


def timexed(text, dates, **fields):
    doc = make_document(text, **fields)
    tx = tuple(TimeExpression(start=text.index(p), end=text.index(p) + len(p), type=TimexType.DATE, value=v)
               for p, v in dates.items())
    return replace(doc, timexes=tx, layers=doc.layers | {"timexes"})


QUOTA_1 = timexed("The harbour council agreed a new cod quota with the fishermen on Tuesday after long talks.",
                  {"Tuesday": "2025-03-04"}, published="2025-03-05", source="A")
QUOTA_2 = timexed("Fishermen and the harbour council agreed on Tuesday a new cod quota for the season.",
                  {"Tuesday": "2025-03-04"}, published="2025-03-05", source="B")
QUOTA_NEXT_DAY = timexed("The harbour council and fishermen quarrelled over the cod quota again on Wednesday.",
                         {"Wednesday": "2025-03-05"}, published="2025-03-06", source="C")
CHESS = timexed("The chess federation crowned a new grandmaster champion in Vienna on Saturday evening.",
                {"Saturday": "2025-03-08"}, published="2025-03-09", source="D")


def _put(store, docs):
    for d in docs:
        store.add_article(d.article, doc=d, stages=["sentences", "timexes"])
    return [d.article.id for d in docs]


def test_same_day_reports_corefer_and_close_dates_do_not(store):
    ids = _put(store, [QUOTA_1, QUOTA_2, QUOTA_NEXT_DAY, CHESS])
    update_clusters(store, ids)
    by_sentence = sentence_clusters(store)
    q1, q2, q3 = (by_sentence.get((d.article.id, 0)) for d in (QUOTA_1, QUOTA_2, QUOTA_NEXT_DAY))
    assert q1 is not None and q1 == q2
    assert q3 is None or q3 != q1  # the next day's quarrel is another event


def test_unrelated_stories_stay_apart(store):
    ids = _put(store, [QUOTA_1, QUOTA_2, CHESS])
    update_clusters(store, ids)
    stories = {frozenset(s.articles) for s in load_stories(store)}
    assert frozenset({CHESS.article.id}) in stories
    assert any({QUOTA_1.article.id, QUOTA_2.article.id} <= s for s in stories)


def test_ingesting_more_updates_without_recomputing(store):
    first = _put(store, [QUOTA_1, CHESS])
    update_clusters(store, first)
    before = store.get_objects(STORY_KIND)
    update_clusters(store, _put(store, [QUOTA_2]))
    after = store.get_objects(STORY_KIND)
    chess = next(i for i, o in before.items() if CHESS.article.id in o["articles"])
    assert after[chess] == before[chess]  # untouched story, not rewritten
    assert sum(len(o["articles"]) for o in after.values()) == 3
    update_clusters(store, first)  # already clustered: nothing changes
    assert store.get_objects(STORY_KIND) == after


def test_recluster_at_a_finer_granularity_splits_more(store):
    ids = _put(store, [QUOTA_1, QUOTA_2, QUOTA_NEXT_DAY, CHESS])
    recluster(store, story_threshold=0.0001)
    coarse = len(load_stories(store))
    recluster(store, story_threshold=0.99)
    assert len(load_stories(store)) >= coarse and len(load_stories(store)) == len(ids)
    assert all(e.members for e in load_events(store)) and store.get_objects(EVENT_KIND)


# -- the event step on hand-built units ------------------------------------------------------

def unit(article, trigger, *, date="", type="OTHER", words=("harbour", "quota"), names=(), start=0):
    """A unit as event_units builds it from an event, with a hand-made wording vector."""
    vec = {w: 1 / len(words) ** 0.5 for w in words}
    return Unit(article, 0, start, start + len(trigger), date, type, vec, frozenset(names), trigger_stem(trigger))


def _groups(clusters):
    return sorted(sorted(m[0] for m in c.members) for c in clusters)


@pytest.mark.parametrize("trigger,stem", [
    ("killed", "kill"), ("killing", "kill"), ("checked into", "check"), ("Earthquake", "earthquak"),
    ("", ""), ("2013", ""),  # no word: no stem
])
def test_trigger_stem(trigger, stem):
    assert trigger_stem(trigger) == stem


@pytest.mark.parametrize("a,b,ok", [
    ("2025-03-04", "2025-03-04", True),
    ("2025-03", "2025-03-04", True),  # the month holds the day
    ("", "2025-03-04", True),  # an undated mention may be any day
    ("2025-03-04", "2025-03-05", False),  # close days are different events
    ("2025-02", "2025-03-04", False),
])
def test_dates_compatible(a, b, ok):
    assert dates_compatible(a, b) is ok and dates_compatible(b, a) is ok


def test_mentions_sharing_a_stem_corefer_and_other_stems_do_not():
    units = [unit("a", "arrested"), unit("b", "arrest"), unit("c", "escaped"), unit("a", "arrest", start=50)]
    clusters = assign_events(units, [], {"a": "s", "b": "s", "c": "s"})
    assert _groups(clusters) == [["a", "a", "b"], ["c"]]  # one article may name its event twice


def test_stories_conflicting_days_and_types_keep_mentions_apart():
    units = [unit("a", "arrested", date="2025-03-04", type="ARREST"),
             unit("b", "arrested", date="2025-03-05", type="ARREST", words=("chess", "vienna")),
             unit("c", "arrested", type="ARREST"),  # undated: joins the closer wording
             unit("d", "arrested", date="2025-03-04", type="KILL"),
             unit("e", "arrested", date="2025-03-04", type="ARREST")]
    clusters = assign_events(units, [], {"a": "s", "b": "s", "c": "s", "d": "s", "e": "t"})
    assert _groups(clusters) == [["a", "c"], ["b"], ["d"], ["e"]]
    assert next(c for c in clusters if c.articles == {"a", "c"}).date == "2025-03-04"


def test_reports_join_on_wording_not_on_said():
    units = [unit("a", "said", type="STATEMENT", words=("quota", "harbour")),
             unit("b", "said", type="STATEMENT", words=("chess", "vienna")),
             unit("c", "said", type="STATEMENT", words=("quota", "harbour"))]
    assert _groups(assign_events(units, [], {"a": "s", "b": "s", "c": "s"})) == [["a", "c"], ["b"]]


def test_a_threshold_above_the_trigger_weight_asks_the_context_too():
    units = [unit("a", "arrested", words=("quota", "harbour")), unit("b", "arrested", words=("chess", "vienna"))]
    story = {"a": "s", "b": "s"}
    assert len(assign_events(units, [], story, threshold=TRIGGER_WEIGHT)) == 1
    assert len(assign_events(units, [], story, threshold=0.95)) == 2


def test_stored_clusters_keep_their_stems_across_runs():
    story = {"a": "s", "b": "s"}
    clusters = assign_events([unit("a", "arrested")], [], story)
    stored = [EventCluster(c.id, c.date, c.type, c.story, list(c.members), dict(c.centroid), set(c.names))
              for c in clusters]
    touched = assign_events([unit("b", "arrest")], stored, story)
    assert [c.id for c in touched] == [clusters[0].id] and len(stored) == 1


def test_event_units_date_events_by_their_own_time_only(store):
    text = "The council agreed a cod quota on Tuesday. It also arrested a fisherman."
    doc = timexed(text, {"Tuesday": "2025-03-04"}, published="2025-03-05")
    agreed, arrested = text.index("agreed"), text.index("arrested")
    events = (Event(agreed, agreed + 6, "AGREE", 0, time=0, date="2025-03-04"),
              Event(arrested, arrested + 8, "ARREST", 1, date="2025-03"))  # the publication month
    doc = replace(doc, events=events, layers=doc.layers | {"events"})
    units = list(event_units(doc, {}, 1))
    assert [(u.date, u.trigger, text[u.start:u.end]) for u in units] == [
        ("2025-03-04", "agre", "agreed"), ("", "arrest", "arrested")]
