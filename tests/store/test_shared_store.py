"""One store, many processes: a server, CLI reads, a CLI ingest and an upload at once, nothing removed under anyone.

The server runs in a process of its own, as `dateline serve` does: SQLite's locks
belong to a process, so a server in the test's process would share them with the
readers and could not show what one process does to another.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from dateline.pipeline import ingest
from dateline.settings import Settings
from dateline.store import Store

STAGES = ("sentences", "timexes")  # the locks are the matter here, not the models: no parse
SERVE = """
import sys, uvicorn
from pathlib import Path
from dateline.settings import Settings
from dateline.web import create_app
db, port = Path(sys.argv[1]), int(sys.argv[2])
settings = Settings(db_path=db, stages={stages!r}, stage_errors="raise", check_reads=True)
uvicorn.run(create_app(db, settings, upload=True), host="127.0.0.1", port=port, log_level="warning")
""".format(stages=STAGES)
READS = ["/api/timeline", "/api/articles", "/api/entities", "/api/quotes", "/api/claims", "/api/stories", "/"]


def _article(name: str, i: int) -> str:
    return (f" date 2025-05-{1 + i % 27:02d} The {name} ferry crew repaired berth {i} on Tuesday, the port said. "
            f"About {30 + i} passengers waited at the {name} quay for crossing number {i}.\n")


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=120) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _upload(base: str, name: str, text: str) -> str:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\n"
            f"Content-Type: text/plain\r\n\r\n{text}\r\n--{boundary}--\r\n").encode()
    request = urllib.request.Request(base + "/api/upload", data=body, method="POST",
                                     headers={"content-type": f"multipart/form-data; boundary={boundary}"})
    with urllib.request.urlopen(request, timeout=60) as r:
        return json.loads(r.read())["id"]


def _cli(*args: str, db: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATELINE_STAGE_ERRORS": "raise"}
    return subprocess.run([sys.executable, "-m", "dateline", *args, "--db", str(db)], env=env, capture_output=True,
                          text=True, timeout=600)


@pytest.fixture
def served(tmp_path):
    db = tmp_path / "shared.db"
    first = tmp_path / "first"
    first.mkdir()
    for i in range(4):
        (first / f"first_{i}.txt").write_text(_article("north", i))
    with Store(db) as store:
        ingest([first], store, Settings(db_path=db, stages=STAGES, check_reads=True))
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-c", SERVE, str(db), str(port)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if _get(base + "/api/stories")[0] == 200:
                break
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            pytest.fail(f"the server did not start: {server.communicate()[1][-2000:]}")
        time.sleep(0.2)
    yield db, base
    server.terminate()
    server.wait(timeout=30)


@pytest.mark.slow
def test_the_server_keeps_working_while_the_cli_reads_and_ingests_and_a_browser_uploads(served, tmp_path):
    db, base = served
    problems: list[str] = []
    stop = threading.Event()

    def browse() -> None:  # several at once, so the server holds connections in several threads
        while not stop.is_set():
            for path in READS:
                status, body = _get(base + path)
                if status != 200:
                    problems.append(f"{path}: {status} {body[:200]!r}")

    browsers = [threading.Thread(target=browse, daemon=True) for _ in range(3)]
    for b in browsers:
        b.start()
    more = tmp_path / "more"
    more.mkdir()
    for i in range(6):
        (more / f"south_{i}.txt").write_text(_article("south", i))
    ingest_cli = subprocess.Popen([sys.executable, "-m", "dateline", "ingest", str(more), "--stages",
                                   ",".join(STAGES), "--db", str(db)], env={**os.environ, "DATELINE_STAGE_ERRORS":
                                   "raise"}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    job = _upload(base, "upload.txt", _article("east", 40))
    reads = 0
    while ingest_cli.poll() is None or reads < 4:
        for args in (("timeline", "--format", "json"), ("articles",)):
            done = _cli(*args, db=db)
            assert done.returncode == 0, done.stderr
            reads += 1
            # the server is open on the store: a reader closing never takes its WAL files away
            for suffix in ("-wal", "-shm"):
                if not Path(f"{db}{suffix}").exists():
                    problems.append(f"{suffix} removed after `dateline {args[0]}`")
    assert ingest_cli.wait() == 0, ingest_cli.stderr.read()
    deadline = time.monotonic() + 300
    while json.loads(_get(f"{base}/api/upload/{job}")[1])["state"] in ("queued", "running"):
        assert time.monotonic() < deadline, "the upload did not finish"
        time.sleep(0.3)
    assert json.loads(_get(f"{base}/api/upload/{job}")[1])["state"] == "done"
    stop.set()
    for b in browsers:
        b.join(timeout=120)
    assert problems == []
    # the server sees what the other processes wrote: the CLI's ingest and its own upload
    listed = json.loads(_get(base + "/api/articles")[1])
    assert len(listed) == 4 + 6 + 1
    assert _cli("articles", "--format", "json", db=db).stdout.count('"id"') == 11
    with Store(db, readonly=True) as store:
        assert store.integrity_check() == "ok"
