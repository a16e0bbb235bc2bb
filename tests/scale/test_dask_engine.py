"""The Dask engine gives the store the local engine gives: articles, layers, corpus objects, timeline."""

from __future__ import annotations

import pytest
from snapshot import differences, snapshot

from dateline.errors import MissingExtra
from dateline.pipeline.engines import make_engine
from dateline.settings import Settings

from .corpus import build_store, make_corpus

pytest.importorskip("distributed", reason="the Dask engine is the scale extra")


def test_a_dask_local_cluster_builds_the_store_the_local_engine_builds(tmp_path):
    src = make_corpus(tmp_path)
    build_store(tmp_path / "local.db", [src], batch_size=4)
    build_store(tmp_path / "dask.db", [src], batch_size=4, engine="dask", workers=2)
    local, dask = snapshot(tmp_path / "local.db"), snapshot(tmp_path / "dask.db")
    assert len(local["articles"]) > 20 and local["objects"] and local["timeline"].count('"date"') >= 3
    assert not differences(local, dask)


def test_the_engine_is_chosen_by_the_settings(tmp_path):
    assert type(make_engine(Settings(), ["sentences"])).__name__ == "LocalEngine"
    engine = make_engine(Settings(engine="dask", workers=1), ["sentences"])
    assert type(engine).__name__ == "DaskEngine"
    engine.close()  # never connected: nothing to stop


def test_without_the_extra_the_dask_engine_is_one_line_naming_it(monkeypatch):
    import sys

    for name in [m for m in sys.modules if m == "distributed" or m.startswith("distributed.")
                 or m == "dateline.pipeline.engines.dask"]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    with pytest.raises(MissingExtra, match=r"pip install 'dateline\[scale\]'"):
        make_engine(Settings(engine="dask"), ["sentences"])


def test_cli_mistakes_with_the_engine_options_are_one_line(tmp_path):
    import subprocess
    import sys

    from conftest import REPO

    base = [sys.executable, "-m", "dateline", "ingest", str(REPO / "examples" / "articles"), "--db",
            str(tmp_path / "e.db")]
    for extra, said in ((["--scheduler", "tcp://127.0.0.1:9"], "add --engine dask"),
                        (["--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"], "cannot reach the Dask scheduler")):
        done = subprocess.run(base + extra, capture_output=True, text=True, timeout=120)
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert said in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
