import csv
import io
import json

from dateline import render
from dateline.model import Precision, SourceRef, SummaryLine, Timeline, TimelineEntry

TEXT = 'Officials met in <Cairo> & talked. "Progress," one said.'


def _timeline():
    ref = SourceRef(article="a1", start=0, end=34, title="T <1>", source="Outlet & Co", url="https://x.example/1")
    also = SourceRef(article="b2", start=5, end=20, source="Other")
    line = SummaryLine(text=TEXT[0:34], source=ref, also=(also,))
    entry = TimelineEntry(date="2024-02-06", precision=Precision.DAY, summary=(line,), sources=(ref, also))
    undated = SummaryLine(text=TEXT[35:], source=SourceRef(article="a1", start=35, end=len(TEXT)))
    return Timeline(entries=(entry,), undated=(undated,))


def test_json_shape_is_the_documented_contract():
    data = json.loads(json.dumps(render.timeline_json(_timeline())))
    assert data["version"] == 2
    assert set(data) == {"version", "entries", "undated", "disagreements"}
    (entry,) = data["entries"]
    assert {"date", "precision", "summary", "sources", "background", "score"} <= set(entry)
    assert entry["summary"] == [TEXT[0:34]]
    first, second = entry["sources"]
    version_1 = {"article": "a1", "title": "T <1>", "url": "https://x.example/1", "source": "Outlet & Co",
                 "published": None, "start": 0, "end": 34, "line": 0, "primary": True}
    assert {k: first[k] for k in version_1} == version_1  # version 2 only adds fields
    assert first["outlet"] == "Outlet & Co"
    assert second["article"] == "b2" and second["primary"] is False and second["line"] == 0
    assert data["undated"][0]["text"] == TEXT[35:] and data["undated"][0]["start"] == 35


def test_html_is_self_contained_escaped_and_linked():
    page = render.timeline_html(_timeline(), {"a1": TEXT, "b2": "xxxxx<b>Other report</b> text"}.get)
    assert "<Cairo>" not in page and "&lt;Cairo&gt;" in page
    assert "<b>Other" not in page
    assert 'href="#s-a1-0-34"' in page and 'id="s-a1-0-34"' in page
    assert "://" not in page.split("<body>")[0]  # nothing fetched at view time
    assert page.count("<script") == 1 and "<script src" not in page  # its own script, inline, nothing loaded


def test_text_md_csv_carry_every_line():
    t = _timeline()
    assert TEXT[0:34] in render.timeline_text(t) and "Outlet & Co, Other" in render.timeline_text(t)
    assert "## Tuesday 6 February 2024" in render.timeline_md(t)
    rows = list(csv.DictReader(io.StringIO(render.timeline_csv(t))))
    assert [r["text"] for r in rows] == [TEXT[0:34], TEXT[35:]]
    assert rows[0]["also"] == "b2:5-20"


def test_readable_dates_and_outlet_fallbacks():
    assert render.readable_date("2025-03-02") == "Sunday 2 March 2025"
    assert render.readable_date("2025-03") == "March 2025"
    assert render.readable_date("2025") == "2025"
    assert render.outlet(SourceRef(article="abcdef123", start=0, end=1, url="https://www.example.org/x")) == "example.org"
    assert render.outlet(SourceRef(article="abcdef123", start=0, end=1, title="A title")) == "A title"
    # no outlet and no site: the file it was read from, never the article's hash
    ref = SourceRef(article="abcdef123", start=0, end=1, title="A title", origin="/in/wire/feed.jsonl:7")
    assert render.outlet(ref) == "feed.jsonl:7"
    assert render.outlet(SourceRef(article="abcdef123", start=0, end=1)) == "unnamed source"
    assert render.outlet(SourceRef(article="abcdef123", start=0, end=1, url="javascript:alert(1)")) != "alert(1)"


def test_untitled_sources_are_headed_by_their_opening_words():
    t = _timeline()
    page = render.timeline_html(t, {"a1": TEXT, "b2": "Crews reopened the bridge to cyclists on a bright morning in spring."}.get)
    assert "<h2>Other</h2>" in page  # an outlet name when there is no title
    untitled = Timeline(entries=(), undated=(SummaryLine(text="Crews", source=SourceRef(article="c3", start=0, end=5)),))
    page = render.timeline_html(untitled, {"c3": "Crews reopened the bridge to cyclists on a bright morning in spring."}.get)
    assert "<h2>Crews reopened the bridge to cyclists on a bright morning …</h2>" in page
