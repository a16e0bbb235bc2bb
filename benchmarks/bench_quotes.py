"""Per-article cost of the quotes stage (cue model, attributions, speakers) beside spaCy's nlp.pipe.

Usage: .venv/bin/python benchmarks/bench_quotes.py [N_ARTICLES] [--repeat R]
Reads PolNeAR dev texts (../shared/benchmarks/polnear/dev), else Timeline17 articles. In one run: the
articles are parsed with ``nlp.pipe`` (the limit: what the parse stage itself costs), then the mentions
stage and the quotes stage run over the parsed documents; each is timed on its own (CPU time, median of R).
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import replace
from pathlib import Path

from dateline.extract.entities import MentionStage
from dateline.extract.parse import load_nlp, model_name
from dateline.extract.quotes import QuoteStage
from dateline.extract.sentences import SentenceStage
from dateline.model import Article, Document
from dateline.settings import Settings

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks"


def texts(n: int) -> list[str]:
    files = sorted((SHARED / "polnear" / "dev").glob("*.txt")) or sorted((SHARED / "t17").glob("*/InputDocs/*/*.txt"))
    return [p.read_text(encoding="utf-8", errors="replace") for p in files[:n]]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=84)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    settings = Settings(progress=False)
    nlp = load_nlp(model_name(settings))
    sentences, mentions, quotes = SentenceStage(settings), MentionStage(settings), QuoteStage(settings)
    docs = [sentences(Document(article=Article(id=str(i), text=t))) for i, t in enumerate(texts(args.n))]
    words = sum(len(d.article.text.split()) for d in docs)
    parse_t, mention_t, quote_t = [], [], []
    for _ in range(args.repeat):
        t0 = time.process_time()
        parsed = list(nlp.pipe([d.article.text for d in docs], batch_size=32))
        parse_t.append(time.process_time() - t0)
        ready = [replace(d, parse=p, layers=d.layers | {"parse"}) for d, p in zip(docs, parsed)]
        t0 = time.process_time()
        ready = [mentions(d) for d in ready]
        mention_t.append(time.process_time() - t0)
        t0 = time.process_time()
        for d in ready:
            quotes(d)
        quote_t.append(time.process_time() - t0)
    n = len(docs)
    print(f"articles={n} words={words} repeat={args.repeat} (CPU time, median)")
    for name, times in (("nlp.pipe", parse_t), ("mentions stage", mention_t), ("quotes stage", quote_t)):
        t = statistics.median(times)
        print(f"{name:16s} {1000 * t / n:8.2f} ms/article  ({t:.2f}s)")
    print(f"quotes / nlp.pipe: {statistics.median(quote_t) / statistics.median(parse_t):.3f}")


if __name__ == "__main__":
    main()
