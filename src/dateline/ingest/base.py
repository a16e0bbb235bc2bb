"""What every reader yields: a cleaned document with its metadata, or an error."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..model import DateSource, Precision


@dataclass(frozen=True)
class RawDoc:
    """One article as read from an input, before ids, dedup and the pipeline."""

    origin: str  # "path" or "path:line" (or "<stdin>:line")
    text: str  # main text, per-document debris already removed
    title: str = ""
    url: str = ""
    source: str = ""
    published: date | None = None
    date_precision: Precision | None = None
    date_source: DateSource = DateSource.UNKNOWN
    external_id: str = ""  # the input's own id for the article (a record's "id" field)
