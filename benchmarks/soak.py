"""Soak: the full pipeline (every per-article and corpus stage) over all benchmark text, then `verify`.

Fails (exit 1) on any stage failure or any stored span that does not hold.
Sources, all from ../shared/benchmarks:

* Timeline17 development articles (``t17/*/InputDocs/<date>/*.txt``), dated by their folder;
* ECB+ documents (``ecbplus/<topic>/*.xml``), their tokens joined into text, undated;
* TimeBank and AQUAINT (``tempeval3/tbaq-cleaned``), their TEXT with the DCT as publication date.

``--sample N`` draws a fixed, seeded sample of N articles spread over the sources
in proportion to their size (what CI runs); without it, everything is ingested.

    python benchmarks/soak.py                     # everything (make soak)
    python benchmarks/soak.py --sample 300        # what CI runs
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from dateline.eval.ecb import read_ecb_file
from dateline.eval.timex import iter_timeml
from dateline.extract.temporal.timeml import read_timeml
from dateline.pipeline import ingest
from dateline.settings import Settings
from dateline.store import Store
from dateline.verify import verify_store

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks"


def t17_records(root: Path) -> Iterator[dict]:
    for path in sorted(root.glob("*/InputDocs/*/*.txt")):
        yield {"id": f"t17/{path.parts[-4]}/{path.parent.name}/{path.name}", "published": path.parent.name,
               "source": path.parts[-4], "text": path.read_text(encoding="utf-8", errors="replace")}


def ecb_records(root: Path) -> Iterator[dict]:
    for path in sorted(root.glob("*/*.xml"), key=lambda p: (int(p.parent.name), p.name)):
        doc = read_ecb_file(path)
        yield {"id": f"ecb/{path.name}", "source": "ecbplus", "text": doc.text}


def tbaq_records(root: Path) -> Iterator[dict]:
    for path in iter_timeml(root):
        doc = read_timeml(path)
        yield {"id": f"tbaq/{path.stem}", "published": doc.dct.isoformat() if doc.dct else "",
               "source": path.parent.name, "text": doc.text}


SOURCES = {
    "t17": lambda: t17_records(SHARED / "t17"),
    "ecbplus": lambda: ecb_records(SHARED / "ecbplus"),
    "tbaq": lambda: tbaq_records(SHARED / "tempeval3" / "tbaq-cleaned"),
}


def collect(sample: int | None, seed: int) -> dict[str, list[dict]]:
    """Records per source, all of them or a seeded sample spread in proportion to each source's size."""
    records = {name: list(read()) for name, read in SOURCES.items()}
    if sample is None:
        return records
    total = sum(len(r) for r in records.values())
    rng = random.Random(seed)
    return {name: rng.sample(r, min(len(r), max(1, round(sample * len(r) / total)))) for name, r in records.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", type=int, default=None, help="articles to draw (default: all)")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=Path("build/soak"))
    args = parser.parse_args()
    if not SHARED.is_dir():
        print(f"skipped: {SHARED} is not there")
        return 0
    args.workdir.mkdir(parents=True, exist_ok=True)
    db = args.workdir / "soak.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    inputs = []
    for name, records in collect(args.sample, args.seed).items():
        path = args.workdir / f"{name}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        inputs.append(path)
        print(f"{name}: {len(records)} articles")
    settings = Settings(db_path=db, jobs=args.jobs, stage_errors="record", progress=False)
    started = time.perf_counter()
    with Store(db) as store:
        report = ingest(inputs, store, settings)
        seconds = time.perf_counter() - started
        failures = Counter(f"{f.stage} ({f.error})" for _, f in store.failures() if f.error != "skipped")
        checked = verify_store(store, settings)
    stored = report.ingested + report.near_duplicates
    print(report.summary())
    print(f"{stored} articles stored in {seconds:.1f} s: {stored / seconds:.1f} articles/s (jobs {args.jobs})")
    for rejected in report.rejected[:10]:
        print(f"rejected: {rejected}")
    for what, n in sorted(failures.items()):
        print(f"stage failures: {what}: {n}")
    print(f"verify: {sum(checked.checked.values())} spans checked, {len(checked.problems) + checked.more} mismatches")
    for problem in checked.problems[:10]:
        print(f"mismatch: {problem}")
    ok = not failures and checked.ok and not report.corpus.failed
    print("soak: ok" if ok else "soak: FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
