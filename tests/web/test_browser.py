"""The story desk in a real browser: Playwright driving Debian's chromium, one server and one store per session.

Skips when Playwright (pip install dateline[browser]) or /usr/bin/chromium is missing.
Screenshots land in build/screenshots/ for a reader to look at.
"""

from __future__ import annotations

import re
import shutil
import sqlite3

import pytest
from typer.testing import CliRunner

from dateline.cli import app as cli

from .support import SCREENSHOTS, shot

pytestmark = pytest.mark.xdist_group("browser")  # one worker holds the browser and the server

UPLOAD = (" date 2025-02-11 \nFerry crews in the port of Lindholm resumed the island crossing on Tuesday after a "
          "week of storms, the operator said. Tickets went on sale again on Tuesday morning.\n")


def entry(pg, day: str):
    return pg.locator(f'article.entry[data-date="{day}"]')


def test_the_seeds_timeline_shows_who_took_part(server, page):
    page.goto(server.url + "/")
    march = entry(page, "2024-03-21")
    people = march.locator("li.participant").all_inner_texts()
    assert any("Antony Blinken" in p for p in people) and any("Sis" in p for p in people)
    assert "2 outlets" in march.locator(".count").inner_text()
    assert page.get_by_text("[Blinken] travelled", exact=False).count() == 1
    shot(page, "timeline")
    assert page.problems == []


def test_filter_by_an_entity_in_any_spelling(server, page):
    page.goto(server.url + "/")
    everything = page.locator("article.entry").count()
    page.fill("#f-entity", "El-Sisi")
    page.press("#f-entity", "Enter")
    page.wait_for_url(re.compile(r"entity=El-Sisi"))
    shown = page.locator("article.entry")
    assert 0 < shown.count() < everything
    for i in range(shown.count()):
        assert "sisi" in shown.nth(i).get_attribute("data-names")
    shot(page, "timeline-filtered-by-entity")


def test_clicking_a_line_opens_its_sentence_highlighted_in_every_outlet(server, page):
    page.goto(server.url + "/")
    line = entry(page, "2024-03-21").locator("details.line").first
    line.locator("summary").click()
    marks = line.locator("mark.cited")
    assert marks.count() == 2  # the line and the other outlet's report of it
    text = line.locator("summary .text").inner_text()
    assert marks.first.inner_text() == text and marks.first.is_visible()
    shot(page, "line-with-source-sentence")
    with page.expect_navigation():
        line.locator("blockquote footer a").first.click()
    # the layers cut the sentence into runs; together they are the cited sentence, the first one anchored
    cited = "".join(m.text_content() for m in page.locator("mark.cited").all())
    assert cited == text and page.url.endswith("#" + page.locator("mark.cited[id]").get_attribute("id"))
    shot(page, "article-with-cited-sentence")


def test_the_disagreements_page_shows_the_rafah_figures(server, page):
    page.goto(server.url + "/disagreements")
    rafah = page.locator("section.disagreement", has_text="Rafah")
    figures = rafah.locator("td.figure").all_inner_texts()
    assert sorted(figures) == ["More than 1 million", "more than 1.4 million", "nearly 1.5 million"]
    outlets = rafah.locator("tbody tr td:nth-child(2)").all_inner_texts()
    assert len(set(outlets)) == 3
    shot(page, "disagreements-rafah")


def test_a_dropped_file_is_ingested_and_shows_on_the_timeline(server, page):
    page.goto(server.url + "/add")
    page.evaluate("""([name, text]) => {
        const data = new DataTransfer();
        data.items.add(new File([text], name, {type: "text/plain"}));
        document.getElementById("dropzone").dispatchEvent(
            new DragEvent("drop", {dataTransfer: data, bubbles: true, cancelable: true}));
    }""", ["lindholm-ferry.txt", UPLOAD])
    page.wait_for_selector("#upload-done:not([hidden])", timeout=120_000)
    assert "1 ingested" in page.inner_text("#upload-status")
    links = page.locator("#upload-articles a")
    assert links.count() == 1 and links.first.get_attribute("href").startswith("/article/")
    shot(page, "upload-done")
    with page.expect_navigation():
        links.first.click()
    assert "port of Lindholm" in page.inner_text(".article-text")
    assert "lindholm-ferry.txt" in page.inner_text("dl.facts") and "/tmp" not in page.inner_text("main")
    page.goto(server.url + "/?since=2025-02")
    assert page.get_by_text("port of Lindholm", exact=False).count() >= 1
    assert "Lindholm Ferry" in page.inner_text("main")  # named by its file, in words
    shot(page, "upload-on-timeline")


