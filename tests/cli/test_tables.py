"""Terminal tables that fit: at 80 columns every listing keeps its key column's words whole."""

from __future__ import annotations

import json
import re

import pytest
from hostile import build_store
from rich.cells import cell_len
from typer.testing import CliRunner

from dateline.cli import app
from dateline.render import Column
from dateline.render.text import fit_widths, short_ids

# names as long as real ones get: many words, particles, accents, hyphens
NAMES = {
    "sisi": "Abdel Fattah al-Sisi",
    "thani": "Mohammed bin Abdulrahman bin Jassim Al Thani",
    "unrwa": "United Nations Relief and Works Agency for Palestine Refugees",
    "msf": "Médecins Sans Frontières",
    "blinken": "Antony Blinken",
    "shoukry": "Sameh Shoukry",
}
NARROW = {"COLUMNS": "80"}


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("tables") / "t.db"
    build_store(path, NAMES)
    return str(path)


def run(*args, env=NARROW):
    result = CliRunner().invoke(app, [str(a) for a in args], env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def assert_fits(out: str, width: int = 80) -> None:
    for line in out.splitlines():
        assert cell_len(line) <= width, f"{cell_len(line)} cells: {line!r}"


def assert_words_whole(out: str, text: str) -> None:
    for word in text.split():
        assert re.search(rf"(?<!\w){re.escape(word)}(?!\w)", out), f"{word!r} is not shown whole"


@pytest.mark.parametrize("command", ["articles", "entities", "events", "quotes", "claims"])
def test_key_column_words_stay_whole_at_80_columns(db, command):
    out = run(command, "--db", db)
    assert_fits(out)
    for name in NAMES.values():
        assert_words_whole(out, name)


def test_stories_fit_and_show_their_labels(db):
    out = run("stories", "--db", db)
    assert_fits(out)
    labels = [s["label"] for s in json.loads(run("stories", "--db", db, "--format", "json"))]
    assert labels
    for label in labels:
        assert_words_whole(out, label)


def test_articles_show_short_ids_that_show_accepts(db):
    full = [r["id"] for r in json.loads(run("articles", "--db", db, "--format", "json"))]
    out = run("articles", "--db", db)
    assert all(i[:8] in out and i not in out for i in full)
    assert "chars" not in out and "date_source" not in out  # left to --wide
    shown = run("show", full[0][:8], "--db", db)
    assert NAMES["sisi"] in shown.replace("\n", " ")


def test_wide_shows_every_column_and_whole_ids(db):
    full = [r["id"] for r in json.loads(run("articles", "--db", db, "--format", "json"))]
    out = run("articles", "--db", db, "--wide", env={"COLUMNS": "200"})
    assert all(i in out for i in full)
    for column in ("external_id", "date_source", "duplicate_of", "chars"):
        assert column in out
    assert "start" in run("quotes", "--db", db, "--wide", env={"COLUMNS": "200"})


def test_csv_md_json_keep_every_column_and_whole_ids(db):
    full = [r["id"] for r in json.loads(run("articles", "--db", db, "--format", "json"))]
    for fmt in ("csv", "md"):
        out = run("articles", "--db", db, "--format", fmt)
        assert all(i in out for i in full) and "date_source" in out


def test_show_text_fits_80_columns(db):
    full = json.loads(run("articles", "--db", db, "--format", "json"))[1]["id"]
    out = run("show", full, "--db", db)
    tables = out[out.index("┏"):]  # the article text itself is printed as it is
    assert_fits(tables)
    assert "Quotes (1)" in out and "Claims (1)" in out


def test_eval_timex_table_fits(tmp_path):
    (tmp_path / "d.tml").write_text(
        '<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2024-03-21">x</TIMEX3></DCT>'
        '<TEXT>It rained <TIMEX3 tid="t1" type="DATE" value="2024-03-19">Tuesday</TIMEX3>.</TEXT></TimeML>')
    out = run("eval", "timex", tmp_path)
    assert_fits(out)
    for measure in ("strict span", "relaxed span", "type", "value"):
        assert measure in out


# -- the layout rules on their own ------------------------------------------------------------------


def test_fit_widths_folds_free_text_before_the_key_and_cuts_codes_last():
    cols = [Column("date"), Column("name", key=True), Column("note", wrap=True)]
    cells = [["2024-03-21", "Mohammed bin Abdulrahman Al Thani", "a long note " * 10]]
    widths = fit_widths(cols, cells, 50)
    assert widths[0] == 10  # the date is never cut while text can fold
    assert widths[1] >= len("Abdulrahman")
    assert sum(widths) <= 50
    assert fit_widths(cols, cells, 500) == [10, 33, len("a long note " * 10)]  # room: nothing folds


def test_fit_widths_never_squeezes_the_key_below_its_longest_word_while_free_text_can_fold():
    cols = [Column("label", key=True), Column("aliases", wrap=True), Column("n")]
    cells = [["Internationalisation committee", "x " * 40, "12"]]
    widths = fit_widths(cols, cells, 30)
    assert widths[0] >= len("Internationalisation")


def test_short_ids_grow_until_unique():
    ids = ["a1b2c3d4e5f60718", "a1b2c3d4ffff0000", "0011223344556677"]
    short = short_ids(ids)
    assert short["0011223344556677"] == "00112233" or len(set(short.values())) == 3
    assert len({len(v) for v in short.values()}) == 1 and len(set(short.values())) == 3
    assert short["a1b2c3d4e5f60718"] == "a1b2c3d4e"
