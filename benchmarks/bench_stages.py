"""Where an ingest's time goes, stage by stage, beside spaCy's ``nlp.pipe`` in the same process, for one
or more code trees (this checkout, an older commit) on one fixed sample, run by run interleaved.

Usage:
  .venv/bin/python benchmarks/bench_stages.py [--t17 300] [--web 100] [--rounds 2]
      [--side main=src --side old=/path/to/old/checkout/src] [--jobs 1] [--pipe-processes 1 2]

The sample: a seeded draw of ``--t17`` Timeline17 development article files (copied with their date
folders) and ``--web`` HTML pages of the web-pages benchmark, read by the ingest's own readers. Each
side is a code tree (``label=path`` of a ``src`` folder, put first on ``PYTHONPATH``) measured in its
own process: the stages are built (models loaded) before any clock starts, then

* ``nlp.pipe``: spaCy alone over the texts as read, the components the parse stage reads (the limit),
  at each ``--pipe-processes`` value (``n_process``);
* ``ingest``: one whole ``dateline ingest`` of the sample into a fresh store (every default stage) at
  each ``--jobs`` value. At jobs 1 each per-article stage (``Pipeline._apply``), each corpus stage
  (its ``run``), the store's article writes (``add_article``) and the corpus bookkeeping are clocked;
  ``other`` is the rest (reading, cleanup, dedup, transactions).

Every side runs ``--rounds`` times, interleaved (side A, side B, side A, ...), and each figure is
reported by its best round, in milliseconds per article stored, twice: by this process's CPU time
(what a machine shared with other jobs blurs least; the parts of a jobs-1 ingest add up to its CPU) and
by wall time, each with its ratio to the ``nlp.pipe`` time of the same process. Compare those ratios,
not seconds across runs. ``--table FILE`` prints the tables of a ``--json`` file again. Not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "benchmarks"


def make_sample(t17: int, web: int, seed: int, into: Path) -> Path:
    """Copy a seeded draw of T17 article files (with their date folders) and web pages under ``into``."""
    rng = random.Random(seed)
    files = sorted(p for p in (SHARED / "t17").glob("*/InputDocs/*/*.txt") if p.stat().st_size)
    for path in sorted(rng.sample(files, min(t17, len(files)))):
        dest = into / "t17" / path.parts[-4] / path.parent.name / path.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, dest)
    pages = sorted((SHARED / "webpages" / "dates" / "pages").glob("*.html"))
    (into / "web").mkdir(parents=True, exist_ok=True)
    for path in sorted(rng.sample(pages, min(web, len(pages)))):
        shutil.copy(path, into / "web" / path.name)
    return into


def cpu_seconds() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


class Clocks:
    """Seconds spent in wrapped callables, by label; every wrapper is taken off again on exit."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)  # this process's CPU seconds (what a loaded machine blurs least)
        self._undo: list[tuple[Any, str, Any]] = []

    def wrap(self, owner: Any, attr: str, label: Callable[..., str] | str) -> None:
        original = getattr(owner, attr, None)
        if original is None:
            return  # not in this code tree
        clocks = self

        def timed(*args: Any, **kwargs: Any) -> Any:
            started, cpu = time.perf_counter(), time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                name = label if isinstance(label, str) else label(*args)
                clocks.seconds[name] += time.perf_counter() - started
                clocks.cpu[name] += time.process_time() - cpu

        self._undo.append((owner, attr, original))
        setattr(owner, attr, timed)

    def __enter__(self) -> "Clocks":
        return self

    def __exit__(self, *exc: object) -> None:
        for owner, attr, original in reversed(self._undo):
            setattr(owner, attr, original)


def instrument(clocks: Clocks) -> None:
    """Clock every per-article stage, every corpus stage, the store's writes and the corpus bookkeeping."""
    from dateline.pipeline.stages import CORPUS_STAGES, Pipeline
    from dateline.store import Store

    clocks.wrap(Pipeline, "_apply", lambda pipeline, stage, docs: stage.name)
    for name, cls in CORPUS_STAGES:
        clocks.wrap(cls, "run", f"corpus:{name}")
    clocks.wrap(Store, "add_article", "store:add_article")
    for attr in ("corpus_pending", "mark_corpus_done"):
        clocks.wrap(Store, attr, "store:corpus bookkeeping")


