"""One impossible date in one article used to make every timeline of the store raise."""

from __future__ import annotations

from dateline.pipeline import ingest
from dateline.timeline import build_timeline

ARTICLES = {
    "a.txt": "date: 2024-03-05\n\nThe harbour board met on February 30, 2024 to discuss the new pier. "
             "Officials said the pier would open on March 12, 2024. The mayor visited the site on Monday.",
    "b.txt": "date: 2024-03-06\n\nWork on the new pier continued on Tuesday, the mayor said. The pier is due "
             "to open on March 12, 2024, after the board approved it on February 30, 2024.",
}


def test_a_store_with_an_impossible_date_still_builds_its_timeline(tmp_path, store, settings):
    folder = tmp_path / "news"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    report = ingest([folder], store, settings)
    assert report.ingested == 2 and report.rejected == []
    for article_id in report.new_ids:
        assert all("-02-30" not in t.value for t in store.load_document(article_id).timexes)
    timeline = build_timeline(store, settings)
    # the article with the impossible date still gives its lines: the mayor's Monday visit (the pier's
    # opening on March 12 is a plan, a line of the day it was told, not of March 12: issue 16's rubric)
    dates = [e.date for e in timeline.entries]
    assert "2024-03-04" in dates and not any("-02-30" in d for d in dates)
