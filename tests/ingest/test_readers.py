"""read_paths: walking folders, choosing readers, folder dates, stdin, never a traceback."""

from __future__ import annotations

import io
import json
import sys
from datetime import date

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from dateline.errors import InputError
from dateline.ingest.base import RawDoc
from dateline.ingest.readers import (
    InputFormat,
    format_for_name,
    read_paths,
    sniff_format,
)
from dateline.model import DateSource, Precision
from dateline.settings import Settings

SETTINGS = Settings()
TEXT = "The lighthouse keeper reported a calm night and no ships in distress off the headland."


@pytest.mark.parametrize("name,fmt", [
    ("a.txt", InputFormat.TEXT), ("12.htm.txt", InputFormat.TEXT), ("A.MD", InputFormat.TEXT),
    ("a.html", InputFormat.HTML), ("a.htm", InputFormat.HTML),
    ("a.jsonl", InputFormat.JSONL), ("a.ndjson", InputFormat.JSONL), ("a.json", InputFormat.JSON),
    ("a.csv", InputFormat.CSV), ("a.tsv", InputFormat.TSV),
    ("a.warc", InputFormat.WARC), ("a.warc.gz", InputFormat.WARC),
    ("a.rss", InputFormat.FEED), ("a.atom", InputFormat.FEED), ("a.xml", InputFormat.FEED),
    # negative rows
    ("a.gz", None), ("a.pdf", None), ("README", None),
])
def test_format_for_name(name, fmt):
    assert format_for_name(name) is fmt


@pytest.mark.parametrize("data,fmt", [
    (b"<!DOCTYPE html><html>", InputFormat.HTML),
    (b"  <html><body>", InputFormat.HTML),
    (b'<?xml version="1.0"?><rss version="2.0">', InputFormat.FEED),
    (b'<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">', InputFormat.FEED),
    (b'{"text": "a"}\n{"text": "b"}\n', InputFormat.JSONL),
    (b'{\n  "text": "a"\n}', InputFormat.JSON),
    (b'[{"text": "a"}]', InputFormat.JSON),
    (b"WARC/1.0\r\n", InputFormat.WARC),
    (b"Plain words.", InputFormat.TEXT),
    # negative row: binary
    (b"\x00\x01\x02", None),
])
def test_sniff_format(data, fmt):
    assert sniff_format(data) is fmt


def test_folders_are_walked_sorted_skipping_hidden_entries(tmp_path):
    for rel in ["b/2.txt", "a/1.txt", "a/.hidden.txt", ".git/x.txt", "c.md"]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{TEXT} {rel}")
    origins = [d.origin for d in read_paths([tmp_path], SETTINGS)]
    assert origins == [str(tmp_path / r) for r in ["a/1.txt", "b/2.txt", "c.md"]]


def test_a_date_folder_dates_single_article_files_only(tmp_path):
    day = tmp_path / "InputDocs" / "2010-04-22"
    day.mkdir(parents=True)
    (day / "12.htm.txt").write_text(f"{TEXT} .\nA second sentence , tokenized .\n")
    (day / "dated.txt").write_text(f"date 2011-01-02 {TEXT}")
    (day / "many.jsonl").write_text(json.dumps({"text": TEXT}))
    docs = {d.origin.rsplit("/", 1)[-1]: d for d in read_paths([tmp_path], SETTINGS)}
    t17 = docs["12.htm.txt"]
    assert (t17.published, t17.date_precision, t17.date_source) == (date(2010, 4, 22), Precision.DAY, DateSource.PATH)
    assert t17.title == ""  # a tokenized first sentence is not a headline
    assert docs["dated.txt"].published == date(2011, 1, 2) and docs["dated.txt"].date_source is DateSource.HEADER
    assert docs["many.jsonl:1"].published is None


def test_too_little_text_after_cleanup(tmp_path):
    (tmp_path / "debris.txt").write_text("Oops!\nSomething went wrong.\nAdvertisement\n")
    (tmp_path / "few.jsonl").write_text(json.dumps({"text": "Short."}) + "\n" + json.dumps({"text": TEXT}))
    items = list(read_paths([tmp_path], SETTINGS))
    errors = [(i.origin.rsplit("/", 1)[-1], i.line) for i in items if isinstance(i, InputError)]
    assert errors == [("debris.txt", None), ("few.jsonl", 1)]
    assert all("too little text" in i.reason for i in items if isinstance(i, InputError))
    assert [i.origin.rsplit("/", 1)[-1] for i in items if isinstance(i, RawDoc)] == ["few.jsonl:2"]


def test_jsonl_saved_as_json_is_read_as_jsonl(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"text": TEXT}) + "\n" + json.dumps({"text": TEXT + " Two."}) + "\n")
    assert [d.origin for d in read_paths([path], SETTINGS)] == [f"{path}:1", f"{path}:2"]


@pytest.mark.parametrize("data,origin", [
    (TEXT.encode(), "<stdin>"),
    ((json.dumps({"text": TEXT}) + "\n").encode(), "<stdin>:1"),
    (f"<html><body><article><p>{TEXT}</p><p>{TEXT}</p></article></body></html>".encode(), "<stdin>"),
])
def test_stdin_is_sniffed(monkeypatch, data, origin):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    [doc] = read_paths(["-"], SETTINGS)
    assert isinstance(doc, RawDoc) and doc.origin == origin and TEXT in doc.text


def test_empty_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    [error] = read_paths(["-"], SETTINGS)
    assert isinstance(error, InputError) and error.origin == "<stdin>"


@hyp_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400), ending=st.sampled_from(
    [".txt", ".html", ".jsonl", ".json", ".csv", ".warc", ".rss", ".xyz", ".warc.gz"]))
def test_arbitrary_bytes_never_raise(tmp_path, data, ending):
    path = tmp_path / f"input{ending}"
    path.write_bytes(data)
    for item in read_paths([path], SETTINGS):
        assert isinstance(item, (RawDoc, InputError))
        if isinstance(item, InputError):
            assert str(path) in str(item) and "\n" not in str(item)
