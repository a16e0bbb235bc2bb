"""Read inputs of every format: expand paths, pick a reader, turn bad input into messages.

:func:`read_paths` is the one entry point. It yields cleaned :class:`RawDoc`
items and, for every file or record that cannot be used, an
:class:`~dateline.errors.InputError` naming it; it never raises for bad input.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import os
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from enum import Enum
from pathlib import Path

from ..errors import InputError
from ..model import DateSource
from ..settings import Settings
from .base import RawDoc
from .dates import ParsedDate, date_from_folders
from .decoding import (
    SNIFF_BYTES,
    Unreadable,
    decode,
    decode_lines,
    looks_binary,
    read_bytes,
    read_stream,
    shown_path,
    valid_text,
)
from .outlets import compile_rule, name_outlet  # the one hook: outlets named by the path rule
from .tokenised import detokenise, read_as_text

log = logging.getLogger(__name__)

STDIN = "-"
STDIN_ORIGIN = "<stdin>"


class InputFormat(str, Enum):
    """The reader a file goes to."""

    TEXT = "text"
    HTML = "html"
    JSONL = "jsonl"
    JSON = "json"
    CSV = "csv"
    TSV = "tsv"
    WARC = "warc"
    FEED = "feed"


# By file name ending; the longest matching ending wins (".warc.gz" before ".gz").
EXTENSIONS: dict[str, InputFormat] = {
    ".txt": InputFormat.TEXT, ".text": InputFormat.TEXT,
    ".md": InputFormat.TEXT, ".markdown": InputFormat.TEXT,
    ".html": InputFormat.HTML, ".htm": InputFormat.HTML, ".xhtml": InputFormat.HTML,
    ".jsonl": InputFormat.JSONL, ".ndjson": InputFormat.JSONL,
    ".json": InputFormat.JSON,
    ".csv": InputFormat.CSV, ".tsv": InputFormat.TSV,
    ".warc": InputFormat.WARC, ".warc.gz": InputFormat.WARC,
    ".rss": InputFormat.FEED, ".atom": InputFormat.FEED, ".xml": InputFormat.FEED,
}
# Formats holding exactly one article per file: only these take a date from a
# date-named folder; in a many-article file the folder dates the collection.
SINGLE_ARTICLE = frozenset({InputFormat.TEXT, InputFormat.HTML})
# Formats of one record per line (or a few lines): decoded line by line when the file is mixed.
LINE_FORMATS = frozenset({InputFormat.JSONL, InputFormat.JSON, InputFormat.CSV, InputFormat.TSV})


def format_for_name(name: str) -> InputFormat | None:
    """The format a file name's ending announces, or None when it announces none we read."""
    lower = name.lower()
    for ending in sorted(EXTENSIONS, key=len, reverse=True):
        if lower.endswith(ending):
            return EXTENSIONS[ending]
    return None


def sniff_format(data: bytes) -> InputFormat | None:
    """The format of ``data`` judged by its first bytes; None for binary content."""
    if data.startswith(b"\x1f\x8b"):
        try:
            inner = gzip.GzipFile(fileobj=io.BytesIO(data[:SNIFF_BYTES])).read(5)
        except (OSError, EOFError, zlib.error):  # a damaged first member
            return None
        return InputFormat.WARC if inner == b"WARC/" else None
    if data.startswith(b"WARC/"):
        return InputFormat.WARC
    if looks_binary(data):
        return None
    head = data[:SNIFF_BYTES].decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n").lower()
    if head.startswith("<?xml") or head.startswith(("<rss", "<feed", "<rdf:rdf")):
        if any(tag in head for tag in ("<rss", "<feed", "<rdf:rdf")):
            return InputFormat.FEED
    if head.startswith(("<!doctype html", "<html", "<head", "<body", "<?xml")):
        return InputFormat.HTML
    if head.startswith("["):
        return InputFormat.JSON
    if head.startswith("{"):
        return _json_or_jsonl(data.split(b"\n", 1)[0])
    return InputFormat.TEXT


def _json_or_jsonl(first_line: str | bytes) -> InputFormat:
    """JSONL when the first line is a whole JSON value, else JSON (an object spread over lines)."""
    try:
        json.loads(first_line)
    except ValueError:
        return InputFormat.JSON
    return InputFormat.JSONL


