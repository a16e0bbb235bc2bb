"""Stories and event clusters: unrelated stories apart, same-event mentions merged, updates incremental."""

from collections import Counter
from dataclasses import replace

import pytest
from conftest import make_document

from dateline.corpus.cluster_stage import EVENT_KIND, STORY_KIND, _block, recluster
from dateline.corpus.output import sentence_clusters
from dateline.corpus.clusters import (
    EventCluster,
    StoryIndex,
    Unit,
    assign_events,
    assign_stories,
    document_text,
    event_units,
    terms,
    trigger_stem,
)
from dateline.model import DateSource, Event, TimeExpression, TimexType
from dateline.pipeline import run_corpus_stages
from dateline.query import list_stories
from dateline.settings import Settings
from dateline.store import Store

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
    recluster(store, SETTINGS.with_(story_threshold=0.99, story_join=1.0))
    assert len(list_stories(store)) >= coarse and len(list_stories(store)) == len(ids)
    assert store.get_objects(EVENT_KIND) and all(o["members"] for o in store.get_objects(EVENT_KIND).values())


# -- the event step on hand-built units ------------------------------------------------------

def unit(article, trigger, *, date="", type="OTHER", words=("harbour", "quota"), names=(), start=0):
    """A unit as event_units builds it from an event, with a hand-made wording vector."""
    vec = {w: 1 / len(words) ** 0.5 for w in words}
    return Unit(article, 0, start, start + len(trigger), date, type, vec, frozenset(names), item=f"{start}",
                trigger=trigger_stem(trigger), lemma=trigger_stem(trigger))


def _groups(clusters):
    return sorted(sorted(m[0] for m in c.members) for c in clusters)


@pytest.mark.parametrize("trigger,stem", [
    ("killed", "kill"), ("killing", "kill"), ("checked into", "check"), ("Earthquake", "earthquak"),
    ("", ""), ("2013", ""),  # no word: no stem
])
def test_trigger_stem(trigger, stem):
    assert trigger_stem(trigger) == stem


def _linked(units, model):
    from dateline.corpus.event_links import link_events

    return sorted(sorted(units[i].article for i in g) for g in link_events(units, {}, model))


def test_mentions_sharing_a_lemma_corefer_and_unrelated_lemmas_do_not():
    from dateline.corpus.event_links import load_event_model

    units = [unit("a", "arrested", names=("ortiz",)), unit("b", "arrest", names=("ortiz",)), unit("c", "escaped")]
    assert _linked(units, load_event_model()) == [["a", "b"], ["c"]]


def test_dated_sentences_join_on_wording():
    sentence = unit("a", "", date="2025-03-04", words=("quota", "harbour"))
    other = unit("b", "", date="2025-03-04", words=("quota", "harbour"))
    far = unit("c", "", date="2025-03-04", words=("chess", "vienna"))
    next_day = unit("d", "", date="2025-03-05", words=("quota", "harbour"))
    assert _groups(assign_events([sentence, other, far, next_day], [], dict.fromkeys("abcd", "s"))) == [
        ["a", "b"], ["c"], ["d"]]


@pytest.mark.parametrize("source,dates", [
    (DateSource.METADATA, ["2025-03-04", "2025-03"]),  # the publication month stands for an unlinked event
    (DateSource.INFERRED, ["", ""]),  # anchored on a guess: no date keeps these events apart
    (DateSource.UNKNOWN, ["", ""]),
])
def test_event_units_are_dated_only_in_articles_dated_by_their_source(source, dates):
    text = "The council agreed a cod quota on Tuesday. It also arrested a fisherman."
    doc = timexed(text, {"Tuesday": "2025-03-04"}, published="2025-03-05", date_source=source)
    agreed, arrested = text.index("agreed"), text.index("arrested")
    events = (Event(agreed, agreed + 6, "AGREE", 0, time=0, date="2025-03-04"),
              Event(arrested, arrested + 8, "ARREST", 1, date="2025-03"))
    doc = replace(doc, events=events, layers=doc.layers | {"events"})
    units = list(event_units(doc, {}, 1))
    assert [(u.item, u.date, u.trigger) for u in units] == [("0", dates[0], "agre"), ("1", dates[1], "arrest")]
    assert [text[u.start:u.end] for u in units] == [text[s.start:s.end] for s in doc.sentences]


class _Everything(StoryIndex):
    """An index that sends every story to the comparison: the scan the real index must agree with."""

    def __init__(self, stories):
        self.count = len(stories)

    def near(self, vec, threshold):
        return list(range(self.count))

    def note(self, pos, story):
        self.count = max(self.count, pos + 1)


