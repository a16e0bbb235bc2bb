"""The near-duplicate index an ingest loads from the store: seconds and memory for N stored signatures.

Every ingest rebuilds the MinHash LSH index from the signatures of all stored
originals (``NearDuplicateIndex``), so its cost grows with the store. This
times that rebuild for N random signatures (what is stored does not change
its cost) and reports the growth of this process's peak RSS.

    python benchmarks/bench_dedup_index.py 20000 100000
"""

from __future__ import annotations

import argparse
import json
import resource
import time

import numpy as np

from dateline.ingest.dedup import NearDuplicateIndex
from dateline.settings import Settings


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", type=int, nargs="+")
    args = ap.parse_args()
    settings = Settings()
    rng = np.random.default_rng(1)
    for n in args.sizes:
        signatures = [(f"{i:016x}", rng.integers(0, 2**32, settings.minhash_perm, dtype=np.uint64)
                       .astype("<u8").tobytes()) for i in range(n)]
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        index = NearDuplicateIndex(settings)
        for article_id, signature in signatures:
            index.add(article_id, signature)
        seconds = time.perf_counter() - started
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
        print(json.dumps({"signatures": n, "seconds": round(seconds, 1), "peak_rss_growth_mb": round(grown)}),
              flush=True)
        del index, signatures


if __name__ == "__main__":
    main()
