"""Build an N-article corpus by resampling the Timeline17 development articles (JSONL shards).

Round 0 is the non-empty T17 development articles (2,927) as they are. Round r
(r >= 1) takes every article again, in a seeded shuffled order, and:

* shifts every year by ``shift(r)`` whole years — the publication date (29
  February becomes 28 February) and every four-digit year 1950-2049 in the
  text — so a copy's story happens on other dates than its original's and the
  copies of one story never collide on a timeline (no T17 story's articles
  span five years). Shifts go back 10, 20, ... 200 years, then forward 10 ...
  50, then the odd multiples of five in between: publication years stay in
  1800-2200 (what the readers accept) and the text's years in 1500-2099 (what
  the time tagger reads), for ``MAX_ROUNDS`` rounds (146,000 articles). A
  decade ("the 1990s") moves only with a multiple of ten;
* keeps each line (T17 texts are one sentence a line) with probability
  ``KEEP``, at least one, in order. The texts differ by whole sentences, so the
  content ids differ and the near-duplicate filter (MinHash 5-grams, Jaccard
  >= 0.85) lets the copies through as originals; a short article whose copy
  repeats an earlier text is what ingest counts as a duplicate.

``--holdout K`` also writes ``holdout.jsonl``: K articles of a round past the
last one (another year shift), which no corpus of this size holds — what the
benchmark adds to a full store and to an empty one. Records are JSONL
(``id``, ``published``, ``source``, ``text``), ``--shard`` records a file.

    python benchmarks/make_corpus.py ../shared/benchmarks/t17 -n 10000 -o build/corpus-10k --holdout 1000
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

KEEP = 0.75  # share of lines a copy keeps
# Year shift of each round after the first (see the module docstring); the oldest T17 story is 2005.
SHIFTS = ([-10 * k for k in range(1, 21)] + [10 * k for k in range(1, 6)]
          + [-5 - 10 * k for k in range(20)] + [5 + 10 * k for k in range(5)])
MAX_ROUNDS = len(SHIFTS)
SEED = 12
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_YEAR_NOT_DECADE = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b(?!s)")


def originals(t17: Path) -> list[dict]:
    """The non-empty T17 development articles, in path order, with their folder dates."""
    out = []
    for path in sorted(t17.glob("*/InputDocs/*/*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if text.strip():
            out.append({"id": f"t17/{path.parts[-4]}/{path.parent.name}/{path.name}", "published": path.parent.name,
                        "source": path.parts[-4], "text": text})
    return out


def shift_year(day: date, years: int) -> date:
    """The same day ``years`` later (28 February for a 29 February that does not exist)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def copy(record: dict, r: int, rng: random.Random) -> dict:
    """Round ``r``'s copy of one article (round 0: the article itself)."""
    if r == 0:
        return record
    years = SHIFTS[r - 1]
    lines = record["text"].splitlines()
    kept = [line for line in lines if rng.random() < KEEP] or lines[:1]
    pattern = _YEAR if years % 10 == 0 else _YEAR_NOT_DECADE  # "the 1990s" stays a decade
    text = pattern.sub(lambda m: str(int(m.group()) + years), "\n".join(kept))
    published = shift_year(date.fromisoformat(record["published"]), years).isoformat()
    return {"id": f"{record['id']}#r{r}", "published": published, "source": record["source"], "text": text}


def resample(base: list[dict], n: int, first_round: int = 0) -> Iterator[dict]:
    """``n`` records: round ``first_round`` in order, then later rounds, each in a seeded shuffle."""
    r = first_round
    while n > 0:
        if r > MAX_ROUNDS:
            raise SystemExit(f"more than {MAX_ROUNDS} rounds of {len(base)} articles would leave the years "
                             "the readers and the time tagger accept")
        rng = random.Random(SEED * 1000 + r)
        order = list(range(len(base)))
        if r:
            rng.shuffle(order)
        for i in order[:n]:
            yield copy(base[i], r, rng)
        n -= min(n, len(base))
        r += 1


def write_shards(records: Iterator[dict], out: Path, shard: int, prefix: str = "part") -> int:
    """Write records as JSONL files of ``shard`` records; returns how many were written."""
    count, handle = 0, None
    for record in records:
        if count % shard == 0:
            if handle:
                handle.close()
            handle = (out / f"{prefix}-{count // shard:05d}.jsonl").open("w", encoding="utf-8")
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    if handle:
        handle.close()
    return count


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("t17", type=Path)
    ap.add_argument("-n", type=int, required=True, help="articles in the corpus")
    ap.add_argument("-o", "--out", type=Path, required=True, help="folder for the JSONL shards")
    ap.add_argument("--shard", type=int, default=1000, help="records per file")
    ap.add_argument("--holdout", type=int, default=0, help="also write holdout.jsonl with this many articles")
    args = ap.parse_args()
    base = originals(args.t17)
    if not base:
        sys.exit(f"no */InputDocs/*/*.txt under {args.t17}")
    corpus = args.out / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    written = write_shards(resample(base, args.n), corpus, args.shard)
    print(f"{corpus}: {written} articles from {len(base)} originals", flush=True)
    if args.holdout:
        last = -(-args.n // len(base))  # the first round the corpus does not reach
        held = args.out / "holdout.jsonl"
        with held.open("w", encoding="utf-8") as f:
            for record in resample(base, args.holdout, first_round=max(last, 1)):
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
        print(f"{held}: {args.holdout} articles of round {max(last, 1)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
