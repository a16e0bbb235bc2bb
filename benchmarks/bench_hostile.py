"""Time and peak memory of ingesting hostile-size inputs: each is ingested or rejected in one line.

Usage:
  .venv/bin/python benchmarks/bench_hostile.py [--cases lines,jsonl,csv,html,article] [--mb 5]
      [--huge-mb 0] [--keep DIR]

Each case is generated into a temporary folder and ingested with every default
stage by ``dateline.pipeline.ingest`` in a fresh child process (its own store),
so the peak RSS reported is that child's alone (spaCy loaded included), and its
CPU seconds show the work on a machine shared with others. Cases:

* ``lines``: a text file of 1,000,000 short lines (about 25 million characters);
* ``tiny-lines``: 1,000,000 lines of a word or two, under the default limit, so
  that every stage meets a million one-line sentences;
* ``jsonl``: a JSON Lines file whose one record holds a 20 MB text;
* ``csv``: a CSV file with one 10 MB text field;
* ``html``: an HTML page of 200,000 nested elements;
* ``article``: an article of ordinary generated paragraphs, ``--mb`` million characters;
* ``huge``: (with ``--huge-mb N``) an article of N million characters, with
  ``max_article_chars`` raised to admit it.

``--split`` also times sentence splitting alone on 160k, 320k and 1M short lines.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from dateline.pipeline import ingest
from dateline.settings import Settings
from dateline.store import Store
path, db, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
settings = Settings(db_path=Path(db), progress=False, max_article_chars=limit)
t0 = time.perf_counter()
with Store(Path(db)) as store:
    report = ingest([path], store, settings)
usage = resource.getrusage(resource.RUSAGE_SELF)
peak_mb, cpu = usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime  # ru_maxrss is in KiB on Linux
print(json.dumps({"seconds": time.perf_counter() - t0, "summary": report.summary(), "peak_mb": peak_mb, "cpu": cpu,
                  "rejected": [str(e) for e in report.rejected]}))
"""

# Invented people, places and things: the generated prose is this script's own.
PEOPLE = ["Mara Velkov", "Tomas Arendt", "Ines Okafor", "Li Wen", "Pavel Hrusk", "Amina Sall", "Joel Brandt"]
PLACES = ["Norrhaven", "Port Calder", "the Ostrava valley", "Lakemouth", "Dunmere", "the northern province"]
ROLES = ["the transport minister", "a spokeswoman for the council", "the regional governor", "an aid official"]
THINGS = ["the bridge repairs", "the water supply", "the new rail line", "the flood defences", "the budget"]
MONTHS = ["January", "March", "May", "July", "September", "November"]


def sentence(rng: random.Random) -> str:
    """One news-like sentence with a name, a place, a number, a date or a quote."""
    p, q, place, thing = rng.choice(PEOPLE), rng.choice(ROLES), rng.choice(PLACES), rng.choice(THINGS)
    n, month, day = rng.randint(2, 90_000), rng.choice(MONTHS), rng.randint(1, 28)
    return rng.choice([
        f"{p}, {q}, said on {month} {day} that {thing} in {place} would cost {n:,} euros.",
        f'"We expect {thing} to be finished before the winter," {p} told reporters in {place}.',
        f"More than {n:,} residents of {place} were moved to shelters after the storm on Tuesday.",
        f"The council met in {place} last week and agreed to review {thing} by {month} {2000 + day}.",
        f"According to {p}, about {n % 100} percent of the work was done by the end of {month}.",
        f"Officials in {place} declined to comment on the report.",
    ])


def paragraphs(chars: int, seed: int = 8) -> str:
    """Ordinary paragraphs of three to six sentences, ``chars`` characters in all."""
    rng = random.Random(seed)
    out, size = [], 0
    while size < chars:
        para = " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))
        out.append(para)
        size += len(para) + 2
    return "\n\n".join(out)[:chars]


