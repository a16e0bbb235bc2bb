"""Outlets named once: metadata, the page, the URL's domain, then a path rule the user can set."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from dateline.cli import app as cli
from dateline.ingest.base import RawDoc
from dateline.ingest.outlets import OutletRuleError, compile_rule, name_outlet, outlet_from_path, words
from dateline.ingest.readers import read_paths
from dateline.settings import Settings

TEXT = "The harbour board approved a winter timetable for the island ferry on Tuesday, the operator said.\n"


@pytest.mark.parametrize("path,rule,name", [
    ("/in/01_harbour-courier.txt", "file", "Harbour Courier"),
    ("news/BBC-news_2024-03-01.html", "file", "BBC News"),
    ("feeds/valley_wire.jsonl", "file", "Valley Wire"),
    ("a/b/lakeside-post.htm.txt", "file", "Lakeside Post"),
    ("news/harbour-courier/0412.txt", "folder", "Harbour Courier"),
    ("t17/H1N1_bbc/InputDocs/2009-04-25/12.htm.txt", r"_(?P<outlet>[a-z]+)/InputDocs/", "Bbc"),
    # rows that must name nothing: ids, hashes, dates, numbers, stdin, the rule turned off, no match
    ("/seeds/000_c1a19615e97ec875.txt", "file", ""),
    ("t17/H1N1_bbc/InputDocs/2009-04-25/12.htm.txt", "file", ""),
    ("t17/H1N1_bbc/InputDocs/2009-04-25/12.htm.txt", "folder", ""),
    ("2025-03-02.txt", "file", ""),
    ("-", "file", ""),
    ("<stdin>", "file", ""),
    ("/in/01_harbour-courier.txt", "none", ""),
    ("elsewhere/x.txt", r"_(?P<outlet>[a-z]+)/InputDocs/", ""),
])
def test_the_path_rules(path, rule, name):
    assert outlet_from_path(path, rule) == name


def test_words_keep_capitals_and_drop_numbers():
    assert words("01_harbour-courier") == "Harbour Courier"
    assert words("NYT") == "NYT" and words("2024_03") == "" and words("a1b2") == ""


@pytest.mark.parametrize("doc,name", [
    (RawDoc("x/01_harbour-courier.txt", TEXT, source="Coastal Times"), "Coastal Times"),  # metadata first
    (RawDoc("x/01_harbour-courier.txt", TEXT, url="https://riverwire.example/a"), ""),  # the domain names it
    (RawDoc("x/01_harbour-courier.txt", TEXT), "Harbour Courier"),
    (RawDoc("x/01_harbour-courier.txt", TEXT, url="javascript:x"), "Harbour Courier"),  # no site in that URL
])
def test_the_rule_applies_only_when_nothing_else_names_the_outlet(doc, name):
    assert name_outlet(doc, "x/01_harbour-courier.txt", "file").source == (doc.source or name)


@pytest.mark.parametrize("rule", ["(unclosed", "no-group-(.*)"])
def test_a_rule_that_cannot_work_is_refused(rule):
    with pytest.raises(OutletRuleError, match="outlet"):
        compile_rule(rule)


def test_the_readers_name_outlets_by_the_rule(tmp_path):
    folder = tmp_path / "harbour-courier"
    folder.mkdir()
    (folder / "0412.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "02_coastal-times.txt").write_text("---\nsource: Coastal Times\n---\n" + TEXT, encoding="utf-8")
    found = {d.origin.rsplit("/", 1)[-1]: d.source for d in read_paths([tmp_path], Settings())}
    assert found == {"0412.txt": "", "02_coastal-times.txt": "Coastal Times"}
    by_folder = {d.origin.rsplit("/", 1)[-1]: d.source
                 for d in read_paths([tmp_path], Settings(outlet_rule="folder"))}
    assert by_folder == {"0412.txt": "Harbour Courier", "02_coastal-times.txt": "Coastal Times"}


def test_a_bad_rule_is_one_line_from_the_cli(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path), "--db", str(tmp_path / "s.db"),
                                      "--setting", "outlet_rule=(bad"])
    assert result.exit_code == 1
    assert "outlet_rule" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_the_demo_names_each_outlet_once(demo_db):
    data = json.loads(CliRunner().invoke(cli, ["timeline", "--db", str(demo_db), "--format", "json"]).stdout)
    cited = {s["outlet"] for e in data["entries"] for s in e["sources"]}
    cited |= {s["outlet"] for line in data["undated"] for s in [line]}
    assert "Harbour Courier" in cited
    assert not [o for o in cited if "." in o and o.rsplit(".", 1)[-1] in {"txt", "md", "html", "jsonl", "csv"}]
