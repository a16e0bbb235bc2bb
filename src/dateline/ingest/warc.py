"""WARC archives (warcio): every HTML response or resource record is one page.

The WARC-Date of a record is when the page was fetched, not published, so it is
never used as the publication date; the page's own metadata is (via htmldate).
"""

from __future__ import annotations

import gzip
import io
import logging
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..errors import InputError
from .base import RawDoc
from .decoding import SNIFF_BYTES, Unreadable, decode
from .html import read_html

log = logging.getLogger(__name__)

_PAGE_RECORDS = frozenset({"response", "resource"})


def _content_type(record) -> str:
    headers = record.http_headers if record.http_headers is not None else record.rec_headers
    return (headers.get_header("Content-Type") or "").lower()


def _starts_like_warc(stream: BinaryIO) -> bool:
    """Whether a seekable stream opens with a WARC header, gzipped or not; the position is restored."""
    start = stream.tell()
    head = stream.read(SNIFF_BYTES)
    stream.seek(start)
    if head.startswith(b"\x1f\x8b"):
        try:
            head = gzip.GzipFile(fileobj=io.BytesIO(head)).read(5)
        except (OSError, EOFError):
            return False
    return head.startswith(b"WARC/")


def read_warc(stream: BinaryIO, path: str, *, max_record_bytes: int) -> Iterator[RawDoc | InputError]:
    """Articles of the HTML pages in a (possibly gzipped) WARC stream; the line number is the record number."""
    # warcio reads almost anything as records of some kind; check the header first.
    if not _starts_like_warc(stream):
        yield InputError(path, "not a WARC file (it does not start with a WARC/1.x header)")
        return
    number = 0
    try:
        for number, record in enumerate(ArchiveIterator(stream), start=1):
            if record.rec_type not in _PAGE_RECORDS or "html" not in _content_type(record):
                continue
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            payload = record.content_stream().read(max_record_bytes + 1)
            if len(payload) > max_record_bytes:
                yield InputError(path, f"record over the {max_record_bytes:,}-byte limit (max_file_bytes)", line=number)
                continue
            try:
                markup = decode(payload, f"{path}:{number}")
            except Unreadable as exc:
                yield InputError(path, str(exc), line=number)
                continue
            yield read_html(markup, path, line=number, url=url)
    except ArchiveLoadFailed as exc:
        where = number + 1
        reason = " ".join(str(exc).split())[:200]
        yield InputError(path, f"not a readable WARC record ({reason})", line=where)
