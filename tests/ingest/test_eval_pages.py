"""`dateline eval pages`: its scoring on a tiny benchmark built here, and the gate on the shared one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.eval.gate import check_floors, checksum
from dateline.eval.pages import Counts, evaluate_pages
from dateline.settings import Settings

REPO = Path(__file__).resolve().parents[2]
WEBPAGES = REPO.parent / "shared" / "benchmarks" / "webpages"
BASELINE = REPO / "tests" / "eval_baselines" / "pages.json"

STORY = ("The harbour board of Lakemouth reopened the eastern pier on Monday after six weeks of repairs. "
         "Fishing crews queued from dawn to land their first full catch since the storm in the spring. "
         "Engineers said the new concrete deck should last for forty years if it is kept clear of ice.")


def _page(title: str, head: str = "", extra: str = "") -> str:
    # each page tells the story its own way: the pages are neither copies nor share boilerplate lines
    paragraphs = "".join(f"<p>{title}: {s.lower()}.</p>" for s in STORY.split(". "))
    return (f"<html><head><title>{title}</title>{head}</head><body><nav>Home | Weather | Contact us</nav>"
            f"<article><h1>{title}</h1>{paragraphs}{extra}</article><footer>Subscribe to our newsletter</footer>"
            "</body></html>")


def _benchmark(root: Path) -> Path:
    (root / "dates" / "pages").mkdir(parents=True)
    (root / "text" / "pages").mkdir(parents=True)
    pages = {
        "dated.html": _page("Pier reopens", '<meta property="article:published_time" content="2024-03-18T09:00:00Z">'),
        "wrong.html": _page("Pier repairs", '<meta property="article:published_time" content="2024-02-01T09:00:00Z">'),
        "undated.html": _page("Pier news"),
    }
    gold = {name: {"date": "2024-03-18"} for name in pages}
    for name, html in pages.items():
        (root / "dates" / "pages" / name).write_text(html, encoding="utf-8")
    (root / "dates" / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    text = _page("Quay news", extra="<p>Tickets cost four crowns at the harbour office.</p>")
    (root / "text" / "pages" / "quay.html").write_text(text, encoding="utf-8")
    (root / "text" / "gold.json").write_text(json.dumps({"quay.html": {
        "with": ["reopened the eastern pier", "Tickets cost four crowns"],
        "without": ["Subscribe to our newsletter", "Home | Weather"]}}), encoding="utf-8")
    return root


def test_counts_give_the_libraries_scores():
    c = Counts(tp=8, fp=2, fn=2, tn=3)
    assert c.scores() == pytest.approx({"precision": 0.8, "recall": 0.8, "f1": 0.8, "accuracy": 11 / 15})
    assert Counts().scores()["f1"] == 0.0


def test_dateline_and_the_libraries_are_scored_on_the_same_pages(tmp_path):
    root = _benchmark(tmp_path / "webpages")
    report = evaluate_pages(root, tmp_path / "work", Settings())
    # the right day, a wrong day, none: one of each
    assert vars(report.dates["dateline"]) == {"tp": 1, "fp": 1, "fn": 1, "tn": 0}
    assert set(report.dates) == {"dateline", "htmldate fast", "htmldate extensive", "first ISO date"}
    assert vars(report.text["dateline"]) == {"tp": 2, "fp": 0, "fn": 0, "tn": 2}
    assert report.text["everything"].fp == 2  # the trivial baseline keeps the navigation too
    assert report.metrics()["date_f1"] == 0.5 and report.metrics()["text_f1"] == 1.0
    rows = {r["file"]: r for r in report.details if r["part"] == "dates"}
    assert rows["undated.html"]["dateline"] is None and rows["dated.html"]["source"] == "html"


@pytest.mark.slow
@pytest.mark.skipif(not WEBPAGES.is_dir(), reason="../shared/benchmarks/webpages is not available")
def test_the_pages_gate_holds(tmp_path):
    baseline = json.loads(BASELINE.read_text())
    files = sorted(p for part in ("dates", "text") for p in (WEBPAGES / part).rglob("*") if p.is_file())
    assert checksum(files) == baseline["checksum"], "the benchmark changed: measure again and pin new floors"
    report = evaluate_pages(WEBPAGES, tmp_path, Settings(), anchors=False)
    result = check_floors(report.metrics(), BASELINE)
    assert result.ok, result.failures
