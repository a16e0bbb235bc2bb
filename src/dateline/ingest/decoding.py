"""Bytes to text: size limits, binary detection, UTF-8 with a cautious cp1252 fallback."""

from __future__ import annotations

import codecs
import logging
import os
import unicodedata
from pathlib import Path
from typing import BinaryIO

log = logging.getLogger(__name__)

# Enough of a file to tell text from binary; reading more would not change the verdict.
SNIFF_BYTES = 8192

# Control characters that text files legitimately hold.
_TEXT_CONTROLS = {"\t", "\n", "\r", "\f", "\v"}


class Unreadable(Exception):
    """Raised with a one-line reason when input bytes cannot be turned into text."""


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The content of ``path``, refusing files larger than ``max_bytes`` before reading them."""
    with path.open("rb") as handle:
        size = _size(handle)
        if size is not None and size > max_bytes:
            raise Unreadable(f"file is {size:,} bytes, over the {max_bytes:,}-byte limit (max_file_bytes)")
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:  # the file grew, or it is a pipe with no size
        raise Unreadable(f"file is over the {max_bytes:,}-byte limit (max_file_bytes)")
    return data


def read_stream(stream: BinaryIO, max_bytes: int) -> bytes:
    """Up to ``max_bytes`` from a stream such as stdin; more is an error, not a truncation."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise Unreadable(f"input is over the {max_bytes:,}-byte limit (max_file_bytes)")
    return data


def _size(handle: BinaryIO) -> int | None:
    try:
        return os.fstat(handle.fileno()).st_size
    except (OSError, AttributeError, ValueError):
        return None


def looks_binary(data: bytes) -> bool:
    """Whether the start of ``data`` holds NUL bytes (and is not UTF-16 with a BOM)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\x00" in data[:SNIFF_BYTES]


def decode(data: bytes, origin: str) -> str:
    """Text of ``data``: UTF-8 (BOM dropped) or, when that fails, plausible cp1252; else Unreadable."""
    if not data:
        raise Unreadable("empty file")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _normalize_newlines(data.decode("utf-16"))
        except UnicodeDecodeError as exc:
            raise Unreadable(f"invalid UTF-16 at byte {exc.start}") from None
    if looks_binary(data):
        raise Unreadable("binary content (NUL bytes), not text")
    try:
        return _normalize_newlines(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        utf8_error = exc
    text = _cp1252(data)
    if text is None:
        raise Unreadable(
            f"not UTF-8 (invalid byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start}) "
            "and not plausible cp1252 text; re-save the file as UTF-8"
        )
    log.warning("%s: not valid UTF-8; read as cp1252 (Windows-1252)", origin)
    return _normalize_newlines(text)


def _cp1252(data: bytes) -> str | None:
    """``data`` decoded as cp1252 when the result reads like text, else None."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # bytes cp1252 leaves undefined (0x81, 0x8d, ...)
        return None
    non_ascii = [ch for ch in text if ord(ch) > 127]
    # Real cp1252 prose has a few accented letters and typographic quotes in a
    # mostly-ASCII text; garbage decodes to a high share of symbols.
    if len(non_ascii) > 0.2 * len(text):
        return None
    odd = sum(1 for ch in non_ascii if unicodedata.category(ch)[0] not in "LP" and ch not in "€£¥°±©®™§¶·×÷½¼¾")
    if odd > 0.1 * len(non_ascii):
        return None
    controls = sum(1 for ch in text[:SNIFF_BYTES] if unicodedata.category(ch) == "Cc" and ch not in _TEXT_CONTROLS)
    if controls:
        return None
    return text


def _normalize_newlines(text: str) -> str:
    # Offsets are computed on "\n"-separated text whatever the file's platform.
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")
