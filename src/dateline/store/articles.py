"""Articles, their annotation layers, the stages that processed them, and stage failures."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from itertools import islice
from typing import TYPE_CHECKING

from ..errors import StoreError
from ..model import Article, DateSource, Document, Evidence, Kind, Precision, StageFailure
from ..serialize import to_jsonable
from .codec import (
    ARTICLE_COLS,
    article_from_row,
    article_row,
    document_from_rows,
    layer_rows,
    resolve,
)

if TYPE_CHECKING:
    from contextlib import AbstractContextManager


_DOC_CHUNK = 100  # documents read together by iter_documents (well under SQLite's variable limit)


class ArticleRows:
    """Store methods over the articles, annotations, minhashes and failures tables."""

    db: sqlite3.Connection

    def transaction(self) -> "AbstractContextManager[None]": ...  # provided by Store

    # -- articles ----------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE id=?", (article_id,)).fetchone() is not None

    def add_article(self, article: Article, *, doc: Document | None = None,
                    signature: bytes | None = None, stages: Sequence[str] = ()) -> bool:
        """Insert an article (with its layers and failures); returns False if it was already stored."""
        with self.transaction():
            if self.has_article(article.id):
                return False
            seq = self.db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM articles").fetchone()[0]
            self.db.execute(
                f"INSERT INTO articles (seq, stages, {ARTICLE_COLS}) VALUES (?, ?, {', '.join('?' * 14)})",
                (seq, ",".join(stages), *article_row(article)),
            )
            if signature is not None:
                self.db.execute("INSERT INTO minhashes VALUES (?, ?)", (article.id, signature))
            if doc is not None:
                self._write_layers(doc)
                self.record_failures(article.id, stages, doc.failures)
        return True

    def get_article(self, article_id: str) -> Article | None:
        """The article with this id, or with this unique id prefix."""
        row = self.db.execute(f"SELECT {ARTICLE_COLS} FROM articles WHERE id=?", (article_id,)).fetchone()
        if row is None and article_id and len(article_id) >= 4:
            rows = self.db.execute(
                f"SELECT {ARTICLE_COLS} FROM articles WHERE id LIKE ? LIMIT 2", (_like_prefix(article_id),)
            ).fetchall()
            row = rows[0] if len(rows) == 1 else None
        return article_from_row(row) if row else None

    def iter_articles(self, *, include_duplicates: bool = False) -> Iterator[Article]:
        where = "" if include_duplicates else "WHERE duplicate_of IS NULL"
        for row in self.db.execute(f"SELECT {ARTICLE_COLS} FROM articles {where} ORDER BY seq").fetchall():
            yield article_from_row(row)

    def article_ids(self, *, include_duplicates: bool = False) -> list[str]:
        where = "" if include_duplicates else "WHERE duplicate_of IS NULL"
        return [r[0] for r in self.db.execute(f"SELECT id FROM articles {where} ORDER BY seq")]

    def duplicates_of(self, article_id: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM articles WHERE duplicate_of=? ORDER BY seq",
                                              (article_id,))]

    def article_seqs(self, ids: Iterable[str]) -> dict[str, int]:
        """Ingest order of articles (their ``seq``)."""
        ids = sorted(set(ids))
        out: dict[str, int] = {}
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            out.update(self.db.execute(f"SELECT id, seq FROM articles WHERE id IN ({','.join('?' * len(part))})",
                                       part).fetchall())
        return out

    def stages_of(self, article_id: str) -> tuple[str, ...]:
        """The per-article stages recorded as run over an article."""
        row = self.db.execute("SELECT stages FROM articles WHERE id=?", (article_id,)).fetchone()
        return tuple(s for s in (row[0] if row else "").split(",") if s)

    def pending(self, stages: Sequence[str]) -> list[str]:
        """Ids of originals that some of ``stages`` have not run over (a killed run, a new stage)."""
        want = set(stages)
        rows = self.db.execute("SELECT id, stages FROM articles WHERE duplicate_of IS NULL ORDER BY seq")
        return [aid for aid, done in rows if not want <= set(done.split(","))]

    def missing_stages(self, stages: Sequence[str]) -> dict[str, int]:
        """For each of ``stages``, how many originals it has not run over (what ``pending`` would complete)."""
        counts = dict.fromkeys(stages, 0)
        for (done,) in self.db.execute("SELECT stages FROM articles WHERE duplicate_of IS NULL"):
            for name in set(stages) - set(done.split(",")):
                counts[name] += 1
        return {name: n for name, n in counts.items() if n}

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
            raise StoreError(f"cannot search for {query!r}: {exc}") from None
        return [r[0] for r in rows]

    def stats(self) -> dict[str, int]:
        one = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "articles": one("SELECT COUNT(*) FROM articles WHERE duplicate_of IS NULL"),
            "duplicates": one("SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL"),
            "dated": one("SELECT COUNT(*) FROM articles WHERE duplicate_of IS NULL AND published IS NOT NULL"),
        }

    # -- annotation layers -------------------------------------------------------
    def _write_layers(self, doc: Document, only: Iterable[str] | None = None) -> None:
        self.db.executemany(
            "INSERT INTO annotations VALUES (?, ?, ?) "
            "ON CONFLICT(article_id, layer) DO UPDATE SET data=excluded.data",
            ((doc.article.id, layer, data) for layer, data in layer_rows(doc, only)),
        )

    def save_document(self, doc: Document, *, stages: Sequence[str] | None = None,
                      layers: Iterable[str] | None = None) -> None:
        """Write (replace) the document's layers (or only ``layers``); record the stages run if given."""
        with self.transaction():
            self._write_layers(doc, layers)
            if stages is not None:
                self.db.execute("UPDATE articles SET stages=? WHERE id=?", (",".join(stages), doc.article.id))
                self.record_failures(doc.article.id, stages, doc.failures)

    def set_stages(self, article_id: str, stages: Sequence[str], ran: Sequence[str],
                   failures: Iterable[StageFailure]) -> None:
        """Record the stages run over an article, and the failures of those that just ran."""
        with self.transaction():
            self.db.execute("UPDATE articles SET stages=? WHERE id=?", (",".join(stages), article_id))
            self.record_failures(article_id, ran, [f for f in failures if f.stage in set(ran)])

    def load_document(self, article_id: str, *, raw: bool = False,
                      layers: Sequence[str] | None = None) -> Document | None:
        """The article with every stored layer (or only ``layers``); links resolved unless ``raw``."""
        article = self.get_article(article_id)
        if article is None:
            return None
        sql, args = "SELECT layer, data FROM annotations WHERE article_id=?", (article.id,)
        if layers is not None:  # decoding layers costs more than reading them: skip those not asked for
            sql += f" AND layer IN ({','.join('?' * len(layers))})"
            args += tuple(layers)
        doc = document_from_rows(article, self.db.execute(sql, args))
        return doc if raw else self._resolve(doc)

    def iter_documents(self, ids: Iterable[str] | None = None, *, include_duplicates: bool = False,
                       raw: bool = False, layers: Sequence[str] | None = None) -> Iterator[Document]:
        """Documents with all stored layers (or ``layers``), in ingest order (or the order of ``ids``).

        Read ``_DOC_CHUNK`` documents at a time, a few queries per chunk rather
        than four per document; a chunk is read before its first document is
        handed out, so a caller that writes a document sees its write when it
        reads that document again, not within the same chunk of one iteration.
        """
        if ids is None:
            ids = self.article_ids(include_duplicates=include_duplicates)
        it = iter(ids)
        while chunk := list(islice(it, _DOC_CHUNK)):
            yield from self._load_chunk(chunk, raw=raw, layers=layers)

    def _load_chunk(self, ids: list[str], *, raw: bool, layers: Sequence[str] | None) -> Iterator[Document]:
        wanted = sorted(set(ids))
        marks = ",".join("?" * len(wanted))
        articles = {row[0]: article_from_row(row) for row in self.db.execute(
            f"SELECT {ARTICLE_COLS} FROM articles WHERE id IN ({marks})", wanted)}
        sql, args = f"SELECT article_id, layer, data FROM annotations WHERE article_id IN ({marks})", list(wanted)
        if layers is not None:  # decoding layers costs more than reading them: skip those not asked for
            sql += f" AND layer IN ({','.join('?' * len(layers))})"
            args += list(layers)
        rows: dict[str, list[tuple[str, str]]] = {}
        for aid, layer, data in self.db.execute(sql, args):
            rows.setdefault(aid, []).append((layer, data))
        docs = {aid: document_from_rows(a, rows.get(aid, ())) for aid, a in articles.items()}
        if not raw:
            docs = self._resolve_many(docs)
        for article_id in ids:
            doc = docs.get(article_id)
            if doc is None and article_id not in articles:
                doc = self.load_document(article_id, raw=raw, layers=layers)  # an id prefix, or gone
            if doc is not None:
                yield doc

    def _resolve(self, doc: Document) -> Document:
        return self._resolve_many({doc.article.id: doc})[doc.article.id]

    def _resolve_many(self, docs: dict[str, Document]) -> dict[str, Document]:
        """The documents with what corpus stages decided filled in (store.codec.resolve), a few queries for all."""
        marks = ",".join("?" * len(docs))
        members: dict[str, dict[tuple[str, str], str]] = {aid: {} for aid in docs}
        # the kinds named, so the (kind, article_id, item) key is used: by article alone it is a table scan
        for aid, k, i, t in self.db.execute(
                f"SELECT article_id, kind, item, target FROM members WHERE kind IN (?, ?) AND article_id IN ({marks})",
                (Kind.CLAIM_GROUP, Kind.EVENT_MEMBER, *docs)):
            members[aid][(k, i)] = t
        keys = sorted({k for d in docs.values() if d.links is not None for k in d.links.mention_keys if k})
        entity_of_key: dict[str, str] = {}
        for i in range(0, len(keys), 500):
            part = keys[i:i + 500]
            entity_of_key.update(self.db.execute(
                f"SELECT key, target FROM keymap WHERE kind=? AND key IN ({','.join('?' * len(part))})",
                (Kind.ENTITY, *part)).fetchall())
        return {aid: resolve(d, entity_of_key, members[aid]) for aid, d in docs.items()}

    # -- near-duplicate signatures -------------------------------------------------
    def signatures(self) -> Iterator[tuple[str, bytes]]:
        yield from self.db.execute(
            "SELECT m.article_id, m.signature FROM minhashes m JOIN articles a ON a.id = m.article_id "
            "WHERE a.duplicate_of IS NULL ORDER BY a.seq")

    def signatures_of(self, ids: Iterable[str]) -> dict[str, tuple[int, bytes]]:
        """(seq, signature) of the given originals (ids that are gone or duplicates are left out)."""
        out: dict[str, tuple[int, bytes]] = {}
        wanted = sorted(set(ids))
        for i in range(0, len(wanted), 500):
            part = wanted[i:i + 500]
            out.update((r[0], (r[1], r[2])) for r in self.db.execute(
                "SELECT m.article_id, a.seq, m.signature FROM minhashes m JOIN articles a ON a.id = m.article_id "
                f"WHERE a.duplicate_of IS NULL AND m.article_id IN ({','.join('?' * len(part))})", part))
        return out

    def band_candidates(self, keys: Sequence[tuple[int, int]]) -> set[str]:
        """Ids of the banded originals sharing at least one (band, key) with ``keys``."""
        out: set[str] = set()
        for band, key in keys:
            out.update(r[0] for r in self.db.execute(
                "SELECT article_id FROM minhash_bands WHERE band=? AND key=?", (band, key)))
        return out

    def band_originals(self, layout: str, bands: Callable[[bytes], Sequence[tuple[int, int]]]) -> int:
        """Band the stored originals not banded yet under ``layout`` (all of them if the layout changed).

        ``bands`` turns a signature into its (band, key) rows. Returns how many originals were banded.
        """
        with self.transaction():
            meta = dict(self.db.execute(
                "SELECT key, value FROM meta WHERE key IN ('minhash_bands.layout', 'minhash_bands.seq')").fetchall())
            after = int(meta.get("minhash_bands.seq", 0))
            if meta.get("minhash_bands.layout") != layout:
                self.db.execute("DELETE FROM minhash_bands")
                after = 0
            rows = self.db.execute(
                "SELECT a.seq, m.article_id, m.signature FROM minhashes m JOIN articles a ON a.id = m.article_id "
                "WHERE a.duplicate_of IS NULL AND a.seq > ? ORDER BY a.seq", (after,)).fetchall()
            self.db.executemany("INSERT OR IGNORE INTO minhash_bands VALUES (?, ?, ?)",
                                ((band, key, aid) for _, aid, sig in rows for band, key in bands(sig)))
            top = self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM articles").fetchone()[0]
            self.db.executemany("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE "
                                "SET value=excluded.value",
                                [("minhash_bands.layout", layout), ("minhash_bands.seq", str(max(top, after)))])
        return len(rows)

    # -- stage failures --------------------------------------------------------------
    def record_failures(self, article_id: str, stages: Iterable[str], failures: Iterable[StageFailure]) -> None:
        """Replace the recorded failures of ``stages`` on an article with ``failures``."""
        names = list(stages)
        with self.transaction():
            self.db.executemany("DELETE FROM failures WHERE article_id=? AND stage=?",
                                ((article_id, s) for s in names))
            self.db.executemany(
                "INSERT INTO failures VALUES (?, ?, ?, ?) ON CONFLICT(article_id, stage) DO UPDATE SET "
                "error=excluded.error, message=excluded.message",
                ((article_id, f.stage, f.error, f.message) for f in failures))

    def failures(self, article_id: str | None = None) -> list[tuple[str, StageFailure]]:
        """(article id, failure) of every recorded failure ('' for a corpus stage), in ingest order."""
        sql = ("SELECT f.article_id, f.stage, f.error, f.message FROM failures f "
               "LEFT JOIN articles a ON a.id = f.article_id")
        args: tuple = ()
        if article_id is not None:
            sql += " WHERE f.article_id=?"
            args = (article_id,)
        rows = self.db.execute(sql + " ORDER BY COALESCE(a.seq, 0), f.stage", args)
        return [(aid, StageFailure(stage, error, message)) for aid, stage, error, message in rows]


def _like_prefix(prefix: str) -> str:
    return prefix.replace("\\", "").replace("%", "").replace("_", "") + "%"


def _fts_query(query: str) -> str:
    """Quote each word so user text never hits FTS5 syntax errors (hyphens, colons)."""
    words = [w.replace('"', "") for w in query.split()]
    return " ".join(f'"{w}"' for w in words if w)
