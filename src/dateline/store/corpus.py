"""What corpus stages decide: objects by kind and block, memberships, key maps, and their progress.

* ``objects(kind, id, block, data)``: entities, clusters, claim groups... The
  ``block`` is what a stage looks objects up by (an event cluster's date, a claim
  group's quantity bucket), so a stage reads only the objects new articles can touch.
* ``members(kind, article, item, target)``: which object an item of an article
  belongs to (claim 3 of article a -> claim group g).
* ``keymap(kind, key, target)``: a key shared by many items -> an object
  (the mention key "person|antony blinken" -> its entity).
* ``corpus_done(stage, article)``: which articles a corpus stage has processed,
  so a run killed during the corpus stages, or a stage that failed, is completed
  by the next run.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..model import Kind, StageFailure
from ..serialize import to_jsonable

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

_CHUNK = 500  # ids per IN (...) query: well under SQLite's variable limit


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


class CorpusRows:
    """Store methods over objects, members, keymap and corpus_done."""

    db: sqlite3.Connection

    def transaction(self) -> "AbstractContextManager[None]": ...  # provided by Store

    # -- objects -------------------------------------------------------------------------
    def put_objects(self, kind: Kind, items: Iterable[tuple[str, Any]], *, replace_all: bool = False,
                    block: str | Mapping[str, str] = "") -> None:
        """Upsert corpus objects of one kind; ``block`` is one block for all, or a map id -> block."""
        with self.transaction():
            if replace_all:
                self.db.execute("DELETE FROM objects WHERE kind=?", (kind,))
            blocks = block if isinstance(block, Mapping) else None
            self.db.executemany(
                "INSERT INTO objects (kind, id, data, block) VALUES (?, ?, ?, ?) ON CONFLICT(kind, id) "
                "DO UPDATE SET data=excluded.data, block=excluded.block",
                # keys sorted: the same object is the same bytes whatever order it was built in
                ((kind, oid, json.dumps(to_jsonable(obj), ensure_ascii=False, separators=(",", ":"), sort_keys=True),
                  blocks.get(oid, "") if blocks is not None else block) for oid, obj in items),
            )

    def get_objects(self, kind: Kind, *, ids: Iterable[str] | None = None,
                    blocks: Iterable[str] | None = None) -> dict[str, Any]:
        """Objects of a kind (all, or those with the given ids, or in the given blocks), by id."""
        if ids is None and blocks is None:
            rows = self.db.execute("SELECT id, data FROM objects WHERE kind=? ORDER BY id", (kind,)).fetchall()
        else:
            column, values = ("id", sorted(set(ids))) if ids is not None else ("block", sorted(set(blocks or ())))
            rows = []
            for part in _chunks(values):
                rows += self.db.execute(
                    f"SELECT id, data FROM objects WHERE kind=? AND {column} IN ({','.join('?' * len(part))})",
                    (kind, *part)).fetchall()
            rows.sort()
        return {oid: json.loads(data) for oid, data in rows}

    def objects_mentioning(self, kind: Kind, text: str) -> dict[str, Any]:
        """Objects of a kind whose JSON holds ``text`` (ASCII letters in any case), by id: a prefilter.

        SQLite scans the rows without decoding them; a caller checks what it
        wants in the few that come back.
        """
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = self.db.execute("SELECT id, data FROM objects WHERE kind=? AND data LIKE ? ESCAPE '\\' ORDER BY id",
                               (kind, pattern)).fetchall()
        return {oid: json.loads(data) for oid, data in rows}

    def count_objects(self, kind: Kind) -> int:
        return self.db.execute("SELECT COUNT(*) FROM objects WHERE kind=?", (kind,)).fetchone()[0]

    def delete_objects(self, kind: Kind, ids: Iterable[str] | None = None) -> None:
        with self.transaction():
            if ids is None:
                self.db.execute("DELETE FROM objects WHERE kind=?", (kind,))
            else:
                self.db.executemany("DELETE FROM objects WHERE kind=? AND id=?", ((kind, i) for i in ids))

    # -- members ---------------------------------------------------------------------------
    def set_members(self, kind: Kind, rows: Iterable[tuple[str, str, str]]) -> None:
        """Record (article, item, target) memberships of one kind (replacing an item's previous one)."""
        with self.transaction():
            self.db.executemany(
                "INSERT INTO members VALUES (?, ?, ?, ?) ON CONFLICT(kind, article_id, item) "
                "DO UPDATE SET target=excluded.target",
                ((kind, a, item, target) for a, item, target in rows))

    def drop_members(self, kind: Kind, articles: Iterable[str]) -> None:
        with self.transaction():
            self.db.executemany("DELETE FROM members WHERE kind=? AND article_id=?", ((kind, a) for a in articles))

    def members(self, kind: Kind, *, articles: Iterable[str] | None = None,
                targets: Iterable[str] | None = None) -> list[tuple[str, str, str]]:
        """(article, item, target) memberships of a kind, for some articles or some targets (or all)."""
        if articles is None and targets is None:
            return self.db.execute("SELECT article_id, item, target FROM members WHERE kind=? "
                                   "ORDER BY article_id, item", (kind,)).fetchall()
        column, values = ("article_id", sorted(set(articles))) if articles is not None \
            else ("target", sorted(set(targets or ())))
        out = []
        for part in _chunks(values):
            out += self.db.execute(
                f"SELECT article_id, item, target FROM members WHERE kind=? AND {column} IN "
                f"({','.join('?' * len(part))})", (kind, *part)).fetchall()
        return sorted(out)

    # -- key maps ------------------------------------------------------------------------------
    def set_keys(self, kind: Kind, mapping: Mapping[str, str]) -> None:
        with self.transaction():
            self.db.executemany(
                "INSERT INTO keymap VALUES (?, ?, ?) ON CONFLICT(kind, key) DO UPDATE SET target=excluded.target",
                ((kind, k, t) for k, t in mapping.items()))

    def delete_keys(self, kind: Kind, keys: Iterable[str]) -> None:
        with self.transaction():
            self.db.executemany("DELETE FROM keymap WHERE kind=? AND key=?", ((kind, k) for k in keys))

    def keymap(self, kind: Kind, keys: Iterable[str] | None = None) -> dict[str, str]:
        if keys is None:
            return dict(self.db.execute("SELECT key, target FROM keymap WHERE kind=?", (kind,)).fetchall())
        out: dict[str, str] = {}
        for part in _chunks(sorted(set(keys))):
            out.update(self.db.execute(
                f"SELECT key, target FROM keymap WHERE kind=? AND key IN ({','.join('?' * len(part))})",
                (kind, *part)).fetchall())
        return out

    def keys_of(self, kind: Kind, targets: Iterable[str]) -> dict[str, str]:
        """Key -> target of the keys mapped to any of ``targets``."""
        out: dict[str, str] = {}
        for part in _chunks(sorted(set(targets))):
            out.update(self.db.execute(
                f"SELECT key, target FROM keymap WHERE kind=? AND target IN ({','.join('?' * len(part))})",
                (kind, *part)).fetchall())
        return out

    # -- corpus progress -----------------------------------------------------------------------
    def corpus_pending(self, stage: str, *, limit: int | None = None) -> list[str]:
        """Originals the corpus stage has not processed yet, in ingest order."""
        sql = ("SELECT id FROM articles a WHERE duplicate_of IS NULL AND NOT EXISTS "
               "(SELECT 1 FROM corpus_done d WHERE d.stage=? AND d.article_id=a.id) ORDER BY seq")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [r[0] for r in self.db.execute(sql, (stage,))]

    def mark_corpus_done(self, stage: str, ids: Iterable[str]) -> None:
        with self.transaction():
            self.db.executemany("INSERT OR IGNORE INTO corpus_done VALUES (?, ?)", ((stage, i) for i in ids))

    def reopen_corpus(self, stages: Iterable[str], ids: Iterable[str]) -> None:
        """Make articles pending again for some corpus stages (e.g. after their date changed)."""
        with self.transaction():
            self.db.executemany("DELETE FROM corpus_done WHERE stage=? AND article_id=?",
                                ((s, i) for s in list(stages) for i in ids))

    def reopen_corpus_everywhere(self, stages: Iterable[str]) -> None:
        """Make every article pending again for ``stages`` (their rules changed in an upgrade)."""
        with self.transaction():
            self.db.executemany("DELETE FROM corpus_done WHERE stage=?", ((s,) for s in stages))

    def record_corpus_failure(self, stage: str, failure: StageFailure | None) -> None:
        """Record (or, with None, clear) the failure of a corpus stage as a whole."""
        with self.transaction():
            self.db.execute("DELETE FROM failures WHERE article_id='' AND stage=?", (stage,))
            if failure is not None:
                self.db.execute("INSERT INTO failures VALUES ('', ?, ?, ?)",
                                (stage, failure.error, failure.message))
