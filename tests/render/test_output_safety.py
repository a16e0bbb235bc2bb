"""Output safety: every format treats article titles, outlets, URLs and text as untrusted.

Each payload of ``hostile.PAYLOADS`` sits in every field of a store built by
hand; every list command, ``show`` and ``timeline`` is run in every format over
it, and each output is checked the way its reader would take it: a terminal
(no escape sequence or control character), a Markdown renderer (CommonMark
parse: no raw HTML, links only http(s)), a spreadsheet (no formula cell), a
JSON parser (exact text back, nothing raw that a terminal would act on).
"""

from __future__ import annotations

import pytest
from hostile import (
    PAYLOADS,
    assert_csv_safe,
    assert_json_safe,
    assert_markdown_safe,
    assert_terminal_safe,
    build_store,
    visible,
)
from typer.testing import CliRunner

from dateline import render
from dateline.cli import app
from dateline.model import Precision, SourceRef, SummaryLine, Timeline, TimelineEntry

LIST_COMMANDS = ["articles", "entities", "events", "quotes", "claims", "stories"]
FORMATS = ["text", "md", "csv", "json"]
NARROW = {"COLUMNS": "80"}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "h.db"
    docs = build_store(path)
    return str(path), docs


def run(*args, env=NARROW):
    result = CliRunner().invoke(app, [str(a) for a in args], env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{args} raised {result.exception!r}\n{result.output}") from result.exception
    assert "Traceback" not in result.output
    return result


def check(fmt: str, out: str):
    """Apply the reader's check for ``fmt``; returns what the reader gets (parsed data or text)."""
    if fmt == "json":
        return assert_json_safe(out)
    if fmt == "csv":
        return assert_csv_safe(out)
    if fmt == "md":
        return assert_markdown_safe(out)
    assert_terminal_safe(out)
    return out


# -- the timeline renderers, payload by payload -------------------------------------------


def _timeline(payload: str) -> Timeline:
    ref = SourceRef(article="a1b2c3d4e5f60718", start=0, end=len(payload), title=payload, url=payload.strip(),
                    source=payload, published="2024-03-04")
    also = SourceRef(article="ffeeddccbbaa0099", start=0, end=4, title=payload, url="https://ok.example/a")
    line = SummaryLine(text=f"Officials said {payload} on Monday.", source=ref, also=(also,))
    entry = TimelineEntry(date="2024-03-04", precision=Precision.DAY, summary=(line,), sources=(ref, also))
    return Timeline(entries=(entry,), undated=(SummaryLine(text=payload, source=ref),))


@pytest.mark.parametrize("name", PAYLOADS)
def test_timeline_renderers_are_safe_for_each_payload(name):
    payload = PAYLOADS[name]
    t = _timeline(payload)
    text = render.timeline_text(t)
    assert_terminal_safe(text)
    html = assert_markdown_safe(render.timeline_md(t))
    assert 'href="https://ok.example/a"' in html  # a safe link stays a link
    rows = assert_csv_safe(render.timeline_csv(t))
    assert len(rows) == 3
    data = assert_json_safe(render.dumps(render.timeline_json(t)))
    assert data["entries"][0]["sources"][0]["title"] == payload  # JSON keeps the exact text
    for word in visible(payload).split():
        assert word in text and word in html, f"{word!r} lost"


def test_markdown_keeps_the_text_readable_and_http_links():
    t = _timeline("<b>Rafah</b> & [Gaza](javascript:x)")
    md = render.timeline_md(t)
    html = assert_markdown_safe(md)
    assert "&lt;b&gt;Rafah&lt;/b&gt; &amp; [Gaza](javascript:x)" in html  # shown as written, not run
    good = SourceRef(article="a1", start=0, end=5, source="Wire (AP)", url="https://x.example/a?q=(1)&r='x'")
    line = SummaryLine(text="Talks began.", source=good)
    md = render.timeline_md(Timeline(entries=(TimelineEntry(date="2024-03-04", precision=Precision.DAY,
                                                            summary=(line,), sources=(good,)),)))
    html = assert_markdown_safe(md)
    assert 'href="https://x.example/a?q=%281%29&amp;r=%27x%27"' in html and ">Wire (AP)</a>" in html


def test_csv_neutralises_formulas_but_keeps_numbers():
    from dateline.render.csv import write_csv

    rows = assert_csv_safe(write_csv(["a", "b", "c"], [["=1+2", -3, "-4.5"], ["\t@x", 2.5, "+"]]))
    assert rows[1:] == [["'=1+2", "-3", "-4.5"], ["'\t@x", "2.5", "'+"]]


# -- every command, every format ----------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", LIST_COMMANDS + ["timeline"])
def test_every_command_and_format_is_safe(hostile, command, fmt):
    db, _ = hostile
    more = ["--max-dates", "300", "--per-date", "5"] if command == "timeline" else []  # every article's lines
    result = run(command, "--db", db, "--format", fmt, *more)
    assert result.exit_code == 0, result.output
    got = check(fmt, result.stdout)
    assert_terminal_safe(result.stderr)
    if fmt == "json":
        assert got, "an empty listing checks nothing"


@pytest.mark.parametrize("command", ["articles", "entities", "events", "quotes"])
def test_tables_print_markup_literally_and_whole(hostile, command):
    db, _ = hostile
    out = run(command, "--db", db).stdout
    # the key column of each of these listings carries every payload: markup is printed as
    # written, and short words stay whole at 80 columns
    for literal in ("[/caption]", "[bold]loud[/bold]", "&#106;avascript:x"):
        assert literal in out, f"{command}: {literal!r} not shown as written"
    for name in ("ansi_colour", "ansi_clear", "osc_link", "osc_title", "csi_8bit", "terminal_reset"):
        assert visible(PAYLOADS[name]) in out, f"{command}: the text of {name} lost"


def test_the_claims_table_prints_outlets_literally(hostile):
    # the claims table's key column is what a group counts, in words, not the payload-carrying key;
    # the payloads reach it as outlets, shown as written once the table is wide enough for them whole
    db, _ = hostile
    out = run("claims", "--db", db, env={"COLUMNS": "200"}).stdout
    for literal in ("[/caption]", "[bold]loud[/bold]", "&#106;avascript:x"):
        assert literal in out, f"claims: {literal!r} not shown as written"
    assert "count|" not in out  # no machine key


def test_story_labels_print_literally(hostile):
    db, _ = hostile
    labels = [s["label"] for s in assert_json_safe(run("stories", "--db", db, "--format", "json").stdout)]
    out = run("stories", "--db", db, env={"COLUMNS": "200"}).stdout  # wide: a label of a dozen words unwrapped
    assert labels and all(label.split(":")[0] in out for label in labels)  # "rich_bold: [bold]..." etc.
    for label in labels:
        if "[bold]loud[/bold]" in label or "[/caption]" in label:
            assert label in out


@pytest.mark.parametrize("fmt", ["text", "md", "json"])
def test_show_is_safe_for_every_article(hostile, fmt):
    db, docs = hostile
    for doc in docs:
        result = run("show", doc.article.id[:8], "--db", db, "--format", fmt)
        assert result.exit_code == 0, result.output
        got = check(fmt, result.stdout)
        if fmt == "json":
            assert got["article"]["text"] == doc.article.text  # exact, offsets still valid
        else:
            for word in visible(doc.article.source).split():
                assert word in got


@pytest.mark.parametrize("fmt", ["csv", "html"])
def test_show_refuses_what_it_cannot_write(hostile, fmt):
    db, docs = hostile
    result = run("show", docs[0].article.id, "--db", db, "--format", fmt)
    assert result.exit_code == 1
    assert f"--format {fmt}" in result.output and "text, md or json" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_format_a_command_cannot_write_is_one_line(hostile):
    db, _ = hostile
    result = run("quotes", "--db", db, "--format", "html")
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1
    assert "--format html" in result.output and result.stdout == ""


# -- regressions: each failed before this change -----------------------------------------------


def test_caption_shortcode_in_a_quote_does_not_crash(hostile):
    db, _ = hostile
    result = run("quotes", "--db", db, "--format", "text")
    assert result.exit_code == 0 and "MarkupError" not in result.output
    assert "[/caption]" in result.stdout


@pytest.mark.parametrize("name", ["ansi_colour", "osc_link", "osc_title", "csi_8bit", "terminal_reset"])
def test_escape_sequences_never_reach_the_terminal(hostile, name):
    db, docs = hostile
    doc = next(d for d in docs if d.article.origin == f"hostile/{name}.json")
    shown = run("show", doc.article.id, "--db", db)
    assert shown.exit_code == 0
    assert_terminal_safe(shown.output)
    timeline = run("timeline", "--db", db)
    assert_terminal_safe(timeline.output)
    assert "Monday" in shown.stdout and "\x1b" not in timeline.stdout


def test_messages_echoing_user_input_are_literal_and_clean(hostile):
    db, _ = hostile
    result = run("show", "[/x]\x1b[31m[bold]nope", "--db", db)
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1
    assert_terminal_safe(result.output)
    assert "[/x]" in result.output and "[bold]nope" in result.output


# -- -o --------------------------------------------------------------------------------------


def test_output_to_a_directory_is_one_line(hostile, tmp_path):
    db, _ = hostile
    for command in ("timeline", "articles"):
        result = run(command, "--db", db, "-o", tmp_path)
        assert result.exit_code == 1, result.output
        assert "directory" in result.output and len(result.output.strip().splitlines()) == 1


def test_output_whose_folder_cannot_be_made_is_one_line(hostile, tmp_path):
    db, _ = hostile
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    result = run("timeline", "--db", db, "--format", "md", "-o", blocker / "sub" / "t.md")
    assert result.exit_code == 1, result.output
    assert "cannot write" in result.output and len(result.output.strip().splitlines()) == 1


def test_output_file_gets_the_same_safe_text(hostile, tmp_path):
    db, _ = hostile
    out = tmp_path / "deep" / "t.csv"
    result = run("timeline", "--db", db, "--format", "csv", "-o", out)
    assert result.exit_code == 0 and "wrote" in result.stderr
    rows = assert_csv_safe(out.read_text(encoding="utf-8"))
    assert len(rows) > 1


def test_ingest_messages_show_a_hostile_file_name_literally(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "[bold]\x1b[31mred.jsonl").write_text("{not json\n")
    result = run("ingest", folder, "--db", tmp_path / "s.db")
    assert result.exit_code == 1
    assert_terminal_safe(result.output)
    assert "[bold]red.jsonl:1" in result.output and "0 ingested" in result.output
    missing = run("ingest", tmp_path / "[bold]\x1b]0;t\x07.txt", "--db", tmp_path / "s.db")
    assert missing.exit_code == 1 and "[bold].txt" in missing.output
    assert_terminal_safe(missing.output)
