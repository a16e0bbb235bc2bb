"""Safe by default: read-only, loopback hosts, same-origin writes, bounded bodies, no path escapes, no inline script."""

from __future__ import annotations

import io
import os
import threading
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


# -- serving safely off the defaults -------------------------------------------------------------------

def test_the_bind_address_is_always_an_allowed_host(seeds_db):
    with TestClient(create_app(seeds_db, host="127.0.0.2"), base_url="http://127.0.0.2:8000") as c:
        assert c.get("/").status_code == 200
        assert c.get("/", headers={"host": "127.0.0.1:8000"}).status_code == 200  # loopback names too
        assert c.get("/", headers={"host": "rebound.example"}).status_code == 400


def test_off_loopback_uploads_need_an_allowed_host_list(seeds_db):
    with pytest.raises(ValueError, match="allow-host"):
        create_app(seeds_db, host="192.0.2.10", upload=True)
    app = create_app(seeds_db, host="192.0.2.10", upload=True, allow_hosts=["desk.example"])
    with TestClient(app, base_url="http://desk.example") as c:
        assert c.get("/").status_code == 200
        assert c.get("/", headers={"host": "192.0.2.10:8000"}).status_code == 200
        assert c.get("/", headers={"host": "rebound.example"}).status_code == 400
        assert c.post("/api/upload", files={"files": ("a.txt", b"x")},
                      headers={"host": "rebound.example"}).status_code == 400
    with TestClient(create_app(seeds_db, host="192.0.2.10"), base_url="http://any.example") as c:
        assert c.get("/").status_code == 200  # read-only off loopback: any name may read
        assert c.post("/api/upload", files={"files": ("a.txt", b"x")}).status_code == 403


def test_the_cli_refuses_uploads_off_loopback_without_a_host_list(seeds_db):
    from typer.testing import CliRunner

    from dateline.cli import app as cli

    result = CliRunner().invoke(cli, ["serve", "--db", str(seeds_db), "--host", "0.0.0.0", "--allow-upload"])
    assert result.exit_code == 1 and "--allow-host" in result.output and "Traceback" not in result.output


def test_the_add_page_says_why_uploads_are_off(seeds_db):
    with TestClient(create_app(seeds_db, read_only=True), base_url=LOOPBACK) as c:
        text = c.get("/add").text
    assert "--read-only" in text and "on by default" not in text
    with TestClient(create_app(seeds_db, host="192.0.2.10"), base_url="http://any.example") as c:
        assert "--allow-host" in c.get("/add").text


def _wait(client, job: dict) -> dict:
    deadline = time.monotonic() + 120
    while job["state"] not in ("done", "failed") and time.monotonic() < deadline:
        time.sleep(0.2)
        job = client.get(f"/api/upload/{job['id']}").json()
    return job


def test_a_gzip_bomb_is_refused_before_it_is_expanded(uploader):
    import gzip

    bomb = gzip.compress(b"\0" * 3_000_000, 9)  # 3 MB of zeros in 3 KB; the limit here is 4,000 bytes
    assert len(bomb) < 4000
    refused = uploader.post("/api/upload", files={"files": ("crawl.warc.gz", bomb)}, headers={"origin": LOOPBACK})
    assert refused.status_code == 413 and "expand" in refused.json()["detail"]


def test_only_text_formats_are_ingested(uploader):
    svg = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><text>Ferry news</text></svg>'
    files = [("files", ("logo.svg", svg)), ("files", ("logo.xml", svg)), ("files", ("photo.png", b"\x89PNG..."))]
    job = _wait(uploader, uploader.post("/api/upload", files=files, headers={"origin": LOOPBACK}).json())
    assert job["state"] == "done" and job["ingested"] == [] and job["files"] == []
    assert [r.split(":")[0] for r in job["rejected"]] == ["logo.svg", "logo.xml", "photo.png"]
    assert "SVG" in job["rejected"][1]


def test_the_queue_is_bounded_and_finished_jobs_are_pruned(tmp_path, seeds_db, monkeypatch):
    from dateline.web import upload as upload_module

    started = threading.Event()
    release = threading.Event()

    def slow_run(self, job, folder):  # holds the one worker, so later uploads wait
        job.state = "running"
        started.set()
        release.wait(30)
        job.state, job.finished = "done", time.monotonic()

    monkeypatch.setattr(upload_module.Uploads, "_run", slow_run)
    monkeypatch.setattr(upload_module, "MAX_WAITING", 2)
    monkeypatch.setattr(upload_module, "KEEP_FINISHED", 1)
    db = tmp_path / "q.db"
    db.write_bytes(seeds_db.read_bytes())
    with TestClient(create_app(db, upload=True), base_url=LOOPBACK) as c:
        post = lambda: c.post("/api/upload", files={"files": ("a.txt", b"ferry " * 20)},  # noqa: E731
                              headers={"origin": LOOPBACK})
        first = post().json()
        assert started.wait(10)
        assert post().status_code == 200 and post().status_code == 200  # two wait
        full = post()
        assert full.status_code == 429 and full.headers["retry-after"] == "60"
        release.set()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and c.get(f"/api/upload/{first['id']}").status_code == 200:
            post_done = post()  # each new upload prunes the finished jobs past the one kept
            assert post_done.status_code in (200, 429)
            time.sleep(0.1)
        assert c.get(f"/api/upload/{first['id']}").status_code == 404


def test_upload_folders_are_removed_at_shutdown_and_swept_at_start(tmp_path, seeds_db, monkeypatch):
    import subprocess
    import sys

    from dateline.web import upload as upload_module

    root = tmp_path / "uploads"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = root / f"{dead.stdout.strip()}-abc"  # a folder of a server that was killed
    (stale / "job1-x").mkdir(parents=True)
    live = root / f"{os.getpid()}-mine"  # another live server's (this process stands in for it)
    live.mkdir()
    original = upload_module.Uploads.__init__

    def in_root(self, *args, **kwargs):
        original(self, *args, **kwargs, root=root)

    monkeypatch.setattr(upload_module.Uploads, "__init__", in_root)
    db = tmp_path / "s.db"
    db.write_bytes(seeds_db.read_bytes())
    with TestClient(create_app(db, upload=True), base_url=LOOPBACK) as c:
        assert not stale.exists() and live.exists()
        own = c.app.state.uploads.folder
        assert own is not None and own.is_dir() and own.parent == root
    assert not own.exists() and live.exists()
