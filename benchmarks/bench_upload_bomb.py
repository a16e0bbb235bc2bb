"""Memory of `dateline serve` when an upload is a gzip bomb: the server's RSS before and after, and its answer.

Starts the server (uploads on, loopback) over a copy of a store, uploads one
small report (so the models are loaded), reads its resident memory from /proc,
posts one `.warc.gz` whose single record expands
to --expand-mb of zeros (compressed to about a thousandth of that, well under
the upload limit), waits for the answer (and for the ingest job when one is
queued), and reads the memory again. Not a test: run it by hand.

    python benchmarks/bench_upload_bomb.py --db build/demo.db --expand-mb 1024

The console script beside this interpreter is the server measured, so the same
command run from another checkout's environment measures that checkout.
"""

from __future__ import annotations

import argparse
import http.client
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
import zlib
from pathlib import Path


WARM = (" date 2025-06-02 \nThe harbour board met on Monday and agreed a winter timetable for the island "
        "ferry, the board's chair said after the meeting.\n").encode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def bomb(expand_mb: int) -> bytes:
    """A gzipped WARC of one response record whose HTML body is ``expand_mb`` MB of zeros."""
    body_len = expand_mb * 1024 * 1024
    http_head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://bomb.example/\r\n"
            f"WARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\nContent-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(http_head) + body_len}\r\n\r\n").encode()
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)  # one gzip member, as a WARC record is
    out = compressor.compress(head + http_head)
    chunk = b"\0" * (1024 * 1024)
    for _ in range(expand_mb):
        out += compressor.compress(chunk)
    out += compressor.compress(b"\r\n\r\n") + compressor.flush()
    return out


def post(port: int, name: str, data: bytes) -> tuple[int, dict]:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    conn.request("POST", "/api/upload", body=body, headers={
        "Host": f"127.0.0.1:{port}", "Origin": f"http://127.0.0.1:{port}",
        "Content-Type": f"multipart/form-data; boundary={boundary}"})
    response = conn.getresponse()
    return response.status, json.loads(response.read() or b"{}")


def job_state(port: int, job: str) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", f"/api/upload/{job}", headers={"Host": f"127.0.0.1:{port}"})
    return json.loads(conn.getresponse().read())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--expand-mb", type=int, default=1024)
    args = ap.parse_args()
    data = bomb(args.expand_mb)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bomb.db"
        shutil.copy(args.db, db)
        port = free_port()
        server = subprocess.Popen([str(Path(sys.executable).with_name("dateline")), "serve", "--db", str(db),
                                   "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.2)
            time.sleep(2)
            # a small report first, so the models are loaded before the measure (the first upload loads them)
            status, answer = post(port, "warm.txt", WARM)
            while status == 200 and answer.get("state") not in ("done", "failed"):
                time.sleep(0.5)
                answer = job_state(port, answer["id"])
            before = rss_mb(server.pid)
            started = time.monotonic()
            status, answer = post(port, "crawl.warc.gz", data)
            peak = rss_mb(server.pid)
            while status == 200 and answer.get("state") not in ("done", "failed"):
                time.sleep(0.5)
                peak = max(peak, rss_mb(server.pid))
                answer = job_state(port, answer["id"])
            seconds = time.monotonic() - started
            after = rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(30)
    print(json.dumps({"upload_bytes": len(data), "expands_to_mb": args.expand_mb, "status": status,
                      "answer": answer.get("detail") or answer.get("summary") or answer.get("rejected"),
                      "rss_before_mb": round(before), "rss_peak_mb": round(peak), "rss_after_mb": round(after),
                      "seconds": round(seconds, 2)}, indent=1))


if __name__ == "__main__":
    main()
