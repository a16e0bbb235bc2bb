"""The store's articles and annotation layers as Parquet tables, out and back in.

``dateline export --format parquet -o DIR`` writes one table per layer (see
:mod:`.parquet`); ``dateline ingest DIR`` reads such a folder back without
analysing the articles again. pyarrow is the ``scale`` extra, imported only
when a Parquet file is written or read.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .parquet import ARTICLES_FILE, Analysed, export_parquet, read_export


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


__all__ = ["ARTICLES_FILE", "Analysed", "export_parquet", "is_export", "read_export", "split_exports"]