def make_case(name: str, folder: Path, mb: float, huge_mb: float) -> tuple[Path, int]:
    """The input file of a case and the max_article_chars to ingest it with."""
    default = 5_000_000
    if name == "lines":
        path = folder / "million-lines.txt"
        path.write_text("\n".join(f"Entry {i} was logged." for i in range(1_000_000)), encoding="utf-8")
    elif name == "tiny-lines":
        path = folder / "million-tiny-lines.txt"
        words = ["Yes.", "No!", "Ok.", "Hm?", "Go."]
        path.write_text("\n".join(words[i % len(words)] for i in range(1_000_000)), encoding="utf-8")
    elif name == "jsonl":
        path = folder / "one-line.jsonl"
        record = {"title": "A long record", "date": "2024-05-02", "text": paragraphs(20_000_000)}
        path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    elif name == "csv":
        path = folder / "big-field.csv"
        body = paragraphs(10_000_000).replace('"', '""')
        path.write_text(f'title,date,text\nA long field,2024-05-02,"{body}"\n', encoding="utf-8")
    elif name == "html":
        path = folder / "nested.html"
        depth = 200_000
        path.write_text("<html><body>" + "<div>" * depth + "<p>" + paragraphs(2_000) + "</p>"
                        + "</div>" * depth + "</body></html>", encoding="utf-8")
    elif name == "article":
        path = folder / "long-article.txt"
        path.write_text(paragraphs(int(mb * 1_000_000)), encoding="utf-8")
    elif name == "huge":
        path = folder / "huge-article.txt"
        path.write_text(paragraphs(int(huge_mb * 1_000_000)), encoding="utf-8")
        return path, int(huge_mb * 1_000_000) + 1
    else:
        raise SystemExit(f"unknown case {name!r}")
    return path, default


def run_case(path: Path, limit: int, folder: Path) -> dict:
    """Ingest ``path`` in a child process; its report, wall time and (reported by the child) peak RSS."""
    db = folder / f"{path.stem}.db"
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(db), str(limit)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = proc.communicate()
    wall = time.perf_counter() - t0
    result = json.loads(out.strip().splitlines()[-1]) if proc.returncode == 0 and out.strip() else {
        "summary": f"child failed (exit {proc.returncode})", "rejected": err.strip().splitlines()[-1:]}
    result["wall"] = wall
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", default="lines,jsonl,csv,html,article")
    ap.add_argument("--mb", type=float, default=5.0, help="size of the 'article' case, in million characters")
    ap.add_argument("--huge-mb", type=float, default=0.0, help="also run an article this large (million chars)")
    ap.add_argument("--split", action="store_true", help="time sentence splitting alone on many short lines")
    ap.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = ap.parse_args(argv)
    cases = [c for c in args.cases.split(",") if c] + (["huge"] if args.huge_mb else [])
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for name in cases:
            path, limit = make_case(name, folder, args.mb, args.huge_mb)
            size = path.stat().st_size
            r = run_case(path, limit, folder)
            print(f"{name:8s} {size / 1e6:6.1f} MB  wall {r['wall']:7.1f} s  cpu {r.get('cpu', 0):7.1f} s  "
                  f"peak RSS {r.get('peak_mb', 0):6.0f} MB  {r['summary']}")
            for line in r["rejected"]:
                print(f"         {line}")
            path.unlink()
    if args.split:
        split_scaling()
    return 0


def split_scaling() -> None:
    """Sentence splitting alone on 160k, 320k and 1M short lines: time should grow linearly."""
    from dateline.extract.sentences import split_sentences

    for n in (160_000, 320_000, 1_000_000):
        text = "\n".join(f"Entry {i} was logged." for i in range(n))
        t0 = time.perf_counter()
        found = split_sentences(text)
        print(f"split    {n:>9,} lines  {time.perf_counter() - t0:6.2f} s  {len(found):,} sentences")


if __name__ == "__main__":
    sys.exit(main())
