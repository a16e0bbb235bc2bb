"""Draw the windows of the judged `quotes` set: 5 articles from each development Timeline17 folder.

Deterministic (fixed seed, sorted file lists); reads only ../shared/benchmarks/t17 and writes
`windows.jsonl` (one window per line: file, start, end as raw-file offsets). The attributions inside
each window are labelled by hand in a separate step (`items.jsonl`, joined on `window`).

Why windows and not single quotes: every attribution inside a window is labelled, so a system's
quote that falls inside a window but matches no item is a false positive, and an item the system
misses is a miss (recall). Why the cue filter: a window with no reporting verb measures nothing;
the filter uses only a word list on the raw text, never what dateline answers.

    python benchmarks/judged/quotes/sample.py            # rewrite windows.jsonl
    python benchmarks/judged/quotes/sample.py --check    # exit 1 if the file differs from a fresh draw
    DATELINE_SHARED=/path/to/shared python ...           # when ../shared is not beside the repo
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import sys
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The shared folder sits beside the repo; a git worktree elsewhere names it with DATELINE_SHARED.
BENCH = Path(os.environ.get("DATELINE_SHARED") or HERE.parents[2] / ".." / "shared").resolve() / "benchmarks"
T17 = "t17"
SEED = 20240518
PER_FOLDER = 5
MIN_LINES, MAX_LINES = 8, 12  # lines are roughly sentences (a few lines hold two)
MIN_CUES = 3  # a window must hold at least this many cue hits (below) to be drawn
# Cue hits: a T17 opening quote mark or a common reporting word. Used only to skip windows
# with nothing to label; the labels themselves come from reading.
CUES = re.compile(r"``|\b(?:said|says|told|according to|added|announced|warned|stated)\b", re.I)


def half(file: str) -> str:
    return "tune" if zlib.crc32(file.encode()) % 2 == 0 else "check"


def lines_with_offsets(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line, end trimmed of trailing whitespace (token boundaries)."""
    out, pos = [], 0
    for raw in text.split("\n"):
        stripped = raw.rstrip()
        lead = len(raw) - len(raw.lstrip())
        if stripped.strip():
            out.append((pos + lead, pos + len(stripped)))
        pos += len(raw) + 1
    return out


def candidate_windows(text: str, n: int) -> list[tuple[int, int]]:
    """(first line, line count) of each n-line window that skips line 0 (headline run into the lead)."""
    spans = lines_with_offsets(text)
    out = []
    for first in range(1, len(spans) - n + 1):
        chunk = text[spans[first][0]: spans[first + n - 1][1]]
        if len(CUES.findall(chunk)) >= MIN_CUES:
            out.append((first, n))
    return out


def draw_folder(folder: Path, rng: random.Random, seen: set[str]) -> list[dict]:
    files = sorted(folder.glob("InputDocs/*/*.txt"))
    rng.shuffle(files)
    picked = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        digest = hashlib.sha1(" ".join(text.split()).lower().encode()).hexdigest()
        if digest in seen:  # a verbatim copy of an article already drawn
            continue
        n = rng.randint(MIN_LINES, MAX_LINES)
        windows = candidate_windows(text, n)
        if not windows:
            continue
        first, n = rng.choice(windows)
        spans = lines_with_offsets(text)
        rel = path.relative_to(BENCH).as_posix()
        seen.add(digest)
        picked.append({
            "file": rel, "start": spans[first][0], "end": spans[first + n - 1][1],
            "first_line": first, "n_lines": n, "folder": folder.name, "half": half(rel),
        })
        if len(picked) == PER_FOLDER:
            break
    return picked


def draw() -> list[dict]:
    rng = random.Random(SEED)
    seen: set[str] = set()
    windows = []
    for folder in sorted(p for p in (BENCH / T17).iterdir() if p.is_dir()):
        windows.extend(draw_folder(folder, rng, seen))
    for i, w in enumerate(windows, 1):
        w["id"] = f"quotes-w{i:02d}"
    return windows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with windows.jsonl, write nothing")
    args = parser.parse_args()
    if not (BENCH / T17).is_dir():
        print(f"{BENCH / T17}: not found (the shared benchmarks sit beside the repo)", file=sys.stderr)
        return 2
    keys = ("id", "file", "start", "end", "first_line", "n_lines", "folder", "half")
    rows = [json.dumps({k: w[k] for k in keys}) for w in draw()]
    out = HERE / "windows.jsonl"
    if args.check:
        same = out.exists() and out.read_text(encoding="utf-8").splitlines() == rows
        print("windows.jsonl matches a fresh draw" if same else "windows.jsonl differs from a fresh draw")
        return 0 if same else 1
    out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} windows -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
