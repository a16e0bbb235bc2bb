"""Where the time goes on a big store: cProfile of a timeline query, or of adding articles, in this process.

Works on a copy: ``--db`` is copied to a temporary file first (the store is
never written). Prints the seconds, the run's summary and the top functions
by cumulative time.

    python benchmarks/profile_store.py timeline --db build/scale/light.db --query "oil spill"
    python benchmarks/profile_store.py add --db build/scale/light.db build/corpus-100k/holdout.jsonl \\
        --stages sentences,timexes
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

from dateline.pipeline import ingest
from dateline.settings import Settings
from dateline.store import Store
from dateline.timeline import TimelineRequest, build_timeline


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["timeline", "add"])
    ap.add_argument("paths", nargs="*", help="add: the inputs to ingest")
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--query", default="oil spill")
    ap.add_argument("--stages", default="")
    ap.add_argument("--top", type=int, default=30)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "copy.db"
        for suffix in ("", "-wal"):
            if Path(f"{args.db}{suffix}").exists():
                shutil.copy(f"{args.db}{suffix}", f"{db}{suffix}")
        settings = Settings(db_path=db, progress=False, stage_errors="record",
                            stages=tuple(s for s in args.stages.split(",") if s))
        with Store(db) as store:  # writable: an older store is upgraded before the clock starts
            profile, started = cProfile.Profile(), time.perf_counter()
            profile.enable()
            if args.what == "timeline":
                result = f"{len(build_timeline(store, settings, TimelineRequest(query=args.query)).entries)} dates"
            else:
                result = ingest(args.paths, store, settings).summary()
            profile.disable()
            print(f"{args.what}: {time.perf_counter() - started:.1f} s; {result}", flush=True)
    pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
