"""Safe by default: read-only, loopback hosts, same-origin writes, bounded bodies, no path escapes, no inline script."""

from __future__ import annotations

import io
import time
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from dateline.settings import Settings
from dateline.store import Store
from dateline.web import create_app
from dateline.web.app import is_loopback
from dateline.web.security import CSP
from dateline.web.upload import safe_name

LOOPBACK = "http://127.0.0.1"


@pytest.fixture(scope="module")
def read_only(seeds_db):
    with TestClient(create_app(seeds_db, upload=False), base_url=LOOPBACK) as c:
        yield c


class Tags(HTMLParser):
    """Every start tag with its attributes, to look for anything that could run."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def runnable(page: str) -> list[str]:
    """What in a page could run script: inline scripts, handlers, javascript: links, frames, styles."""
    parser = Tags()
    parser.feed(page)
    found = []
    for tag, attrs in parser.tags:
        if tag == "script" and not attrs.get("src"):
            found.append("inline <script>")
        if tag in {"iframe", "svg", "img", "object", "embed", "base"}:
            found.append(f"<{tag}>")
        found += [f"{tag} {name}=" for name in attrs if name.startswith("on") or name == "style"]
        for name in ("href", "src", "action"):
            if (attrs.get(name) or "").strip().lower().startswith("javascript:"):
                found.append(f"{tag} {name}=javascript:")
    return found


def test_pages_carry_no_inline_script_and_the_csp_forbids_it(read_only):
    for url in ["/", "/disagreements", "/stories", "/search?q=Rafah", "/add", "/?zoom=month&entity=Blinken"]:
        response = read_only.get(url)
        assert response.status_code == 200, url
        assert runnable(response.text) == [], url
        assert response.headers["content-security-policy"] == CSP
    assert "unsafe-inline" not in CSP and "script-src 'self'" in CSP
    assert "http" not in CSP  # nothing from elsewhere


def test_the_injection_corpus_reaches_every_page_as_text_only(story_db):
    with TestClient(create_app(story_db, upload=False), base_url=LOOPBACK) as c:
        with Store(story_db) as store:
            ids = [a.id for a in store.iter_articles() if "__xss" in a.text or "__xss" in a.title]
        assert len(ids) == 2
        pages = ["/", "/?q=ferry", "/search?q=ferry", "/disagreements", "/stories"]
        pages += [f"/article/{i}" for i in ids]
        seen = ""
        for url in pages:
            response = c.get(url)
            assert response.status_code == 200, url
            assert runnable(response.text) == [], url
            seen += response.text
        # the payloads were there to be escaped: proof the test exercised them
        assert "&lt;script&gt;window.__xss" in seen and "&lt;img src=x onerror=" in seen
        assert "{{ 7*7 }}" in seen  # shown as written, never evaluated as a template


def test_read_only_unless_upload_is_on(read_only):
    assert read_only.post("/api/timeline").status_code == 405
    assert read_only.delete("/api/articles/x").status_code == 405
    refused = read_only.post("/api/upload", files={"files": ("a.txt", b"x" * 100)})
    assert refused.status_code == 403 and "read" in read_only.get("/add").text.lower()


def test_only_loopback_host_names_are_answered(read_only):
    assert read_only.get("/", headers={"host": "attacker.example"}).status_code == 400
    assert read_only.get("/", headers={"host": "localhost:8000"}).status_code == 200
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10")


def test_no_path_escapes_the_packaged_assets(read_only):
    for url in ["/static/../../../etc/passwd", "/static/..%2f..%2fetc%2fpasswd", "/static/%2e%2e/settings.py",
                "/static/dateline.css/../../x"]:
        assert read_only.get(url).status_code == 404, url
    assert read_only.get("/static/timeline.js").headers["content-type"].startswith("text/javascript")


@pytest.mark.parametrize("name,want", [
    ("../../etc/passwd", "passwd"), ("..\\..\\boot.ini", "boot.ini"), ("", "upload-3.txt"),
    ("report 1 <x>.txt", "report_1_x_.txt"), ("/abs/path/feed.jsonl", "feed.jsonl"), ("..", "upload-3.txt"),
])
def test_uploaded_file_names_stay_in_their_folder(name, want):
    assert safe_name(name, 3) == want


@pytest.fixture
def uploader(tmp_path, seeds_db):
    db = tmp_path / "up.db"
    db.write_bytes(seeds_db.read_bytes())
    app = create_app(db, Settings(upload_max_bytes=4000), upload=True)
    with TestClient(app, base_url=LOOPBACK) as c:
        yield c


def test_bodies_are_bounded_with_or_without_a_length(uploader):
    big = uploader.post("/api/upload", files={"files": ("big.txt", b"x" * 8000)})
    assert big.status_code == 413
    chunks = (b"y" * 1000 for _ in range(10))  # chunked: no Content-Length to refuse up front
    streamed = uploader.post("/api/upload", content=chunks, headers={"content-type": "multipart/form-data; boundary=b"})
    assert streamed.status_code == 413
    assert uploader.get("/", headers={"content-length": "999999"}).status_code == 413


def test_writes_come_from_the_apps_own_pages(uploader):
    files = {"files": ("a.txt", b"On Monday the ferry resumed its crossing to the island after the storm.")}
    assert uploader.post("/api/upload", files=files, headers={"origin": "https://evil.example"}).status_code == 403
    assert uploader.post("/api/upload", files=files, headers={"origin": "null"}).status_code == 403


def test_an_upload_is_ingested_and_reaches_the_timeline(uploader):
    text = (" date 2025-02-11 \nFerry crews in the port of Lindholm resumed the island crossing on Tuesday after "
            "a week of storms, the operator said.\n").encode()
    job = uploader.post("/api/upload", files={"files": ("../lindholm.txt", io.BytesIO(text).read())},
                        headers={"origin": LOOPBACK}).json()
    assert job["files"] == ["lindholm.txt"]
    deadline = time.monotonic() + 120
    while job["state"] not in ("done", "failed") and time.monotonic() < deadline:
        time.sleep(0.2)
        job = uploader.get(f"/api/upload/{job['id']}").json()
    assert job["state"] == "done", job
    assert job["summary"].startswith("1 ingested")
    timeline = uploader.get("/api/timeline?q=Lindholm").json()
    lines = [s for e in timeline["entries"] for s in e["summary"]]
    assert any("Lindholm" in s for s in lines)
