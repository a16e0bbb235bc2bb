"""Load test of `dateline serve`: concurrent clients on the timeline API and page, p50/p95 latency.

Starts the server on a free loopback port (read-only) over an existing store,
warms each path once (the first build of a timeline reads every document; that
cold time is reported apart), then runs N client threads, each with its own
keep-alive connection, sending a bounded number of requests in turn to each
path. Loopback only, bounded in requests and time. Not a test: run it by hand.

    python benchmarks/load_web.py --db build/t17store/t17.db --clients 50 --requests 20

Build the store once first, e.g.
    dateline ingest ../shared/benchmarks/t17/*/InputDocs --db build/t17store/t17.db

Measured on the 12 Timeline17 development folders (2,904 articles, every default
stage; the store of benchmarks/bench_incremental.py, build/bench-incremental/all.db),
50 clients, 20 requests each, on a 2-core machine (load average under 1 before):

    /api/timeline p50 92 ms, p95 186 ms; /  p50 78 ms, p95 103 ms; 0 errors
    first build of the default timeline (cold, before the cache): 11.2 s

An earlier measurement, on a store analysed with fewer stages and under heavier
load (load average 8 to 9), gave p95 82 ms for both and a cold build of 63 to 77 s.

On a store of the same 12 folders built by `dateline ingest` (2,924 articles,
/work/cache/desk/t17-all.db), the default timeline's JSON is 5.7 MB, 5.4 MB of it
the 920 disagreements (9,862 sides) of the whole mixed corpus; measured on a
machine shared with other jobs (load average 7 to 16), this branch beside main's
code on a copy of the same store, one after the other:

    load 7:  desk /api/timeline p95 696 ms, / p95 396 ms; main 1,028 ms and 594 ms
    load 15: desk /api/timeline p95 794 ms, / p95 463 ms; main 890 ms and 476 ms

The body's size and the machine's load, not the app, set these: the figures
above 300 ms hold for main's code too.
"""

from __future__ import annotations

import argparse
import http.client
import json
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

PATHS = ["/api/timeline", "/"]
MAX_TOTAL = 20_000  # requests: a load test, not a flood
TIMEOUT = 60.0  # seconds for one request


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(conn: http.client.HTTPConnection, path: str) -> tuple[int, int]:
    """(status, body bytes) of one GET on a kept-alive connection."""
    conn.request("GET", path, headers={"Host": "127.0.0.1"})
    response = conn.getresponse()
    return response.status, len(response.read())


def start_server(db: Path, port: int) -> subprocess.Popen:
    # the console script beside this interpreter: the server as a user starts it
    cmd = [str(Path(sys.executable).with_name("dateline")), "serve", "--db", str(db), "--host", "127.0.0.1",
           "--port", str(port), "--read-only"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(f"server exited: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("server did not start within 120 s")


def client(port: int, paths: list[str], n: int, offset: int, out: dict[str, list[float]], errors: list[str]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    for i in range(n):
        path = paths[(i + offset) % len(paths)]
        t0 = time.perf_counter()
        try:
            status, _ = get(conn, path)
        except (OSError, http.client.HTTPException) as exc:
            errors.append(f"{path}: {type(exc).__name__}")
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
            continue
        ms = (time.perf_counter() - t0) * 1000
        if status != 200:
            errors.append(f"{path}: HTTP {status}")
        out[path].append(ms)
    conn.close()


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def run(db: Path, clients: int, requests: int, paths: list[str]) -> dict:
    port = free_port()
    server = start_server(db, port)
    try:
        cold = {}
        for path in paths:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
            t0 = time.perf_counter()
            status, size = get(conn, path)
            cold[path] = {"ms": round((time.perf_counter() - t0) * 1000, 1), "status": status, "bytes": size}
            conn.close()
        times: dict[str, list[float]] = {p: [] for p in paths}
        errors: list[str] = []
        threads = [threading.Thread(target=client, args=(port, paths, requests, i, times, errors))
                   for i in range(clients)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
    finally:
        server.terminate()
        server.wait(timeout=30)
    report = {"db": str(db), "clients": clients, "requests_per_client": requests, "cold": cold,
              "wall_s": round(wall, 2), "errors": len(errors), "error_kinds": sorted(set(errors))[:10]}
    for path, values in times.items():
        report[path] = {"n": len(values), "p50_ms": round(percentile(values, 50), 1),
                        "p95_ms": round(percentile(values, 95), 1), "max_ms": round(max(values), 1)}
    report["requests_per_s"] = round(sum(len(v) for v in times.values()) / wall, 1)
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="an ingested store")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=20, help="per client")
    parser.add_argument("--path", action="append", help="paths to request in turn (default: /api/timeline and /)")
    args = parser.parse_args()
    if not args.db.exists():
        raise SystemExit(f"no store at {args.db}")
    if args.clients * args.requests > MAX_TOTAL:
        raise SystemExit(f"at most {MAX_TOTAL} requests in all")
    print(json.dumps(run(args.db, args.clients, args.requests, args.path or PATHS), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
