"""The TimelineJS export in the real TimelineJS client (npm @knight-lab/timelinejs 3.9, driven in chromium).

`.ci/run` installs the package into build/npm (never committed); without it, or without
chromium and Playwright, these tests skip. Every slide is shown in turn, so every
headline, text, date and group label the viewer writes into the page has been written.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli import app as cli
from dateline.model import Precision, SourceRef, StoryRef, SummaryLine, Timeline, TimelineEntry
from dateline.render import timeline_timelinejs

from .support import REPO, copy_store, shot

pytestmark = pytest.mark.xdist_group("browser")

PACKAGE = REPO / "build" / "npm" / "node_modules" / "@knight-lab" / "timelinejs"
# labels a story can carry (its first article's title): raw markup, markup written as entities, both at once
EVIL_LABELS = ["<img src=x onerror=\"window.__xss='group-raw'\">Quay reopening",
               "&lt;img src=x onerror=window.__xss='group-encoded'&gt;Ferry timetable",
               html.escape("<img src=x onerror=\"window.__xss='group-escaped'\">") + "Harbour mouth",
               "&amp;lt;img src=x onerror=window.__xss='group-twice'&amp;gt;"]


@pytest.fixture(scope="module")
def timelinejs() -> Path:
    script = PACKAGE / "dist" / "js" / "timeline.js"
    if not script.is_file():
        pytest.skip("TimelineJS is not installed: npm install --prefix build/npm @knight-lab/timelinejs@3.9")
    version = json.loads((PACKAGE / "package.json").read_text())["version"]
    assert version.startswith("3.9."), version
    return PACKAGE


def viewer(folder: Path, data: dict, package: Path) -> str:
    """A page that shows ``data`` in TimelineJS, as a newsroom embeds it; returns its file:// URL."""
    blob = json.dumps(data).replace("</", "<\\/")  # inside <script>, as any embedding page must
    page = folder / "viewer.html"
    page.write_text(f"""<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="{(package / 'dist/css/timeline.css').as_uri()}">
<script src="{(package / 'dist/js/timeline.js').as_uri()}"></script></head>
<body><div id="tl" style="width:1000px;height:640px"></div>
<script>window.tl = new TL.Timeline("tl", {blob}, {{hash_bookmark: false}});</script></body></html>""",
                    encoding="utf-8")
    return page.as_uri()


def show_every_slide(pg, count: int) -> None:
    """Go to each slide in turn (the viewer builds a slide's HTML when it is shown), then back to the title."""
    pg.wait_for_selector(".tl-slide", timeout=30_000)
    for i in range(count + 1):
        pg.evaluate("i => window.tl.goTo(i)", i)
        pg.wait_for_timeout(60)
    pg.evaluate("window.tl.goTo(0)")
    pg.mouse.move(500, 500)
    pg.mouse.move(300, 600)


def _entry(day: str, text: str, story: StoryRef | None, *, background: bool = False) -> TimelineEntry:
    ref = SourceRef("a1", 0, len(text), url="javascript:window.__xss='url'", source="<b>Quay</b> &amp; Wire",
                    published=day)
    return TimelineEntry(date=day, precision=Precision.DAY if len(day) == 10 else Precision.MONTH,
                         summary=(SummaryLine(text, ref),), sources=(ref,), story=story, background=background)


def _evil_timeline() -> Timeline:
    lines = ["<script>window.__xss='line'</script> The quay reopened on Monday.",
             "&lt;img src=x onerror=window.__xss='line-encoded'&gt; Ferries resumed.",
             "<svg onload=window.__xss='svg'> Crews cleared the harbour mouth.",
             "A notice said \"><img src=x onerror=window.__xss='attr'> on the gate."]
    entries = [_entry(f"2025-03-0{i + 2}", text, StoryRef(f"s{i}", EVIL_LABELS[i]))
               for i, text in enumerate(lines)]
    return Timeline(entries=(*entries, _entry("2025-04", "Work goes on in April.", None, background=True)))


def test_the_injection_corpus_runs_nothing_in_timelinejs(timelinejs, browser, page, tmp_path):
    data = timeline_timelinejs(_evil_timeline(), title="<img src=x onerror=\"window.__xss='title'\">")
    page.goto(viewer(tmp_path, data, timelinejs))
    show_every_slide(page, len(data["events"]))
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.problems == []
    labels = page.locator(".tl-timegroup-message").all_inner_texts()
    # the labels' words are shown, their markup is not; a label of markup only is named plainly
    assert labels == ["Quay reopening", "Ferry timetable", "Harbour mouth", "Story", "Other reports"]
    assert page.locator(".tl-timegroup-message img, .tl-headline img, .tl-text-content img").count() == 0
    shot(page, "timelinejs-injection")


def test_the_check_sees_a_script_that_runs(timelinejs, browser, page, tmp_path):
    """The check above can fail: an entity-encoded group, as dateline used to write it, runs in this viewer."""
    data = {"events": [{"start_date": {"year": "2025"}, "text": {"headline": "x", "text": ""},
                        "group": html.escape("<img src=x onerror=\"window.__xss='old'\">")}]}
    page.goto(viewer(tmp_path, data, timelinejs))
    page.wait_for_timeout(1500)
    assert page.evaluate("window.__xss") == "old"


def test_the_served_corpus_exported_as_timelinejs_runs_nothing(timelinejs, browser, page, story_db, tmp_path):
    db = copy_store(story_db, tmp_path / "copy.db")
    out = tmp_path / "timeline.json"
    result = CliRunner().invoke(cli, ["timeline", "--db", str(db), "--format", "timelinejs", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert "Harbour ferry" in json.dumps(data)  # the payloads' story is on it, its label in words
    page.goto(viewer(tmp_path, data, timelinejs))
    show_every_slide(page, len(data["events"]))
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.problems == []
    title = page.locator(".tl-slide-titleslide .tl-headline").inner_text()
    assert title and page.locator(".tl-slide-titleslide .tl-text-content").inner_text().count(" to ") == 1
    shot(page, "timelinejs-seeds")
