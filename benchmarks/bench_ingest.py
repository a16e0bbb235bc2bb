"""Reader throughput on the Timeline17 development folders, without the store or any stage.

Times the three ingest steps before the pipeline, each on its own and together:
``read_paths`` (decode, debris rules, headline and folder dates),
``remove_repeated_lines`` (per-source boilerplate) and the near-duplicate pass
(MinHash signature, LSH query, add). Prints one JSON line. Not a test: run it
by hand.

    python benchmarks/bench_ingest.py ../shared/benchmarks/t17 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from dateline.errors import InputError
from dateline.ingest.cleanup import remove_repeated_lines
from dateline.ingest.dedup import NearDuplicateIndex
from dateline.ingest.readers import read_paths
from dateline.settings import Settings


def run_once(inputs: list[Path], settings: Settings) -> dict:
    """One timed pass over ``inputs``; seconds per step and counts."""
    t0 = time.perf_counter()
    items = list(read_paths(inputs, settings))
    t1 = time.perf_counter()
    docs = [i for i in items if not isinstance(i, InputError)]
    docs = remove_repeated_lines(docs, settings)
    t2 = time.perf_counter()
    index, near = NearDuplicateIndex(settings), 0
    for doc in docs:
        signature = index.signature(doc.text)
        if index.query(signature) is None:
            index.add(doc.origin, signature)
        else:
            near += 1
    t3 = time.perf_counter()
    return {"articles": len(docs), "rejected": len(items) - len(docs), "near_duplicates": near,
            "read_s": t1 - t0, "boilerplate_s": t2 - t1, "dedup_s": t3 - t2, "total_s": t3 - t0}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("t17", type=Path)
    ap.add_argument("--repeat", type=int, default=3, help="passes; the fastest is reported")
    args = ap.parse_args()
    inputs = sorted(args.t17.glob("*/InputDocs"))
    if not inputs:
        sys.exit(f"no */InputDocs under {args.t17}")
    best = min((run_once(inputs, Settings()) for _ in range(args.repeat)), key=lambda r: r["total_s"])
    n = best["articles"]
    report = {**{k: round(v, 2) if isinstance(v, float) else v for k, v in best.items()},
              "read_per_s": round(n / best["read_s"]),
              "dedup_per_s": round(n / best["dedup_s"]),
              "articles_per_s": round(n / best["total_s"])}
    print(json.dumps(report))


if __name__ == "__main__":
    main()