def measure(folder: Path, jobs: list[int], processes: list[int]) -> dict:
    """One side, in this process: nlp.pipe at each n_process, then one ingest at each jobs value."""
    from dateline.extract import parse as parse_module
    from dateline.ingest import read_inputs
    from dateline.pipeline import build_pipeline, ingest
    from dateline.settings import Settings
    from dateline.store import Store

    settings = Settings(stage_errors="record", progress=False)
    raws, _ = read_inputs([folder], settings)
    texts = [r.text for r in raws]
    build_pipeline(settings)  # models loaded before any clock (forked workers inherit them)
    nlp = parse_module.load_nlp(parse_module.model_name(settings))
    disable = [n for n in nlp.pipe_names if n not in parse_module.READ_COMPONENTS]
    out: dict = {"read": len(texts), "words": sum(len(t.split()) for t in texts), "pipe": {}, "ingest": {}}
    for n in processes:
        started, cpu = time.perf_counter(), cpu_seconds()
        for _ in nlp.pipe(texts, disable=disable, n_process=n, batch_size=32):
            pass
        out["pipe"][n] = {"seconds": time.perf_counter() - started, "cpu": cpu_seconds() - cpu}
    for j in jobs:
        with tempfile.TemporaryDirectory() as tmp, Clocks() as clocks:
            if j == 1:
                instrument(clocks)
            db = Path(tmp) / "bench.db"
            started, cpu = time.perf_counter(), cpu_seconds()
            with Store(db) as store:
                report = ingest([folder], store, settings.with_(db_path=db, jobs=j))
            seconds = time.perf_counter() - started
            out["ingest"][j] = {"seconds": seconds, "cpu": cpu_seconds() - cpu, "articles": report.ingested,
                                "failed": report.failed_articles, "parts": dict(clocks.seconds),
                                "parts_cpu": dict(clocks.cpu)}
    return out


def run_side(label: str, src: Path, folder: Path, args: argparse.Namespace) -> dict:
    env = dict(os.environ, PYTHONPATH=str(src.resolve()), OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1",
               MKL_NUM_THREADS="1")
    cmd = [sys.executable, __file__, "--measure", str(folder), "--jobs", *map(str, args.jobs),
           "--pipe-processes", *map(str, args.pipe_processes)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"side {label} failed:\n{done.stderr[-3000:]}")
    row = json.loads(done.stdout.strip().splitlines()[-1])
    row.update(side=label, load=round(os.getloadavg()[0], 1))
    return row


def best(rows: list[dict], clock: str) -> dict:
    """Per side, the best round of each figure by ``clock`` ("seconds": wall, "cpu": this process's CPU)."""
    out: dict[str, dict] = {}
    for row in rows:
        side = out.setdefault(row["side"], {"pipe": {}, "ingest": {}, "rounds": 0, "loads": []})
        side["rounds"] += 1
        side["loads"].append(row["load"])
        for key in ("pipe", "ingest"):
            for n, fig in row[key].items():
                if n not in side[key] or fig[clock] < side[key][n][clock]:
                    side[key][n] = fig
    return out


