"""Benchmark: the full Timeline17 development run (12 tasks), scores and seconds per timeline build.

Run in the background, it takes a few minutes on two cores:
    nice .venv/bin/python benchmarks/bench_tls.py [--t17 DIR] [--workdir build/t17] > build/tls.json
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from dateline.eval import tls
from dateline.settings import Settings

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--t17", type=Path, default=SHARED / "benchmarks" / "t17")
    parser.add_argument("--workdir", type=Path, default=Path("build/t17"))
    parser.add_argument("--topic", action="append", default=None)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s", stream=sys.stderr)
    scores = tls.evaluate(args.t17, args.workdir, Settings(progress=False), topics=args.topic)
    json.dump({"rows": tls.report_rows(scores), "data_checksum": tls.data_checksum(args.t17, args.topic)},
              sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
