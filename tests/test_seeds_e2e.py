"""The foundation's acceptance run on the seed corpus (skips when ../shared is absent)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.store import Store

DEBRIS = ("Oops!", "Something went wrong", "Please try again later")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, seeds_dir):
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    result = CliRunner().invoke(app, ["run", str(seeds_dir), "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    start = result.stdout.index("{")
    return db, json.loads(result.stdout[start:])


def _by_origin(db):
    with Store(db) as store:
        return {a.origin.rsplit("/", 1)[-1][:3]: a for a in store.iter_articles(include_duplicates=True)}


def test_five_seeds_ingested_with_header_dates_stripped(seeded):
    db, _ = seeded
    arts = _by_origin(db)
    assert sorted(arts) == ["000", "001", "002", "003", "004"]
    for key, day in (("000", "2024-05-10"), ("002", "2024-02-07")):
        a = arts[key]
        assert a.published.isoformat() == day and a.date_source.value == "header"
        assert not a.text.lstrip().startswith("date") and day not in a.text[:30]


def test_headline_becomes_title_and_debris_is_removed(seeded):
    db, _ = seeded
    a = _by_origin(db)["001"]
    assert a.title.startswith("Top US diplomat")
    assert not any(d in a.text for d in DEBRIS) and "•" not in a.text
    assert "Blinken" in a.text


def test_every_summary_line_is_its_stored_span_and_has_no_debris(seeded):
    db, timeline = seeded
    lines = [(s, e) for e in timeline["entries"] for s in e["sources"] if s["primary"]]
    summaries = {(e["date"], j): t for e in timeline["entries"] for j, t in enumerate(e["summary"])}
    assert lines and len(lines) == len(summaries)
    with Store(db) as store:
        for entry in timeline["entries"]:
            for src in entry["sources"]:
                text = store.get_article(src["article"]).text[src["start"]:src["end"]]
                if src["primary"]:
                    assert text == entry["summary"][src["line"]]
        for u in timeline["undated"]:
            assert store.get_article(u["article"]).text[u["start"]:u["end"]] == u["text"]
    for text in summaries.values():
        assert not any(d in text for d in DEBRIS)
