"""Show candidates for blind labelling: the raw article around the sentence, and the calendar.

Prints only the benchmark's own text and the publication date (with weekdays near
it): nothing dateline answered. The sentence is marked >>> <<<; ``--full`` prints
the whole article.

    python benchmarks/judged/linedates/show.py linedates-0001 [linedates-0002 ...] [--full]
"""

from __future__ import annotations

import argparse
import json
from datetime import date, timedelta
from pathlib import Path

from sample import BENCH, HERE


def calendar(published: str) -> str:
    day = date.fromisoformat(published)
    cells = [f"{(day + timedelta(d)).strftime('%a %m-%d')}{'*' if d == 0 else ''}" for d in range(-8, 8)]
    return "  ".join(cells)


def show(item: dict, *, full: bool, before: int, after: int) -> str:
    raw = (BENCH / item["file"]).read_text(encoding="utf-8", errors="replace")
    start, end = item["start"], item["end"]
    head = raw[:min(start, 700)] if not full else raw[:start]
    gap = "" if full or start <= 700 else "\n[...]\n" + raw[max(700, start - before):start]
    tail = raw[end:] if full else raw[end:end + after]
    marked = ""
    if "line_start" in item and (item["line_start"], item["line_end"]) != (start, end):
        marked = f"\n(the line shown: from {item['line_start'] - start} chars into the sentence)"
    return (f"=== {item['id']}  {item['file']}  published {item['published']} "
            f"({date.fromisoformat(item['published']).strftime('%A')})\n{calendar(item['published'])}\n"
            f"{head}{gap}>>>{raw[start:end]}<<<{tail}{marked}\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("ids", nargs="+")
    ap.add_argument("--full", action="store_true")
    ap.add_argument("--before", type=int, default=1500)
    ap.add_argument("--after", type=int, default=300)
    args = ap.parse_args()
    items = {i["id"]: i for i in map(json.loads, (HERE / "candidates.jsonl").read_text().splitlines())}
    for key in args.ids:
        key = key if key.startswith("linedates-") else f"linedates-{int(key):04d}"
        print(show(items[key], full=args.full, before=args.before, after=args.after))


if __name__ == "__main__":
    main()
