"""The full default pipeline beside spaCy's own ``nlp.pipe`` on the same T17 texts, in one run.

The limit of per-article speed on a machine is spaCy itself: the same model,
the same texts (the articles as the readers clean them), only the components
the stages read, through ``nlp.pipe`` in one process. Beside it, in the same
run, the whole ingest (read, dedup, every per-article stage, store, corpus
stages) into a fresh store at each ``--jobs`` value, and optionally on a Dask
LocalCluster. Reported: words/s and articles/s, the share of ``nlp.pipe``
speed, the speed-up of jobs 2 over jobs 1, and (jobs 1) the seconds spent in
each stage, reading and storing included. Not a test: `make bench` runs it.

On a shared machine the speed of any one run depends on what else runs, so
``--rounds R`` runs every configuration R times, interleaved, and each is
reported by its fastest round (with the load average seen). Every process
does its matrix products on one BLAS thread (as the engines' workers do), so
``--jobs N`` is N threads of work: on a busy machine a run's share of the
cores follows its thread count, and the jobs 2 / jobs 1 ratio measures the
pipeline, not OpenBLAS's threads. CPU seconds per article are reported too.

The sample is a seeded draw of ``--sample`` article files from the T17
development folders (all of them with ``--sample 0``), copied with their
date folders. The stages are built before the clock starts; local workers
are forked from this process and inherit them, Dask workers load their own.

    python benchmarks/bench_pipeline.py ../shared/benchmarks/t17 --sample 240 --rounds 2 --jobs 1 2 --dask 2
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from dateline.extract import parse as parse_module
from dateline.ingest import read_inputs
from dateline.pipeline import build_pipeline, ingest
from dateline.pipeline.engines.local import limit_threads
from dateline.pipeline.stages import Pipeline
from dateline.settings import Settings
from dateline.store import Store


def sample_files(t17: Path, n: int, seed: int, into: Path) -> Path:
    """Copy a seeded sample of the article files (their date folders too) under ``into``; returns it."""
    files = sorted(p for p in t17.glob("*/InputDocs/*/*.txt") if p.stat().st_size)
    if n:
        files = sorted(random.Random(seed).sample(files, min(n, len(files))))
    for path in files:
        dest = into / path.parts[-4] / path.parent.name / path.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, dest)
    return into


def cpu_seconds() -> float:
    """CPU seconds (user + system) of this process and of its finished children.

    Wall-clock speed on a shared machine says how busy the machine was; CPU
    time per article is what capacity planning needs (docs/scale.md).
    """
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def nlp_pipe_alone(texts: list[str], settings: Settings) -> float:
    """Seconds for spaCy alone: the parse stage's model, the components stages read, ``nlp.pipe``."""
    nlp = parse_module.load_nlp(parse_module.model_name(settings))
    read = getattr(parse_module, "READ_COMPONENTS", None)  # where the parse stage names them
    disable = [n for n in nlp.pipe_names if read is not None and n not in read]
    started = time.perf_counter()
    for _ in nlp.pipe(texts, disable=disable):
        pass
    return time.perf_counter() - started


