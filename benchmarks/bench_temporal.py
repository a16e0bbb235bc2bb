"""Throughput of tag + resolve on the TBAQ texts, in characters per second per core.

Measured apart from process start-up and rule compilation: the texts are read
and the rules compiled first, then every document is tagged and resolved
``--rounds`` times and the best round is reported.

Run: .venv/bin/python benchmarks/bench_temporal.py [--data DIR] [--rounds 5]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from dateline.eval.timex import iter_timeml
from dateline.extract.temporal import extract_times
from dateline.extract.temporal.tagger import Tagger
from dateline.extract.temporal.timeml import read_timeml

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks" / "tempeval3" / "tbaq-cleaned"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    docs = [read_timeml(p) for p in iter_timeml(args.data)]
    chars = sum(len(d.text) for d in docs)
    tagger = Tagger()
    best = float("inf")
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        n = sum(len(extract_times(d.text, d.dct, tagger=tagger)) for d in docs)
        best = min(best, time.perf_counter() - t0)
    print(f"{len(docs)} documents, {chars:,} chars, {n} timexes: best of {args.rounds} rounds "
          f"{best:.3f} s = {chars / best:,.0f} chars/s (one core)")


if __name__ == "__main__":
    main()
