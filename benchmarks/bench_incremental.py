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
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

from dateline.pipeline import build_pipeline, ingest
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


def _add(db: Path, work: Path, added: list[Path]) -> dict[str, float]:
    """Seconds to ingest ``added`` into a copy of ``db``: total, and the corpus stages alone."""
    copy = work / "copy.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
        if Path(f"{db}{suffix}").exists():
            shutil.copy(f"{db}{suffix}", f"{copy}{suffix}")
    marks: dict[str, float] = {}

    def progress(phase: str, done: int, total: int) -> None:
        marks.setdefault(phase, time.perf_counter())

    with Store(copy) as store:
        started = time.perf_counter()
        report = ingest(added, store, Settings(db_path=copy), progress=progress)
        ended = time.perf_counter()
    assert report.ingested == len(added), report.summary()
    return {"total": ended - started, "corpus": ended - marks.get("corpus stages", ended)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2, help="jobs for building the two stores")
    parser.add_argument("--workdir", type=Path, default=Path("build/bench-incremental"))
    parser.add_argument("--large", type=Path, help="a store of the 12 folders built elsewhere (used as it is)")
    parser.add_argument("--small", type=Path, help="a store of one folder built elsewhere (used as it is)")
    parser.add_argument("--added-from", type=Path, help="the folder the 20 added articles come from (with "
                                                        "--large/--small: articles neither store holds)")
    args = parser.parse_args()
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
    build_pipeline(Settings())  # load the models before timing
    rows = {}
    for name, db in (("one folder", small), ("all 12 folders", large)):
        with Store(db) as store:
            size = len(store.article_ids())
        runs = [_add(db, args.workdir, added) for _ in range(args.repeat)]
        rows[name] = (size, statistics.median(r["total"] for r in runs), statistics.median(r["corpus"] for r in runs))
        print(f"{name}: store of {size} articles; adding 20: {rows[name][1]:.2f} s "
              f"(corpus stages {rows[name][2]:.2f} s), median of {args.repeat}", flush=True)
    ratio = rows["all 12 folders"][1] / rows["one folder"][1]
    print(f"ratio (all / one): {ratio:.2f}  (aim: <= 1.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
