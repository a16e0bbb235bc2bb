"""The SQLite store: the only code in dateline that writes SQL.

One file (WAL mode) holds articles (with FTS5 over titles and text), their
annotation layers as JSON, MinHash signatures for near-duplicate detection,
and corpus-level objects (entities, event clusters, claim groups) by kind.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..model import (
    Article,
    Claim,
    DateSource,
    Document,
    Event,
    Evidence,
    Mention,
    Precision,
    Quote,
    Sentence,
    TimeExpression,
)
from ..serialize import from_jsonable, to_jsonable
from .schema import MIGRATIONS

log = logging.getLogger(__name__)

# Annotation layers kept per article: layer name -> (Document field, item type)
LAYERS: dict[str, tuple[str, type]] = {
    "sentences": ("sentences", Sentence),
    "timexes": ("timexes", TimeExpression),
    "mentions": ("mentions", Mention),
    "events": ("events", Event),
    "quotes": ("quotes", Quote),
    "claims": ("claims", Claim),
}

_ARTICLE_COLS = (
    "id, url, source, title, text, language, published, date_precision, date_source, "
    "date_confidence, date_evidence, origin, duplicate_of, external_id"
)


class Store:
    """A dateline store in one SQLite file. Use as a context manager."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            if self.path.parent and not self.path.parent.exists():
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(self.path), isolation_level=None, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{self.path}: cannot open as a dateline store ({exc}); "
                "pass another --db or remove the file"
            ) from exc
        self._depth = 0

    # -- lifecycle -------------------------------------------------------------
    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def migrate(self) -> list[str]:
        """Apply pending migrations, each in its own transaction; returns their names."""
        self.db.execute("CREATE TABLE IF NOT EXISTS migrations (seq INTEGER PRIMARY KEY, name TEXT UNIQUE)")
        done = {r[0] for r in self.db.execute("SELECT name FROM migrations")}
        applied = []
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            # executescript commits first; wrap the script and its record in one transaction
            self.db.executescript(f"BEGIN;\n{sql}\nINSERT INTO migrations(name) VALUES ('{name}');\nCOMMIT;")
            applied.append(name)
            log.info("applied migration %s", name)
        return applied

    def migrations(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT name FROM migrations ORDER BY seq")]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside commit together or not at all (nests by joining)."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.db.execute("BEGIN IMMEDIATE")
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

    # -- articles ----------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE id=?", (article_id,)).fetchone() is not None

    def add_article(self, article: Article, *, doc: Document | None = None,
                    signature: bytes | None = None, stages: Sequence[str] = ()) -> bool:
        """Insert an article (and its layers); returns False if it was already stored."""
        if self.has_article(article.id):
            return False
        with self.transaction():
            seq = self.db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM articles").fetchone()[0]
            self.db.execute(
                f"INSERT INTO articles (seq, stages, {_ARTICLE_COLS}) VALUES (?, ?, {', '.join('?' * 14)})",
                (seq, ",".join(stages), *_article_row(article)),
            )
            if signature is not None:
                self.db.execute("INSERT INTO minhashes VALUES (?, ?)", (article.id, signature))
            if doc is not None:
                self._write_layers(doc)
        return True

    def get_article(self, article_id: str) -> Article | None:
        """The article with this id, or with this unique id prefix."""
        row = self.db.execute(f"SELECT {_ARTICLE_COLS} FROM articles WHERE id=?", (article_id,)).fetchone()
        if row is None and article_id and len(article_id) >= 4:
            rows = self.db.execute(
                f"SELECT {_ARTICLE_COLS} FROM articles WHERE id LIKE ? LIMIT 2", (article_id + "%",)
            ).fetchall()
            row = rows[0] if len(rows) == 1 else None
        return _article_from_row(row) if row else None

    def iter_articles(self, *, include_duplicates: bool = False) -> Iterator[Article]:
        where = "" if include_duplicates else "WHERE duplicate_of IS NULL"
        for row in self.db.execute(f"SELECT {_ARTICLE_COLS} FROM articles {where} ORDER BY seq"):
            yield _article_from_row(row)

    def article_ids(self, *, include_duplicates: bool = False) -> list[str]:
        where = "" if include_duplicates else "WHERE duplicate_of IS NULL"
        return [r[0] for r in self.db.execute(f"SELECT id FROM articles {where} ORDER BY seq")]

    def duplicates_of(self, article_id: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM articles WHERE duplicate_of=? ORDER BY seq", (article_id,))]

    def pending(self, stages: Sequence[str]) -> list[str]:
        """Ids of originals whose recorded stages differ from ``stages`` (to be processed)."""
        want = ",".join(stages)
        return [r[0] for r in self.db.execute(
            "SELECT id FROM articles WHERE duplicate_of IS NULL AND stages != ? ORDER BY seq", (want,))]

    def update_article_date(self, article_id: str, published: date | None, precision: Precision | None,
                            source: DateSource, confidence: float, evidence: tuple[Evidence, ...]) -> None:
        """Record a publication date found after ingest (e.g. inferred from evidence)."""
        with self.transaction():
            self.db.execute(
                "UPDATE articles SET published=?, date_precision=?, date_source=?, date_confidence=?, "
                "date_evidence=? WHERE id=?",
                (published.isoformat() if published else None, precision.value if precision else None,
                 source.value, confidence, json.dumps(to_jsonable(evidence)), article_id),
            )

    def search(self, query: str, *, limit: int = 10_000) -> list[str]:
        """Ids of originals matching an FTS5 query over titles and text, best first."""
        try:
            rows = self.db.execute(
                "SELECT a.id FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
                "WHERE articles_fts MATCH ? AND a.duplicate_of IS NULL ORDER BY rank LIMIT ?",
                (_fts_query(query), limit),
            ).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot search for {query!r}: {exc}") from exc
        return [r[0] for r in rows]

    def stats(self) -> dict[str, int]:
        one = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "articles": one("SELECT COUNT(*) FROM articles WHERE duplicate_of IS NULL"),
            "duplicates": one("SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL"),
            "dated": one("SELECT COUNT(*) FROM articles WHERE duplicate_of IS NULL AND published IS NOT NULL"),
        }

    # -- annotation layers -------------------------------------------------------
    def _write_layers(self, doc: Document) -> None:
        for layer in sorted(doc.layers & LAYERS.keys()):
            field_name, _ = LAYERS[layer]
            data = json.dumps(to_jsonable(getattr(doc, field_name)), ensure_ascii=False, separators=(",", ":"))
            self.db.execute(
                "INSERT INTO annotations VALUES (?, ?, ?) ON CONFLICT(article_id, layer) DO UPDATE SET data=excluded.data",
                (doc.article.id, layer, data),
            )

    def save_document(self, doc: Document, *, stages: Sequence[str] | None = None) -> None:
        """Write (replace) the document's annotation layers; record the stages if given."""
        with self.transaction():
            self._write_layers(doc)
            if stages is not None:
                self.db.execute("UPDATE articles SET stages=? WHERE id=?", (",".join(stages), doc.article.id))

    def load_document(self, article_id: str) -> Document | None:
        article = self.get_article(article_id)
        if article is None:
            return None
        rows = self.db.execute("SELECT layer, data FROM annotations WHERE article_id=?", (article.id,))
        return _document(article, rows)

    def iter_documents(self, ids: Iterable[str] | None = None, *, include_duplicates: bool = False) -> Iterator[Document]:
        """Documents with all stored layers, in ingest order (or the order of ``ids``)."""
        if ids is None:
            ids = self.article_ids(include_duplicates=include_duplicates)
        for article_id in ids:
            doc = self.load_document(article_id)
            if doc is not None:
                yield doc

    # -- near-duplicate signatures -------------------------------------------------
    def signatures(self) -> Iterator[tuple[str, bytes]]:
        yield from self.db.execute(
            "SELECT m.article_id, m.signature FROM minhashes m JOIN articles a ON a.id = m.article_id "
            "WHERE a.duplicate_of IS NULL ORDER BY a.seq")

    # -- corpus-level objects --------------------------------------------------------
    def put_objects(self, kind: str, items: Iterable[tuple[str, Any]], *, replace_all: bool = False) -> None:
        """Upsert corpus-level objects (JSON-able) of one kind; optionally drop the others first."""
        with self.transaction():
            if replace_all:
                self.db.execute("DELETE FROM objects WHERE kind=?", (kind,))
            self.db.executemany(
                "INSERT INTO objects VALUES (?, ?, ?) ON CONFLICT(kind, id) DO UPDATE SET data=excluded.data",
                ((kind, oid, json.dumps(to_jsonable(obj), ensure_ascii=False)) for oid, obj in items),
            )

    def get_objects(self, kind: str) -> dict[str, Any]:
        return {oid: json.loads(data) for oid, data in
                self.db.execute("SELECT id, data FROM objects WHERE kind=? ORDER BY id", (kind,))}

    def delete_objects(self, kind: str, ids: Iterable[str] | None = None) -> None:
        with self.transaction():
            if ids is None:
                self.db.execute("DELETE FROM objects WHERE kind=?", (kind,))
            else:
                self.db.executemany("DELETE FROM objects WHERE kind=? AND id=?", ((kind, i) for i in ids))

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self.db.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value", (key, value))


def _article_row(a: Article) -> tuple:
    return (
        a.id, a.url, a.source, a.title, a.text, a.language,
        a.published.isoformat() if a.published else None,
        a.date_precision.value if a.date_precision else None,
        a.date_source.value, a.date_confidence,
        json.dumps(to_jsonable(a.date_evidence), ensure_ascii=False), a.origin, a.duplicate_of, a.external_id,
    )


def _article_from_row(row: Sequence[Any]) -> Article:
    (aid, url, source, title, text, language, published, precision, dsource,
     confidence, evidence, origin, duplicate_of, external_id) = row
    return Article(
        id=aid, text=text, title=title, url=url, source=source, language=language,
        published=date.fromisoformat(published) if published else None,
        date_precision=Precision(precision) if precision else None,
        date_source=DateSource(dsource), date_confidence=confidence,
        date_evidence=from_jsonable(tuple[Evidence, ...], json.loads(evidence)),
        origin=origin, duplicate_of=duplicate_of, external_id=external_id,
    )


def _document(article: Article, rows: Iterable[tuple[str, str]]) -> Document:
    values: dict[str, Any] = {}
    layers = set()
    for layer, data in rows:
        if layer not in LAYERS:
            continue  # written by a newer version; ignore rather than fail
        field_name, item = LAYERS[layer]
        values[field_name] = from_jsonable(tuple[item, ...], json.loads(data))
        layers.add(layer)
    return Document(article=article, layers=frozenset(layers), **values)


def _fts_query(query: str) -> str:
    """Quote each word so user text never hits FTS5 syntax errors (hyphens, colons)."""
    words = [w.replace('"', "") for w in query.split()]
    return " ".join(f'"{w}"' for w in words if w)
