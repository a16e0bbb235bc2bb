"""The seed articles read as the founding issue asks: header dates, a headline, debris gone."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dateline.ingest.base import RawDoc
from dateline.ingest.cleanup import load_rules
from dateline.ingest.readers import read_paths
from dateline.model import DateSource, Precision
from dateline.settings import Settings

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "examples" / "seeds"
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/examples/seeds is not present")


@pytest.fixture(scope="module")
def seeds() -> dict[str, RawDoc]:
    docs = list(read_paths([SEEDS], Settings()))
    assert all(isinstance(d, RawDoc) for d in docs), [str(d) for d in docs]
    return {Path(d.origin).name[:3]: d for d in docs}


def _raw(prefix: str) -> str:
    [path] = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def test_all_five_are_read(seeds):
    assert sorted(seeds) == ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("prefix,published", [("000", date(2024, 5, 10)), ("002", date(2024, 2, 7))])
def test_header_dates_are_read_and_the_header_removed(seeds, prefix, published):
    doc = seeds[prefix]
    assert (doc.published, doc.date_source, doc.date_precision) == (published, DateSource.HEADER, Precision.DAY)
    token = f"date {published.isoformat()}"
    assert token not in doc.text
    assert doc.text == _raw(prefix).strip().removeprefix(token).strip()  # only the header went


@pytest.mark.parametrize("prefix", ["001", "003", "004"])
def test_undated_seeds_stay_undated(seeds, prefix):
    assert seeds[prefix].published is None and seeds[prefix].date_source is DateSource.UNKNOWN


def test_the_headline_becomes_the_title_and_the_debris_goes(seeds):
    doc = seeds["001"]
    raw_lines = _raw("001").split("\n")
    assert doc.title.startswith("Top US diplomat") and doc.title == raw_lines[0].strip()
    for debris in ["Oops!", "Something went wrong.", "Please try again later.", "\u2022"]:
        assert debris not in doc.text
    rules = load_rules()
    body = [line for line in raw_lines[1:] if line.strip() and rules.match(line) is None]
    assert [line for line in doc.text.split("\n") if line.strip()] == body  # no other text lost
    assert len(body) == len([line for line in raw_lines[1:] if line.strip()]) - 3


@pytest.mark.parametrize("prefix", ["000", "002", "003", "004"])
def test_other_seeds_have_no_title_taken_from_their_first_sentence(seeds, prefix):
    assert seeds[prefix].title == ""
