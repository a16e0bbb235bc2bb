"""The terminal as readable as the web: at 80 and 120 columns no word or figure is broken and no key is shown."""

from __future__ import annotations

import json
import re

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from dateline.cli import app
from dateline.render.text import MAX_FIGURES

WIDTHS = [80, 120]
STORES = ["demo_db", "seeds_db"]  # the demo, and the seed corpus (real reports; skipped without ../shared)
KEYS = re.compile(r"count\||\bent_[0-9a-f]{6}|\bcg_[0-9a-f]{6}|\b[0-9a-f]{16}\b")


def run(*args, width: int = 80) -> str:
    result = CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    return result.stdout


def fits(out: str, width: int) -> None:
    for line in out.splitlines():
        assert cell_len(line) <= width, f"{cell_len(line)} cells: {line!r}"


def whole_on_a_line(out: str, piece: str) -> None:
    """``piece`` (a figure, a name) is printed whole on one line, between non-word characters."""
    pattern = re.compile(rf"(?<!\w){re.escape(piece)}(?!\w)")
    assert any(pattern.search(line) for line in out.splitlines()), f"{piece!r} is broken or missing"


FIGURE = re.compile(r"\d[\d.,]*(?:\s*(?:%|percent|thousand|million|billion))?", re.I)


def figure_whole(out: str, figure: str) -> None:
    """A figure is not broken: its number with its scale ("1.4 million") on one line, its other words whole."""
    for number in FIGURE.findall(figure):
        whole_on_a_line(out, number)
    for word in figure.split():
        whole_on_a_line(out, word)


def cells(out: str) -> str:
    """A table's text with its borders blanked, so that a folded cell shows as two pieces."""
    return re.sub(r"[│┃┏┓┗┛┡┩└┘┌┐├┤┼╇╈┳┻━─═╍┴┬]", " ", out)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("store", STORES)
def test_the_timeline_wraps_to_the_terminal_and_tells_the_whole_story(request, store, width):
    db = request.getfixturevalue(store)
    out = run("timeline", "--db", db, width=width)
    data = json.loads(run("timeline", "--db", db, "--format", "json"))
    fits(out, width)
    assert not KEYS.search(out)
    flat = " ".join(out.split())
    for entry in data["entries"]:
        for line in entry["display"]:
            assert " ".join(line.split()) in flat  # every line, in full, only rewrapped
            for word in line.split():
                whole_on_a_line(out, word)
        for claim in entry["claims"][:MAX_FIGURES]:  # the terminal shows the first three, and says so
            whole_on_a_line(out, claim["text"])  # in the timeline a figure stays on one line
        for p in entry["participants"]:
            whole_on_a_line(out, p["name"])
        for outlet in entry["outlets"]:
            whole_on_a_line(out, outlet)
    assert "With " in out and "Said " in out and "Figure " in out
    assert "Where the sources disagree" in out


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("store", STORES)
@pytest.mark.parametrize("command,pieces", [
    # outlets named in words keep their words; a file named by an id is an identifier and may fold
    ("claims", lambda rows: [w for g in rows for c in g["claims"] if " " in c["outlet"]
                             for w in c["outlet"].split()]),
    ("entities", lambda rows: [w for r in rows for w in r["name"].split()]),
    ("events", lambda rows: [r["trigger"] for r in rows] + [w for r in rows for p in r["participants"]
                                                            for w in (p["name"] or p["text"]).split()]),
    ("quotes", lambda rows: [w for r in rows for w in (r["speaker_name"] or r["speaker_text"]).split()]),
])
def test_tables_give_the_width_to_what_a_reader_needs(request, store, width, command, pieces):
    db = request.getfixturevalue(store)
    out = run(command, "--db", db, width=width)
    fits(out, width)
    assert not KEYS.search(out), KEYS.search(out)
    rows = json.loads(run(command, "--db", db, "--format", "json"))
    assert rows
    table = cells(out)
    for piece in pieces(rows):
        whole_on_a_line(table, piece)
    for figure in (c["text"] for g in rows for c in g.get("claims", ())):
        figure_whole(table, figure)
    header = out.splitlines()[2]  # the column names, never folded
    assert all(len(name) > 2 for name in cells(header).split())


def test_claims_name_what_they_count_and_the_outlet(demo_db):
    out = run("claims", "--db", demo_db)
    assert "label" in out and "outlet" in out and "Coastal Times" in out
    assert "quantity" not in out  # the key is left to --wide, md, csv and json
    wide = run("claims", "--db", demo_db, "--wide", width=250)
    assert "count|" in wide


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("store", STORES)
def test_disagreements_at_the_terminal(request, store, width):
    db = request.getfixturevalue(store)
    out = run("disagreements", "--db", db, width=width)
    fits(out, width)
    found = json.loads(run("disagreements", "--db", db, "--format", "json"))
    assert found and (any(d["conflict"] for d in found) or store != "demo_db")  # the demo has a conflict
    for d in found:
        for side in d["sides"]:
            whole_on_a_line(out, side["text"])
            whole_on_a_line(out, side["outlet"])
    assert not KEYS.search(out)


def test_disagreements_in_every_format_are_the_same_sides(demo_db):
    found = json.loads(run("disagreements", "--db", demo_db, "--format", "json"))
    timeline = json.loads(run("timeline", "--db", demo_db, "--format", "json"))
    assert found == timeline["disagreements"]
    csv_rows = run("disagreements", "--db", demo_db, "--format", "csv").strip().splitlines()
    assert len(csv_rows) - 1 == sum(len(d["sides"]) for d in found)
    md = run("disagreements", "--db", demo_db, "--format", "md")
    assert md.count("\n|") >= len(csv_rows)


def test_markdown_timeline_carries_participants_quotes_figures_and_disagreements(demo_db):
    md = run("timeline", "--db", demo_db, "--format", "md")
    assert "**With**" in md and "Petra Osk" in md
    assert "“" in md and "## Where the sources disagree" in md
    assert "nearly 12,000" in md and "Coastal Times" in md
