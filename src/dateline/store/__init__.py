"""The SQLite store: the only code in dateline that writes SQL.

One file (WAL mode) holds articles (with FTS5 over titles and text), their
annotation layers as JSON, MinHash signatures for near-duplicate detection,
stage failures, and what the corpus stages decided (objects, memberships, key
maps, and which articles each corpus stage has processed).

Opening is careful about what the file is: a directory, a file that is not
SQLite, a SQLite database that is not a dateline store, or a store written by a
newer dateline each give one :class:`StoreError` line, and nothing is written
to them. Read commands open read-only when the file cannot be written.

Many processes share one store: any number of readers and one writer at a
time. Nothing here opens the database file other than through SQLite: a POSIX
lock belongs to a process, and closing any other handle on the file drops
every lock the process holds on it. A server that lost its shared lock that way
let the next reader that closed believe it was the last connection, which then
checkpointed and deleted the ``-wal`` and ``-shm`` files under the server.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import StoreError
from .articles import ArticleRows
from .codec import LAYERS
from .corpus import CorpusRows
from .schema import APPLICATION_ID, MIGRATIONS

log = logging.getLogger(__name__)

__all__ = ["LAYERS", "Store", "StoreError"]

DEFAULT_TIMEOUT = 60.0  # seconds a writer waits for another one before giving up with a message


class Store(ArticleRows, CorpusRows):
    """A dateline store in one SQLite file. Use as a context manager.

    ``readonly`` opens without writing anything (a read-only file works); a
    writer waits up to ``timeout`` seconds for another writer to finish.
    """

    def __init__(self, path: str | Path, *, readonly: bool = False, timeout: float = DEFAULT_TIMEOUT):
        self.path = Path(path)
        self.readonly = readonly
        self.timeout = timeout
        self._depth = 0
        _check_path(self.path, create=not readonly)
        try:
            self.db = self._connect()
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open the store ({exc})") from None
        try:
            self._check_identity()
            if not readonly:
                self.migrate()
            elif self._pending_migrations():
                raise StoreError(f"{self.path}: the store was written by an older dateline and must be upgraded; "
                                 "run a write command (e.g. `dateline ingest`) on a writable copy first")
        except sqlite3.DatabaseError as exc:
            self.db.close()
            if getattr(exc, "sqlite_errorname", "") == "SQLITE_NOTADB":
                raise StoreError(f"{self.path} is not a SQLite database (nor a dateline store): "
                                 "pass another --db") from None
            raise StoreError(f"{self.path}: cannot open as a dateline store ({exc}); "
                             "pass another --db or remove the file") from None
        except BaseException:
            self.db.close()
            raise

    # -- lifecycle -------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        if self.readonly:
            uri = f"file:{self.path.resolve().as_posix()}?mode=ro"
            if not os.access(self.path.parent, os.W_OK):
                # WAL readers need the -shm file; in a folder we cannot write, read the file as it is
                uri += "&immutable=1"
            db = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=self.timeout)
        else:
            db = sqlite3.connect(str(self.path), isolation_level=None, timeout=self.timeout)
        db.execute("PRAGMA foreign_keys=ON")
        return db

    def _check_identity(self) -> None:
        """Refuse SQLite files that are not dateline stores, and stores of a newer dateline."""
        app_id = self.db.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        ours = app_id == APPLICATION_ID or (app_id == 0 and "migrations" in tables and "articles" in tables)
        if not ours and tables:
            shown = ", ".join(sorted(tables)[:5])
            raise StoreError(f"{self.path}: this SQLite database is not a dateline store (it has tables {shown}); "
                             "pass another --db")
        if "migrations" in tables:
            known = {name for name, _ in MIGRATIONS}
            newer = [r[0] for r in self.db.execute("SELECT name FROM migrations ORDER BY seq") if r[0] not in known]
            if newer:
                raise StoreError(f"{self.path}: written by a newer dateline (schema {newer[-1]}); "
                                 "upgrade dateline to read it (pip install -U dateline)")

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def _pending_migrations(self) -> list[str]:
        has_table = self.db.execute("SELECT 1 FROM sqlite_master WHERE name='migrations'").fetchone()
        done = {r[0] for r in self.db.execute("SELECT name FROM migrations")} if has_table else set()
        return [name for name, _ in MIGRATIONS if name not in done]

    def migrate(self) -> list[str]:
        """Apply pending migrations, each in its own locked transaction; returns their names.

        Two processes opening a new store at once both get here; the lock and the
        re-read of what is applied make the second one apply nothing twice.
        """
        if not self._pending_migrations():
            return []
        applied = []
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        for name, sql in MIGRATIONS:
            with self.transaction():
                self.db.execute("CREATE TABLE IF NOT EXISTS migrations (seq INTEGER PRIMARY KEY, name TEXT UNIQUE)")
                if self.db.execute("SELECT 1 FROM migrations WHERE name=?", (name,)).fetchone():
                    continue
                for statement in _statements(sql):
                    self.db.execute(statement)
                self.db.execute("INSERT INTO migrations(name) VALUES (?)", (name,))
                self.db.execute(f"PRAGMA application_id={APPLICATION_ID}")
            applied.append(name)
            log.info("applied migration %s", name)
        return applied

    def migrations(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT name FROM migrations ORDER BY seq")]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside commit together or not at all (nests by joining).

        The write lock is taken at the start, so a second writer waits here (up to
        ``timeout``) instead of failing half-way through its work.
        """
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only; this command cannot write to it")
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise StoreError(f"{self.path}: another dateline process has been writing to the store for over "
                                 f"{self.timeout:.0f} s; run this again when it has finished") from None
            raise StoreError(f"{self.path}: cannot write to the store ({exc})") from None
        self._depth = 1
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")
        finally:
            self._depth = 0

    # -- meta --------------------------------------------------------------------
    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self.db.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                            (key, value))

    def integrity_check(self) -> str:
        """SQLite's own check of the file: "ok" or what is wrong."""
        return "; ".join(r[0] for r in self.db.execute("PRAGMA integrity_check"))


def _check_path(path: Path, *, create: bool) -> None:
    """One clear error for a path that cannot be a store."""
    if path.is_dir():
        raise StoreError(f"{path} is a directory: pass a file name with --db, e.g. --db {path / 'dateline.db'}")
    if not path.exists():
        if not create:
            raise StoreError(f"no store at {path}: run `dateline ingest PATH --db {path}` first (or set DATELINE_DB)")
        if not path.parent.exists():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the folder of {path}: {exc.strerror}") from None
        return
    # whether it is SQLite at all is SQLite's to say (Store.__init__): opening the file here and closing
    # it again would drop this process's locks on it (see the module docstring)
    if not os.access(path, os.R_OK):
        raise StoreError(f"cannot read {path}: permission denied")


def _statements(script: str) -> Iterator[str]:
    """The statements of a SQL script, one at a time (triggers' bodies kept whole)."""
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                yield buf.strip()
            buf = ""
    if buf.strip() and not buf.strip().startswith("--"):
        yield buf.strip()
