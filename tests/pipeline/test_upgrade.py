"""A corpus stage whose version rose (new rules) is redone over a store an older version wrote,
with every later stage that reads it, and the store ends as a fresh build by the new version would."""

from __future__ import annotations

import shutil

import pytest
from corpora import harbour_corpus
from snapshot import differences, snapshot

from dateline.pipeline import ingest
from dateline.pipeline.corpus import redo_upgraded, run_corpus_stages, version_key
from dateline.pipeline.stages import build_corpus_stages
from dateline.settings import Settings
from dateline.store import Store


@pytest.mark.parametrize(("stage", "redone"), [
    ("claim-groups", {"claim-groups"}),
    ("debris", {"debris", "clusters", "claim-groups"}),  # clusters read debris lines, claim groups the stories
])
def test_an_older_corpus_stage_is_redone_whole_and_matches_a_fresh_build(tmp_path, stage, redone):
    src = harbour_corpus(tmp_path, 6, seed=3)
    db = tmp_path / "fresh.db"
    settings = Settings(db_path=db)
    with Store(db) as store:
        ingest([src], store, settings)
        stages = build_corpus_stages(settings)
        assert redo_upgraded(store, stages) == []  # a fresh store records the versions it was built with
        assert store.get_meta(version_key(stage)) == str(next(s.version for s in stages if s.name == stage))
    fresh = snapshot(db)

    old = tmp_path / "old.db"
    shutil.copy(db, old)
    with Store(old) as store:  # as version 1 of the stage left it: no record, its output to be rebuilt
        store.db.execute("DELETE FROM meta WHERE key=?", (version_key(stage),))
        report = run_corpus_stages(store, Settings(db_path=old))
        assert set(report.processed) == redone  # the stage and those that read what it writes
        assert report.processed[stage] == len(store.article_ids())
        assert redo_upgraded(store, build_corpus_stages(settings)) == []  # once only
    assert differences(fresh, snapshot(old)) == []
