"""Draw the candidate sentences of the linedates judged set (deterministic, fixed seed).

Two parts, both over the stores of the 12 development Timeline17 tasks built by
``dateline eval tls`` with the code at commit 0d626fc:

(a) ``timeline``: lines of each task's shipped timeline, built as the eval builds it
    (``dateline timeline --db STORE --max-dates L --per-date K --since A --until B
    --format json``), TIMELINE_PER_TASK day-entry lines per task;
(b) ``store``: sentences of the stores with at least one time expression the tagger
    resolves to a day (or a "the next day" kind of phrase), stratified by structure.

Writes ``candidates.jsonl``: id, part, stratum, features, task, file (relative to
``../shared/benchmarks``), start, end (offsets of the whole sentence in the raw file),
published, half. It writes no system answer (no date, no event): the labels are added
blind, by reading, in ``labels.jsonl`` (joined by id; see validate.py).

    .venv/bin/python benchmarks/judged/linedates/sample.py --stores /work/cache/t17-main
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import re
import sqlite3
import subprocess
import sys
import zlib
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
# ../shared next to the repo; from a git worktree under <main>/../wt/<name>, the one above it
BENCH = next((p / "shared" / "benchmarks" for p in (REPO.parent, REPO.parent.parent)
              if (p / "shared" / "benchmarks").is_dir()), REPO.parent / "shared" / "benchmarks")
SEED = 16_05
TIMELINE_PER_TASK = 10
# part (b): how many sentences of each structure (137 in all)
STRATA = {
    "headline_runin": 14,   # the article's first stored sentence: headline/caption/byline run into the lead
    "next_day": 14,         # "the next day", "the day before", "that night", "hours later"
    "possessive_weekday": 14,  # "Tuesday 's visit", "the Sunday vote"
    "sub_clause": 20,       # a day inside a since/after/before/while/until/when clause or phrase
    "relative_np": 22,      # a day inside a relative clause or modifying a noun ("the vote on Sunday")
    "reported": 22,         # a day inside the complement of a reporting verb (a stored quote span)
    "multi_date": 16,       # two or more different days in the sentence
    "plain": 15,            # one day, none of the structures above, no reporting verb (control)
}
PRIORITY = list(STRATA)  # a sentence with several structures goes to the first one listed

NEXT_DAY = re.compile(
    r"\b(?:the|a)\s+(?:next|following|previous)\s+(?:day|morning|night|evening|afternoon)\b"
    r"|\bthe\s+day\s+(?:before|after)\b|\ba\s+day\s+(?:later|earlier|before|after)\b"
    r"|\b(?:that|the\s+same)\s+(?:day|night|morning|evening|afternoon)\b"
    r"|\b(?:two|three|four|\d+)\s+days\s+(?:later|earlier|before|after)\b|\bhours\s+later\b", re.I)
WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today)"
POSSESSIVE = re.compile(rf"\b{WEEKDAY}\s*'s\b", re.I)
ATTRIBUTIVE = re.compile(rf"\bthe\s+{WEEKDAY}\s+[a-z]", re.I)  # "the Sunday vote"
SUBORDINATOR = re.compile(r"\b(?:since|after|before|while|until|following|when|ahead\s+of)\b[^,;:]{0,45}$", re.I)
RELATIVE = re.compile(r"\b(?:which|who|whom|whose|where|that)\b[^,;:]{0,60}$", re.I)
NOUN_PHRASE = re.compile(r"\b(?:the|a|an|its|his|her|their|last|this)\s+[a-z-]+(?:\s+[a-z-]+)?\s+(?:on|of)\s*$", re.I)
REPORTING = re.compile(r"\b(?:said|says|say|told|tells|announced|reported|added|stated|confirmed|warned|"
                       r"claimed|insisted|according\s+to)\b", re.I)


def tasks_and_stores(stores: Path):
    sys.path.insert(0, str(REPO / "src"))
    from dateline.eval.tls import all_tasks

    for task in all_tasks(BENCH / "t17"):
        stem = task.name.replace("/", "__")
        db = stores / f"{stem}.db"
        if not (stores / f"{stem}.done").exists():
            sys.exit(f"{stores}: the store of {task.name} is not complete ({stem}.done missing)")
        yield task, db


class Article:
    """One stored article and its raw file; stored offsets map to raw-file offsets."""

    def __init__(self, con, aid: str):
        ext, text, published = con.execute(
            "select external_id, text, published from articles where id=?", (aid,)).fetchone()
        topic, rest = ext.split("/", 1)
        self.file = f"t17/{topic}/InputDocs/{rest}"
        self.published = published
        self.raw = (BENCH / self.file).read_text(encoding="utf-8", errors="replace")
        self.text = text
        self.blocks = raw_blocks(self.raw, text)
        layers = dict(con.execute("select layer, data from annotations where article_id=? "
                                  "and layer in ('sentences','timexes','quotes')", (aid,)))
        self.sentences = json.loads(layers.get("sentences", "[]"))
        self.timexes = json.loads(layers.get("timexes", "[]"))
        self.quotes = json.loads(layers.get("quotes", "[]"))

    def sentence_at(self, start: int):
        for s in self.sentences:
            if s["start"] <= start < s["end"]:
                return s
        return None

    def to_raw(self, start: int, end: int) -> tuple[int, int] | None:
        """Raw-file offsets of a stored span, None when the span is not one unchanged piece of the file."""
        for raw_at, text_at, size in self.blocks:
            if text_at <= start and end <= text_at + size:
                return raw_at + start - text_at, raw_at + end - text_at
        return None

    def item(self, sentence: dict) -> dict | None:
        span = self.to_raw(sentence["start"], sentence["end"])
        if span is None:
            return None
        assert self.raw[span[0]:span[1]] == self.text[sentence["start"]:sentence["end"]]
        return {"file": self.file, "start": span[0], "end": span[1], "published": self.published}


def raw_blocks(raw: str, text: str) -> list[tuple[int, int, int]]:
    """(raw offset, stored offset, length) of the pieces the stored text shares with the raw file.

    The stored text is the raw text stripped, less any debris line ingest's cleanup removed.
    """
    lead = len(raw) - len(raw.lstrip())
    if raw.strip() == text:
        return [(lead, 0, len(text))]
    matcher = difflib.SequenceMatcher(None, raw, text, autojunk=False)
    return [(b.a, b.b, b.size) for b in matcher.get_matching_blocks() if b.size]


def features(art: Article, s: dict) -> set[str]:
    """Which structures a sentence shows (by the stored day timexes and surface patterns)."""
    text = art.text
    days = [t for t in art.timexes if s["start"] <= t["start"] < s["end"] and t.get("precision") == "day"]
    found = set()
    if s["index"] == 0:
        found.add("headline_runin")
    if NEXT_DAY.search(text, s["start"], s["end"]):
        found.add("next_day")
    sent = text[s["start"]:s["end"]]
    if POSSESSIVE.search(sent) or ATTRIBUTIVE.search(sent):
        found.add("possessive_weekday")
    for t in days:
        before = text[s["start"]:t["start"]]
        if SUBORDINATOR.search(before):
            found.add("sub_clause")
        if RELATIVE.search(before) or NOUN_PHRASE.search(before):
            found.add("relative_np")
        if any(q["start"] <= t["start"] < q["end"] for q in art.quotes):
            found.add("reported")
    if len({t["value"][:10] for t in days}) >= 2:
        found.add("multi_date")
    if len(days) == 1 and not found and not REPORTING.search(sent):
        found.add("plain")
    if not days and "next_day" not in found:
        return set()  # part (b) wants a time that resolves to a day
    return found


def timeline_lines(task, db: Path) -> list[tuple[str, int, int]]:
    """(article id, start, end) of every line of the task's shipped timeline's day entries."""
    ref = task.reference
    exe = Path(sys.executable).with_name("dateline")
    out = subprocess.run([str(exe), "timeline", "--db", str(db), "--format", "json",
                          "--max-dates", str(ref.l), "--per-date", str(ref.k),
                          "--since", ref.start.isoformat(), "--until", ref.end.isoformat()],
                         check=True, capture_output=True, text=True).stdout
    lines = []
    for entry in json.loads(out)["entries"]:
        if entry["precision"] != "day":
            continue  # background months are not day lines
        for src in entry["sources"]:
            if src["primary"]:
                lines.append((src["article"], src["start"], src["end"]))
    return lines


def half(file: str) -> str:
    return "tune" if zlib.crc32(file.encode()) % 2 == 0 else "check"


def draw(stores: Path) -> list[dict]:
    rng = random.Random(SEED)
    chosen: list[dict] = []
    seen: set[tuple[str, int]] = set()
    pools: dict[str, dict[str, list[dict]]] = {k: defaultdict(list) for k in STRATA}
    for task, db in tasks_and_stores(stores):
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        cache: dict[str, Article] = {}

        def article(aid: str) -> Article:
            if aid not in cache:
                cache[aid] = Article(con, aid)
            return cache[aid]

        # (a) lines of the shipped timeline
        lines = sorted(set(timeline_lines(task, db)))
        picked = 0
        for aid, start, end in rng.sample(lines, len(lines)):
            art = article(aid)
            s = art.sentence_at(start)
            item = art.item(s) if s else None
            line = art.to_raw(start, end)
            if item is None or line is None or (item["file"], item["start"]) in seen:
                continue
            seen.add((item["file"], item["start"]))
            # the line shown may be the sentence less a byline/dateline prefix
            chosen.append({"part": "timeline", "stratum": "timeline_line",
                           "features": sorted(features(art, s)), "task": task.name, **item,
                           "line_start": line[0], "line_end": line[1]})
            picked += 1
            if picked == TIMELINE_PER_TASK:
                break
        # (b) candidate pools by structure
        for (aid,) in con.execute("select id from articles where duplicate_of is null order by id"):
            art = article(aid)
            for s in art.sentences:
                found = features(art, s)
                item = art.item(s) if found else None
                if item:
                    stratum = next(k for k in PRIORITY if k in found)
                    pools[stratum][task.name].append(
                        {"part": "store", "stratum": stratum, "features": sorted(found),
                         "task": task.name, **item})
        cache.clear()
        con.close()
    for stratum, want in STRATA.items():
        chosen.extend(round_robin(rng, pools[stratum], want, seen))
    for i, item in enumerate(chosen, 1):
        item["id"] = f"linedates-{i:04d}"
        item["half"] = half(item["file"])
    return chosen


def round_robin(rng: random.Random, by_task: dict[str, list[dict]], want: int, seen: set) -> list[dict]:
    """``want`` items spread evenly over tasks, one article at most once per stratum."""
    queues = {t: rng.sample(v, len(v)) for t, v in sorted(by_task.items())}
    order = sorted(queues)
    rng.shuffle(order)
    out, used = [], set()
    while len(out) < want and any(queues.values()):
        for t in order:
            q = queues[t]
            while q:
                item = q.pop()
                key = (item["file"], item["start"])
                if key in seen or item["file"] in used:
                    continue
                seen.add(key)
                used.add(item["file"])
                out.append(item)
                break
            if len(out) == want:
                break
    return out


FIELDS = ("id", "part", "stratum", "features", "task", "file", "start", "end", "line_start", "line_end",
          "published", "half")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stores", type=Path, default=Path("/work/cache/t17-main"))
    ap.add_argument("-o", "--output", type=Path, default=HERE / "candidates.jsonl")
    args = ap.parse_args()
    items = draw(args.stores)
    with args.output.open("w", encoding="utf-8") as f:
        for item in items:
            f.write(json.dumps({k: item[k] for k in FIELDS if k in item}) + "\n")
    print(f"wrote {len(items)} candidates to {args.output}")


if __name__ == "__main__":
    main()