def table(rows: list[dict], clock: str) -> str:
    """The per-stage table (ms per stored article, best round by ``clock``) and its ratios, a column per side.

    By CPU, the parts are this process's CPU time, so at jobs 1 they add up to the ingest's own CPU.
    """
    sides = best(rows, clock)
    parts_key = "parts" if clock == "seconds" else "parts_cpu"
    labels = list(sides)
    names: list[str] = []
    for side in sides.values():
        names += [n for n in side["ingest"].get("1", {}).get(parts_key, {}) if n not in names]
    per_article = [p for p in names if not p.startswith(("corpus:", "store:"))]
    corpus = [p for p in names if p.startswith("corpus:")]
    store = [p for p in names if p.startswith("store:")]
    what = "wall" if clock == "seconds" else "CPU"
    lines = [f"| {what} ms per article | " + " | ".join(labels) + " |", "|---|" + "---:|" * len(labels)]

    def add(name: str, value: Callable[[dict], float | None], digits: int = 1) -> None:
        cells = []
        for side in sides.values():
            try:
                v = value(side)
            except (KeyError, ZeroDivisionError):
                v = None
            cells.append("-" if v is None else f"{v:.{digits}f}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")

    def one(side: dict) -> dict:
        return side["ingest"]["1"]

    def part(side: dict, *keys: str) -> float:
        return sum(one(side)[parts_key].get(k, 0.0) for k in keys)

    def ms(side: dict, seconds: float) -> float:
        return 1000 * seconds / one(side)["articles"]

    add("nlp.pipe (n_process 1)", lambda s: ms(s, s["pipe"]["1"][clock]))
    for name in per_article:
        add(f"stage {name}", lambda s, n=name: ms(s, one(s)[parts_key][n]) if n in one(s)[parts_key] else None)
    add("**per-article stages**", lambda s: ms(s, part(s, *per_article)))
    for name in corpus:
        add(name, lambda s, n=name: ms(s, part(s, n)))
    add("**corpus stages**", lambda s: ms(s, part(s, *corpus)))
    for name in store:
        add(name, lambda s, n=name: ms(s, part(s, n)))
    add("other (read, dedup, transactions)", lambda s: ms(s, one(s)[clock] - part(s, *names)))
    add("**ingest, jobs 1**", lambda s: ms(s, one(s)[clock]))
    lines.append("| ratios | " + " | ".join(labels) + " |")
    add("ingest jobs 1 / nlp.pipe", lambda s: one(s)[clock] / s["pipe"]["1"][clock], 2)
    add("per-article stages / nlp.pipe", lambda s: part(s, *per_article) / s["pipe"]["1"][clock], 2)
    if clock == "seconds":
        add("articles/s, jobs 1", lambda s: one(s)["articles"] / one(s)["seconds"], 2)
        add("speed-up, jobs 2 over jobs 1", lambda s: one(s)["seconds"] / s["ingest"]["2"]["seconds"], 2)
        add("speed-up, nlp.pipe n_process 2 over 1", lambda s: s["pipe"]["1"]["seconds"] / s["pipe"]["2"]["seconds"], 2)
        add("ingest jobs 2 / nlp.pipe n_process 2", lambda s: s["ingest"]["2"]["seconds"] / s["pipe"]["2"]["seconds"], 2)
    lines.append("")
    for label, side in sides.items():
        lines.append(f"{label}: {side['rounds']} rounds, load average after each: {side['loads']}; articles stored "
                     f"{side['ingest'].get('1', {}).get('articles')}, with stage failures "
                     f"{side['ingest'].get('1', {}).get('failed')}")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--t17", type=int, default=300)
    ap.add_argument("--web", type=int, default=100)
    ap.add_argument("--seed", type=int, default=22)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--side", action="append", default=[], help="label=path of a src folder (default: this one)")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1])
    ap.add_argument("--pipe-processes", type=int, nargs="+", default=[1])
    ap.add_argument("--json", type=Path, help="also write every round's figures here")
    ap.add_argument("--table", type=Path, help="print the tables of a --json file and stop")
    ap.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # one side, in this process
    args = ap.parse_args()
    if args.table:
        rows = json.loads(args.table.read_text())
        print(table(rows, "cpu") + "\n\n" + table(rows, "seconds"))
        return 0
    if args.measure:
        print(json.dumps(measure(args.measure, args.jobs, args.pipe_processes)))
        return 0
    if not SHARED.is_dir():
        print(f"skipped: {SHARED} is not there")
        return 0
    sides = [s.split("=", 1) for s in args.side] or [["this", str(REPO / "src")]]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = make_sample(args.t17, args.web, args.seed, Path(tmp) / "sample")
        for round_ in range(1, args.rounds + 1):
            for label, src in sides:
                row = run_side(label, Path(src), folder, args)
                row["round"] = round_
                rows.append(row)
                if args.json:  # after every run: a long run stopped half-way keeps what it measured
                    args.json.write_text(json.dumps(rows, indent=1))
                print(f"round {round_} {label}: ingest jobs 1 {row['ingest'].get('1', {}).get('seconds', 0):.1f} s, "
                      f"load {row['load']}", file=sys.stderr, flush=True)
    print(table(rows, "cpu"))
    print()
    print(table(rows, "seconds"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
