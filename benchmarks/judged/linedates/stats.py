"""Figures of the linedates set: items per stratum, null labels, and how often a sentence's first date misleads.

"First date" is the baseline rule of issue 16: the first time expression in the
sentence that the stored tagger resolves to a day (``timexes`` layer, precision
``day``), read from the stores the sampler used. Run after labelling:

    .venv/bin/python benchmarks/judged/linedates/stats.py --stores /work/cache/t17-main
"""

from __future__ import annotations

import argparse
import json
import sqlite3
from collections import Counter
from pathlib import Path

from sample import HERE, Article


def first_days(items: list[dict], stores: Path) -> dict[str, str | None]:
    """Item id -> the first day-precision timex value inside its sentence (None: no such timex)."""
    out: dict[str, str | None] = {}
    by_task: dict[str, list[dict]] = {}
    for item in items:
        by_task.setdefault(item["task"], []).append(item)
    for task, group in sorted(by_task.items()):
        con = sqlite3.connect(f"file:{stores / (task.replace('/', '__') + '.db')}?mode=ro", uri=True)
        for item in group:
            ext = item["file"].removeprefix("t17/").replace("/InputDocs/", "/", 1)
            (aid,) = con.execute("select id from articles where external_id=?", (ext,)).fetchone()
            art = Article(con, aid)
            days = []
            for t in art.timexes:
                raw = art.to_raw(t["start"], t["end"])
                if t.get("precision") == "day" and raw and item["start"] <= raw[0] < item["end"]:
                    days.append((raw[0], t["value"][:10]))
            out[item["id"]] = min(days)[1] if days else None
        con.close()
    return out


def share(n: int, d: int) -> str:
    return f"{n}/{d} = {n / d:.3f}" if d else "0/0"


def report(items: list[dict], first: dict[str, str | None]) -> None:
    print("items per stratum:", dict(Counter(i["stratum"] for i in items)))
    print("items per task:", dict(Counter(i["task"].split("/")[0] for i in items)))
    print("items per half:", dict(Counter(i["half"] for i in items)))
    for part in ("timeline", "store", None):
        sel = [i for i in items if part is None or i["part"] == part]
        name = part or "all"
        null = [i for i in sel if i["main_day"] is None]
        print(f"\n[{name}] {len(sel)} items; main_day null: {share(len(null), len(sel))}",
              dict(Counter(i["reason"] for i in null)))
        print(f"[{name}] basis:", dict(Counter(i["basis"] for i in sel)),
              "ambiguous:", sum(i["ambiguous"] for i in sel))
        with_day = [i for i in sel if first[i["id"]]]
        differs = [i for i in with_day if first[i["id"]] != i["main_day"]]
        outside = [i for i in with_day if first[i["id"]] not in i["acceptable_days"]]
        print(f"[{name}] sentences with a day-resolvable timex: {len(with_day)}; "
              f"first date != main_day: {share(len(differs), len(with_day))}; "
              f"first date not acceptable: {share(len(outside), len(with_day))}")
        dated = [i for i in with_day if i["main_day"]]
        print(f"[{name}]   of those with a main day: first date != main_day: "
              f"{share(sum(first[i['id']] != i['main_day'] for i in dated), len(dated))}; "
              f"not acceptable: {share(sum(first[i['id']] not in i['acceptable_days'] for i in dated), len(dated))}")
    print("\nper stratum (sentences with a day timex): first date not acceptable")
    for stratum in sorted({i["stratum"] for i in items}):
        sel = [i for i in items if i["stratum"] == stratum and first[i["id"]]]
        print(f"  {stratum:20s} {share(sum(first[i['id']] not in i['acceptable_days'] for i in sel), len(sel))}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stores", type=Path, default=Path("/work/cache/t17-main"))
    args = ap.parse_args()
    items = [json.loads(x) for x in (HERE / "items.jsonl").read_text().splitlines()]
    report(items, first_days(items, args.stores))


if __name__ == "__main__":
    main()
