"""The hostile web corpus: every intact item stored, every broken one named in one line, no traceback.

Names that are not UTF-8, half an emoji, NUL, legacy encodings (declared or
not), JSON Lines with one undecodable line, WARC archives with a corrupt or cut
record, a feed cut inside an entry, dates out of range or written the CJK way
(the corpus: ``tests/data/make_hostile_web.py``).
"""

from __future__ import annotations

import importlib.util
import logging
import os
import sqlite3
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from dateline.errors import InputError
from dateline.ingest.base import RawDoc
from dateline.ingest.readers import read_paths
from dateline.settings import Settings

_SPEC = importlib.util.spec_from_file_location(
    "make_hostile_web", Path(__file__).resolve().parents[1] / "data" / "make_hostile_web.py")
make_hostile_web = importlib.util.module_from_spec(_SPEC)
sys.modules[_SPEC.name] = make_hostile_web  # dataclasses look their module up there
_SPEC.loader.exec_module(make_hostile_web)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file names as raw bytes need a POSIX file system")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """(folder, expectations, items read by file name, log records)."""
    folder = tmp_path_factory.mktemp("hostile")
    expected = make_hostile_web.build(folder)
    handler = _Collect()
    logging.getLogger().addHandler(handler)
    try:
        by_file: dict[str, list] = defaultdict(list)
        for item in read_paths([folder], Settings()):
            by_file[make_hostile_web.file_of(item.origin)].append(item)
    finally:
        logging.getLogger().removeHandler(handler)
    return folder, expected, by_file, handler.records


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def _cases():
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        return [e.name for e in make_hostile_web.build(Path(tmp))]


@pytest.mark.parametrize("name", _cases())
def test_each_input_stores_what_is_intact_and_names_what_is_broken(corpus, name):
    _, expected, by_file, _ = corpus
    want = next(e for e in expected if e.name == name)
    items = by_file[name]
    docs = [i for i in items if isinstance(i, RawDoc)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(docs) == want.stored, [str(e) for e in errors]
    assert len(errors) == len(want.errors), [str(e) for e in errors]
    for error, (fragment, line) in zip(errors, want.errors):
        assert fragment in error.reason and error.line == line, str(error)
        assert "\n" not in str(error)
    for word in want.words:
        assert any(word in d.text for d in docs), f"{word!r} not in the text read from {name}"
    if want.published:
        assert [d.published.isoformat() for d in docs] == [want.published] * len(docs)


def test_every_text_field_is_valid_unicode_without_nul(corpus):
    _, _, by_file, _ = corpus
    for items in by_file.values():
        for doc in (i for i in items if isinstance(i, RawDoc)):
            for value in (doc.text, doc.title, doc.origin, doc.url, doc.source):
                value.encode("utf-8")  # raises on a lone surrogate
                assert "\x00" not in value


def test_each_repair_is_one_warning_naming_the_record(corpus):
    _, _, _, records = corpus
    repairs = sorted(r.getMessage().rsplit("/", 1)[-1] for r in records if "U+FFFD" in r.getMessage()
                     or "NUL character" in r.getMessage())
    assert repairs == ["values.jsonl:1: text: 1 lone surrogate replaced by U+FFFD",
                       "values.jsonl:2: title: 1 lone surrogate replaced by U+FFFD",
                       "values.jsonl:3: text: 1 NUL character removed"]


def test_an_out_of_range_date_says_why_and_a_library_warning_names_its_page(corpus):
    _, _, _, records = corpus
    messages = [r.getMessage() for r in records]
    assert any("year-9999.jsonl:1: date '9999-12-31' not used (year 9999 is outside" in m for m in messages)
    discarding = [m for m in messages if "discarding data" in m]
    assert discarding and all("no-text.html" in m for m in discarding)


@pytest.mark.slow
def test_dateline_ingest_stores_every_intact_item_without_a_traceback(corpus, tmp_path):
    folder, expected, _, _ = corpus
    db = tmp_path / "hostile.db"
    result = subprocess.run(
        [sys.executable, "-m", "dateline", "ingest", str(folder), "--db", str(db), "--stages", "sentences,timexes"],
        capture_output=True, text=True, timeout=600, env={**os.environ, "DATELINE_STAGE_ERRORS": "record"})
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode == 3, result.stderr[-3000:]  # partial: something was broken
    for want in expected:
        for fragment, line in want.errors:
            where = f"{want.name}:{line}:" if line else f"{want.name}:"
            assert any(where in ln and fragment in ln for ln in result.stderr.splitlines()), (where, fragment)
    with sqlite3.connect(db) as con:
        origins = [row[0] for row in con.execute("SELECT origin FROM articles")]
    stored = defaultdict(int)
    for origin in origins:
        stored[make_hostile_web.file_of(origin)] += 1
    # every intact item is stored (near-duplicates linked to their original); no two inputs are exact copies
    assert {e.name: stored[e.name] for e in expected} == {e.name: e.stored for e in expected}


@pytest.mark.slow
def test_a_date_with_a_year_out_of_range_makes_no_time_expression(corpus, tmp_path):
    from dateline.pipeline import ingest
    from dateline.store import Store

    folder, _, _, _ = corpus
    db = tmp_path / "far.db"
    settings = Settings(db_path=db, stages=("sentences", "timexes"), progress=False, stage_errors="raise")
    with Store(db) as store:
        ingest([folder / "far-future.jsonl"], store, settings, corpus_stages=False)
        (doc,) = list(store.iter_documents())
    values = [t.value for t in doc.timexes]
    assert "December 31" not in " ".join(doc.article.text[t.start:t.end] for t in doc.timexes)
    assert not any(v.endswith("-12-31") for v in values), values
