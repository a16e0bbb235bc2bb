"""End-to-end: the CLI over the library, as a user runs it."""

from __future__ import annotations

import json

import pytest
from conftest import REPO
from typer.testing import CliRunner

from dateline.cli import app
from dateline.store import Store

runner = CliRunner()


def run(*args, env=None):
    return runner.invoke(app, [str(a) for a in args], env=env)


@pytest.fixture
def corpus(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(" date 2025-01-06 The council approved the harbour budget on Monday after a long debate.\n")
    (d / "b.jsonl").write_text(
        json.dumps({"id": "r1", "title": "Harbour wall", "source": "Wire", "published": "2025-02-03",
                    "text": "Workers began repairing the harbour wall early on Monday morning, officials said."}) + "\n"
        + "{not json\n"
    )
    return d


def test_ingest_reports_bad_lines_and_keeps_good_items(tmp_path, corpus):
    db = tmp_path / "s.db"
    result = run("ingest", corpus, "--db", db)
    assert result.exit_code == 3, result.output
    assert "b.jsonl:2" in result.output and "2 ingested, 0 duplicates, 1 rejected" in result.output
    assert "Traceback" not in result.output
    again = run("ingest", corpus / "a.txt", "--db", db)
    assert again.exit_code == 0 and "0 ingested, 1 duplicates, 0 rejected" in again.output


def test_db_comes_from_the_environment(tmp_path, corpus):
    db = tmp_path / "env.db"
    result = run("ingest", corpus / "a.txt", env={"DATELINE_DB": str(db)})
    assert result.exit_code == 0 and db.exists()
    listing = run("articles", "--format", "json", env={"DATELINE_DB": str(db)})
    (row,) = json.loads(listing.output)
    assert row["published"] == "2025-01-06" and row["date_source"] == "header"


def test_nothing_usable_exits_1(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert run("ingest", empty, "--db", tmp_path / "s.db").exit_code == 1
    assert run("ingest", tmp_path / "missing.txt", "--db", tmp_path / "s.db").exit_code == 1
    assert run("timeline", "--db", tmp_path / "none.db").exit_code == 1


def test_bad_date_option_is_a_usage_error(tmp_path, corpus):
    db = tmp_path / "s.db"
    run("ingest", corpus / "a.txt", "--db", db)
    result = run("timeline", "--db", db, "--since", "March")
    assert result.exit_code == 1 and "YYYY" in result.output


def test_show_json_has_offsets_that_match_the_text(tmp_path, corpus):
    db = tmp_path / "s.db"
    run("ingest", corpus / "a.txt", "--db", db)
    (article_id,) = Store(db).article_ids()
    data = json.loads(run("show", article_id[:8], "--db", db, "--format", "json").output)
    text = data["article"]["text"]
    assert data["sentences"]
    for layer in ("sentences", "timexes", "mentions", "quotes", "claims", "events"):
        for item in data[layer]:
            assert text[item["start"]:item["end"]] == item["text"]


def test_killed_ingest_leaves_a_consistent_store_and_the_next_run_completes(tmp_path, monkeypatch):
    from dateline import pipeline as ingest_mod
    from dateline.settings import Settings

    src = tmp_path / "many"
    src.mkdir()
    for i in range(10):
        (src / f"{i}.txt").write_text(f" date 2025-03-{i + 1:02d} Report {i}: the harbour crews finished section {i} "
                                      f"of the wall, which took {i + 2} days of work.\n")
    settings = Settings(db_path=tmp_path / "k.db", batch_size=3)
    calls = {"n": 0}
    real = Store.add_article

    def dying_add(self, *a, **k):
        calls["n"] += 1
        if calls["n"] == 5:  # second batch, mid-transaction
            raise KeyboardInterrupt
        return real(self, *a, **k)

    monkeypatch.setattr(Store, "add_article", dying_add)
    with Store(settings.db_path) as store, pytest.raises(KeyboardInterrupt):
        ingest_mod.ingest([src], store, settings)
    monkeypatch.setattr(Store, "add_article", real)
    with Store(settings.db_path) as store:
        assert len(store.article_ids()) == 3  # the first batch, whole; nothing of the second
        report = ingest_mod.ingest([src], store, settings)
        assert (report.ingested, report.duplicates) == (7, 3)
        assert len(store.article_ids()) == 10
        assert store.pending(report_names(settings)) == []


def report_names(settings):
    from dateline.pipeline import stage_names

    return stage_names(settings)


def test_demo_corpus_builds_an_html_timeline(tmp_path):
    out = tmp_path / "t.html"
    result = run("run", REPO / "examples" / "articles", "--db", tmp_path / "d.db", "--format", "html", "-o", out)
    assert result.exit_code == 0, result.output
    page = out.read_text()
    assert "Velmora" in page and "<mark id=" in page
    assert "Advertisement" not in page and "Oops" not in page
    assert "1 duplicates" in result.output  # the syndicated copy is linked, not counted twice


def test_a_missing_path_among_good_ones_is_one_rejection(tmp_path, corpus):
    result = run("ingest", corpus / "a.txt", tmp_path / "nope.txt", "--db", tmp_path / "s.db")
    assert result.exit_code == 3
    assert result.output.count("nope.txt") == 1 and "1 ingested, 0 duplicates, 1 rejected" in result.output


def test_ingest_says_up_front_when_stored_articles_lack_a_stage(tmp_path):
    db, src = tmp_path / "d.db", REPO / "examples" / "articles" / "01_harbour-courier.txt"
    first = run("ingest", src, "--db", db, "--stages", "sentences,timexes")
    assert first.exit_code == 0, first.output
    assert "the stage(s)" not in first.output  # an empty store has nothing to complete
    upgraded = run("ingest", src, "--db", db)  # as after an upgrade that adds stages
    assert upgraded.exit_code == 0, upgraded.output
    notice = next(line for line in upgraded.output.splitlines() if "the stage(s)" in line)
    assert notice.startswith("1 stored article lacks the stage(s)") and "parse" in notice and "timexes" not in notice
    again = run("ingest", src, "--db", db)
    assert "the stage(s)" not in again.output
