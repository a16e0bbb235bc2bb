"""Soak: the full pipeline (every per-article and corpus stage) over all benchmark text, then `verify`.

Fails (exit 1) on any stage failure or any stored span that does not hold.
Sources, all from ../shared/benchmarks:

* Timeline17 development articles (``t17/*/InputDocs/<date>/*.txt``), dated by their folder;
* ECB+ documents (``ecbplus/<topic>/*.xml``), their tokens joined into text, undated;
* TimeBank and AQUAINT (``tempeval3/tbaq-cleaned``), their TEXT with the DCT as publication date;
* the hostile web corpus (``tests/data/make_hostile_web.py``, generated, so it runs without
  ../shared too): file names that are not UTF-8, half an emoji, NUL, legacy encodings declared or
  not, JSON Lines with an undecodable line, WARC archives with a corrupt or cut record, a feed cut
  inside an entry, dates out of range or written the CJK way. Each of its inputs must store every
  intact item and be named in exactly the one-line errors it expects; any other rejection fails.

``--sample N`` draws a fixed, seeded sample of N articles spread over the benchmark sources
in proportion to their size (what CI runs), beside the whole hostile corpus; without it,
everything is ingested.

    python benchmarks/soak.py                     # everything (make soak)
    python benchmarks/soak.py --sample 300        # what CI runs
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import shutil
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

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "benchmarks"


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


def _hostile_module():
    spec = importlib.util.spec_from_file_location("make_hostile_web", REPO / "tests" / "data" / "make_hostile_web.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


HOSTILE = _hostile_module()
_file_of = HOSTILE.file_of


def check_hostile(expected: list, rejected: list, store: Store) -> list[str]:
    """What the hostile corpus gave that it should not have: missing items, unexpected or missing errors."""
    names = {e.name for e in expected}
    problems = []
    got = Counter((_file_of(e.origin), e.line) for e in rejected if _file_of(e.origin) in names)
    want = Counter((e.name, line) for e in expected for _, line in e.errors)
    for key in (got - want) | (want - got):
        problems.append(f"hostile: {key[0]} line {key[1]}: {got[key]} errors, expected {want[key]}")
    stored = Counter(_file_of(a.origin) for a in store.iter_articles(include_duplicates=True))
    for e in expected:
        if stored[e.name] != e.stored:
            problems.append(f"hostile: {e.name}: {stored[e.name]} articles stored, expected {e.stored}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", type=int, default=None, help="articles to draw (default: all)")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=Path("build/soak"))
    parser.add_argument("--no-hostile", action="store_true", help="leave the hostile web corpus out")
    args = parser.parse_args()
    if not SHARED.is_dir() and args.no_hostile:
        print(f"skipped: {SHARED} is not there")
        return 0
    args.workdir.mkdir(parents=True, exist_ok=True)
    db = args.workdir / "soak.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    inputs = []
    shutil.rmtree(args.workdir / "hostile", ignore_errors=True)
    hostile = [] if args.no_hostile else HOSTILE.build(args.workdir / "hostile")
    if hostile:
        inputs.append(args.workdir / "hostile")
        print(f"hostile: {len(hostile)} inputs, {sum(e.stored for e in hostile)} intact items")
    for name, records in (collect(args.sample, args.seed) if SHARED.is_dir() else {}).items():
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
        hostile_problems = check_hostile(hostile, report.rejected, store)
    stored = report.ingested + report.near_duplicates
    print(report.summary())
    print(f"{stored} articles stored in {seconds:.1f} s: {stored / seconds:.1f} articles/s (jobs {args.jobs})")
    hostile_names = {e.name for e in hostile}
    for rejected in [r for r in report.rejected if _file_of(r.origin) not in hostile_names][:10]:
        print(f"rejected: {rejected}")
    for problem in hostile_problems:
        print(problem)
    if hostile:
        print(f"hostile: {len(hostile_problems)} problems")
    for what, n in sorted(failures.items()):
        print(f"stage failures: {what}: {n}")
    print(f"verify: {sum(checked.checked.values())} spans checked, {len(checked.problems) + checked.more} mismatches")
    for problem in checked.problems[:10]:
        print(f"mismatch: {problem}")
    ok = not failures and checked.ok and not report.corpus.failed and not hostile_problems
    print("soak: ok" if ok else "soak: FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
