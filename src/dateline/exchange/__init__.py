"""The store's articles and annotation layers as Parquet tables, out and back in.

``dateline export --format parquet -o DIR`` writes one table per layer (see
:mod:`.parquet`); ``dateline ingest DIR`` reads such a folder back, through the
reader of :mod:`dateline.ingest.parquet`, without analysing the articles again.
pyarrow is the ``scale`` extra, imported only when a Parquet file is written or read.
"""

from __future__ import annotations

from ..ingest.parquet import ARTICLES_FILE, Analysed, is_export, read_export, split_exports
from .parquet import export_parquet

__all__ = ["ARTICLES_FILE", "Analysed", "export_parquet", "is_export", "read_export", "split_exports"]
