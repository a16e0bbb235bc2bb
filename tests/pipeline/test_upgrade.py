"""A corpus stage whose version rose (new rules) is redone over a store an older version wrote,
with every stage after it, and the store ends as a fresh build by the new version would."""

from __future__ import annotations

import shutil

from corpora import harbour_corpus
from snapshot import differences, snapshot

from dateline.pipeline import ingest
from dateline.pipeline.corpus import redo_upgraded, run_corpus_stages, version_key
from dateline.pipeline.stages import build_corpus_stages
from dateline.settings import Settings
from dateline.store import Store


def test_an_older_corpus_stage_is_redone_whole_and_matches_a_fresh_build(tmp_path):
    src = harbour_corpus(tmp_path, 6, seed=3)
    db = tmp_path / "fresh.db"
    settings = Settings(db_path=db)
    with Store(db) as store:
        ingest([src], store, settings)
        stages = build_corpus_stages(settings)
        assert redo_upgraded(store, stages) == []  # a fresh store records the versions it was built with
        assert store.get_meta(version_key("claim-groups")) == "2"
    fresh = snapshot(db)

    old = tmp_path / "old.db"
    shutil.copy(db, old)
    with Store(old) as store:  # as version 1 of claim-groups left it: no record, groups to be rebuilt
        store.db.execute("DELETE FROM meta WHERE key=?", (version_key("claim-groups"),))
        report = run_corpus_stages(store, Settings(db_path=old))
        assert report.processed.get("claim-groups") == len(store.article_ids())
        assert set(report.processed) == {"claim-groups"}  # the stages before it are kept
        assert redo_upgraded(store, build_corpus_stages(settings)) == []  # once only
    assert differences(fresh, snapshot(old)) == []
