"""`make demo`'s promise: the served demo store shows the story with participants, quotes and the conflicting figure."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from dateline.pipeline import ingest
from dateline.settings import Settings
from dateline.store import Store
from dateline.web import create_app

from .support import REPO
from .test_safety import runnable


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    with Store(db) as store:
        report = ingest([REPO / "examples" / "articles"], store, Settings(db_path=db, progress=False))
    assert report.ingested >= 6
    with TestClient(create_app(db, upload=False), base_url="http://127.0.0.1") as client:
        yield client


def test_the_demo_page_shows_participants_quotes_and_the_conflicting_figure(demo):
    page = demo.get("/").text
    assert runnable(page) == []
    assert 'class="participant person"' in page and "Petra Osk" in page
    assert '<li class="quote">' in page
    data = demo.get("/api/timeline").json()
    conflicts = [d for d in data["disagreements"] if d["conflict"]]
    assert conflicts, "the demo corpus gives two figures for one count"
    figures = {s["text"] for s in conflicts[0]["sides"]}
    assert {"More than 10,000", "nearly 12,000"} <= figures
    # and the timeline page itself shows them side by side, conflict first
    summary = page.split('class="disagree-summary has-conflict"')[1].split("</aside>")[0]
    assert "More than 10,000" in summary and "nearly 12,000" in summary and "conflict" in summary


def test_the_demo_names_each_outlet_once(demo):
    # the demo's Harbour Courier comes as a CSV record with its outlet and as a file named after it:
    # one outlet, named one way, and no page cites a file name where an outlet is meant
    page = demo.get("/").text
    outlets = {o for e in demo.get("/api/timeline").json()["entries"] for o in e["outlets"]}
    assert "Harbour Courier" in outlets
    assert not [o for o in outlets if o.endswith((".txt", ".md", ".html", ".jsonl", ".csv"))]
    assert "01_harbour-courier.txt" not in page and "Harbour Courier" in page
