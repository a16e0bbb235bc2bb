"""The bad-input corpus: one message per broken item naming it, the good items still read."""

from __future__ import annotations

import importlib.util
import logging
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

from dateline.errors import InputError
from dateline.ingest.base import RawDoc
from dateline.ingest.readers import read_paths
from dateline.settings import Settings

_SPEC = importlib.util.spec_from_file_location(
    "make_bad_inputs", Path(__file__).resolve().parents[1] / "data" / "make_bad_inputs.py")
make_bad_inputs = importlib.util.module_from_spec(_SPEC)
sys.modules[_SPEC.name] = make_bad_inputs  # dataclasses look their module up there
_SPEC.loader.exec_module(make_bad_inputs)

SETTINGS = Settings()


def _file_name(item: RawDoc | InputError) -> str:
    origin = item.origin
    head, _, line = origin.rpartition(":")
    return Path(head if line.isdigit() else origin).name


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The corpus on disk, read once: (expected items, results by file name, seconds taken)."""
    folder = tmp_path_factory.mktemp("bad")
    expected = make_bad_inputs.build(folder)
    start = time.perf_counter()
    by_file: dict[str, list] = defaultdict(list)
    for item in read_paths([folder], SETTINGS):
        by_file[_file_name(item)].append(item)
    return expected, by_file, time.perf_counter() - start


EXPECTED_NAMES = [
    "empty.txt", "binary.txt", "invalid-utf8.txt", "windows.txt", "mixed.jsonl", "no-text.csv",
    "no-body.html", "short.txt", "data.xyz", "notes.log", "good.txt", "big.txt",
]


@pytest.mark.parametrize("name", EXPECTED_NAMES)
def test_each_input_gives_its_messages_and_its_good_items(corpus, name):
    expected, by_file, _ = corpus
    want = next(e for e in expected if e.name == name)
    items = by_file[name]
    errors = [i for i in items if isinstance(i, InputError)]
    good = [i for i in items if isinstance(i, RawDoc)]
    assert len(good) == want.good
    assert len(errors) == len(want.errors), [str(e) for e in errors]
    for error, (fragment, line) in zip(errors, want.errors):
        assert fragment in error.reason
        assert error.line == line
        assert name in str(error)  # the message names the file
        assert "\n" not in str(error)  # one line


def test_no_item_is_lost_or_invented(corpus):
    expected, by_file, _ = corpus
    assert set(by_file) == {e.name for e in expected}


def test_the_cp1252_file_is_read_with_a_warning_not_an_error(tmp_path, caplog):
    path = tmp_path / "windows.txt"
    path.write_bytes(("Caf\u00e9 \u201cquoted\u201d. " + make_bad_inputs.PARAGRAPH).encode("cp1252"))
    with caplog.at_level(logging.WARNING):
        [doc] = read_paths([path], SETTINGS)
    assert doc.text.startswith("Caf\u00e9 \u201cquoted\u201d.")
    assert "cp1252" in caplog.text


def test_the_50_mb_file_is_read_in_one_pass_and_refused_by_its_size(corpus):
    _, by_file, seconds = corpus
    [error] = by_file["big.txt"]
    assert re.search(r"article of 5\d,\d{3},\d{3} characters", error.reason)  # names the size
    assert seconds < 60  # linear work; a quadratic step would take far longer


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "large.txt"
    path.write_text(make_bad_inputs.PARAGRAPH * 10)
    [error] = read_paths([path], Settings(max_file_bytes=100))
    assert isinstance(error, InputError) and "limit" in error.reason and error.origin == str(path)


def test_a_file_that_vanishes_mid_run_is_reported(tmp_path):
    (tmp_path / "a.txt").write_text(make_bad_inputs.PARAGRAPH)
    (tmp_path / "b.txt").write_text(make_bad_inputs.PARAGRAPH + " More.")
    items = read_paths([tmp_path], SETTINGS)
    first = next(items)  # the folder is listed; b.txt is still there
    (tmp_path / "b.txt").unlink()
    rest = list(items)
    assert isinstance(first, RawDoc)
    assert len(rest) == 1 and isinstance(rest[0], InputError)
    assert rest[0].reason == "file vanished before it could be read" and rest[0].origin.endswith("b.txt")


def test_a_missing_path_is_one_message(tmp_path):
    [error] = read_paths([tmp_path / "nope.txt"], SETTINGS)
    assert isinstance(error, InputError) and "no such file" in error.reason
