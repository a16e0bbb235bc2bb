"""Check that every item and window of the judged `quotes` set resolves against the raw Timeline17 files.

Stdlib only. Exit 0 when all checks pass, 1 when any fails (each failure printed as `id: problem`),
2 when the shared benchmarks are not found.

    python benchmarks/judged/quotes/validate.py
    python benchmarks/judged/quotes/validate.py --stats   # also print the counts the README gives
    DATELINE_SHARED=/path/to/shared python benchmarks/judged/quotes/validate.py
"""

from __future__ import annotations

import json
import os
from collections import Counter
import re
import sys
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCH = Path(os.environ.get("DATELINE_SHARED") or HERE.parents[2] / ".." / "shared").resolve() / "benchmarks"

TYPES = {"direct", "indirect", "mixed", "source_only"}
KINDS = {"named_person", "pronoun", "described", "organisation", "country_or_government", "none"}
PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "your", "his", "her", "their", "its"}
QUOTE_TOKENS = {"``", "''", "`", "'"}
ALT_FIELDS = {"type", "content", "cue", "speaker_span", "speaker_kind", "speaker"}
FIELDS = {"id", "window", "file", "start", "end", "half", "key", "type", "content", "cue", "speaker_span",
          "speaker_kind", "speaker", "ambiguous", "alternatives", "nested_in", "notes"}


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def half(file: str) -> str:
    return "tune" if zlib.crc32(file.encode()) % 2 == 0 else "check"


class Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.texts: dict[str, str] = {}

    def fail(self, where: str, what: str) -> None:
        self.problems.append(f"{where}: {what}")

    def text(self, file: str) -> str | None:
        if file not in self.texts:
            path = BENCH / file
            self.texts[file] = path.read_text(encoding="utf-8") if path.is_file() else None
        return self.texts[file]

    def span(self, where: str, text: str, span, *, trimmed: bool = False) -> bool:
        """A [start, end] inside the text, non-empty, on token boundaries (and, for content, not on a mark)."""
        if not (isinstance(span, list) and len(span) == 2 and all(isinstance(x, int) for x in span)):
            self.fail(where, f"not a [start, end] pair: {span!r}")
            return False
        s, e = span
        if not 0 <= s < e <= len(text):
            self.fail(where, f"span {span} empty or outside the file ({len(text)} chars)")
            return False
        if (s > 0 and not text[s - 1].isspace()) or (e < len(text) and not text[e].isspace()):
            self.fail(where, f"span {span} is not on token boundaries")
        if text[s].isspace() or text[e - 1].isspace():
            self.fail(where, f"span {span} starts or ends on whitespace")
        tokens = text[s:e].split()
        if trimmed and (tokens[0] in QUOTE_TOKENS or tokens[-1] in QUOTE_TOKENS):
            self.fail(where, f"content {span} starts or ends on a quotation mark")
        return True

    def content(self, where: str, text: str, frags) -> bool:
        if not (isinstance(frags, list) and frags):
            self.fail(where, "content is not a non-empty list")
            return False
        ok = all(self.span(where, text, f, trimmed=True) for f in frags)
        if ok and any(a[1] > b[0] for a, b in zip(frags, frags[1:])):
            self.fail(where, "content fragments overlap or are out of order")
        return ok


def check_item(c: Checker, item: dict, windows: dict, ids: set) -> None:
    where = item.get("id", "?")
    if set(item) - FIELDS:
        c.fail(where, f"unknown fields {sorted(set(item) - FIELDS)}")
    if not re.fullmatch(r"quotes-\d{4}", where):
        c.fail(where, "id is not quotes-NNNN")
    win = windows.get(item.get("window"))
    if win is None:
        c.fail(where, f"window {item.get('window')!r} not in windows.jsonl")
        return
    if item["file"] != win["file"]:
        c.fail(where, "file differs from its window's file")
    if item["half"] != half(item["file"]):
        c.fail(where, "half does not follow crc32(file) % 2")
    text = c.text(item["file"])
    if text is None:
        c.fail(where, f"{item['file']} not found under {BENCH}")
        return
    if item["type"] not in TYPES:
        c.fail(where, f"type {item['type']!r} not allowed")
    if item["speaker_kind"] not in KINDS:
        c.fail(where, f"speaker_kind {item['speaker_kind']!r} not allowed")
    if not c.content(where, text, item["content"]):
        return
    frags = item["content"]
    if [item["start"], item["end"]] != [frags[0][0], frags[-1][1]]:
        c.fail(where, "start/end are not the extent of the content")
    if item["cue"] is not None:
        c.span(where + " cue", text, item["cue"])
    touches = [f for f in frags + ([item["cue"]] if item["cue"] else []) if f[0] < win["end"] and f[1] > win["start"]]
    if not touches:
        c.fail(where, "neither content nor cue lies in the window")
    check_speaker(c, where, text, item)
    words = re.findall(r"[a-z0-9]+", text[frags[0][0]:frags[0][1]].lower())
    key = item["key"].split()
    if not (1 <= len(key) <= 6 and key == words[: len(key)]):
        c.fail(where, "key is not the first (at most 6) normalised words of the content")
    if item.get("alternatives"):
        if not item["ambiguous"]:
            c.fail(where, "alternatives given but ambiguous is false")
        check_alternatives(c, where, text, item["alternatives"])
    outer = item.get("nested_in")
    if outer is not None and outer not in ids:
        c.fail(where, f"nested_in {outer!r} is not an item id")
    if not isinstance(item["ambiguous"], bool) or not isinstance(item["notes"], str):
        c.fail(where, "ambiguous must be a bool and notes a string")


