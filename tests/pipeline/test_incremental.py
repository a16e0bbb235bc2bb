"""Adding articles in several ingests builds exactly the store one ingest of everything builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, SEEDS, SHARED
from snapshot import differences, snapshot

from dateline.pipeline import ingest
from dateline.settings import Settings
from dateline.store import Store

T17 = SHARED / "benchmarks" / "t17" / "H1N1_reuters" / "InputDocs"


def _build(db: Path, batches: list[list[Path]]) -> dict:
    settings = Settings(db_path=db, stage_errors="raise")
    for batch in batches:
        with Store(db) as store:
            ingest(batch, store, settings)
    return snapshot(db)


def _one_shot_equals_incremental(tmp_path: Path, files: list[Path], cut: int) -> None:
    one = _build(tmp_path / "one.db", [files])
    more = _build(tmp_path / "more.db", [files[:cut], files[cut:]])
    assert differences(one, more) == []


def test_the_demo_corpus_in_two_ingests(tmp_path):
    files = sorted((REPO / "examples" / "articles").iterdir())
    _one_shot_equals_incremental(tmp_path, files, 4)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/examples/seeds is not available")
def test_the_seeds_with_the_undated_report_first(tmp_path):
    # the report first has nothing to be dated by; the later reports date it, as one ingest would
    files = sorted(SEEDS.glob("*.txt"))
    files = [f for f in files if f.name.startswith("001")] + [f for f in files if not f.name.startswith("001")]
    _one_shot_equals_incremental(tmp_path, files, 1)


@pytest.mark.slow
@pytest.mark.skipif(not T17.is_dir(), reason="../shared/benchmarks/t17 is not available")
def test_real_news_in_two_ingests(tmp_path):
    files = sorted(p for p in T17.glob("*/*.txt") if p.stat().st_size)[:40]
    _one_shot_equals_incremental(tmp_path, files, 20)