def expand_paths(paths: Sequence[str | Path]) -> Iterator[Path | str | InputError]:
    """Files named or found under ``paths`` (directories recursively, sorted, hidden entries skipped).

    Yields ``"-"`` for stdin and an InputError for a path that does not exist.
    """
    for given in paths:
        if str(given) == STDIN:
            yield STDIN
            continue
        path = Path(given)
        if path.is_dir():
            yield from _walk(path, set())
        elif path.exists():
            yield path
        else:
            yield InputError(shown_path(path), "no such file or directory")


def _walk(folder: Path, seen: set[str]) -> Iterator[Path | InputError]:
    real = os.path.realpath(folder)
    if real in seen:  # a symlink loop
        return
    seen.add(real)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield InputError(shown_path(folder), f"cannot list folder ({exc.strerror or exc})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        child = folder / entry.name
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(child, seen)
            continue
        kind = _special_kind(entry)
        if kind:
            # opening a pipe blocks until something writes to it, and a device may never end
            yield InputError(shown_path(child), f"skipped: a {kind}, not a regular file")
        else:
            yield child


def _special_kind(entry: os.DirEntry) -> str:
    """What a folder entry is when it is neither a file nor a folder ("named pipe", ...), else ""."""
    try:
        mode = entry.stat().st_mode
    except OSError:
        return ""  # a dangling link: reading it reports that
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return ""


def read_paths(paths: Sequence[str | Path], settings: Settings) -> Iterator[RawDoc | InputError]:
    """Cleaned articles from files, folders (recursively) and ``"-"`` (stdin), with an error per bad item."""
    compile_rule(settings.outlet_rule)  # a rule that cannot work is the user's to fix before anything is read
    for item in expand_paths(paths):
        if isinstance(item, InputError):
            yield item
        elif item == STDIN:
            yield from _guarded(_read_stdin(settings), STDIN_ORIGIN)
        else:
            yield from _guarded(_read_file(item, settings), shown_path(item))


def _guarded(items: Iterator[RawDoc | InputError], origin: str) -> Iterator[RawDoc | InputError]:
    # Readers report the bad input they know of; anything else a third-party
    # parser throws at hostile input still ends as a message, not a traceback.
    try:
        yield from items
    except Exception as exc:  # noqa: BLE001
        log.debug("%s: unexpected reader failure", origin, exc_info=True)
        yield InputError(origin, f"could not be read ({type(exc).__name__}: {' '.join(str(exc).split())[:200]})")


def _read_stdin(settings: Settings) -> Iterator[RawDoc | InputError]:
    try:
        data = read_stream(sys.stdin.buffer, settings.max_file_bytes)
    except Unreadable as exc:
        yield InputError(STDIN_ORIGIN, str(exc))
        return
    yield from _read_data(data, STDIN_ORIGIN, sniff_format(data) if data else InputFormat.TEXT, None, settings)


def _read_file(path: Path, settings: Settings) -> Iterator[RawDoc | InputError]:
    name = shown_path(path)  # the path opens the file; the name is what messages and origins show
    fmt = format_for_name(path.name)
    try:
        if fmt is InputFormat.WARC:
            yield from _read_warc_file(path, settings)
            return
        data = read_bytes(path, settings.max_file_bytes)
    except FileNotFoundError:
        yield InputError(name, "file vanished before it could be read")
        return
    except PermissionError:
        yield InputError(name, "permission denied")
        return
    except IsADirectoryError:
        yield InputError(name, "turned into a folder after it was listed")
        return
    except OSError as exc:
        yield InputError(name, f"cannot be read ({exc.strerror or exc})")
        return
    except Unreadable as exc:
        yield InputError(name, str(exc))
        return
    if fmt is None:
        fmt = _sniff_unknown(path, data)
        if isinstance(fmt, InputError):
            yield fmt
            return
    yield from _read_data(data, name, fmt, date_from_folders(path.parent.parts), settings)


def _sniff_unknown(path: Path, data: bytes) -> InputFormat | InputError:
    ending = "".join(path.suffixes[-2:]) or "(none)"
    if not data:
        return InputError(shown_path(path), f"empty file with unknown extension {shown_path(ending)}")
    fmt = sniff_format(data)
    if fmt is None:
        return InputError(shown_path(path), f"unsupported file type: extension {shown_path(ending)} and binary content")
    log.info("%s: unknown extension %s; read as %s by its content", shown_path(path), shown_path(ending), fmt.value)
    return fmt


def _read_warc_file(path: Path, settings: Settings) -> Iterator[RawDoc | InputError]:
    from .warc import read_warc

    # A WARC is streamed record by record: the size limit applies per record,
    # since whole crawls are routinely larger than any single article file.
    with path.open("rb") as stream:
        yield from _finish_all(read_warc(stream, shown_path(path), max_record_bytes=settings.max_file_bytes),
                               shown_path(path), None, settings)


def _read_data(data: bytes, name: str, fmt: InputFormat, folder_date: ParsedDate | None,
               settings: Settings) -> Iterator[RawDoc | InputError]:
    """Items of one file's bytes read as ``fmt``, checked and completed."""
    if fmt is InputFormat.WARC:
        from .warc import read_warc

        items = read_warc(io.BytesIO(data), name, max_record_bytes=settings.max_file_bytes)
        yield from _finish_all(items, name, None, settings)
        return
    if fmt is InputFormat.FEED:
        from .feeds import read_feed

        yield from _finish_all(read_feed(data, name), name, None, settings)
        return
    bad_lines: dict[int, str] = {}
    try:
        if fmt in LINE_FORMATS:  # one bad line costs one record, not the file
            text, bad_lines = decode_lines(data, name)
        else:
            text = decode(data, name, markup=fmt is InputFormat.HTML)
    except Unreadable as exc:
        yield InputError(name, str(exc))
        return
    items = _parse_text(text, name, fmt, bad_lines)
    yield from _finish_all(items, name, folder_date if fmt in SINGLE_ARTICLE else None, settings)


def _parse_text(text: str, name: str, fmt: InputFormat, bad_lines: dict[int, str]) -> Iterator[RawDoc | InputError]:
    from . import records

    if fmt is InputFormat.TEXT:
        from .text import read_text

        yield read_text(text, name)
    elif fmt is InputFormat.HTML:
        from .html import read_html

        yield read_html(text, name)
    elif fmt is InputFormat.JSONL:
        yield from records.read_jsonl(text, name, bad_lines)
    elif fmt is InputFormat.JSON:
        first_line = text.lstrip().split("\n", 1)[0]
        if first_line.startswith("{") and "\n{" in text and _json_or_jsonl(first_line) is InputFormat.JSONL:
            # JSON Lines saved under .json: read it as what it is.
            yield from records.read_jsonl(text, name, bad_lines)
        else:
            yield from records.read_json(text, name, bad_lines)
    elif fmt in (InputFormat.CSV, InputFormat.TSV):
        yield from records.read_csv(text, name, delimiter="\t" if fmt is InputFormat.TSV else ",", bad_lines=bad_lines)


def _finish_all(items: Iterable[RawDoc | InputError], name: str, folder_date: ParsedDate | None,
                settings: Settings) -> Iterator[RawDoc | InputError]:
    for item in items:
        yield item if isinstance(item, InputError) else _finish(item, name, folder_date, settings)


def _finish(doc: RawDoc, name: str, folder_date: ParsedDate | None, settings: Settings) -> RawDoc | InputError:
    """Apply the repairs and checks every article passes, and the folder date when it has no other."""
    doc = _valid(doc)
    size = len(doc.text.strip())
    if size < settings.min_text_chars:
        reason = f"too little text ({size} characters after cleanup; min_text_chars is {settings.min_text_chars})"
        return InputError(name, reason, line=_line_of(doc.origin, name))
    if size > settings.max_article_chars:
        reason = (f"article of {size:,} characters is over the {settings.max_article_chars:,}-character limit "
                  "(max_article_chars); split it or raise the limit")
        return InputError(name, reason, line=_line_of(doc.origin, name))
    if settings.detokenise:
        written = read_as_text(doc.text)
        if written is not None:
            log.debug("%s: Penn Treebank tokens read as text", doc.origin)
            doc = replace(doc, text=written, title=detokenise(doc.title))
    if doc.published is None and folder_date is not None:
        doc = replace(doc, published=folder_date.value, date_precision=folder_date.precision,
                      date_source=DateSource.PATH)
    return name_outlet(doc, name, settings.outlet_rule)


_TEXT_FIELDS = ("origin", "text", "title", "url", "source", "external_id")


def _valid(doc: RawDoc) -> RawDoc:
    """``doc`` with every text field valid Unicode without NUL; one warning per field repaired."""
    changes = {}
    for name in _TEXT_FIELDS:
        value, repairs = valid_text(getattr(doc, name))
        if repairs:
            changes[name] = value
            log.warning("%s: %s: %s", changes.get("origin", doc.origin), name, repairs)
    return replace(doc, **changes) if changes else doc


def _line_of(origin: str, name: str) -> int | None:
    rest = origin[len(name) + 1:] if origin.startswith(name + ":") else ""
    return int(rest) if rest.isdigit() else None
