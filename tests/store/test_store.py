
from datetime import date

import pytest
from conftest import make_article, make_document

from dateline.errors import StoreError
from dateline.model import DateSource, Evidence, Precision
from dateline.store import Store
from dateline.store.schema import MIGRATIONS


def test_migrations_are_named_recorded_and_not_reapplied(tmp_path):
    path = tmp_path / "s.db"
    with Store(path) as s:
        assert s.migrations() == [name for name, _ in MIGRATIONS]
        assert s.migrate() == []
    with Store(path) as s:
        assert s.migrate() == []
        assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_add_is_idempotent_and_layers_round_trip(store):
    doc = make_document("First sentence here. Second one follows.", published="2024-02-07")
    assert store.add_article(doc.article, doc=doc, stages=["sentences"])
    assert not store.add_article(doc.article, doc=doc, stages=["sentences"])
    back = store.load_document(doc.article.id)
    assert back.article == doc.article
    assert back.sentences == doc.sentences and back.layers == {"sentences"}
    assert store.stats() == {"articles": 1, "duplicates": 0, "dated": 1}


def test_a_failed_transaction_leaves_nothing_behind(store):
    a, b = make_article("Alpha text of some length."), make_article("Beta text of some length.")
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.add_article(a)
            store.add_article(b)
            raise RuntimeError("killed half-way")
    assert store.article_ids() == []
    store.add_article(a)
    assert store.article_ids() == [a.id]


def test_near_duplicates_are_linked_and_hidden_from_originals(store):
    a = make_article("The original report of the event.")
    b = make_article("The original report of the event, syndicated.", duplicate_of=a.id)
    store.add_article(a)
    store.add_article(b)
    assert store.article_ids() == [a.id]
    assert store.duplicates_of(a.id) == [b.id]
    assert store.stats()["duplicates"] == 1


def test_full_text_search_tolerates_punctuation(store):
    store.add_article(make_article("Talks in Cairo on a cease-fire.", title="Cairo talks"))
    store.add_article(make_article("Nothing about that city here."))
    assert len(store.search("cairo")) == 1
    assert len(store.search("cease-fire")) == 1
    assert store.search("Doha") == []


def test_prefix_lookup_and_date_update(store):
    a = make_article("An undated article that we date later.")
    store.add_article(a)
    assert store.get_article(a.id[:6]).id == a.id
    ev = (Evidence(kind="event-count", detail="day 167 of the war", start=1, end=5),)
    store.update_article_date(a.id, date(2024, 3, 21), Precision.DAY, DateSource.INFERRED, 0.7, ev)
    got = store.get_article(a.id)
    assert got.published == date(2024, 3, 21) and got.date_source is DateSource.INFERRED
    assert got.date_evidence == ev and got.date_confidence == 0.7


def test_pending_lists_articles_missing_stages(store):
    doc = make_document("Stored before a stage was added to the pipeline.")
    store.add_article(doc.article, doc=doc, stages=["sentences"])
    assert store.pending(["sentences"]) == []
    assert store.pending(["sentences", "timexes"]) == [doc.article.id]


def test_objects_by_kind(store):
    store.put_objects("entity", [("e1", {"name": "A"}), ("e2", {"name": "B"})])
    store.put_objects("entity", [("e1", {"name": "A2"})])
    assert store.get_objects("entity") == {"e1": {"name": "A2"}, "e2": {"name": "B"}}
    store.put_objects("entity", [("e3", {"name": "C"})], replace_all=True)
    assert list(store.get_objects("entity")) == ["e3"]


def test_a_file_that_is_not_a_database_gives_a_clear_error(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="notes.db"):
        Store(bad)


def test_upgrading_drops_claim_groups_that_name_no_quantity(tmp_path):
    path = tmp_path / "s.db"
    doc = make_document("Aid of $5 million was pledged.", published="2024-02-07")
    a1 = doc.article.id
    with Store(path) as s:
        s.add_article(doc.article, doc=doc, stages=["sentences"])
        s.put_objects("claim_group", [("cg_unnamed", {"claims": []}), ("cg_named", {"claims": []})],
                      block={"cg_unnamed": "USD|/|", "cg_named": "count|people/killed|"})
        s.set_members("claim_group", [(a1, "0", "cg_unnamed"), (a1, "1", "cg_named")])
        # a store written before the migration: it has not run yet
        with s.transaction():
            s.db.execute("DELETE FROM migrations WHERE name='0010_unnamed_claim_groups'")
    with Store(path) as s:  # opening applies the pending migration
        assert s.migrations()[-1] == "0010_unnamed_claim_groups"
        assert list(s.get_objects("claim_group")) == ["cg_named"]
        assert s.members("claim_group") == [(a1, "1", "cg_named")]


def test_documents_read_in_chunks_equal_documents_read_one_by_one(store, monkeypatch):
    from dateline.model import Kind, Links, add_layers
    from dateline.store import articles as article_rows
    from dateline.store.view import CorpusView

    monkeypatch.setattr(article_rows, "_DOC_CHUNK", 2)  # every chunk boundary crossed
    docs = [make_document(f"Story number {n} is told here. It has a second line.") for n in range(5)]
    docs[1] = add_layers(docs[1], ["links"], links=Links())  # a single layer beside the sentences
    for doc in docs:
        store.add_article(doc.article, doc=doc, stages=["sentences"])
    store.set_members(Kind.CLAIM_GROUP, [(docs[2].article.id, "0", "g1")])
    ids = [d.article.id for d in docs]
    asked = [ids[3], "no-such-article", ids[0][:8], ids[3], *ids[1:3], ids[4]]  # a gap, a prefix, a repeat
    one_by_one = [d for a in asked if (d := store.load_document(a)) is not None]
    assert list(store.iter_documents(asked)) == one_by_one
    assert [d.article.id for d in one_by_one] == [ids[3], ids[0], ids[3], ids[1], ids[2], ids[4]]
    assert list(store.iter_documents(raw=True, layers=["links"])) == \
        [store.load_document(a, raw=True, layers=["links"]) for a in ids]
    # a corpus stage gets the layers it declared and no others
    view = CorpusView(store, "probe", ["layer:links"], [])
    assert {frozenset(d.layers) for d in view.documents(ids, ["links"])} == {frozenset(), frozenset({"links"})}
