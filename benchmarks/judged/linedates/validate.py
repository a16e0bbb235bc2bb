"""Check the linedates set: every item resolves in its file and carries labels from the allowed set.

    python benchmarks/judged/linedates/validate.py            # check items.jsonl
    python benchmarks/judged/linedates/validate.py --merge    # candidates + labels -> items.jsonl, then check

Without ../shared/benchmarks the offsets cannot be checked; the labels still are.
Exit status 1 and one line per problem when anything is wrong.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import zlib
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
BENCH = next((p / "shared" / "benchmarks" for p in (REPO.parent, REPO.parent.parent)
              if (p / "shared" / "benchmarks").is_dir()), None)

PARTS = {"timeline": {"timeline_line"},
         "store": {"headline_runin", "next_day", "possessive_weekday", "sub_clause", "relative_np",
                   "reported", "multi_date", "plain"}}
BASES = {"explicit", "implicit", "inferred", "none"}
REASONS = {"state", "generic", "month_only", "no_event", "unclear"}
LABELS = ("main_day", "acceptable_days", "basis", "reason", "ambiguous", "main_predicate", "subordinate_days")
ID = re.compile(r"^linedates-\d{4}$")
KEY = re.compile(r"^[a-z0-9' .-]+$")


def is_day(value) -> bool:
    try:
        return isinstance(value, str) and len(value) == 10 and date.fromisoformat(value) is not None
    except ValueError:
        return False


def check_span(item: dict) -> list[str]:
    path = BENCH / item["file"]
    if not path.is_file():
        return [f"file not found: {item['file']}"]
    raw = path.read_text(encoding="utf-8", errors="replace")
    out = []
    spans = [("start", "end")] + ([("line_start", "line_end")] if "line_start" in item else [])
    for a, b in spans:
        s, e = item[a], item[b]
        if not (0 <= s < e <= len(raw)) or not raw[s:e].strip():
            out.append(f"{a}/{b} {s}-{e} empty or outside the file ({len(raw)} chars)")
            continue
        if (s > 0 and not raw[s - 1].isspace()) or (e < len(raw) and not raw[e].isspace()):
            out.append(f"{a}/{b} {s}-{e} not on token boundaries")
    if "line_start" in item and not (item["start"] <= item["line_start"] and item["line_end"] <= item["end"]):
        out.append("the line span is not inside the sentence")
    return out


def check_labels(item: dict) -> list[str]:
    out = []
    main, ok = item["main_day"], item["acceptable_days"]
    if not isinstance(ok, list) or not all(is_day(d) for d in ok) or len(set(ok)) != len(ok):
        out.append(f"acceptable_days {ok!r}: a list of distinct YYYY-MM-DD")
    if not isinstance(item["subordinate_days"], list) or not all(is_day(d) for d in item["subordinate_days"]):
        out.append(f"subordinate_days {item['subordinate_days']!r}: a list of YYYY-MM-DD")
    elif main in item["subordinate_days"]:
        out.append("main_day is also listed as subordinate")
    if item["basis"] not in BASES:
        out.append(f"basis {item['basis']!r} not in {sorted(BASES)}")
    if not isinstance(item["ambiguous"], bool):
        out.append("ambiguous must be true or false")
    pred = item["main_predicate"]
    if not (isinstance(pred, str) and pred and pred == pred.lower() and len(pred.split()) <= 3):
        out.append(f"main_predicate {pred!r}: a short lowercase key")
    if main is None:
        if item["basis"] != "none" or item.get("reason") not in REASONS or ok:
            out.append("a null main_day needs basis none, a reason from the set and no acceptable_days")
    else:
        if not is_day(main) or main not in (ok or []):
            out.append(f"main_day {main!r}: YYYY-MM-DD and listed in acceptable_days")
        if item["basis"] == "none" or item.get("reason") is not None:
            out.append("a dated item has basis explicit/implicit/inferred and no reason")
    return out


def check(items: list[dict]) -> list[str]:
    problems, seen = [], set()
    for n, item in enumerate(items, 1):
        where = f"items.jsonl:{n} {item.get('id', '?')}"
        missing = [k for k in ("id", "part", "stratum", "task", "file", "start", "end", "published", "half",
                               *LABELS) if k not in item]
        if missing:
            problems.append(f"{where}: missing {', '.join(missing)}")
            continue
        errs = []
        if not ID.match(item["id"]) or item["id"] in seen:
            errs.append("id malformed or repeated")
        seen.add(item["id"])
        if item["stratum"] not in PARTS.get(item["part"], ()):
            errs.append(f"stratum {item['stratum']!r} not of part {item['part']!r}")
        if item["half"] != ("tune" if zlib.crc32(item["file"].encode()) % 2 == 0 else "check"):
            errs.append("half does not follow crc32(file) % 2")
        if "key" in item and (len(item["key"].split()) > 6 or not KEY.match(item["key"])):
            errs.append("key: at most 6 lowercase words")
        if not is_day(item["published"]) or item["published"] != item["file"].split("/")[-2]:
            errs.append("published is not the InputDocs folder date")
        errs += check_labels(item)
        if BENCH is not None:
            errs += check_span(item)
        problems += [f"{where}: {e}" for e in errs]
    return problems


def merge() -> None:
    """items.jsonl = candidates.jsonl joined with labels.jsonl by id (labelled candidates only)."""
    labels = {r["id"]: r for r in map(json.loads, (HERE / "labels.jsonl").read_text().splitlines())}
    with (HERE / "items.jsonl").open("w", encoding="utf-8") as f:
        for cand in map(json.loads, (HERE / "candidates.jsonl").read_text().splitlines()):
            if cand["id"] in labels:
                lab = labels[cand["id"]]
                f.write(json.dumps(cand | {k: lab.get(k) for k in LABELS}) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--merge", action="store_true", help="write items.jsonl from candidates and labels first")
    args = ap.parse_args()
    if args.merge:
        merge()
    items = [json.loads(x) for x in (HERE / "items.jsonl").read_text().splitlines()]
    problems = check(items)
    for p in problems:
        print(p)
    print(f"{len(items)} items, {len(problems)} problems" + ("" if BENCH else " (offsets not checked: no ../shared)"))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
