"""Ingest in windows: a run that reads its input a few articles at a time builds the store one window builds."""

from __future__ import annotations

import importlib

from snapshot import differences, snapshot

from .corpus import build_store, make_corpus


def test_small_windows_build_the_store_one_window_builds(tmp_path, monkeypatch):
    src = make_corpus(tmp_path)
    build_store(tmp_path / "one.db", [src], batch_size=4)
    monkeypatch.setattr(importlib.import_module("dateline.pipeline.ingest"), "READ_WINDOW", 5)
    build_store(tmp_path / "many.db", [src], batch_size=4)
    one, many = snapshot(tmp_path / "one.db"), snapshot(tmp_path / "many.db")
    assert len(one["articles"]) > 3 * 5
    assert not differences(one, many)
