"""Draw the candidate figures and figure pairs of the ``claimpairs`` judged set (deterministic).

Steps (each a sub-command, the drawing itself in ``draw.py``; labels are added by hand in
``labels.jsonl``, joined by ``id``):

    python sample.py stores      # mixed stores of the bpoil (5 outlets) and H1N1 (3 outlets) families
    python sample.py candidates  # -> candidates.jsonl (the sampler's output, no labels)

``stores`` ingests every article of a T17 topic family into one store with the shipped
``dateline ingest`` path (all per-article and corpus stages, default settings), so the
shipped claim grouping can set figures of different outlets in one group. Stores go to
``$CLAIMPAIRS_CACHE`` (default ``/work/cache/gold-claims``); they are build output, never
committed. ``candidates`` reads those stores and the per-folder stores of
``$CLAIMPAIRS_T17_STORES`` (default ``/work/cache/t17-main``), and the raw benchmark files
under ``../shared/benchmarks``.

Figures are located in the raw benchmark files: a T17 figure by ``start``/``end``
character offsets into the file read as UTF-8 (on token boundaries of the
Penn-Treebank-tokenised text), an ECB+ figure by ``sentence`` and ``tokens`` (``t_id``s).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
# ../shared/benchmarks beside the repository; a git worktree elsewhere names it in $CLAIMPAIRS_BENCH
BENCH = Path(os.environ.get("CLAIMPAIRS_BENCH", REPO / ".." / "shared" / "benchmarks")).resolve()
CACHE = Path(os.environ.get("CLAIMPAIRS_CACHE", "/work/cache/gold-claims"))
T17_STORES = Path(os.environ.get("CLAIMPAIRS_T17_STORES", "/work/cache/t17-main"))

FAMILIES = {  # family -> T17 folders (each folder is one outlet)
    "bpoil": ("bpoil_bbc", "bpoil_foxnews", "bpoil_guardian", "bpoil_reuters", "bpoil_washingtonpost"),
    "H1N1": ("H1N1_bbc", "H1N1_guardian", "H1N1_reuters"),
}


def t17_records(folders: tuple[str, ...]):
    """JSONL records of every article of the folders, as the T17 eval writes them (id = folder/day/name)."""
    for folder in folders:
        for path in sorted((BENCH / "t17" / folder / "InputDocs").glob("*/*")):
            text = path.read_text(encoding="utf-8", errors="replace").strip()
            if text:
                yield {"id": f"{folder}/{path.parent.name}/{path.name}", "published": path.parent.name,
                       "text": text, "source": folder.rsplit("_", 1)[-1]}


def build_stores() -> None:
    """One store per family with the shipped ingest path (per-article and corpus stages)."""
    from dateline.pipeline import ingest
    from dateline.settings import Settings
    from dataclasses import replace

    from dateline.store import Store

    CACHE.mkdir(parents=True, exist_ok=True)
    for family, folders in FAMILIES.items():
        db, jsonl = CACHE / f"{family}.db", CACHE / f"{family}.jsonl"
        done = CACHE / f"{family}.done"
        if done.exists() and db.exists():
            continue
        with jsonl.open("w", encoding="utf-8") as f:
            for rec in t17_records(folders):
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        with Store(db) as store:
            report = ingest([jsonl], store, replace(Settings(), db_path=db))
        done.write_text(report.summary() + "\n")
        print(family, report.summary(), flush=True)


def main(argv: list[str]) -> int:
    cmd = argv[1] if len(argv) > 1 else ""
    if cmd == "stores":
        build_stores()
    elif cmd == "candidates":
        from draw import draw_all

        rows = draw_all(BENCH, CACHE, T17_STORES, FAMILIES)
        with (HERE / "candidates.jsonl").open("w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
        print(f"{len(rows)} candidates -> candidates.jsonl")
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
