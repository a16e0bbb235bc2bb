"""Stores and servers for the web tests: built once per session, read-only unless a test says otherwise."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from dateline.pipeline import ingest
from dateline.settings import Settings
from dateline.store import Store

from dateline.web import create_app

from .support import CHROMIUM, CHROMIUM_ARGS, PAYLOADS, Server


@pytest.fixture(scope="session")
def story_db(tmp_path_factory, seeds_db) -> Path:
    """A copy of the seeds' store with the injection payloads added; uploads may add more."""
    folder = tmp_path_factory.mktemp("web-story")
    db = folder / "story.db"
    with sqlite3.connect(seeds_db) as src, sqlite3.connect(db) as dst:
        src.backup(dst)  # a consistent copy, whatever connections the seeds' store has open
    feed = folder / "payloads.jsonl"
    feed.write_text("\n".join(json.dumps(p) for p in PAYLOADS) + "\n", encoding="utf-8")
    with Store(db) as store:
        ingest([feed], store, Settings(db_path=db, progress=False))
    return db




@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright; skips without either."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install dateline[browser] for browser tests")
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def server(story_db):
    """The story desk over the injection-payload store, uploads on, in a thread of this process."""
    with Server(create_app(story_db, upload=True)) as s:
        yield s


def _new_page(browser, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height})
    pg = context.new_page()
    pg.problems = []  # dialogs opened and script errors: an injected payload that ran would show here
    pg.on("dialog", lambda d: (pg.problems.append(f"dialog: {d.message}"), d.dismiss()))
    pg.on("pageerror", lambda e: pg.problems.append(f"error: {e}"))
    return context, pg


@pytest.fixture
def page(browser):
    context, pg = _new_page(browser, 1100, 1300)
    yield pg
    context.close()


@pytest.fixture
def phone(browser):
    """A page 390 CSS pixels wide, as a phone shows it."""
    context, pg = _new_page(browser, 390, 844)
    yield pg
    context.close()
