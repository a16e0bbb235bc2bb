"""`dateline eval linedates`: scoring on a tiny judged set written here, and the gate on the shared one."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from dateline.eval import linedates
from dateline.eval.gate import check_floors, checksum
from dateline.model import Article, Document, content_id
from dateline.pipeline.stages import _stage
from dateline.settings import Settings

REPO = Path(__file__).resolve().parents[2]
BENCH = REPO.parent / "shared" / "benchmarks"
BASELINE = REPO / "tests" / "eval_baselines" / "linedates.json"

# Invented: a dated main event, a subordinate date under an undated saying, a "next day", a state.
RAW = ("The harbour council approved the new breakwater on Tuesday. "
       "Divers inspected the old pier the next day. "
       "The mayor added that the wall would withstand a surge like the one that flooded the quay on 2 March. "
       "The quay is the oldest in the province.")
PUBLISHED = date(2011, 3, 10)  # a Thursday


def _document(text: str) -> Document:
    settings = Settings()
    doc = Document(article=Article(id=content_id(text), text=text, published=PUBLISHED))
    for name in ("sentences", "timexes", "parse", "attachments"):
        doc = _stage(name, settings)(doc)
    return doc


def _items(tmp_path: Path) -> tuple[list[linedates.Item], Path]:
    bench = tmp_path / "bench"
    f = bench / "t17" / "quay_test" / "InputDocs" / "2011-03-10" / "1.htm.txt"
    f.parent.mkdir(parents=True)
    f.write_text(RAW, encoding="utf-8")
    spans = [(0, RAW.index(" Divers"))]
    for opener in ("Divers", "The mayor", "The quay is"):
        start = RAW.index(opener)
        end = RAW.find(". ", start)
        spans.append((start, end + 1 if end >= 0 else len(RAW)))
    days = [["2011-03-08"], ["2011-03-09"], ["2011-03-10"], []]
    rows = [{"id": f"ld-{n}", "file": str(f.relative_to(bench)), "start": s, "end": e, "published": "2011-03-10",
             "half": "tune" if n % 2 == 0 else "check", "stratum": "plain", "part": "store", "acceptable_days": d}
            for n, ((s, e), d) in enumerate(zip(spans, days))]
    path = tmp_path / "items.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return linedates.read_items(path), bench


def test_the_shipped_day_and_the_first_date_rule_are_scored_on_the_same_sentences(tmp_path):
    items, bench = _items(tmp_path)
    doc = _document(RAW)
    scored = linedates.score_documents(items, {items[0].record_id: doc}, bench)
    assert not scored.unmapped
    days = {i: d["shipped"] for i, d in scored.days.items()}
    first = {i: d["first-date"] for i, d in scored.days.items()}
    # the saying is filed under its own day, not under the flood's; "the next day" follows Tuesday
    assert days == {"ld-0": "2011-03-08", "ld-1": "2011-03-09", "ld-2": "2011-03-10", "ld-3": None}
    assert first["ld-2"] == "2011-03-02" and first["ld-3"] is None
    rows = {(r["method"], r["group"]): r for r in linedates.report_rows(items, scored, ("all", "half"))}
    assert rows[("shipped", "all")]["precision"] == 1.0 and rows[("shipped", "all")]["coverage"] == 1.0
    assert (rows[("first-date", "all")]["filed"], rows[("first-date", "all")]["right"]) == (3, 2)
    assert rows[("first-date-or-own-day", "all")]["null_filed"] == 1  # the state is filed under the own day
    assert {g for _, g in rows} == {"all", "half:tune", "half:check"}


def test_an_item_whose_text_is_not_in_the_store_is_reported_unmapped(tmp_path):
    items, bench = _items(tmp_path)
    other = _document("A different article about the weather in the hills was stored instead of it.")
    scored = linedates.score_documents(items, {items[0].record_id: other}, bench)
    assert len(scored.unmapped) == len(items) and not scored.days


@pytest.mark.slow
def test_the_gate_holds_on_the_judged_set(tmp_path):
    items_file = REPO / "benchmarks" / "judged" / "linedates" / "items.jsonl"
    if not (BENCH / "t17").is_dir():
        pytest.skip("no ../shared/benchmarks/t17")
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    assert checksum([items_file]) == baseline["checksum"], "the judged set changed: measure again and pin new floors"
    # the gate's subset (every 5th article by CRC32: about a minute of ingest); the full set by the CLI
    judged, scored = linedates.evaluate(items_file, BENCH, tmp_path, Settings(), every=baseline["every"])
    rows = linedates.report_rows(judged, scored, ("all", "half"))
    result = check_floors(linedates.gate_metrics(rows), BASELINE)
    assert result.ok, result.failures
