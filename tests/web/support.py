"""Helpers of the web tests: the injection corpus, a free port, a server in a thread, where screenshots go."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "build" / "screenshots"

# Script-injection payloads in every field a page shows: title, outlet, URL and text. None may run.
PAYLOADS = [
    {"id": "x1", "date": "2025-01-14", "title": "<script>window.__xss='title'</script>Harbour ferry report",
     "source": "<img src=x onerror=\"window.__xss='outlet'\">Quay Wire", "url": "javascript:window.__xss='url'",
     "text": "The harbour board approved a winter ferry timetable on Tuesday <script>window.__xss='text'</script> "
             "after a long meeting. A notice reading \"><svg onload=window.__xss='svg'> was pinned to the gate "
             "on Monday, the board said."},
    {"id": "x2", "date": "2025-01-16", "title": "\"><iframe srcdoc=\"<script>parent.__xss='iframe'</script>\">",
     "source": "</script><script>window.__xss='close'</script>", "url": "https://quay.example/a?<b>=1",
     "text": "Ferry crews began the new winter timetable on Thursday {{ 7*7 }} {% raw %} ' onmouseover='window.__xss=1' "
             "and the first boat left at dawn. <a href=\"javascript:window.__xss='link'\">Tickets</a> sold out by "
             "noon on Thursday, the operator said."},
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """uvicorn serving an app in a thread of the test process, on a free loopback port."""

    def __init__(self, app):
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "Server":
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def shot(pg, name: str) -> Path:
    """A screenshot of the page's viewport under build/screenshots/ (not committed)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=False)
    return path


def copy_store(src: Path, dst: Path) -> Path:
    """A consistent copy of a store (SQLite's backup), whatever connections the original has open."""
    import sqlite3

    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    return dst
