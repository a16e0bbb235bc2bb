"""Writing a store as Parquet tables: ``articles``, one table per annotation layer, and ``failures``.

Every table has one row per item and a column per field of the item's model
class, so offsets (``start``, ``end``, ``name_start``...) are plain integer
columns another tool can read. Fields that are not scalars (an event's
participants, an article's date evidence, the links' index lists) are JSON text;
the table's ``dateline`` metadata names them. Layer rows carry ``position``
(the article's row in ``articles``), ``article_id`` and ``item`` (the index in
its layer), and come in article order, so a reader joins the tables in one
streaming pass. ``articles`` also has ``layers`` (stored layers, empty ones
included), ``stages`` (the per-article stages that ran) and ``signature``
(the near-duplicate MinHash).

The tables' layout, and reading them back, are :mod:`dateline.ingest.parquet`'s.
Layers are written as stored, before corpus stages resolve entity ids, claim
groups and clusters: an import runs the corpus stages itself (and a date the
dating stage inferred is inferred again, from the corpus it then joins).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import DatelineError
from ..ingest.parquet import ARTICLE_EXTRA, ARTICLES_FILE, FAILURES_FILE, FORMAT, arrow, columns, layer_tables
from ..model import Article, Document, StageFailure
from ..serialize import to_jsonable
from ..store import Store


def _schema(pa: Any, cols: Sequence[tuple[str, str]], table: str) -> Any:
    arrow_types = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "str": pa.string(),
                   "json": pa.string(), "bytes": pa.binary()}
    meta = {"format": FORMAT, "table": table, "json_columns": [n for n, k in cols if k == "json"]}
    return pa.schema([pa.field(n, arrow_types[k]) for n, k in cols], metadata={"dateline": json.dumps(meta)})


def _cell(value: Any, kind: str) -> Any:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) if kind == "json" and value is not None \
        else value


def _layer_cols(item: type) -> list[tuple[str, str]]:
    return [("position", "int"), ("article_id", "str"), ("item", "int"), *columns(item)]


# -- writing ---------------------------------------------------------------------------------
class _Writer:
    """One Parquet file written in batches of rows, its schema fixed by the model class."""

    def __init__(self, pa: Any, pq: Any, path: Path, cols: Sequence[tuple[str, str]], table: str):
        self.pa, self.cols = pa, list(cols)
        self.schema = _schema(pa, self.cols, table)
        self.writer = pq.ParquetWriter(str(path), self.schema)
        self.rows: list[dict[str, Any]] = []
        self.count = 0

    def add(self, row: dict[str, Any]) -> None:
        self.rows.append({n: _cell(row.get(n), k) for n, k in self.cols})
        if len(self.rows) >= 10_000:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self.writer.write_table(self.pa.Table.from_pylist(self.rows, schema=self.schema))
            self.count += len(self.rows)
            self.rows = []

    def close(self) -> int:
        self.flush()
        self.writer.close()
        return self.count


def export_parquet(store: Store, out: Path) -> dict[str, int]:
    """Write every stored article (near-duplicates too), layer and failure under ``out``; rows per table."""
    pa, pq = arrow()
    if out.exists() and not out.is_dir():
        raise DatelineError(f"{out} is a file: give a folder to write the Parquet tables in")
    out.mkdir(parents=True, exist_ok=True)
    layers = layer_tables()
    writers = {"articles": _Writer(pa, pq, out / ARTICLES_FILE, [*ARTICLE_EXTRA[:1], *columns(Article),
                                                                   *ARTICLE_EXTRA[1:]], "articles")}
    for name, (_, item, _) in layers.items():
        writers[name] = _Writer(pa, pq, out / f"{name}.parquet", _layer_cols(item), name)
    try:
        signatures = store.signatures()  # originals, in ingest order like the articles below
        pending_sig = next(signatures, None)
        for position, article_id in enumerate(store.article_ids(include_duplicates=True)):
            doc = store.load_document(article_id, raw=True)
            if doc is None:
                continue
            signature = None
            if pending_sig is not None and pending_sig[0] == article_id:
                signature, pending_sig = pending_sig[1], next(signatures, None)
            writers["articles"].add({**to_jsonable(doc.article), "position": position,
                                     "layers": ",".join(sorted(doc.layers)),
                                     "stages": ",".join(store.stages_of(article_id)), "signature": signature})
            _add_layers(writers, layers, doc, position)
    finally:
        counts = {name: w.close() for name, w in writers.items()}
    counts["failures"] = _write_failures(pa, pq, out / FAILURES_FILE, store.failures())
    return counts


def _add_layers(writers: dict[str, _Writer], layers: dict[str, tuple[str, type, bool]], doc: Document,
                position: int) -> None:
    for name, (field, _, single) in layers.items():
        if name not in doc.layers:
            continue
        value = getattr(doc, field)
        items = ([value] if value is not None else []) if single else list(value)
        for i, item in enumerate(items):
            writers[name].add({**to_jsonable(item), "position": position, "article_id": doc.article.id, "item": i})


def _write_failures(pa: Any, pq: Any, path: Path, failures: list[tuple[str, StageFailure]]) -> int:
    cols = [("article_id", "str"), *columns(StageFailure)]
    rows = [{"article_id": a, **to_jsonable(f)} for a, f in failures]
    pq.write_table(pa.Table.from_pylist(rows, schema=_schema(pa, cols, "failures")), str(path))
    return len(rows)
