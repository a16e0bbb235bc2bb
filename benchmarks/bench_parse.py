"""Words/second of the parse stage beside spaCy's own ``nlp.pipe``, on the same Timeline17 texts, in one run.

Usage: .venv/bin/python benchmarks/bench_parse.py [--articles 300] [--rounds 3]

Four ways over the same articles, each round in turn; for each, the best round
is reported in words per second of this process's CPU time (on a machine shared
with others, wall time measures the others as much as the code) and of wall
time:

* ``nlp.pipe alone``: spaCy's batched pipe over the raw texts, the components
  the stages read and nothing more (the limit this stage can reach);
* ``nlp() per article``: one call per article, as the stage did before batching;
* ``stage __call__``: ``ParseStage`` one document at a time (windows, joined Docs);
* ``stage pipe``: ``ParseStage.pipe`` over all documents (the batch protocol).

``--long-mb N`` instead weighs what to keep of a long article's window Docs for
the later stages: it parses a generated article of N million characters in
windows and reports the parse time, the time ``Doc.from_docs`` takes to join
them (what the stage does up to JOIN_CHARS) and the resident memory with the
windows alone, with both, and with the joined Doc alone; then the size of the
windows packed (what the stage keeps beyond JOIN_CHARS) and the time to pack
and unpack them all.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path

from bench_extract import T17, articles  # same texts as the extraction benchmark

from dateline.extract import parse as parse_module
from dateline.extract.parse import ParseStage
from dateline.extract.sentences import split_sentences
from dateline.model import Article, Document
from dateline.settings import Settings


def _rss_mb() -> float:
    """Current resident memory of this process (Linux /proc), in MB."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def join_cost(mb: float) -> None:
    """Parse a long generated article in windows; time and memory of joining the window Docs."""
    from spacy.tokens import Doc

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_hostile import paragraphs

    from dateline.extract.parse import _drop_tensor, windows
    from dateline.extract.windowed import WindowedParse

    stage = ParseStage(Settings())
    text = paragraphs(int(mb * 1_000_000))
    spans = windows(text, split_sentences(text))
    gc.collect()
    base = _rss_mb()
    t0 = time.perf_counter()
    parts = [_drop_tensor(d) for d in stage.nlp.pipe((text[a:b] for a, b in spans), batch_size=3,
                                                      disable=stage.disable)]
    parsed = time.perf_counter() - t0
    with_windows = _rss_mb()
    t0 = time.perf_counter()
    joined = Doc.from_docs(parts, ensure_whitespace=False)
    joining = time.perf_counter() - t0
    with_both = _rss_mb()
    t0 = time.perf_counter()
    packed = WindowedParse(stage.nlp.vocab, spans, [WindowedParse.pack(d) for d in parts])
    packing = time.perf_counter() - t0
    t0 = time.perf_counter()
    unpacked = sum(len(w.doc) for w in packed.windows())
    unpacking = time.perf_counter() - t0
    size = sum(len(b) for b in packed.blobs)
    del parts
    gc.collect()
    print(f"article={len(text):,} chars windows={len(spans)} tokens={len(joined):,} exact={joined.text == text}")
    print(f"parse {parsed:.1f} s; Doc.from_docs {joining:.2f} s ({100 * joining / parsed:.1f}% of the parse)")
    print(f"resident memory above the start: window Docs {with_windows - base:.0f} MB, "
          f"window Docs + joined Doc {with_both - base:.0f} MB, joined Doc alone {_rss_mb() - base:.0f} MB")
    print(f"windows packed: {size / 1e6:.1f} MB ({size / unpacked:.1f} bytes a token); packing {packing:.2f} s, "
          f"unpacking all {unpacking:.2f} s ({100 * (packing + unpacking) / parsed:.1f}% of the parse)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--pipe-batch", type=int, default=16,
                    help="nlp.pipe batch size (spaCy's default, 256, needs gigabytes on long articles)")
    ap.add_argument("--batch-chars", type=int, default=0, help="try another BATCH_CHARS for the stage")
    ap.add_argument("--max-chars", type=int, default=0, help="leave out longer articles (0: keep all)")
    ap.add_argument("--long-mb", type=float, default=0.0, help="measure joining the windows of one long article")
    args = ap.parse_args(argv)
    if args.long_mb:
        join_cost(args.long_mb)
        return 0
    if args.batch_chars:
        parse_module.BATCH_CHARS = args.batch_chars
    if not T17.is_dir():
        print(f"skipped: {T17} is not there")
        return 0
    stage = ParseStage(Settings())
    nlp, disable = stage.nlp, stage.disable
    raw = [t.strip() for t in articles(args.articles, args.max_chars)]
    docs = [Document(article=Article(id=str(i), text=t), sentences=split_sentences(t)) for i, t in enumerate(raw)]
    words = sum(len(t.split()) for t in raw)
    ways = {
        "nlp.pipe alone": lambda: sum(1 for _ in nlp.pipe(raw, batch_size=args.pipe_batch, disable=disable)),
        "nlp() per article": lambda: sum(1 for t in raw if nlp(t, disable=disable) is not None),
        "stage __call__": lambda: sum(1 for d in docs if stage(d) is not None),
        "stage pipe": lambda: sum(1 for _ in stage.pipe(docs)),
    }
    cpu = {name: float("inf") for name in ways}
    wall = dict(cpu)
    nlp("warm up.")
    for _ in range(args.rounds):
        for name, run in ways.items():
            c0, t0 = time.process_time(), time.perf_counter()
            assert run() == len(raw)
            cpu[name] = min(cpu[name], time.process_time() - c0)
            wall[name] = min(wall[name], time.perf_counter() - t0)
    print(f"articles={len(raw)} (longest {max(map(len, raw)):,} chars) words={words} components={','.join(n for n in nlp.pipe_names if n not in disable)}"
          f" disabled={','.join(disable) or 'none'} rounds={args.rounds} pipe batch={args.pipe_batch}"
          f" stage batch chars={parse_module.BATCH_CHARS}")
    for name in ways:
        print(f"{name:18s} {words / cpu[name]:7.0f} words/CPU-s ({100 * cpu['nlp.pipe alone'] / cpu[name]:5.1f}% of "
              f"nlp.pipe)  {words / wall[name]:7.0f} words/wall-s ({100 * wall['nlp.pipe alone'] / wall[name]:5.1f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
