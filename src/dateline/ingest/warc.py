"""WARC archives (warcio): every HTML response or resource record is one page.

The WARC-Date of a record is when the page was fetched, not published, so it is
never used as the publication date; the page's own metadata is (via htmldate).

An archive is read to its end whatever breaks on the way. A corrupt record
(a damaged gzip member, a garbled header) is named in one line and reading
resumes at the next record's header, found by scanning forward: a gzip member
that opens with ``WARC/``, or a ``WARC/1.x`` line. A record cut short (the file
ends inside it) is named and not stored: half a page would pass for a whole
one. A record its crawler marked ``WARC-Truncated`` says so itself, and is kept
with a warning.
"""

from __future__ import annotations

import logging
import os
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..errors import InputError
from .base import RawDoc
from .charsets import declared_in_header
from .decoding import SNIFF_BYTES, Unreadable, decode
from .html import read_html

log = logging.getLogger(__name__)

_PAGE_RECORDS = frozenset({"response", "resource"})
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_LINE = b"WARC/1."
_SCAN_CHUNK = 1 << 20


def _content_type(record) -> str:
    headers = record.http_headers if record.http_headers is not None else record.rec_headers
    return (headers.get_header("Content-Type") or "").lower()


def _head(stream: BinaryIO, at: int, size: int = SNIFF_BYTES) -> bytes:
    stream.seek(at)
    return stream.read(size)


def _opens_warc(head: bytes) -> bool:
    """Whether ``head`` is the start of a WARC record, gzipped or not."""
    if head.startswith(_GZIP_MAGIC):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
        except zlib.error:
            return False
    return head.startswith(b"WARC/")


def _starts_like_warc(stream: BinaryIO) -> bool:
    """Whether a seekable stream opens with a WARC header, gzipped or not; the position is restored."""
    start = stream.tell()
    head = _head(stream, start)
    stream.seek(start)
    return _opens_warc(head)


def _next_record_at(stream: BinaryIO, start: int, gzipped: bool) -> int | None:
    """Offset of the first record header at or after ``start``, or None when none is left."""
    marker = _GZIP_MAGIC if gzipped else b"\n" + _WARC_LINE
    pos = start
    while True:
        chunk = _head(stream, pos, _SCAN_CHUNK + len(marker))
        if len(chunk) < len(marker):
            return None
        found = chunk.find(marker)
        while found >= 0:
            at = pos + found + (0 if gzipped else 1)
            if _opens_warc(_head(stream, at, 512)):
                return at
            found = chunk.find(marker, found + 1)
        pos += _SCAN_CHUNK


def _size(stream: BinaryIO) -> int:
    here = stream.tell()
    end = stream.seek(0, os.SEEK_END)
    stream.seek(here)
    return end


def _short(exc: BaseException) -> str:
    """What broke, in a few words (warcio quotes the garbled header line, bytes and all: left out)."""
    if isinstance(exc, ArchiveLoadFailed):
        return "no WARC header where a record should start"
    if isinstance(exc, zlib.error):
        return "damaged gzip data"
    return f"unreadable record ({type(exc).__name__})"


def read_warc(stream: BinaryIO, path: str, *, max_record_bytes: int) -> Iterator[RawDoc | InputError]:
    """Articles of the HTML pages in a (possibly gzipped) WARC stream; the line number is the record number."""
    # warcio reads almost anything as records of some kind; check the header first.
    if not _starts_like_warc(stream):
        yield InputError(path, "not a WARC file (it does not start with a WARC/1.x header)")
        return
    at: int | None = stream.tell()
    gzipped = _head(stream, at, 3) == _GZIP_MAGIC
    size = _size(stream)
    number = 0
    while at is not None:
        stream.seek(at)
        records = ArchiveIterator(stream)
        done = at  # where the last whole record ended
        current = None
        try:
            for record in records:
                number += 1
                current = number
                yield from _page(record, path, number, max_record_bytes)
                done = records.get_record_offset() + records.get_record_length()
                current = None
        except Exception as exc:  # noqa: BLE001 - warcio and zlib fail in many ways on damaged bytes
            if current is None:
                number += 1
            # the broken record starts where the last whole one ended (after blank lines): look past its start
            broken_at = done + len(_head(stream, done, 64)) - len(_head(stream, done, 64).lstrip(b"\r\n"))
            resume = _next_record_at(stream, broken_at + 1, gzipped)
            then = (f"{resume - broken_at:,} bytes skipped to the next record" if resume is not None
                    else "nothing readable after it")
            yield InputError(path, f"corrupt record, skipped ({_short(exc)}); {then}", line=number)
            at = resume
            continue
        at = None
        left = _head(stream, done, 64)
        if done < size and left.strip(b"\r\n\x00 "):
            yield InputError(path, f"record cut short by the end of the file ({size - done:,} bytes of it); "
                                   "not stored", line=number + 1)


def _page(record, path: str, number: int, max_record_bytes: int) -> Iterator[RawDoc | InputError]:
    """The page of one record (nothing for a record that holds none), read to the record's end."""
    if record.rec_type not in _PAGE_RECORDS or "html" not in _content_type(record):
        return
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    payload = record.content_stream().read(max_record_bytes + 1)
    if len(payload) > max_record_bytes:
        yield InputError(path, f"record over the {max_record_bytes:,}-byte limit (max_file_bytes)", line=number)
        return
    record.raw_stream.read()  # the rest, so that a short record shows as one
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:
        got = record.length - missing
        yield InputError(path, f"record cut short: {got:,} of its {record.length:,} bytes are in the file; "
                               "not stored", line=number)
        return
    marked = record.rec_headers.get_header("WARC-Truncated")
    if marked:
        log.warning("%s:%d: the archive marks this record truncated (%s); kept as the partial page it is",
                    path, number, marked)
    try:
        markup = decode(payload, f"{path}:{number}", declared=declared_in_header(_content_type(record)),
                        markup=True)
    except Unreadable as exc:
        yield InputError(path, str(exc), line=number)
        return
    yield read_html(markup, path, line=number, url=url)