def check_speaker(c: Checker, where: str, text: str, item: dict) -> None:
    kind, span, speaker = item["speaker_kind"], item["speaker_span"], item["speaker"]
    if (kind == "none") != (span is None) or (kind == "none") != (speaker == "none"):
        c.fail(where, "speaker_kind none, a null speaker_span and speaker 'none' go together")
    if span is not None and c.span(where + " speaker_span", text, span):
        written = text[span[0]:span[1]].lower()
        if (kind == "pronoun") != (written in PRONOUNS):
            c.fail(where, f"speaker_kind {kind} but the span reads {written!r}")
    if speaker != speaker.lower() or not 1 <= len(speaker.split()) <= 8:
        c.fail(where, f"speaker key {speaker!r} is not a short lowercase key")
    if kind == "described" and not speaker.startswith("described: "):
        c.fail(where, "a described speaker's key starts with 'described: '")


def check_alternatives(c: Checker, where: str, text: str, alts: dict) -> None:
    for field, values in alts.items():
        if field not in ALT_FIELDS or not isinstance(values, list) or not values:
            c.fail(where, f"alternatives.{field} is not an allowed field with a list of values")
            continue
        for v in values:
            if field == "content":
                c.content(where + " alt", text, v)
            elif field in ("cue", "speaker_span") and v is not None:
                c.span(where + " alt", text, v)
            elif field == "type" and v not in TYPES:
                c.fail(where, f"alternative type {v!r} not allowed")
            elif field == "speaker_kind" and v not in KINDS:
                c.fail(where, f"alternative speaker_kind {v!r} not allowed")


def check_windows(c: Checker, windows: dict, labels: list[dict]) -> None:
    for wid, w in windows.items():
        text = c.text(w["file"])
        if text is None:
            c.fail(wid, f"{w['file']} not found")
            continue
        c.span(wid, text, [w["start"], w["end"]])
        if (w["start"] > 0 and text[w["start"] - 1] not in " \n") or (w["end"] < len(text) and text[w["end"]] not in " \n"):
            c.fail(wid, "window does not start and end on line boundaries")
        if w["half"] != half(w["file"]):
            c.fail(wid, "half does not follow crc32(file) % 2")
    seen = set()
    for row in labels:
        wid = row["window"]
        if wid not in windows or wid in seen:
            c.fail(wid, "window label row is unknown or repeated")
            continue
        seen.add(wid)
        text = c.text(windows[wid]["file"])
        for group in ("not_speech", "borderline"):
            for x in row[group]:
                c.span(f"{wid} {group}", text, x["span"])
                if not x.get("why"):
                    c.fail(wid, f"a {group} span has no reason")
    if seen != set(windows):
        c.fail("window_labels.jsonl", f"missing windows {sorted(set(windows) - seen)}")


def stats(items: list[dict], windows: dict, labels: list[dict]) -> None:
    """The counts the README reports, computed from the files."""
    print("by type:", dict(Counter(i["type"] for i in items).most_common()))
    print("by speaker_kind:", dict(Counter(i["speaker_kind"] for i in items).most_common()))
    print("by half (items):", dict(Counter(i["half"] for i in items)), "(windows):", dict(Counter(w["half"] for w in windows.values())))
    print("ambiguous:", sum(i["ambiguous"] for i in items), "nested:", sum("nested_in" in i for i in items),
          "no cue:", sum(i["cue"] is None for i in items), "multi-fragment content:", sum(len(i["content"]) > 1 for i in items),
          "speaker after the content:", sum(bool(i["speaker_span"]) and i["speaker_span"][0] > i["start"] for i in items))
    print("not_speech spans:", sum(len(r["not_speech"]) for r in labels), "borderline spans:", sum(len(r["borderline"]) for r in labels),
          "windows with no item:", sum(r["n_items"] == 0 for r in labels))
    print("folder | windows | lines | items | direct | indirect | mixed | source_only")
    for folder in sorted({w["folder"] for w in windows.values()}):
        ws = [w for w in windows.values() if w["folder"] == folder]
        its = [i for i in items if windows[i["window"]]["folder"] == folder]
        types = Counter(i["type"] for i in its)
        print(f"{folder} | {len(ws)} | {sum(w['n_lines'] for w in ws)} | {len(its)} | "
              + " | ".join(str(types[t]) for t in ("direct", "indirect", "mixed", "source_only")))


def main() -> int:
    if not (BENCH / "t17").is_dir():
        print(f"{BENCH / 't17'}: not found (set DATELINE_SHARED)", file=sys.stderr)
        return 2
    windows = {w["id"]: w for w in read_jsonl(HERE / "windows.jsonl")}
    items = read_jsonl(HERE / "items.jsonl")
    labels = read_jsonl(HERE / "window_labels.jsonl")
    c = Checker()
    ids = [i.get("id") for i in items]
    if len(ids) != len(set(ids)):
        c.fail("items.jsonl", "ids are not unique")
    for item in items:
        check_item(c, item, windows, set(ids))
    counts = {w: sum(i["window"] == w for i in items) for w in windows}
    for row in labels:
        if row.get("n_items") != counts.get(row["window"]):
            c.fail(row["window"], "n_items differs from the items labelled in the window")
    check_windows(c, windows, labels)
    for p in c.problems:
        print(p)
    if "--stats" in sys.argv[1:]:
        stats(items, windows, labels)
    print(f"{len(items)} items in {len(windows)} windows: {len(c.problems)} problem(s)")
    return 1 if c.problems else 0


if __name__ == "__main__":
    sys.exit(main())
