"""--db pointing at what is not a usable store: one line saying what to do, nothing written, no traceback."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.store import Store

TEXT = " date 2025-05-02 The river authority opened the new weir on Friday, its engineers said.\n"


def _invoke(*args):
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    return result


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def article(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(TEXT)
    return src


@pytest.mark.parametrize("command", [["ingest", "{article}"], ["articles"], ["timeline"]])
def test_a_file_that_is_not_sqlite(tmp_path, article, command):
    bad = tmp_path / "notes.db"
    bad.write_text("these are my notes, not a database\n" * 20)
    before = _digest(bad)
    result = _invoke(*[c.format(article=article) for c in command], "--db", str(bad))
    assert result.exit_code == 1
    assert "not a SQLite database" in result.output and len(result.output.strip().splitlines()) == 1
    assert _digest(bad) == before


def test_someone_elses_sqlite_database_is_left_alone(tmp_path, article):
    other = tmp_path / "app.sqlite"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("INSERT INTO customers VALUES (1, 'Ada')")
    con.commit()
    con.close()
    before = _digest(other)
    result = _invoke("ingest", str(article), "--db", str(other))
    assert result.exit_code == 1 and "not a dateline store" in result.output and "customers" in result.output
    assert _digest(other) == before
    con = sqlite3.connect(other)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    mode = con.execute("PRAGMA journal_mode").fetchone()[0]
    con.close()
    assert tables == {"customers"} and mode == "delete"


def test_a_directory(tmp_path, article):
    result = _invoke("ingest", str(article), "--db", str(tmp_path))
    assert result.exit_code == 1 and "is a directory" in result.output


def test_a_folder_that_does_not_exist(tmp_path, article):
    missing = tmp_path / "no" / "such" / "store.db"
    read = _invoke("articles", "--db", str(missing))
    assert read.exit_code == 1 and "no store at" in read.output and not missing.parent.exists()
    write = _invoke("ingest", str(article), "--db", str(missing))
    assert write.exit_code == 0 and missing.exists()  # a write creates it, folders included


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_a_read_only_store_can_be_read_but_not_written(tmp_path, article):
    db = tmp_path / "ro.db"
    assert _invoke("ingest", str(article), "--db", str(db)).exit_code == 0
    db.chmod(stat.S_IRUSR)
    listed = _invoke("articles", "--db", str(db), "--format", "json")
    assert listed.exit_code == 0 and len(json.loads(listed.stdout)) == 1
    write = _invoke("ingest", str(article), "--db", str(db))
    assert write.exit_code == 1 and "read-only" in write.output


def test_a_store_opened_read_only_refuses_writes_in_one_line(tmp_path, article):
    db = tmp_path / "ro.db"
    assert _invoke("ingest", str(article), "--db", str(db)).exit_code == 0
    from dateline.errors import StoreError

    with Store(db, readonly=True) as store:
        assert len(store.article_ids()) == 1
        with pytest.raises(StoreError, match="read-only"):
            store.set_meta("x", "y")


def test_a_store_from_a_newer_dateline(tmp_path, article):
    db = tmp_path / "new.db"
    assert _invoke("ingest", str(article), "--db", str(db)).exit_code == 0
    con = sqlite3.connect(db)
    con.execute("INSERT INTO migrations(name) VALUES ('9999_from_the_future')")
    con.commit()
    con.close()
    before = _digest(db)
    for command in (["ingest", str(article)], ["articles"]):
        result = _invoke(*command, "--db", str(db))
        assert result.exit_code == 1 and "newer dateline" in result.output
    assert _digest(db) == before


def test_read_commands_work_when_the_store_cannot_be_written(tmp_path, article, monkeypatch):
    # as root, permissions cannot make a file read-only: make dateline see it as such
    db = tmp_path / "ro.db"
    assert _invoke("ingest", str(article), "--db", str(db)).exit_code == 0
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if mode == os.W_OK else real(p, mode))
    listed = _invoke("articles", "--db", str(db), "--format", "json")
    assert listed.exit_code == 0 and len(json.loads(listed.stdout)) == 1
    assert _invoke("timeline", "--db", str(db)).exit_code == 0
    write = _invoke("ingest", str(article), "--db", str(db))
    assert write.exit_code == 1 and "read-only" in write.output