def test_keyboard_moves_and_aria_labels(server, page):
    page.goto(server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("j")
    first = page.evaluate("document.activeElement.id")
    page.keyboard.press("j")
    second = page.evaluate("document.activeElement.id")
    assert first and second and first != second and second.startswith("e")
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.id") == first
    page.keyboard.press("Enter")
    assert page.locator(f"#{first} details.line[open]").count() == 1
    shot(page, "keyboard-opened-entry")
    page.keyboard.press("Escape")
    assert page.locator("details[open]").count() == 0
    unlabeled = page.evaluate("""() => [...document.querySelectorAll('input:not([type=hidden]), select')]
        .filter(el => !el.labels || el.labels.length === 0).map(el => el.name)""")
    assert unlabeled == []
    assert page.locator("nav[aria-label=Main]").count() == 1
    assert page.locator("form[role=search][aria-label]").count() == 1
    # the count of dates shown, and the notice that the page took in new articles
    assert page.locator("#shown[role=status][aria-live=polite]").count() == 1
    assert page.locator("[role=status][aria-live=polite]").count() == 2
    broken = page.evaluate("""() => [...document.querySelectorAll('[aria-labelledby]')]
        .filter(el => !document.getElementById(el.getAttribute('aria-labelledby'))).length""")
    assert broken == 0


def test_zoom_changes_the_view_and_the_url(server, page):
    page.goto(server.url + "/")
    page.check("input[name=zoom][value=week]")
    assert "zoom-week" in page.get_attribute("#timeline", "class")
    assert "zoom=week" in page.url
    assert page.locator(".week-head").first.is_visible()
    shot(page, "zoom-week")


def test_script_injection_payloads_execute_nothing(server, page):
    urls = ["/", "/?q=ferry", "/search?q=ferry", "/disagreements", "/stories"]
    page.goto(server.url + "/api/articles?q=ferry")
    urls += [f"/article/{a['id']}" for a in page.evaluate("JSON.parse(document.body.innerText)")]
    assert len(urls) >= 7
    for url in urls:
        page.goto(server.url + url)
        for summary in page.locator("details.line > summary").all()[:12]:
            summary.click()
        page.mouse.move(300, 400)
        assert page.evaluate("typeof window.__xss") == "undefined", url
    page.goto(server.url + "/?q=ferry")
    assert page.get_by_text("<script>window.__xss", exact=False).count() >= 1  # shown, as text
    shot(page, "injection-shown-as-text")
    assert page.problems == []


def test_the_exported_file_works_from_file_urls_with_the_same_filters(story_db, browser, page, tmp_path):
    db = tmp_path / "export.db"
    with sqlite3.connect(story_db) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    out = tmp_path / "timeline.html"
    result = CliRunner().invoke(cli, ["timeline", "--db", str(db), "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page.goto(out.as_uri())
    total = page.locator("article.entry:visible").count()
    for summary in page.locator("details.line > summary").all():
        summary.click()
    assert page.evaluate("typeof window.__xss") == "undefined"
    page.fill("#f-entity", "Sisi")
    page.press("#f-entity", "Enter")
    assert "entity=Sisi" in page.evaluate("location.hash")
    kept = page.locator("article.entry:visible").count()
    assert 0 < kept < total
    page.check("input[name=zoom][value=month]")
    assert "zoom-month" in page.get_attribute("#timeline", "class")
    shared = page.url
    page.goto("about:blank")
    page.goto(shared)  # a shared link opens the same view
    assert page.locator("article.entry:visible").count() == kept
    assert page.input_value("#f-entity") == "Sisi"
    shot(page, "exported-file-filtered")
    assert page.problems == []
    shutil.copy(out, SCREENSHOTS / "exported-timeline.html")


def _pages(server, page) -> list[str]:
    page.goto(server.url + "/api/entities?kind=person")
    entity = page.evaluate("JSON.parse(document.body.innerText)[0].id")
    page.goto(server.url + "/api/articles")
    articles = page.evaluate("JSON.parse(document.body.innerText).map(a => a.id)")
    return ["/", "/?zoom=week", "/?zoom=month", "/disagreements", "/stories", "/search?q=ferry", "/add",
            "/api/docs", f"/entity/{entity}"] + [f"/article/{a}" for a in articles]


def test_nothing_overflows_a_phone_screen(server, phone):
    urls = _pages(server, phone)
    assert len(urls) > 10
    for url in urls:
        phone.goto(server.url + url)
        # opened lines and days are wider: open the first ones that show (zoomed views hide some)
        phone.evaluate("[...document.querySelectorAll('details')].slice(0, 12).forEach(d => d.open = true)")
        wide = phone.evaluate("""() => [document.documentElement.scrollWidth,
            [...document.querySelectorAll('body *')].filter(el => el.getBoundingClientRect().right > 391)
              .map(el => el.tagName + '.' + el.className).slice(0, 5)]""")
        assert wide[0] <= 390 and wide[1] == [], (url, wide)
    phone.goto(server.url + "/disagreements")
    shot(phone, "phone-disagreements")
    phone.goto(server.url + urls[-1])
    shot(phone, "phone-article")


def test_copy_citation_puts_outlet_title_date_url_and_sentence_on_the_clipboard(browser, server):
    context = browser.new_context(viewport={"width": 1100, "height": 1300})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    pg = context.new_page()
    pg.goto(server.url + "/")
    line = entry(pg, "2024-03-21").locator("details.line").first
    line.locator("summary").click()
    button = line.locator("button.copy").first
    button.click()
    pg.locator("button.copy.done").first.wait_for(timeout=10_000)
    copied = pg.evaluate("navigator.clipboard.readText()")
    assert copied == button.get_attribute("data-citation")
    sentence = line.locator("summary .text").inner_text()
    assert copied.endswith(f"“{sentence}”") and re.search(r"\b2024\b", copied)
    assert "Copied" in button.inner_text()
    shot(pg, "copy-citation")
    context.close()


def test_the_open_page_shows_what_a_watch_adds_without_a_reload(browser, seeds_db, tmp_path, page):
    import threading
    import time

    from feedsite import REPORTS, Site

    from dateline.pipeline.watch import watch
    from dateline.settings import Settings
    from dateline.store import Store
    from dateline.web import create_app

    from .support import Server, copy_store

    db = copy_store(seeds_db, tmp_path / "watched.db")
    with Site() as site, Server(create_app(db)) as desk:
        page.goto(desk.url + "/?q=Osterholm")
        assert page.locator("article.entry").count() == 0
        page.evaluate("window.__kept = 'the same page'")  # gone if the page reloads
        site.add(0)
        polls: list = []
        shown_first = threading.Event()

        def after_poll(report) -> None:
            polls.append(report)
            if report.number == 1:  # the next poll waits until the page has shown the first report
                shown_first.wait(60)

        def follow() -> None:
            with Store(db) as store:
                watch([f"{site.url}/feed.rss"], store, Settings(db_path=db), interval=2, max_polls=3,
                      clock=time.monotonic, sleep=time.sleep, on_report=after_poll)

        watcher = threading.Thread(target=follow, daemon=True)
        watcher.start()
        page.wait_for_selector("article.entry", timeout=60_000)
        assert REPORTS[0][2].split(",")[0] in page.inner_text("#timeline")
        site.add(1)  # published while the page is open: the next poll finds it, the page shows it
        shown_first.set()
        page.locator("article.entry").nth(1).wait_for(timeout=60_000)
        watcher.join(60)
        assert [p.ingest.ingested for p in polls if p.ingest] == [1, 1]
        assert page.evaluate("window.__kept") == "the same page"
        assert "Updated with the latest articles" in page.inner_text("#live")
        shot(page, "watch-live-update")
        assert page.problems == []