class StageClock:
    """Seconds per stage of an in-process run (wraps Pipeline._apply while it is installed)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._apply = Pipeline._apply

    def __enter__(self) -> "StageClock":
        clock, apply = self, self._apply

        def timed(pipeline, stage, docs):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            try:
                return apply(pipeline, stage, docs)
            finally:
                clock.seconds[stage.name] += time.perf_counter() - started

        Pipeline._apply = timed  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        Pipeline._apply = self._apply  # type: ignore[method-assign]


def full_run(folder: Path, settings: Settings, words: int, label: str) -> dict:
    """One whole ingest into a fresh store; words/s and articles/s, and where the time went."""
    marks: dict[str, float] = {}

    def progress(phase: str, done: int, total: int) -> None:
        marks.setdefault(phase, time.perf_counter())

    with tempfile.TemporaryDirectory() as tmp, StageClock() as clock:
        db = Path(tmp) / "bench.db"
        started, cpu = time.perf_counter(), cpu_seconds()
        with Store(db) as store:
            report = ingest([folder], store, settings.with_(db_path=db), progress=progress)
        seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
        size = sum(p.stat().st_size for p in Path(tmp).glob("bench.db*"))
    corpus = seconds - (marks.get("corpus stages", started + seconds) - started)
    row = {"run": label, "articles": report.ingested, "words": words, "seconds": round(seconds, 1),
           "words_per_s": round(words / seconds), "articles_per_s": round(report.ingested / seconds, 2),
           "corpus_stages_s": round(corpus, 1), "stage_failures": report.failed_articles,
           "cpu_s_per_article": round(cpu / max(1, report.ingested), 3),
           "store_kb_per_article": round(size / 1024 / max(1, report.ingested), 1),
           # peaks so far (Linux reports KB): this process over every run, its largest finished worker
           "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
           "peak_worker_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)}
    if clock.seconds:
        stages = sum(clock.seconds.values())
        row["stage_s"] = {k: round(v, 1) for k, v in clock.seconds.items()}
        row["outside_stages_s"] = round(seconds - stages - corpus, 1)  # read, dedup, store
    return row


def configurations(args: argparse.Namespace, settings: Settings) -> list[tuple[str, Settings | None]]:
    """(label, settings) of each run; settings None is spaCy alone."""
    runs: list[tuple[str, Settings | None]] = [("nlp.pipe alone", None)]
    runs += [(f"pipeline jobs {jobs}", settings.with_(jobs=jobs)) for jobs in args.jobs]
    if args.dask:
        runs.append((f"pipeline dask {args.dask} workers", settings.with_(engine="dask", workers=args.dask)))
    return runs


def summary(rows: list[dict], cpu: dict[str, float]) -> dict:
    """Shares and speed-ups of the fastest rounds (and by the least CPU per article), beside the aims."""
    speed = {r["run"]: r["words_per_s"] for r in rows}
    out: dict = {"cores": os.cpu_count()}
    if "pipeline jobs 1" in speed:
        out["jobs1_share_of_nlp_pipe"] = round(speed["pipeline jobs 1"] / speed["nlp.pipe alone"], 2)
        # CPU time hardly depends on what else runs: the share a busy machine cannot blur
        out["jobs1_share_of_nlp_pipe_by_cpu"] = round(cpu["nlp.pipe alone"] / cpu["pipeline jobs 1"], 2)
        out["aim_share"] = 0.8
    if "pipeline jobs 1" in speed and "pipeline jobs 2" in speed:
        out["jobs2_over_jobs1"] = round(speed["pipeline jobs 2"] / speed["pipeline jobs 1"], 2)
        out["aim_speedup"] = 1.7
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("t17", type=Path)
    ap.add_argument("--sample", type=int, default=240, help="article files to draw (0: all)")
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--rounds", type=int, default=1, help="runs of every configuration; the fastest is kept")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--dask", type=int, default=0, help="also run on a Dask LocalCluster of this many workers")
    args = ap.parse_args()
    if not args.t17.is_dir():
        print(f"skipped: {args.t17} is not there")
        return 0
    settings = Settings(stage_errors="record", progress=False)
    threads = limit_threads(os.cpu_count() or 1)  # one BLAS thread here; forked workers inherit it  # noqa: F841
    best: dict[str, dict] = {}
    cpu: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = sample_files(args.t17, args.sample, args.seed, Path(tmp) / "t17")
        raws, _ = read_inputs([folder], settings)
        texts = [r.text for r in raws]
        words = sum(len(t.split()) for t in texts)
        build_pipeline(settings)  # models loaded before any clock starts (forked workers inherit them)
        for round_ in range(1, args.rounds + 1):
            for label, run_settings in configurations(args, settings):
                if run_settings is None:
                    cpu_before = cpu_seconds()
                    pipe_s = nlp_pipe_alone(texts, settings)
                    row = {"run": label, "articles": len(texts), "words": words, "seconds": round(pipe_s, 1),
                           "words_per_s": round(words / pipe_s), "articles_per_s": round(len(texts) / pipe_s, 2),
                           "cpu_s_per_article": round((cpu_seconds() - cpu_before) / len(texts), 3)}
                else:
                    row = full_run(folder, run_settings, words, label)
                row.update(round=round_, load_average=round(os.getloadavg()[0], 1))
                print(json.dumps(row), flush=True)
                if label not in best or row["seconds"] < best[label]["seconds"]:
                    best[label] = row
                cpu[label] = min(cpu.get(label, float("inf")), row["cpu_s_per_article"])
    print(json.dumps({"fastest": list(best.values())}), flush=True)
    print(json.dumps(summary(list(best.values()), cpu)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
