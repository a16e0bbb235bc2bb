"""Bytes to text and names to display: size limits, binary detection, charsets, repairs.

Text is decoded as the bytes say (a BOM, valid UTF-8, a declared charset), then
as a detector trusts (charset-normalizer, as trafilatura and htmldate do), and
otherwise refused in one line. Every text field and every name a reader hands
on is valid Unicode (:func:`valid_text`, :func:`shown_path`): nothing later can
fail to encode it."""

from __future__ import annotations

import codecs
import logging
import os
import re
import unicodedata
from pathlib import Path
from typing import BinaryIO

from .charsets import codec_for, declared_in_markup

log = logging.getLogger(__name__)

# Enough of a file to tell text from binary; reading more would not change the verdict.
SNIFF_BYTES = 8192

# Control characters that text files legitimately hold.
_TEXT_CONTROLS = {"\t", "\n", "\r", "\f", "\v"}


# Lone surrogates: what a JSON "\\ud83d" escape or a non-UTF-8 file name decodes to.
_SURROGATE = re.compile("[\ud800-\udfff]")


def shown_path(path: str | os.PathLike[str]) -> str:
    """A path as text that can always be printed and stored: undecodable name bytes as ``\\xe9``.

    Python hands a file name that is not valid UTF-8 over with its bytes as lone
    surrogates; the path itself is used as given to open the file, this form is
    what messages and origins show.
    """
    text = os.fspath(path)
    if _SURROGATE.search(text) is None:
        return text
    return os.fsencode(text).decode("utf-8", "backslashreplace")


def valid_text(value: str) -> tuple[str, str]:
    """``value`` made valid: lone surrogates replaced by U+FFFD and NUL removed; and what was done ("" if nothing)."""
    repairs = []
    surrogates = len(_SURROGATE.findall(value))
    if surrogates:
        value = _SURROGATE.sub("\ufffd", value)
        repairs.append(f"{surrogates} lone surrogate{'s' * (surrogates > 1)} replaced by U+FFFD")
    nuls = value.count("\x00")
    if nuls:
        value = value.replace("\x00", "")
        repairs.append(f"{nuls} NUL character{'s' * (nuls > 1)} removed")
    return value, ", ".join(repairs)


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


def decode(data: bytes, origin: str, *, declared: str | None = None, markup: bool = False) -> str:
    """Text of ``data``, read in the first way that holds; else :class:`Unreadable` with the reason.

    In order: a BOM; valid UTF-8 (a legacy page is almost never valid UTF-8 by
    chance, whatever it declares); the charset ``declared`` (an HTTP header) or,
    for ``markup``, named in the page; mostly-UTF-8 text with a few stray bytes
    (read as cp1252); plausible cp1252; what charset-normalizer detects.
    """
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
    label = declared or (declared_in_markup(data) if markup else None)
    text = _legacy(data, origin, label)
    if text is None:
        raise Unreadable(
            f"not UTF-8 (invalid byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start}), "
            f"{f'not {label} as declared, ' if label else ''}and no other encoding reads it as text; "
            "re-save the file as UTF-8"
        )
    return _normalize_newlines(text)


def decode_lines(data: bytes, origin: str) -> tuple[str, dict[int, str]]:
    """Text of a line-based file (JSON Lines, CSV) and, by line number, why a line could not be read.

    A file in one encoding is read whole, as :func:`decode` reads it. A UTF-8
    file with some lines in another encoding (or none) is read line by line, so
    that one bad line costs one line: such a line is read as cp1252 when that
    reads like text, else it is reported (and holds U+FFFD where its bytes failed).
    """
    if not data or looks_binary(data) or _is_utf8(data):
        return decode(data, origin), {}
    lines = data.split(b"\n")
    failing = [n for n, raw in enumerate(lines, start=1) if not _is_utf8(raw)]
    if not any(_is_utf8(raw) and not raw.isascii() for raw in lines):
        # no line shows UTF-8 beyond ASCII: the file may be in one legacy encoding throughout
        try:
            return decode(data, origin), {}
        except Unreadable:
            pass
    out = [raw.decode("utf-8", errors="replace") for raw in lines]
    legacy, bad = [], {}
    for number in failing:
        text = _cp1252(lines[number - 1])
        if text is None:
            error = _utf8_error(lines[number - 1])
            bad[number] = (f"not UTF-8 (invalid byte 0x{lines[number - 1][error.start]:02x} at column "
                           f"{error.start + 1}) and not plausible cp1252; the line is left out")
        else:
            out[number - 1] = text
            legacy.append(number)
    if legacy:
        shown = ", ".join(map(str, legacy[:5])) + (f" and {len(legacy) - 5} more" if len(legacy) > 5 else "")
        log.warning("%s: line%s %s not valid UTF-8; read as cp1252 (Windows-1252)",
                    origin, "s" * (len(legacy) > 1), shown)
    return _normalize_newlines("\n".join(out)), bad


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _utf8_error(raw: bytes) -> UnicodeDecodeError:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc
    raise ValueError("valid UTF-8")  # never: called for failing lines only


