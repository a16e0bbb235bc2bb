"""Stories and event clusters: unrelated stories apart, same-date events merged, updates incremental."""

from dataclasses import replace

from conftest import make_document

from dateline.corpus.cluster_stage import (
    EVENT_KIND,
    STORY_KIND,
    recluster,
    sentence_clusters,
)
from dateline.model import TimeExpression, TimexType
from dateline.pipeline import run_corpus_stages
from dateline.query import list_stories
from dateline.settings import Settings

SETTINGS = Settings(stage_errors="raise")


def update_clusters(store):
    """The corpus stages over what the store holds and they have not seen (the clusters stage among them)."""
    return run_corpus_stages(store, SETTINGS)


def story_sets(store):
    return {frozenset(s["ids"]) for s in list_stories(store)}


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
    _put(store, [QUOTA_1, QUOTA_2, QUOTA_NEXT_DAY, CHESS])
    update_clusters(store)
    by_sentence = sentence_clusters(store)
    q1, q2, q3 = (by_sentence.get((d.article.id, 0)) for d in (QUOTA_1, QUOTA_2, QUOTA_NEXT_DAY))
    assert q1 is not None and q1 == q2
    assert q3 is None or q3 != q1  # the next day's quarrel is another event


def test_unrelated_stories_stay_apart(store):
    _put(store, [QUOTA_1, QUOTA_2, CHESS])
    update_clusters(store)
    stories = story_sets(store)
    assert frozenset({CHESS.article.id}) in stories
    assert any({QUOTA_1.article.id, QUOTA_2.article.id} <= s for s in stories)


def test_ingesting_more_updates_without_recomputing(store):
    _put(store, [QUOTA_1, CHESS])
    update_clusters(store)
    before = store.get_objects(STORY_KIND)
    _put(store, [QUOTA_2])
    report = update_clusters(store)
    assert report.processed["clusters"] == 1  # only the new article is clustered
    after = store.get_objects(STORY_KIND)
    chess = next(s["story"] for s in list_stories(store) if CHESS.article.id in s["ids"])
    assert after[chess] == before[chess]  # untouched story, not rewritten
    assert sum(o["size"] for o in after.values()) == 3
    assert update_clusters(store).processed == {}  # already clustered: nothing runs again
    assert store.get_objects(STORY_KIND) == after


def test_recluster_at_a_finer_granularity_splits_more(store):
    ids = _put(store, [QUOTA_1, QUOTA_2, QUOTA_NEXT_DAY, CHESS])
    recluster(store, SETTINGS.with_(story_threshold=0.0001))
    coarse = len(list_stories(store))
    recluster(store, SETTINGS.with_(story_threshold=0.99))
    assert len(list_stories(store)) >= coarse and len(list_stories(store)) == len(ids)
    assert store.get_objects(EVENT_KIND) and all(o["members"] for o in store.get_objects(EVENT_KIND).values())
