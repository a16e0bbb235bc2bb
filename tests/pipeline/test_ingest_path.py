"""One ingest path: every input, read or analysed in a Parquet export, goes through one dedup decision."""

from __future__ import annotations

import pytest

from dateline.ingest.dedup import Deduplicator, NearDuplicateIndex, Verdict
from dateline.model import content_id
from dateline.pipeline import ingest
from dateline.settings import Settings
from dateline.store import Store

STORY = ("The harbour board approved a second ferry berth on Tuesday after residents of the island asked for "
         "one at three meetings this winter, and work on the quay will start in April. The new berth will let "
         "two boats load at once during the summer months, when queues at the slip often reach the school, "
         "and the old berth will be repaired once the new one opens, the board said.")
OTHER = "Schools on the island stay closed on Friday while crews repair the storm damage to the main road."


def test_one_decision_exact_near_new():
    dedup = Deduplicator(NearDuplicateIndex(Settings()), is_stored=lambda i: i == "stored")
    first = dedup.decide(content_id(STORY), STORY)
    assert first.verdict is Verdict.NEW and first.signature
    assert dedup.decide(content_id(STORY), STORY).verdict is Verdict.EXACT  # an earlier input
    assert dedup.decide("stored", "any text at all").verdict is Verdict.EXACT  # a stored one
    near = STORY.replace("the board said.", "the board reported.")
    linked = dedup.decide(content_id(near), near)
    assert linked.verdict is Verdict.NEAR and linked.original == content_id(STORY)
    assert dedup.decide(content_id(OTHER), OTHER).verdict is Verdict.NEW
    said = dedup.decide("x1", "a text unlike any other in this run, said to copy the first", copies=content_id(STORY))
    assert said.verdict is Verdict.NEAR and said.original == content_id(STORY)


def test_a_read_copy_of_an_exported_article_meets_the_same_decision(tmp_path):
    pytest.importorskip("pyarrow.parquet", reason="Parquet is the scale extra")
    from dateline.exchange import export_parquet

    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(f" date 2025-03-04 {STORY}\n")
    (src / "b.txt").write_text(f" date 2025-03-05 {OTHER}\n")
    settings = Settings(db_path=tmp_path / "a.db", stages=("sentences",), check_reads=True)
    with Store(settings.db_path) as store:
        ingest([src], store, settings)
        export_parquet(store, tmp_path / "tables")
    copies = tmp_path / "copies"
    copies.mkdir()
    (copies / "same.txt").write_text(f" date 2025-03-04 {STORY}\n")  # the exported article, read again
    (copies / "near.txt").write_text(f" date 2025-03-06 {STORY.replace('the board said.', 'the board reported.')}\n")
    into = Settings(db_path=tmp_path / "b.db", stages=("sentences",), check_reads=True)
    with Store(into.db_path) as store:
        report = ingest([copies, tmp_path / "tables"], store, into)
        assert (report.ingested, report.duplicates, report.near_duplicates) == (2, 1, 1)
        near = next(a for a in store.iter_articles(include_duplicates=True) if a.duplicate_of)
        assert near.duplicate_of == content_id(STORY) and "reported" in near.text