def _legacy(data: bytes, origin: str, label: str | None) -> str | None:
    """``data`` (not UTF-8) decoded as declared, else as its bytes suggest, with a line saying how; or None."""
    codec = codec_for(label) if label else None
    if label and codec is None:
        log.warning("%s: unknown charset %r declared; detecting it instead", origin, label)
    if codec and codec != "utf-8":
        text = _decode_leniently(data, codec)
        if text is not None:
            return text  # the document says so: nothing to warn about
    text = _mostly_utf8(data)
    if text is not None:
        log.warning("%s: UTF-8 with a few invalid bytes; those read as cp1252", origin)
        return text
    text = _cp1252(data)
    if text is not None:
        # Before the detector: it confuses the Latin code pages on short texts
        # (it names cp1250 for German or French latin-1), and cp1252 is what the
        # web's undeclared Western pages, and their "latin-1" labels, are.
        log.warning("%s: not valid UTF-8; read as cp1252 (Windows-1252)", origin)
        return text
    found = _detected(data)
    if found is None:
        return None
    encoding, text = found
    log.warning("%s: not valid UTF-8; read as %s (detected)", origin, encoding)
    return text


def _decode_leniently(data: bytes, codec: str) -> str | None:
    """``data`` in ``codec``, allowing a few undecodable bytes (U+FFFD); None when many fail."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        pass
    except LookupError:
        return None
    text = data.decode(codec, errors="replace")
    bad = text.count("\ufffd")
    return text if bad <= max(3, 0.01 * sum(1 for ch in text if ord(ch) > 127)) else None


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few stray single-byte characters (a latin-1 ``alt`` text pasted in), or None."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    wide = sum(1 for ch in text if ord(ch) > 127) - bad
    if wide < 10 or bad > 0.05 * wide:  # too few real UTF-8 sequences to tell, or too many strays
        return None
    return data.decode("utf-8", errors=_STRAY_BYTES)


def _stray_bytes(error: UnicodeDecodeError) -> tuple[str, int]:
    # the bytes UTF-8 cannot read, as cp1252 reads them (U+FFFD for the five it leaves undefined)
    return error.object[error.start:error.end].decode("cp1252", errors="replace"), error.end


_STRAY_BYTES = "dateline-stray-bytes"
codecs.register_error(_STRAY_BYTES, _stray_bytes)


def _detected(data: bytes) -> tuple[str, str] | None:
    """(encoding, text) charset-normalizer finds for ``data`` when it recognises a language in it, else None."""
    from charset_normalizer import from_bytes  # a dependency of trafilatura; loaded only for legacy bytes

    best = from_bytes(data).best()
    # coherence 0: no language's letter frequencies fit, the mark of bytes that are not text
    if best is None or best.coherence <= 0:
        return None
    text = str(best)
    if any(unicodedata.category(ch) == "Cc" and ch not in _TEXT_CONTROLS for ch in text[:SNIFF_BYTES]):
        return None
    return best.encoding, text


def _cp1252(data: bytes) -> str | None:
    """``data`` decoded as cp1252 when the result reads like Western text, else None."""
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
    # Western words hold an accented letter or two; Cyrillic or Greek bytes read
    # as cp1252 make whole words of them ("Ïðàâèòåëüñòâî").
    runs = sum(len(run) for run in _NON_ASCII_RUN.findall(text))
    if runs > 0.3 * len(non_ascii):
        return None
    controls = sum(1 for ch in text[:SNIFF_BYTES] if unicodedata.category(ch) == "Cc" and ch not in _TEXT_CONTROLS)
    if controls:
        return None
    return text


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{3,}")


def _normalize_newlines(text: str) -> str:
    # Offsets are computed on "\n"-separated text whatever the file's platform.
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")
