"""Benchmark: the Timeline17 development run as `dateline eval tls` reports it, with the seconds per timeline build.

Cross-validated scores per task (each held out with its story), the pubcount and
datewise baselines on the same stores, and the build time of each timeline.
The first run ingests the 12 tasks with the default stages (about 15 minutes on
two idle cores); later runs reuse the stores in --workdir.
    nice .venv/bin/python benchmarks/bench_tls.py [--t17 DIR] [--workdir build/t17] > build/tls.json
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--t17", type=Path, default=SHARED / "benchmarks" / "t17")
    parser.add_argument("--workdir", type=Path, default=Path("build/t17"))
    parser.add_argument("--topic", action="append", default=[])
    args = parser.parse_args(argv)
    # the documented command itself, so the figure is the one a user reproduces
    command = [str(Path(sys.executable).with_name("dateline")), "eval", "tls", "--t17", str(args.t17),
               "--workdir", str(args.workdir), "--format", "json", *[a for t in args.topic for a in ("--topic", t)]]
    run = subprocess.run(command, capture_output=True, text=True)
    sys.stderr.write(run.stderr)
    if run.returncode:
        return run.returncode
    rows = json.loads(run.stdout)
    json.dump({"command": "dateline " + " ".join(command[1:]), "rows": rows}, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
