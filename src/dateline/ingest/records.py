"""Structured inputs: JSON Lines, JSON arrays and CSV/TSV, one article per record.

Field names are matched case-insensitively against :data:`FIELD_ALIASES`. A bad
record becomes an :class:`~dateline.errors.InputError` naming its line, and the
records around it are still read.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace

from ..errors import InputError
from ..model import DateSource
from .base import RawDoc
from .cleanup import clean_text
from .dates import parse_date, why_not

log = logging.getLogger(__name__)

# Canonical field -> the names it goes by in the wild, the canonical one first.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "url": ("url", "link"),
    "title": ("title", "headline"),
    "source": ("source", "outlet", "site"),
    "published": ("published", "date", "pubdate", "publication_date", "datetime"),
    "text": ("text", "body", "content", "article"),
}
_CANONICAL = {alias: name for name, aliases in FIELD_ALIASES.items() for alias in aliases}
TEXT_FIELDS = ", ".join(FIELD_ALIASES["text"])

# Containers some exporters wrap an array of articles in.
_WRAPPER_KEYS = ("articles", "items", "records", "data", "documents", "docs")


@dataclass(frozen=True)
class Record:
    """One input record: its fields by canonical name, and where it was read."""

    fields: Mapping[str, object]
    path: str
    line: int


def canonical_fields(raw: Mapping[str, object]) -> dict[str, object]:
    """Fields of a record renamed to their canonical names; the first alias present wins."""
    out: dict[str, object] = {}
    for key, value in raw.items():
        if not isinstance(key, str):
            continue  # csv.DictReader files surplus cells under None
        name = _CANONICAL.get(key.strip().lower())
        if name is not None and name not in out and value not in (None, ""):
            out[name] = value
    return out


def _text_of(value: object) -> str:
    if isinstance(value, str):
        text = value
        if text.lstrip().startswith("<") and "</" in text:
            from .html import fragment_text  # only records holding markup pay for lxml

            text = fragment_text(text)
        return text
    return ""


def record_to_doc(record: Record) -> RawDoc | InputError:
    """The article of one record, or the error that keeps it out."""
    fields = canonical_fields(record.fields)
    value = fields.get("text")
    if value is None:
        if any(isinstance(k, str) and _CANONICAL.get(k.strip().lower()) == "text" for k in record.fields):
            return InputError(record.path, "empty text field", line=record.line)
        return InputError(record.path, f"no text field (expected one of {TEXT_FIELDS})", line=record.line)
    if not isinstance(value, str):
        return InputError(record.path, f"text field holds {type(value).__name__}, not a string", line=record.line)
    doc = RawDoc(
        origin=f"{record.path}:{record.line}",
        text=clean_text(_text_of(value)),
        title=_scalar(fields.get("title")),
        url=_scalar(fields.get("url")),
        source=_scalar(fields.get("source")),
        external_id=_scalar(fields.get("id")),
    )
    published = fields.get("published")
    if published is None:
        return doc
    when = parse_date(published)
    if when is None:
        log.warning("%s:%d: date %r not used (%s); the article is kept undated", record.path, record.line,
                    published, why_not(published))
        return doc
    return replace(doc, published=when.value, date_precision=when.precision, date_source=DateSource.METADATA)


def _scalar(value: object) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return " ".join(str(value).split())


def _object_or_error(value: object, path: str, line: int) -> Record | InputError:
    if not isinstance(value, dict):
        return InputError(path, f"expected a JSON object, got {type(value).__name__}", line=line)
    return Record(value, path, line)


def json_error(exc: json.JSONDecodeError) -> str:
    """A JSON syntax error with the column its message refers to ("Unterminated string starting at column 9")."""
    at = "" if exc.msg.endswith(" at") else " at"  # json's messages end in "at" where a position follows
    return f"invalid JSON: {exc.msg}{at} column {exc.colno}"


def read_jsonl(text: str, path: str, bad_lines: Mapping[int, str] | None = None) -> Iterator[RawDoc | InputError]:
    """Articles of a JSON Lines text, one object per line; blank lines are skipped.

    ``bad_lines`` maps a line number to the reason it could not be decoded: such a line is reported, not read.
    """
    bad_lines = bad_lines or {}
    for number, line in enumerate(text.split("\n"), start=1):
        if number in bad_lines:
            yield InputError(path, bad_lines[number], line=number)
            continue
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(path, json_error(exc), line=number)
            continue
        item = _object_or_error(value, path, number)
        yield item if isinstance(item, InputError) else record_to_doc(item)


def _array_items(text: str, start: int) -> Iterator[tuple[object, int]]:
    """Elements of the JSON array opening at ``start``, each with the line it begins on."""
    decoder = json.JSONDecoder()
    pos, line, counted = start + 1, 1 + text.count("\n", 0, start), start
    while True:
        while pos < len(text) and text[pos] in " \t\n\r,":
            pos += 1
        if pos >= len(text) or text[pos] == "]":
            return
        line += text.count("\n", counted, pos)  # counted incrementally: linear in the file
        counted = pos
        value, pos = decoder.raw_decode(text, pos)
        yield value, line


def read_json(text: str, path: str, bad_lines: Mapping[int, str] | None = None) -> Iterator[RawDoc | InputError]:
    """Articles of a JSON document: an array of objects, one object, or an object wrapping an array.

    Lines in ``bad_lines`` (undecodable) are reported, and a whole document cannot be read around them.
    """
    if bad_lines:
        for number, reason in sorted(bad_lines.items()):
            yield InputError(path, reason, line=number)
        return
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        yield InputError(path, json_error(exc), line=exc.lineno)
        return
    if isinstance(value, dict):
        wrapped = next((k for k in _WRAPPER_KEYS if isinstance(value.get(k), list)), None)
        if wrapped is None:
            yield record_to_doc(Record(value, path, 1))
            return
        # Line numbers inside a wrapper are not tracked: number the items instead.
        for number, item in enumerate(value[wrapped], start=1):
            rec = _object_or_error(item, path, number)
            yield rec if isinstance(rec, InputError) else record_to_doc(rec)
        return
    if not isinstance(value, list):
        yield InputError(path, f"expected a JSON array of article objects, got {type(value).__name__}")
        return
    for item, line in _array_items(text, text.index("[")):
        rec = _object_or_error(item, path, line)
        yield rec if isinstance(rec, InputError) else record_to_doc(rec)


def read_csv(text: str, path: str, *, delimiter: str = ",", max_field: int = 1 << 27,
             bad_lines: Mapping[int, str] | None = None) -> Iterator[RawDoc | InputError]:
    """Articles of a CSV (or TSV) text with a header row naming the fields.

    A record on a line of ``bad_lines`` (undecodable) is reported with that line's reason, not read.
    """
    bad_lines = bad_lines or {}
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    previous_limit = csv.field_size_limit()
    # Article bodies exceed csv's 128 KiB default cell size; the file size limit already applies.
    csv.field_size_limit(max(max_field, previous_limit))
    try:
        header = reader.fieldnames or []
        names = {_CANONICAL.get(str(h).strip().lower()) for h in header}
        if "text" not in names:
            found = ", ".join(map(str, header)) or "nothing"
            yield InputError(path, f"no text column (expected one of {TEXT_FIELDS}; found {found})", line=1)
            return
        start = reader.line_num + 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield InputError(path, f"malformed CSV: {exc}", line=start)
                return
            spoilt = [n for n in range(start, reader.line_num + 1) if n in bad_lines]
            if spoilt:
                yield InputError(path, bad_lines[spoilt[0]], line=spoilt[0])
            else:
                yield record_to_doc(Record(row, path, start))
            start = reader.line_num + 1
    finally:
        csv.field_size_limit(previous_limit)
