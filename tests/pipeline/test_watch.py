"""Following a story: `dateline watch` polls a feed, a sitemap and a folder served on 127.0.0.1 as they grow."""

from __future__ import annotations

import pytest
from feedsite import REPORTS, Site
from typer.testing import CliRunner

from dateline.cli import app as cli
from dateline.pipeline.watch import Watcher, listed_urls, watch
from dateline.settings import Settings
from dateline.store import Store


class Clock:
    """Time that moves only when the watch sleeps: polls without waiting."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def _titles(db) -> list[str]:
    with Store(db) as store:
        return sorted(a.title for a in store.iter_articles())


def test_a_growing_feed_is_followed_poll_by_poll(tmp_path):
    db = tmp_path / "w.db"
    with Site() as site, Store(db) as store:
        site.add(0)
        clock = Clock()
        grown = []

        def between_polls(report):  # the site publishes a report after each of the first two polls
            if len(grown) < 2:
                site.add(len(grown) + 1)
                grown.append(report.number)

        reports = watch([f"{site.url}/feed.rss"], store, Settings(db_path=db), interval=60, max_polls=4,
                        clock=clock, sleep=clock.sleep, on_report=between_polls)
        assert [r.new[f"{site.url}/feed.rss"] for r in reports] == [1, 1, 1, 0]
        assert [r.ingest.ingested if r.ingest else 0 for r in reports] == [1, 1, 1, 0]
        assert clock.now == 180  # slept one interval between polls, not after the last
        pages = [p for p in site.requests if p.startswith("/news/")]
        assert sorted(pages) == ["/news/0", "/news/1", "/news/2"]  # each page fetched once
        articles = list(store.iter_articles())
    assert sorted(a.title for a in articles) == sorted(title for _, title, _ in REPORTS)
    assert {a.source for a in articles} == {"Coast Post"}
    assert all(a.url.startswith(site.url + "/news/") for a in articles)  # each page keeps its URL
    assert {a.published.isoformat() for a in articles} == {day for day, _, _ in REPORTS}


def test_a_sitemap_and_a_feed_of_the_same_pages_store_each_once(tmp_path):
    db = tmp_path / "s.db"
    with Site() as site, Store(db) as store:
        site.add(0)
        site.add(1)
        clock = Clock()
        reports = watch([f"{site.url}/sitemap.xml", f"{site.url}/feed.rss"], store, Settings(db_path=db),
                        interval=30, max_polls=1, clock=clock, sleep=clock.sleep)
        assert reports[0].ingest.ingested == 2 and reports[0].ingest.duplicates == 2  # dedup as always
        assert len(list(store.iter_articles())) == 2


def test_a_failing_source_is_one_line_and_backs_off_and_a_broken_page_is_tried_again(tmp_path):
    db = tmp_path / "f.db"
    with Site() as site, Store(db) as store:
        site.add(0)
        site.add(1)
        site.broken.add("/news/1")
        watcher = Watcher([f"{site.url}/missing.rss", f"{site.url}/feed.rss"], store, Settings(db_path=db),
                          interval=10)
        first = watcher.poll(0.0)
        assert [line.split(": ")[0] for line in first.failed] == [f"{site.url}/missing.rss", f"{site.url}/news/1"]
        assert "HTTP 404" in first.failed[0] and "asked again in 20 s" in first.failed[0]
        assert first.ingest.ingested == 1
        site.broken.clear()
        second = watcher.poll(10.0)  # the feed is due again, the failing source not yet
        assert f"{site.url}/missing.rss" not in second.new and second.ingest.ingested == 1
        asked = site.requests.count("/missing.rss")
        third = watcher.poll(20.0)  # now it is asked again, fails again, and waits longer
        assert site.requests.count("/missing.rss") == asked + 1 and "in 40 s" in third.failed[0]
        assert len(third.lines()) == 2 and third.lines()[-1].startswith("poll 3: 0 new")


def test_a_folder_is_watched_for_new_and_changed_files(tmp_path):
    db, folder = tmp_path / "d.db", tmp_path / "drop"
    folder.mkdir()
    (folder / "01_coast-post.txt").write_text(" date 2025-06-02 \n" + REPORTS[0][2] + "\n", encoding="utf-8")
    with Store(db) as store:
        watcher = Watcher([str(folder)], store, Settings(db_path=db), interval=5)
        assert watcher.poll(0).ingest.ingested == 1
        assert watcher.poll(5).ingest is None  # nothing new: no ingest at all
        (folder / "02_coast-post.txt").write_text(" date 2025-06-04 \n" + REPORTS[1][2] + "\n", encoding="utf-8")
        third = watcher.poll(10)
        assert third.new == {str(folder): 1} and third.ingest.ingested == 1
        assert {a.source for a in store.iter_articles()} == {"Coast Post"}  # named by the file rule


def test_the_seen_pages_survive_a_restart(tmp_path):
    db = tmp_path / "r.db"
    with Site() as site:
        site.add(0)
        with Store(db) as store:
            Watcher([f"{site.url}/feed.rss"], store, Settings(db_path=db), interval=5).poll(0)
        with Store(db) as store:
            again = Watcher([f"{site.url}/feed.rss"], store, Settings(db_path=db), interval=5).poll(0)
        assert again.new == {f"{site.url}/feed.rss": 0} and site.requests.count("/news/0") == 1


@pytest.mark.parametrize("data,kind", [
    (b'<?xml version="1.0"?><urlset><url><loc>https://a.example/1</loc></url></urlset>', "sitemap"),
    (b'<sitemapindex><sitemap><loc>https://a.example/s1.xml</loc></sitemap></sitemapindex>', "sitemapindex"),
    (b'<rss version="2.0"><channel><item><link>https://a.example/2</link></item></channel></rss>', "feed"),
])
def test_listings_are_told_apart(data, kind):
    assert listed_urls(data)[0] == kind


@pytest.mark.parametrize("data", [b"<html><body>a page</body></html>", b"not xml at all", b"<rss></rss>"])
def test_a_listing_that_lists_nothing_is_refused(data):
    with pytest.raises(ValueError):
        listed_urls(data)


def test_the_cli_follows_a_feed_and_stops_by_itself(tmp_path):
    db = tmp_path / "c.db"
    with Site() as site:
        site.add(0)
        result = CliRunner().invoke(cli, ["watch", f"{site.url}/feed.rss", "--db", str(db), "--interval", "1",
                                          "--max-polls", "2"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("poll 1: 1 new from 1 source; 1 ingested")
    assert lines[-1] == "poll 2: 0 new from 1 source"
    assert _titles(db) == [REPORTS[0][1]]


def test_the_cli_refuses_what_it_cannot_watch(tmp_path):
    result = CliRunner().invoke(cli, ["watch", "ftp://x.example/feed", "--db", str(tmp_path / "x.db"),
                                      "--max-polls", "1"])
    assert result.exit_code == 1 and "http(s) URL" in result.output and "Traceback" not in result.output
