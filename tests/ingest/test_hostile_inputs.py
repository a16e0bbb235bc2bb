"""Inputs that read fine but must not reach the stages: too long, not files, dates that cannot exist."""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path

import pytest

from dateline.errors import InputError
from dateline.ingest.base import RawDoc
from dateline.ingest.readers import read_paths
from dateline.settings import Settings

TEXT = "The ferry from Lakemouth ran late on Thursday after a storm closed the harbour for a day."


def _read(paths, settings=None) -> tuple[list[RawDoc], list[InputError]]:
    items = list(read_paths([str(p) for p in paths], settings or Settings()))
    return [i for i in items if isinstance(i, RawDoc)], [i for i in items if isinstance(i, InputError)]


def test_an_article_over_max_article_chars_is_one_message_and_the_others_go_on(tmp_path):
    path = tmp_path / "mixed.jsonl"
    records = [{"text": TEXT}, {"text": "The council met. " * 200}, {"text": TEXT + " Again."}]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    docs, errors = _read([path], Settings(max_article_chars=1000))
    assert [d.text for d in docs] == [TEXT, TEXT + " Again."]
    (error,) = errors
    assert error.line == 2 and "\n" not in str(error)
    assert "3,399 characters" in str(error) and "max_article_chars" in str(error)


def test_max_article_chars_applies_to_text_files(tmp_path):
    (tmp_path / "long.txt").write_text("A sentence of the report. " * 100, encoding="utf-8")
    (tmp_path / "short.txt").write_text(TEXT, encoding="utf-8")
    docs, errors = _read([tmp_path], Settings(max_article_chars=500))
    assert [Path(d.origin).name for d in docs] == ["short.txt"]
    assert [Path(e.origin).name for e in errors] == ["long.txt"]


def _read_in_time(folder: Path, seconds: float = 20) -> tuple[list[RawDoc], list[InputError]]:
    result: list = []
    worker = threading.Thread(target=lambda: result.append(_read([folder])), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "reading the folder hung"
    return result[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_named_pipe_in_a_folder_is_skipped_in_one_line(tmp_path):
    os.mkfifo(tmp_path / "feed.txt")  # nothing ever writes to it: opening it would block
    (tmp_path / "story.txt").write_text(TEXT, encoding="utf-8")
    docs, errors = _read_in_time(tmp_path)
    assert [Path(d.origin).name for d in docs] == ["story.txt"]
    (error,) = errors
    assert error.origin.endswith("feed.txt") and "named pipe" in error.reason


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_device_in_a_folder_is_skipped_in_one_line(tmp_path):
    (tmp_path / "endless.txt").symlink_to("/dev/zero")  # a device that never ends
    (tmp_path / "story.txt").write_text(TEXT, encoding="utf-8")
    docs, errors = _read_in_time(tmp_path)
    assert [Path(d.origin).name for d in docs] == ["story.txt"]
    assert len(errors) == 1 and "device" in errors[0].reason


@pytest.mark.parametrize("name,content", [
    ("header.txt", f"date: 2024-02-30\n\n{TEXT}"),
    ("token.txt", f" date 2023-02-29 {TEXT}"),
    ("record.jsonl", json.dumps({"text": TEXT, "date": "2024-13-01"}) + "\n"),
])
def test_a_publication_date_that_cannot_exist_is_dropped_with_a_warning(tmp_path, caplog, name, content):
    (tmp_path / name).write_text(content, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="dateline"):
        (doc,), errors = _read([tmp_path / name])
    assert errors == [] and doc.published is None
    assert any("date" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)


def test_a_folder_named_like_an_impossible_date_dates_nothing(tmp_path, caplog):
    folder = tmp_path / "2023-04-31"
    folder.mkdir()
    (folder / "story.txt").write_text(TEXT, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="dateline"):
        (doc,), _ = _read([tmp_path])
    assert doc.published is None
    assert any("2023-04-31" in r.getMessage() for r in caplog.records)


def test_a_possible_folder_date_still_dates_its_files(tmp_path):
    folder = tmp_path / "2024-02-29"  # negative row: a leap day exists
    folder.mkdir()
    (folder / "story.txt").write_text(TEXT, encoding="utf-8")
    (doc,), _ = _read([tmp_path])
    assert doc.published.isoformat() == "2024-02-29"
