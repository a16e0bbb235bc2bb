"""Filters say what they did: undated lines obey them, and a filter that matches nothing says so in one line."""

from __future__ import annotations

import json
import shutil

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from conftest import REPO
from dateline.cli import app as cli
from dateline.pipeline import ingest
from dateline.settings import Settings
from dateline.store import Store
from dateline.web import create_app

# two undated reports beside the demo: one names the mayor, one names nobody the filters ask for
QUAY = ("Quay notes\n\nVolunteers from the rowing club painted the railings along the old quay and planted "
        "flowers in the boxes by the harbour steps, the club's secretary said.\n")
LETTER = ("A letter from the mayor\n\nMayor Petra Osk thanked the crews who kept the ferry running through the "
          "storm and asked residents to keep using the pontoon crossing.\n")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    root = tmp_path_factory.mktemp("filters")
    src = root / "articles"
    shutil.copytree(REPO / "examples" / "articles", src)
    (src / "08_quay-notes.txt").write_text(QUAY, encoding="utf-8")
    (src / "09_osk-letter.txt").write_text(LETTER, encoding="utf-8")
    path = root / "f.db"
    with Store(path) as store:
        ingest([src], store, Settings(db_path=path, progress=False))
    return path


def run(db, *args):
    result = CliRunner().invoke(cli, ["timeline", "--db", str(db), *args], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    return result


def undated(db, *args) -> list[str]:
    data = json.loads(run(db, "--format", "json", *args).stdout)
    return [line["text"] for line in data["undated"]]


def test_without_filters_both_undated_reports_are_kept(db):
    lines = undated(db)
    assert any("rowing club" in t for t in lines) and any("Petra Osk" in t for t in lines)


@pytest.mark.parametrize("args,kept", [
    (["--entity", "Petra Osk"], ["Petra Osk"]),  # only the line naming her
    (["--entity", "Osk"], ["Petra Osk"]),  # any spelling
    (["--type", "VOTE"], []),  # neither undated line tells a vote
    (["--since", "2025-03"], []),  # undated items are out once a bound is set
])
def test_undated_lines_obey_the_filters(db, args, kept):
    lines = undated(db, *args)
    assert len(lines) == len(kept) and all(k in t for k, t in zip(kept, lines))


@pytest.mark.parametrize("args,said", [
    (["--entity", "Nobody"], "no entity is called 'Nobody'"),
    (["--type", "BOGUS"], "no event type 'BOGUS': use one of"),
    (["--outlet", "Nope"], "no outlet is called 'Nope': the outlets are Coastal Times, Harbour Courier"),
    (["--query", "zeppelin"], "nothing in the store matches --query zeppelin"),
    (["--entity", "Petra Osk", "--since", "2031"], "nothing in the store matches --entity Petra Osk --since 2031"),
])
def test_a_filter_that_matches_nothing_says_so_in_one_line(db, args, said):
    result = run(db, *args)
    message = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(message) == 1 and message[0].startswith("no match: ") and said in message[0]
    assert result.stdout.strip() == "Nothing on the timeline."  # no stray line, no unrelated disagreement
    data = json.loads(run(db, "--format", "json", *args).stdout)
    assert data["entries"] == [] and data["undated"] == [] and data["disagreements"] == []


def test_a_filter_that_matches_says_nothing(db):
    result = run(db, "--outlet", "Coastal Times")
    assert "no match" not in result.stderr and "Coastal Times" in result.stdout


def test_disagreements_obey_the_filters_too(db):
    result = CliRunner().invoke(cli, ["disagreements", "--db", str(db), "--entity", "Nobody", "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    assert "no entity is called 'Nobody'" in result.stderr


def test_the_web_says_so_too_and_the_api_is_the_cli(db):
    with TestClient(create_app(db), base_url="http://127.0.0.1") as c:
        page = c.get("/?entity=Nobody").text
        assert 'class="no-match"' in page and "no entity is called" in page and "Quay notes" not in page
        assert "no outlet is called" in c.get("/disagreements?outlet=Nope").text
        assert 'class="no-match"' not in c.get("/").text
        for query, args in (("entity=Nobody", ["--entity", "Nobody"]), ("entity=Osk", ["--entity", "Osk"]),
                            ("type=BOGUS", ["--type", "BOGUS"])):
            expected = json.loads(run(db, "--format", "json", *args).stdout)
            assert c.get(f"/api/timeline?{query}").json() == expected
