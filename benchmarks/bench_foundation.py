"""Ingest + sentence split throughput on the Timeline17 development folders.

Runs the real ingest (readers, cleanup, dedup, sentences, store) into a fresh
store for each --jobs value and reports articles/second and the peak resident
memory of this process and its workers. Not a test: run it by hand or via
`make bench`.

    python benchmarks/bench_foundation.py ../shared/benchmarks/t17 --jobs 1 2
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from dateline.pipeline import ingest
from dateline.settings import Settings
from dateline.store import Store


def peak_mb() -> float:
    """Peak RSS of this process and of its finished children, in MB (Linux reports KB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("t17", type=Path)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--stages", default="sentences")
    args = ap.parse_args()
    inputs = sorted(args.t17.glob("*/InputDocs"))
    if not inputs:
        sys.exit(f"no */InputDocs under {args.t17}")
    results = []
    for jobs in args.jobs:
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(db_path=Path(tmp) / "b.db", jobs=jobs, stages=tuple(args.stages.split(",")),
                                batch_size=256)
            t0 = time.perf_counter()
            with Store(settings.db_path) as store:
                report = ingest(inputs, store, settings, corpus_stages=False)
            secs = time.perf_counter() - t0
        n = report.ingested + report.near_duplicates + report.duplicates
        results.append({"jobs": jobs, "stages": args.stages, "items": n, "ingested": report.ingested,
                        "near_duplicates": report.near_duplicates, "duplicates": report.duplicates,
                        "rejected": len(report.rejected), "seconds": round(secs, 1),
                        "articles_per_second": round(n / secs, 1), "peak_rss_mb": round(peak_mb())})
        print(json.dumps(results[-1]), flush=True)


if __name__ == "__main__":
    main()
