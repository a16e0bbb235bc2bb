"""Run every speed benchmark in turn (what `make bench` does); each prints its own figures.

Benchmarks read ../shared/benchmarks and are skipped, with a note, when it is absent.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[0].parent / "shared" / "benchmarks"

# the Dask row only where the scale extra is installed (make install brings it)
DASK = ["--dask", "2"] if importlib.util.find_spec("distributed") else []

RUNS = [
    ["bench_pipeline.py", str(SHARED / "t17"), "--sample", "240", "--rounds", "2", "--jobs", "1", "2", *DASK],
    ["bench_ingest.py", str(SHARED / "t17"), "--repeat", "1"],
    ["bench_foundation.py", str(SHARED / "t17"), "--jobs", "1", "2"],
    ["bench_temporal.py", "--rounds", "3"],
    ["bench_extract.py", "150"],
    ["bench_tls.py"],
]


def main() -> int:
    if not SHARED.is_dir():
        print(f"skipped: {SHARED} is not there (the benchmarks read the shared data)")
        return 0
    failed = 0
    for script, *args in RUNS:
        print(f"== {script} {' '.join(args)}", flush=True)
        failed += subprocess.run([sys.executable, str(HERE / script), *args]).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
