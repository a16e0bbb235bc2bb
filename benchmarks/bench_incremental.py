"""Incremental ingest: adding 20 articles to a store of all 12 T17 folders vs to a store of one folder.

The corpus stages process the new articles and only the stored objects they can
touch, so adding a few articles to a large store should cost about as much as
adding them to a small one (issue: at most 1.5x). Both stores are built once
(cached in --workdir) with the default stages; each measurement copies a store
and ingests the same 20 held-out articles into the copy, in this process, with
the stages already loaded, so model loading is left out of both sides.

    python benchmarks/bench_incremental.py --repeat 3

With ``--large`` and ``--small``, two stores built elsewhere (e.g. the 12-folder store and one folder's
store of ``dateline eval stories``) are measured instead; they hold every T17 article, so the 20 added
articles then come from ``--added-from`` (any folder of articles, e.g. the web pages benchmark).

A store some of whose articles lack a per-article stage (built before a stage was added) would have
every such article analysed again by the first ingest into it: that is completion, not adding, and
grows with the store; so would banding, for the near-duplicate lookup, stored originals a store was built
without (the first ingest does it once; each copy would pay it again). Such a store is brought up to date
once, in a copy under ``--workdir`` (kept for the next run), and the copy is measured; an addition that
still completes stored articles is refused.
Each addition runs in a fresh process (models loaded before the clock starts): a process that added
before would find the names and lexicons of the store in its caches, which a user's ``dateline ingest``
never does. Each side's median is printed per part (every per-article stage, every corpus stage, the store's
writes), by wall and by this process's CPU time (what a machine shared with other jobs blurs least).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench_stages import Clocks, instrument  # the same per-part clocks (this script's folder is on sys.path)
from dateline.ingest.dedup import NearDuplicateIndex
from dateline.pipeline import build_pipeline, ingest
from dateline.pipeline.stages import stage_names
from dateline.settings import Settings
from dateline.store import Store

T17 = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks" / "t17"
ONE_FOLDER = "bpoil_bbc"  # ~290 articles
HELD_OUT_FOLDER = "haiti_bbc"  # the 20 added articles come from here


def _files(folders: list[Path]) -> list[Path]:
    return sorted(p for f in folders for p in f.glob("InputDocs/*/*.txt") if p.stat().st_size)


def _build(db: Path, files: list[Path], jobs: int) -> None:
    if Path(f"{db}.done").exists():
        return
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    with Store(db) as store:
        report = ingest(files, store, Settings(db_path=db, jobs=jobs))
    print(f"built {db.name}: {report.summary()} in {time.perf_counter() - started:.0f} s", flush=True)
    Path(f"{db}.done").write_text(report.summary())


def _copy(db: Path, copy: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
        if Path(f"{db}{suffix}").exists():
            shutil.copy(f"{db}{suffix}", f"{copy}{suffix}")


def _current(db: Path, work: Path, jobs: int) -> Path:
    """``db``, or an up-to-date copy of it under ``work``: stored articles lacking per-article stages are
    completed, and stored originals not yet banded for the near-duplicate lookup are banded (what the first
    ingest into a store does once; left to the measured ingest, it is paid again on every copy)."""
    with Store(db) as store:
        lacking = len(store.pending(stage_names(Settings())))
        top = store.db.execute("SELECT COALESCE(MAX(seq), 0) FROM articles").fetchone()[0]
        unbanded = int(store.get_meta("minhash_bands.seq") or 0) < top
    if not lacking and not unbanded:
        return db
    current = work / f"{db.stem}-current.db"
    if not Path(f"{current}.done").exists():
        print(f"{db}: {lacking} stored articles lack a per-article stage; near-duplicate bands "
              f"{'not ' if unbanded else ''}up to date; bringing a copy up to date ({current})", flush=True)
        _copy(db, current)
        started = time.perf_counter()
        with Store(current) as store:
            report = ingest([], store, Settings(db_path=current, jobs=jobs))
            banded = NearDuplicateIndex(Settings(), stored=store).sync()
        print(f"  {report.summary()}; {banded} originals banded; in {time.perf_counter() - started:.0f} s",
              flush=True)
        Path(f"{current}.done").write_text(report.summary())
    return current


def _add(db: Path, work: Path, added: list[Path]) -> dict[str, float]:
    """Seconds to ingest ``added`` into a copy of ``db``: total, the corpus stages alone, and each part by
    wall (``wall:<part>``) and by CPU (``cpu:<part>``, ``cpu:total``)."""
    copy = work / "copy.db"
    _copy(db, copy)
    marks: dict[str, float] = {}

    def progress(phase: str, done: int, total: int) -> None:
        marks.setdefault(phase, time.perf_counter())

    with Store(copy) as store, Clocks() as clocks:
        instrument(clocks)
        started, cpu = time.perf_counter(), time.process_time()
        report = ingest(added, store, Settings(db_path=copy), progress=progress)
        ended, cpu = time.perf_counter(), time.process_time() - cpu
    assert report.ingested == len(added), report.summary()
    assert not report.completed, f"{report.completed} stored articles were analysed again: not an addition"
    return {"total": ended - started, "corpus": ended - marks.get("corpus stages", ended), "cpu:total": cpu,
            **{f"wall:{k}": v for k, v in clocks.seconds.items()}, **{f"cpu:{k}": v for k, v in clocks.cpu.items()}}


def _add_fresh(db: Path, work: Path, added: list[Path]) -> dict[str, float]:
    """:func:`_add` in a new process of this script (its own caches, as a ``dateline ingest`` has)."""
    listed = work / "added.json"
    listed.write_text(json.dumps([str(p) for p in added]))
    done = subprocess.run([sys.executable, __file__, "--add-one", str(db), "--workdir", str(work)],
                          capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"adding to {db} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _parts_table(runs: dict[str, list[dict[str, float]]]) -> str:
    """Median seconds per part, by CPU and by wall, a column pair per side, and the ratio of the last to the first."""
    names = list(runs)
    parts = sorted({k.split(":", 1)[1] for rs in runs.values() for r in rs for k in r if k.startswith("wall:")},
                   key=lambda p: (p.startswith("corpus:"), p.startswith("store:"), p))
    med = {n: {k: statistics.median(r.get(k, 0.0) for r in rs) for k in {k for r in rs for k in r}}
           for n, rs in runs.items()}
    head = " | ".join(f"{n} CPU s | {n} wall s" for n in names)
    lines = [f"| part | {head} | CPU ratio |", "|---|" + "---:|" * (2 * len(names) + 1)]
    for part in [*parts, "total"]:
        cells = " | ".join(f"{med[n].get(f'cpu:{part}', 0.0):.2f} | "
                           f"{med[n].get('total' if part == 'total' else f'wall:{part}', 0.0):.2f}" for n in names)
        first, last = med[names[0]].get(f"cpu:{part}", 0.0), med[names[-1]].get(f"cpu:{part}", 0.0)
        lines.append(f"| {part} | {cells} | {last / first:.2f} |" if first > 0.005 else f"| {part} | {cells} | - |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2, help="jobs for building the two stores")
    parser.add_argument("--workdir", type=Path, default=Path("build/bench-incremental"))
    parser.add_argument("--large", type=Path, help="a store of the 12 folders built elsewhere (used as it is)")
    parser.add_argument("--small", type=Path, help="a store of one folder built elsewhere (used as it is)")
    parser.add_argument("--added-from", type=Path, help="the folder the 20 added articles come from (with "
                                                        "--large/--small: articles neither store holds)")
    parser.add_argument("--add-one", type=Path, help=argparse.SUPPRESS)  # one timed addition, in this process
    args = parser.parse_args()
    if args.add_one:
        build_pipeline(Settings())  # load the models before timing
        added = [Path(p) for p in json.loads((args.workdir / "added.json").read_text())]
        print(json.dumps(_add(args.add_one, args.workdir, added)))
        return 0
    if not T17.is_dir():
        print(f"skipped: {T17} is not there")
        return 0
    args.workdir.mkdir(parents=True, exist_ok=True)
    held = _files([T17 / HELD_OUT_FOLDER])
    added = sorted(random.Random(20).sample(held, 20))
    rest = set(held) - set(added)
    all_files = [p for p in _files(sorted(d for d in T17.iterdir() if d.is_dir())) if p not in set(added)]
    small, large = args.small or args.workdir / "one.db", args.large or args.workdir / "all.db"
    if args.added_from:
        found = sorted(p for p in args.added_from.rglob("*") if p.is_file() and p.stat().st_size)
        added = sorted(random.Random(20).sample(found, 20))
    if not args.small:
        _build(small, [p for p in _files([T17 / ONE_FOLDER])], args.jobs)
    if not args.large:
        _build(large, [p for p in all_files if p in rest or HELD_OUT_FOLDER not in p.parts], args.jobs)
    small, large = _current(small, args.workdir, args.jobs), _current(large, args.workdir, args.jobs)
    rows, all_runs = {}, {}
    for name, db in (("one folder", small), ("all 12 folders", large)):
        with Store(db) as store:
            size = len(store.article_ids())
        runs = all_runs[name] = [_add_fresh(db, args.workdir, added) for _ in range(args.repeat)]
        rows[name] = (size, *(statistics.median(r[k] for r in runs) for k in ("total", "corpus", "cpu:total")))
        print(f"{name}: store of {size} articles; adding 20: {rows[name][1]:.2f} s "
              f"(corpus stages {rows[name][2]:.2f} s; CPU {rows[name][3]:.2f} s), median of {args.repeat}", flush=True)
    ratio = rows["all 12 folders"][1] / rows["one folder"][1]
    cpu_ratio = rows["all 12 folders"][3] / rows["one folder"][3]
    print(f"ratio (all / one): {ratio:.2f} by wall, {cpu_ratio:.2f} by CPU  (aim: <= 1.5)")
    print(_parts_table(all_runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
