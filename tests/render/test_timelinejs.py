"""TimelineJS3 export: dates as TimelineJS reads them, citations in the text, groups by story, nothing unescaped."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from dateline.cli import app as cli
from dateline.model import (
    EntityKind,
    EntryParticipant,
    Precision,
    SourceRef,
    StoryRef,
    SummaryLine,
    Timeline,
    TimelineEntry,
)
from dateline.render import timeline_timelinejs

EVIL = "Crews <script>alert(1)</script> reopened the bridge & the quay on Monday."


def _timeline() -> Timeline:
    ref = SourceRef("a1", 0, len(EVIL), url="https://harbour.example/a?x=<1>", source="Harbour <Courier>",
                    published="2025-03-03")
    other = SourceRef("b2", 4, 30, url="javascript:alert(2)", origin="/in/wire.jsonl:4")
    day = TimelineEntry(date="2025-03-03", precision=Precision.DAY, sources=(ref, other),
                        summary=(SummaryLine(EVIL, ref, also=(other,), display="[Osk] " + EVIL),),
                        participants=(EntryParticipant("ent_1", "Petra <Osk>", EntityKind.PERSON),),
                        story=StoryRef("s00001", "Bridge <collapse>"))
    month = TimelineEntry(date="2025-05", precision=Precision.MONTH, background=True, sources=(ref,),
                          summary=(SummaryLine("Work begins in May.", ref),))
    undated = SummaryLine("No date here.", SourceRef("c3", 0, 13))
    return Timeline(entries=(day, month), undated=(undated,))


def test_events_carry_dates_headlines_citations_and_groups():
    data = timeline_timelinejs(_timeline(), title="Velmora <bridge>")
    assert data["title"]["text"]["headline"] == "Velmora &lt;bridge&gt;"
    day, month = data["events"]
    assert day["start_date"] == {"year": "2025", "month": "3", "day": "3"}
    assert month["start_date"] == {"year": "2025", "month": "5"}
    assert day["group"] == "Bridge &lt;collapse&gt;"
    text = day["text"]["text"]
    assert 'data-article="a1" data-start="0"' in text and "Harbour &lt;Courier&gt;</a>, 2025-03-03" in text
    assert "wire.jsonl:4" in text  # a source with no outlet is named by its file
    assert "[Osk]" in day["text"]["headline"]  # what is shown is the display text
    assert "Background" in month["text"]["text"]
    assert len(data["events"]) == 2  # the undated line has no place on a TimelineJS timeline


def test_nothing_from_the_articles_is_left_as_markup():
    data = json.dumps(timeline_timelinejs(_timeline()))
    assert "<script>" not in data and "&lt;script&gt;" in data
    assert "javascript:" not in data  # only http(s) URLs become links
    assert 'href=\\"https://harbour.example/a?x=&lt;1&gt;\\"' in data


def test_the_cli_writes_one_event_per_dated_entry(seeds_db):
    result = CliRunner().invoke(cli, ["timeline", "--db", str(seeds_db), "--format", "timelinejs"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    plain = json.loads(CliRunner().invoke(cli, ["timeline", "--db", str(seeds_db), "--format", "json"]).stdout)
    assert len(data["events"]) == len(plain["entries"]) > 0
    assert all(e["start_date"]["year"] and e["text"]["headline"] and "<cite" in e["text"]["text"]
               for e in data["events"])
    assert {e.get("group") for e in data["events"]} - {None}  # grouped by story
