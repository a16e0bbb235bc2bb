"""Stores and servers for the web tests: built once per session, read-only unless a test says otherwise."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from dateline.pipeline import ingest
from dateline.settings import Settings
from dateline.store import Store

from .support import PAYLOADS


@pytest.fixture(scope="session")
def story_db(tmp_path_factory, seeds_db) -> Path:
    """A copy of the seeds' store with the injection payloads added; uploads may add more."""
    folder = tmp_path_factory.mktemp("web-story")
    db = folder / "story.db"
    with sqlite3.connect(seeds_db) as src, sqlite3.connect(db) as dst:
        src.backup(dst)  # a consistent copy, whatever connections the seeds' store has open
    feed = folder / "payloads.jsonl"
    feed.write_text("\n".join(json.dumps(p) for p in PAYLOADS) + "\n", encoding="utf-8")
    with Store(db) as store:
        ingest([feed], store, Settings(db_path=db, progress=False))
    return db


