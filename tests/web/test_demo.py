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


def test_the_demo_page_shows_participants_quotes_and_no_false_conflict(demo):
    page = demo.get("/").text
    assert runnable(page) == []
    assert 'class="participant person"' in page and "Petra Osk" in page
    assert '<li class="quote">' in page
    data = demo.get("/api/timeline").json()
    # the demo's figures count different things ("more than 10,000" who left, "nearly 12,000" forced from
    # their homes, a ferry's and a pontoon's daily capacity): none is set against another as a conflict
    assert not [d for d in data["disagreements"] if d["conflict"]]
    assert 'class="disagree-summary has-conflict"' not in page
    assert "More than 10,000" in page and "nearly 12,000" in page  # the figures are still on the timeline


def test_the_demo_names_each_outlet_once(demo):
    # the demo's Harbour Courier comes as a CSV record with its outlet and as a file named after it:
    # one outlet, named one way, and no page cites a file name where an outlet is meant
    page = demo.get("/").text
    outlets = {o for e in demo.get("/api/timeline").json()["entries"] for o in e["outlets"]}
    assert "Harbour Courier" in outlets
    assert not [o for o in outlets if o.endswith((".txt", ".md", ".html", ".jsonl", ".csv"))]
    assert "01_harbour-courier.txt" not in page and "Harbour Courier" in page