@pytest.mark.parametrize("threshold", [0.2, 0.3, 0.45])
def test_the_story_index_files_articles_as_a_scan_of_every_story_does(threshold):
    words = ("harbour quota ferry strike council budget flood levee wildfire evacuation vaccine clinic court "
             "verdict election ballot mine collapse rescue drought harvest").split()
    docs = [make_document(" ".join(words[(i * k) % len(words)] for k in (1, 3, 5, 7, 11, 13)) + ". More news here.",
                          title=f"Report {i}") for i in range(60)]
    df = Counter(t for d in docs for t in set(terms(document_text(d))))
    indexed, scanned = [], []
    for stories, index in ((indexed, StoryIndex([])), (scanned, _Everything([]))):
        for d in docs:
            assign_stories([d], stories, df, len(docs), threshold=threshold, index=index)
    assert [(s.id, s.articles) for s in indexed] == [(s.id, s.articles) for s in scanned]
    assert 1 < len(indexed) < len(docs)  # some stories take several articles, not all one


def test_clusters_stored_without_their_bounds_are_replayed_not_a_failure(store, tmp_path):
    # an earlier version stored event clusters without "first"/"last"; adding to such a store replays the block
    _put(store, [QUOTA_1])
    update_clusters(store)
    old = {i: {k: v for k, v in o.items() if k not in ("first", "last")} for i, o in store.get_objects(EVENT_KIND).items()}
    assert old
    with store.transaction():
        store.put_objects(EVENT_KIND, old.items(), block={i: _block(o["date"], o["story"]) for i, o in old.items()})
    _put(store, [QUOTA_2])
    report = update_clusters(store)
    assert not report.failed
    with Store(tmp_path / "fresh.db") as fresh:
        _put(fresh, [QUOTA_1])
        update_clusters(fresh)
        _put(fresh, [QUOTA_2])
        update_clusters(fresh)
        assert store.get_objects(EVENT_KIND) == fresh.get_objects(EVENT_KIND)


# -- stories: threads grouped ------------------------------------------------------------------

def _vec(*words):
    return {w: 1 / len(words) ** 0.5 for w in words}


def test_a_story_that_drifts_is_one_story_and_an_unrelated_one_stays_apart():
    from dateline.corpus.clusters import group_threads

    # spill -> cap -> hearing: each thread shares words with the next, the first and last none
    threads = [_vec("oil", "spill", "gulf", "well"), _vec("gulf", "well", "cap", "leak"),
               _vec("cap", "leak", "hearing", "senate"), _vec("chess", "vienna", "grandmaster", "title")]
    assert group_threads(threads, 0.2) == [0, 0, 0, 3]  # the last joins the first two at (0 + .5) / 2
    assert group_threads(threads, 0.3) == [0, 0, 2, 3] or group_threads(threads, 0.3) == [0, 1, 1, 3]
    assert group_threads(threads, 1.0) == [0, 1, 2, 3]  # join 1: every thread a story of its own
    assert group_threads(threads[:1], 0.3) == [0]


def test_the_stage_groups_its_threads_into_stories(store):
    from dateline.corpus.output import story_articles, thread_articles

    spill = make_document("Oil from the broken well spread along the gulf coast; the well operator promised "
                          "a cap.", published="2025-04-01", source="A")
    hearing = make_document("Senators held a hearing on the well operator and its cap for the gulf coast "
                            "well.", published="2025-06-01", source="A")
    chess = make_document("The chess federation crowned a new grandmaster in Vienna.", published="2025-06-02",
                          source="B")
    rain = make_document("Heavy rain flooded the valley roads and closed two schools.", published="2025-06-03",
                         source="C")
    _put(store, [spill, hearing, chess, rain])
    recluster(store, SETTINGS.with_(story_threshold=0.9, story_join=0.05))
    assert len(thread_articles(store)) == 4  # a high thread threshold: every article a thread of its own
    stories = {frozenset(ids) for ids in story_articles(store).values()}
    assert frozenset({spill.article.id, hearing.article.id}) in stories
    assert frozenset({chess.article.id}) in stories and frozenset({rain.article.id}) in stories


@pytest.mark.parametrize("join", [0.03, 0.1, 0.3])
def test_blocked_average_link_groups_as_the_dense_method_does(join):
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.cluster import AgglomerativeClustering

    from dateline.corpus.clusters import average_link

    rng = np.random.default_rng(7)
    # three vocabularies (unrelated stories) of threads using a few words each, and a few shared words
    rows = []
    for i in range(60):
        own = rng.choice(20, size=4, replace=False) + 20 * (i % 3)
        row = np.zeros(62)
        row[own] = rng.random(4)
        if i % 7 == 0:
            row[60 + i % 2] = 0.3
        rows.append(row / np.linalg.norm(row))
    x = csr_matrix(np.array(rows, dtype=np.float32))
    sim = x @ x.T
    dense = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                    distance_threshold=1.0 - join).fit(np.clip(1.0 - sim.toarray(), 0, 2)).labels_
    first: dict[int, int] = {}
    expected = [first.setdefault(int(g), i) for i, g in enumerate(dense)]
    assert average_link(sim, join) == expected
    assert len(set(expected)) > 1
