"""TimelineJS3 export: dates as TimelineJS reads them, citations in the text, groups by story, nothing unescaped."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

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
from dateline.render.timelinejs import cut_words

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
    # one story: the title slide is its label, with the span of the dated entries and the outlets
    assert data["title"]["text"]["headline"] == "Bridge &lt;collapse&gt;"
    assert data["title"]["text"]["text"] == "<p>Monday 3 March 2025 to May 2025 · 2 outlets</p>"
    day, month = data["events"]
    assert day["start_date"] == {"year": "2025", "month": "3", "day": "3"}
    assert month["start_date"] == {"year": "2025", "month": "5"}
    # one story, so the rows are the main thread and the background
    assert (day["group"], month["group"]) == ("Key dates", "Background")
    text = day["text"]["text"]
    assert 'data-article="a1" data-start="0"' in text and "Harbour &lt;Courier&gt;</a>, 2025-03-03" in text
    assert "wire.jsonl:4" in text  # a source with no outlet is named by its file
    assert "[Osk]" in day["text"]["headline"]  # what is shown is the display text
    assert "Background" in month["text"]["text"]
    assert len(data["events"]) == 2  # the undated line has no place on a TimelineJS timeline


def test_several_stories_get_one_plain_group_each():
    base = _timeline()
    ref = base.entries[0].sources[0]
    other = TimelineEntry(date="2025-03-09", precision=Precision.DAY, sources=(ref,),
                          summary=(SummaryLine("Ferries ran again.", ref),),
                          story=StoryRef("s00002", "&lt;img src=x onerror=alert(1)&gt;Ferry &amp; quay"))
    twin = replace(other, date="2025-03-10", story=StoryRef("s00003", "Ferry & quay"))
    data = timeline_timelinejs(replace(base, entries=(*base.entries, other, twin)))
    groups = [e["group"] for e in data["events"]]
    # "<collapse>" reads as a tag and goes, like the markup of the others
    assert groups == ["Bridge", "Other reports", "Ferry and quay", "Ferry and quay (2)"]
    assert not any(c in g for g in groups for c in "<>&")


@pytest.mark.parametrize("text,limit,cut", [
    ("The old bridge in the port city collapsed on Sunday night", 30, "The old bridge in the port…"),
    ("Short enough.", 30, "Short enough."),
    ("Exactly ten", 11, "Exactly ten"),
    ("Supercalifragilistic", 8, "Superca…"),  # one long word is cut inside, there is no boundary
])
def test_headlines_are_cut_at_word_boundaries(text, limit, cut):
    assert cut_words(text, limit) == cut and len(cut) <= limit


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
