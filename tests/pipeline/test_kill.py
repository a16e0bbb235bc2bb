"""Crash safety, proven: `dateline ingest` killed with SIGKILL at moments spread over a whole run
(reading, per-article stages, corpus stages) leaves a sound store, and the next run completes it
to exactly the store an uninterrupted run builds."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from corpora import harbour_corpus
from snapshot import differences, snapshot

from dateline.pipeline import STAGES, ingest
from dateline.pipeline.stages import stage_meta
from dateline.settings import Settings
from dateline.store import Store
from dateline.store.codec import LAYERS, SINGLE_LAYERS

TRIALS = 20
GROUPS = 2  # the trials are split so that two test workers share them


def _corpus(root: Path) -> Path:
    """The demo corpus (formats, a near-duplicate, an undated report) and generated reports around it."""
    return harbour_corpus(root, 24, seed=7)


def _run(db: Path, src: Path) -> subprocess.Popen:
    env = {**os.environ, "DATELINE_STAGE_ERRORS": "raise"}
    cmd = [sys.executable, "-m", "dateline", "ingest", str(src), "--db", str(db), "--setting", "batch_size=4"]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True)


def _complete(db: Path, src: Path) -> None:
    proc = _run(db, src)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert "Traceback" not in err


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    root = tmp_path_factory.mktemp("kill")
    src = _corpus(root)
    db = root / "clean.db"
    started = time.perf_counter()
    _complete(db, src)
    return src, snapshot(db), time.perf_counter() - started


def _half_stored(db: Path) -> list[str]:
    """Originals stored without a layer their recorded stages promise (and that did not fail)."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        layers: dict[str, set[str]] = {}
        for article, layer in con.execute("SELECT article_id, layer FROM annotations"):
            layers.setdefault(article, set()).add(layer)
        failed = {(a, s) for a, s in con.execute("SELECT article_id, stage FROM failures")}
        out = []
        kept = LAYERS.keys() | SINGLE_LAYERS.keys()
        for article, stages in con.execute("SELECT id, stages FROM articles WHERE duplicate_of IS NULL"):
            promised = {lay for s in stages.split(",") if s and (article, s) not in failed
                        for lay in stage_meta(s)[2] if lay in kept}
            if not promised <= layers.get(article, set()):
                out.append(article)
        return out
    finally:
        con.close()


@pytest.mark.slow
@pytest.mark.parametrize("group", range(GROUPS))
def test_sigkill_at_any_moment_then_resume_equals_a_clean_run(clean, tmp_path, group):
    src, expected, seconds = clean
    rng = random.Random(group)
    phases = []
    for trial in range(group, TRIALS, GROUPS):
        db = tmp_path / f"t{trial}.db"
        # moments spread evenly over a whole run (model loading and reading included), each jittered
        delay = seconds * (trial + rng.random()) / TRIALS
        proc = _run(db, src)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if db.exists():
            with Store(db) as store:
                assert store.integrity_check() == "ok"
                phases.append((len(store.article_ids()), len(store.corpus_pending("clusters"))))
            assert _half_stored(db) == []
        _complete(db, src)
        assert differences(snapshot(db), expected) == [], f"trial {trial}, killed after {delay:.2f} s"
    assert len(phases) >= 1


def test_an_interrupted_corpus_stage_is_completed_by_the_next_run(clean, tmp_path, monkeypatch):
    from dateline.corpus.cluster_stage import ClusterStage

    src, expected, _ = clean
    db = tmp_path / "i.db"
    settings = Settings(db_path=db, batch_size=4)
    real = ClusterStage.run

    def killed(self, view, ids):
        real(self, view, ids)
        raise KeyboardInterrupt  # after the stage wrote everything, before its transaction commits

    monkeypatch.setattr(ClusterStage, "run", killed)
    with Store(db) as store, pytest.raises(KeyboardInterrupt):
        ingest([src], store, settings)
    monkeypatch.undo()
    with Store(db) as store:
        assert store.get_objects("story") == {} and len(store.corpus_pending("clusters")) > 0
        assert len(store.article_ids()) > 0 and store.corpus_pending("entities") == []
        report = ingest([src], store, settings)
        n = len(store.article_ids())
        # claim-groups reads the stories, so it runs after clusters and waits for them
        assert report.ingested == 0 and report.corpus.processed == {"clusters": n, "claim-groups": n}
    assert differences(snapshot(db), expected) == []


def test_the_declared_stages_promise_stored_layers():
    # the half-stored check above means something only if stages assign stored layers
    kept = LAYERS.keys() | SINGLE_LAYERS.keys()
    assert {lay for n, _ in STAGES for lay in stage_meta(n)[2]} & kept == kept
