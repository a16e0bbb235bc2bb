"""Reading a Parquet export back: the articles of ``dateline export --format parquet`` with their layers.

A folder written by the export (:mod:`dateline.exchange.parquet`) holds
``articles``, one table per annotation layer, and ``failures``. Every table has
one row per item and a column per field of the item's model class, so offsets
(``start``, ``end``, ``name_start``...) are plain integer columns another tool
can read. Fields that are not scalars (an event's participants, an article's
date evidence, the links' index lists) are JSON text; the table's ``dateline``
metadata names them. Layer rows carry ``position`` (the article's row in
``articles``), ``article_id`` and ``item`` (the index in its layer), and come
in article order, so they are read back in one streaming pass. ``articles``
also has ``layers`` (stored layers, empty ones included), ``stages`` (the
per-article stages that ran) and ``signature`` (the near-duplicate MinHash).

This is where such an article enters, as the readers of :mod:`.readers` are
for every other input: :func:`read_export` yields :class:`Analysed` documents,
which the ingest deduplicates like any input and stores without analysing
them again (only stages they lack are run). pyarrow is the ``scale`` extra,
imported only when a Parquet file is read.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

from ..errors import DatelineError, MissingExtra
from ..model import Article, DateSource, Document, StageFailure
from ..serialize import from_jsonable
from ..store.codec import LAYERS, SINGLE_LAYERS

FORMAT = 1  # bumped when a table changes shape; a reader refuses a newer one
ARTICLES_FILE = "articles.parquet"
FAILURES_FILE = "failures.parquet"
KEY_COLUMNS = ("position", "article_id", "item")
ARTICLE_EXTRA = (("position", "int"), ("layers", "str"), ("stages", "str"), ("signature", "bytes"))


@dataclass(frozen=True)
class Analysed:
    """A document read from an export: layers as stored, the stages that ran, its MinHash signature."""

    doc: Document
    stages: tuple[str, ...]
    signature: bytes | None


def arrow() -> tuple[Any, Any]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise MissingExtra("Parquet export and import need the scale extra: pip install 'dateline[scale]'") from None
    return pyarrow, pyarrow.parquet


def _kind(tp: Any) -> str:
    """Column kind of a field type: int, float, bool, str (enums and dates too) or json."""
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    if typing.get_origin(tp) in (typing.Union, types.UnionType) and len(args) == 1:
        tp = args[0]
    if tp is bool:
        return "bool"
    if tp is int:
        return "int"
    if tp is float:
        return "float"
    if tp is str or tp is date or (isinstance(tp, type) and issubclass(tp, Enum)):
        return "str"
    return "json"


def columns(cls: type) -> list[tuple[str, str]]:
    """(name, kind) of the fields of a model class, in declaration order."""
    hints = typing.get_type_hints(cls)
    return [(f.name, _kind(hints[f.name])) for f in dataclasses.fields(cls) if f.name != "parse"]


def layer_tables() -> dict[str, tuple[str, type, bool]]:
    """Layer -> (Document field, item class, one object per article rather than a tuple)."""
    out = {name: (field, item, False) for name, (field, item) in LAYERS.items()}
    out.update({name: (field, item, True) for name, (field, item) in SINGLE_LAYERS.items()})
    return out


# -- reading ---------------------------------------------------------------------------------
def _open(pq: Any, path: Path) -> tuple[Any, set[str]]:
    """A Parquet file of an export, and its JSON columns; one clear error for anything else."""
    try:
        handle = pq.ParquetFile(str(path))
        meta = json.loads((handle.schema_arrow.metadata or {}).get(b"dateline", b"{}"))
    except (OSError, ValueError) as exc:
        raise DatelineError(f"{path}: not a readable Parquet table of a dateline export ({exc})") from None
    if meta.get("format", 0) > FORMAT:
        raise DatelineError(f"{path}: written by a newer dateline (format {meta['format']}); upgrade to read it")
    return handle, set(meta.get("json_columns", ()))


def _rows(handle: Any, json_cols: set[str], batch_size: int) -> Iterator[dict[str, Any]]:
    for batch in handle.iter_batches(batch_size=batch_size):
        for row in batch.to_pylist():
            for name in json_cols & row.keys():
                if row[name] is not None:
                    row[name] = json.loads(row[name])
            yield row


class _Cursor:
    """The rows of one layer table, taken article by article in the order of ``position``."""

    def __init__(self, rows: Iterator[dict[str, Any]]):
        self.rows = rows
        self.head = next(rows, None)

    def take(self, position: int) -> list[dict[str, Any]]:
        out = []
        while self.head is not None and self.head["position"] <= position:
            if self.head["position"] == position:
                out.append(self.head)
            self.head = next(self.rows, None)
        return out


def read_export(folder: Path, *, batch_size: int = 1000) -> Iterator[list[Analysed]]:
    """The documents of an export folder, ``batch_size`` at a time, in the order they were exported."""
    _, pq = arrow()
    if not (folder / ARTICLES_FILE).is_file():
        raise DatelineError(f"{folder}: no {ARTICLES_FILE}; give the folder `dateline export` wrote")
    articles, json_cols = _open(pq, folder / ARTICLES_FILE)
    layers = layer_tables()
    cursors = {}
    for name in layers:
        path = folder / f"{name}.parquet"
        if path.is_file():
            handle, cols = _open(pq, path)
            cursors[name] = _Cursor(_rows(handle, cols, 10_000))
    failures = _read_failures(pq, folder / FAILURES_FILE)
    batch: list[Analysed] = []
    for row in _rows(articles, json_cols, batch_size):
        batch.append(_document(row, layers, cursors, failures))
        if len(batch) >= batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


def _document(row: dict[str, Any], layers: dict[str, tuple[str, type, bool]], cursors: dict[str, _Cursor],
              failures: dict[str, list[StageFailure]]) -> Analysed:
    article = from_jsonable(Article, {k: v for k, v in row.items() if k not in dict(ARTICLE_EXTRA)})
    if article.date_source is DateSource.INFERRED:
        # the dating corpus stage inferred it from the corpus it was in; it infers it again here
        article = replace(article, published=None, date_precision=None, date_source=DateSource.UNKNOWN,
                          date_confidence=1.0, date_evidence=())
    have = {n for n in (row.get("layers") or "").split(",") if n in layers}
    values: dict[str, Any] = {}
    for name, cursor in cursors.items():
        items = [{k: v for k, v in r.items() if k not in KEY_COLUMNS} for r in cursor.take(row["position"])]
        if name not in have:
            continue
        field, item, single = layers[name]
        values[field] = (from_jsonable(item, items[0]) if items else None) if single \
            else from_jsonable(tuple[item, ...], items)
    doc = Document(article=article, layers=frozenset(have & cursors.keys()), **values,
                   failures=tuple(failures.get(article.id, ())))
    stages = tuple(s for s in (row.get("stages") or "").split(",") if s)
    return Analysed(doc=doc, stages=stages, signature=row.get("signature"))


def _read_failures(pq: Any, path: Path) -> dict[str, list[StageFailure]]:
    if not path.is_file():
        return {}
    handle, _ = _open(pq, path)
    out: dict[str, list[StageFailure]] = {}
    for row in _rows(handle, set(), 10_000):
        if row["article_id"]:  # a corpus stage's failure belongs to the store, not to an article
            out.setdefault(row["article_id"], []).append(from_jsonable(StageFailure, {
                k: v for k, v in row.items() if k != "article_id"}))
    return out


def is_export(path: str | Path) -> bool:
    """Whether ``path`` is a Parquet export: its folder, or the folder's ``articles.parquet``."""
    p = Path(path)
    return (p.is_dir() and (p / ARTICLES_FILE).is_file()) or (p.is_file() and p.name == ARTICLES_FILE)


def split_exports(paths: Sequence[str | Path]) -> tuple[list[Path], list[str | Path]]:
    """(Parquet export folders, every other input), each in the order given."""
    exports: list[Path] = []
    others: list[str | Path] = []
    for path in paths:
        if path != "-" and is_export(path):
            folder = Path(path) if Path(path).is_dir() else Path(path).parent
            if folder not in exports:
                exports.append(folder)
        else:
            others.append(path)
    return exports, others

