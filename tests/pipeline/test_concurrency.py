"""Two ingests on one store, and readers while one writes: no lost article, no 'database is locked'."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dateline.store import Store


def _corpus(root: Path, name: str, n: int) -> Path:
    src = root / name
    src.mkdir()
    for i in range(n):
        (src / f"{name}_{i:02d}.txt").write_text(
            f" date 2025-04-{1 + i % 28:02d} The {name} ferry crew repaired berth {i} on Tuesday, "
            f"the port said. About {20 + i} passengers waited at {name} quay for the crossing number {i}.\n")
    return src


def _dateline(*args: str, db: Path) -> subprocess.Popen:
    env = {**os.environ, "DATELINE_STAGE_ERRORS": "raise"}
    return subprocess.Popen([sys.executable, "-m", "dateline", *args, "--db", str(db)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_two_first_ingests_racing_on_a_new_store_lose_nothing(tmp_path):
    db = tmp_path / "race.db"
    a, b = _corpus(tmp_path, "north", 12), _corpus(tmp_path, "south", 12)
    procs = [_dateline("ingest", str(a), db=db), _dateline("ingest", str(b), db=db)]
    outs = [p.communicate(timeout=600) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err
        assert "Traceback" not in err and "locked" not in err
    with Store(db) as store:
        assert len(store.article_ids()) == 24
        for stage in ("dating", "entities", "claim-groups", "clusters"):
            assert store.corpus_pending(stage) == []
        # every article clustered once: one story membership each
        assert len(store.members("story")) == 24
        assert store.integrity_check() == "ok"


@pytest.mark.slow
def test_reading_while_an_ingest_writes(tmp_path):
    db = tmp_path / "rw.db"
    first = _dateline("ingest", str(_corpus(tmp_path, "east", 4)), db=db)
    assert first.wait(timeout=300) == 0
    writer = _dateline("ingest", str(_corpus(tmp_path, "west", 30)), db=db)
    reads = 0
    while writer.poll() is None:
        for args in (("timeline", "--format", "json"), ("articles",)):
            reader = _dateline(*args, db=db)
            out, err = reader.communicate(timeout=300)
            assert reader.returncode == 0, err
            assert "Traceback" not in err and "locked" not in err
            reads += 1
        time.sleep(0.1)
    _, err = writer.communicate()
    assert writer.returncode == 0, err
    assert reads >= 2
    with Store(db) as store:
        assert len(store.article_ids()) == 34


def test_a_writer_that_cannot_get_the_lock_is_told_plainly(tmp_path):
    from dateline.errors import StoreError

    db = tmp_path / "lock.db"
    with Store(db) as holder, Store(db, timeout=0.2) as waiting:
        with holder.transaction():
            with pytest.raises(StoreError, match="another dateline process"):
                with waiting.transaction():
                    pass
