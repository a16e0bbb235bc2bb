"""Speed of the extraction stages relative to the spaCy parse, on Timeline17 articles.

Usage: .venv/bin/python benchmarks/bench_extract.py [N_ARTICLES]  (reads ../shared/benchmarks/t17)
Prints words/second of the parse alone and of parse + mentions, quotes, events, claims.
Timexes are found before the clock starts (another stage's cost): events link them.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from dateline.extract.claims import ClaimStage
from dateline.extract.entities import MentionStage
from dateline.extract.events import EventStage
from dateline.extract.parse import ParseStage
from dateline.extract.quotes import QuoteStage
from dateline.extract.sentences import SentenceStage
from dateline.extract.temporal import TemporalStage
from dateline.model import Article, Document
from dateline.settings import Settings

T17 = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks" / "t17"


def articles(n: int, max_chars: int = 0) -> list[str]:
    """The first ``n`` non-empty articles (of at most ``max_chars`` once stripped, when given), taken
    round-robin over the topic folders."""
    per_topic = [sorted(p.glob("InputDocs/*/*.txt")) for p in sorted(T17.iterdir()) if p.is_dir()]
    out: list[str] = []
    i = 0
    while len(out) < n and any(i < len(files) for files in per_topic):
        for files in per_topic:
            if i < len(files) and len(out) < n:
                text = files[i].read_text(encoding="utf-8", errors="replace")
                if text.strip() and (not max_chars or len(text.strip()) <= max_chars):
                    out.append(text)
        i += 1
    return out


def main(n: int = 150) -> None:
    settings = Settings()
    sentences, parse = SentenceStage(settings), ParseStage(settings)
    extract = [MentionStage(settings), QuoteStage(settings), EventStage(settings), ClaimStage(settings)]
    timexes = TemporalStage(settings)
    docs = [timexes(sentences(Document(article=Article(id=str(i), text=t)))) for i, t in enumerate(articles(n))]
    words = sum(len(d.article.text.split()) for d in docs)
    t0 = time.perf_counter()
    parsed = [parse(d) for d in docs]
    t_parse = time.perf_counter() - t0
    t0 = time.perf_counter()
    for d in parsed:
        for stage in extract:
            d = stage(d)
    t_extract = time.perf_counter() - t0
    print(f"articles={len(docs)} words={words}")
    print(f"parse only:          {words / t_parse:9.0f} words/s ({t_parse:.2f}s)")
    print(f"parse + extraction:  {words / (t_parse + t_extract):9.0f} words/s ({t_parse + t_extract:.2f}s)")
    print(f"extraction overhead: {100 * t_extract / t_parse:.1f}% of the parse time")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 150)
