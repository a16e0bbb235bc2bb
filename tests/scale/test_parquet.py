"""Parquet out and back in: a store exported and ingested into an empty store gives the same store."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest
from snapshot import differences, snapshot

from dateline.errors import MissingExtra
from dateline.exchange import export_parquet, read_export
from dateline.store import Store

from .corpus import build_store, make_corpus

pq = pytest.importorskip("pyarrow.parquet", reason="Parquet is the scale extra")


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    root = tmp_path_factory.mktemp("parquet")
    src = make_corpus(root)
    build_store(root / "a.db", [src], batch_size=4)
    with Store(root / "a.db") as store:
        counts = export_parquet(store, root / "tables")
    return root, counts


# The dating stage rewrites the timexes and events it anchors ("the day after the storm"), so an export
# holds them anchored, and the import's dating stage, reading them, keeps other bookkeeping: what each
# article's dating would depend on (to re-date it when new articles come) and the day votes of the
# anchored expressions. Its decisions (dates, layers) are the same; these objects are left out.
DATING_BOOKKEEPING = ("dating_want", "dating_contrib", "day_vote")


def _comparable(snap: dict) -> dict:
    return {**snap, "objects": [row for row in snap["objects"] if row[0] not in DATING_BOOKKEEPING]}


def test_a_round_trip_through_parquet_gives_the_same_store(exported, tmp_path):
    root, _ = exported
    cmd = [sys.executable, "-m", "dateline", "ingest", str(root / "tables"), "--db", str(tmp_path / "b.db"),
           "--stages", "sentences"]  # were anything analysed again, only sentences would be stored
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    a, b = snapshot(root / "a.db"), snapshot(tmp_path / "b.db")
    assert len(a["annotations"]) > 100 and a["objects"] and a["members"] and a["keymap"]
    assert not differences(_comparable(a), _comparable(b))


def test_every_layer_is_a_table_with_offsets_into_the_text(exported):
    root, counts = exported
    assert counts["articles"] > 20 and counts["mentions"] and counts["timexes"] and counts["sentences"]
    texts = dict(zip(*pq.read_table(root / "tables" / "articles.parquet", columns=["id", "text"]).to_pydict()
                     .values()))
    for layer in ("sentences", "timexes", "mentions", "events", "quotes", "claims"):
        table = pq.read_table(root / "tables" / f"{layer}.parquet").to_pydict()
        assert len(table["start"]) == counts[layer]
        for aid, start, end in zip(table["article_id"], table["start"], table["end"]):
            assert 0 <= start < end <= len(texts[aid])
    db = sqlite3.connect(root / "a.db")
    stored = [t["value"] for (data,) in db.execute("SELECT data FROM annotations WHERE layer='timexes'")
              for t in json.loads(data)]
    values = pq.read_table(root / "tables" / "timexes.parquet", columns=["value"]).column("value").to_pylist()
    assert sorted(values) == sorted(stored)


def test_reading_back_streams_documents_with_their_layers_and_stages(exported):
    root, counts = exported
    batches = list(read_export(root / "tables", batch_size=7))
    assert [len(b) for b in batches[:-1]] == [7] * (len(batches) - 1)
    docs = [a for b in batches for a in b]
    assert len(docs) == counts["articles"]
    originals = [a for a in docs if a.doc.article.duplicate_of is None]
    assert all(a.signature and "links" in a.stages for a in originals)
    assert sum(len(a.doc.mentions) for a in docs) == counts["mentions"]


def test_a_folder_that_is_no_export_is_one_line(tmp_path):
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "articles.parquet").write_text("not parquet")
    cmd = [sys.executable, "-m", "dateline", "ingest", str(tmp_path / "tables"), "--db", str(tmp_path / "c.db")]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "not a readable Parquet table" in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_without_pyarrow_parquet_is_one_line_naming_the_extra(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with Store(tmp_path / "d.db") as store, pytest.raises(MissingExtra, match=r"dateline\[scale\]"):
        export_parquet(store, tmp_path / "out")


def test_the_export_command_writes_the_tables_and_names_them(exported, tmp_path):
    root, counts = exported
    cmd = [sys.executable, "-m", "dateline", "export", "--format", "parquet", "--db", str(root / "a.db")]
    done = subprocess.run(cmd + ["-o", str(tmp_path / "out")], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"articles {counts['articles']}" in done.stderr
    assert {p.name for p in (tmp_path / "out").iterdir()} == {f"{t}.parquet" for t in counts}
    missing = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert missing.returncode == 1 and "-o FOLDER" in missing.stderr and "Traceback" not in missing.stderr



def test_sentence_vectors_travel_through_parquet(tmp_path):
    from dataclasses import replace

    import numpy as np
    from conftest import make_document

    from dateline.extract.vectors import document_matrix, encode_matrix
    from dateline.model import SentenceVectors

    doc = make_document("The council met on Tuesday. It approved the budget. Fishermen cheered.", published="2025-03-04")
    rows = np.eye(3, 4)
    doc = replace(doc, vectors=SentenceVectors("m", 4, encode_matrix(rows)), layers=doc.layers | {"vectors"})
    with Store(tmp_path / "v.db") as store:
        store.add_article(doc.article)
        store.save_document(doc, stages=["sentences", "vectors"])
        export_parquet(store, tmp_path / "tables")
    [[back]] = list(read_export(tmp_path / "tables"))
    assert back.doc.vectors == doc.vectors
    np.testing.assert_array_equal(document_matrix(back.doc), rows)
