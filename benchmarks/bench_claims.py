"""Cost of claim extraction and grouping per article beside spaCy's own ``nlp.pipe``, on the same Timeline17
texts, in one run.

Usage: .venv/bin/python benchmarks/bench_claims.py [--articles 200] [--rounds 3]

The articles are read as ingest stores them (Penn-Treebank tokens read as text). Three timings over the
same articles, each round in turn, the best round reported in
milliseconds of this process's CPU time per article (on a shared machine wall time
measures the others as much as the code):

* ``nlp.pipe``: spaCy's batched pipe over the texts, the components the stages read (the limit);
* ``claims``: ``ClaimStage`` over the parsed documents (figures, intervals, what is counted,
  event, place, day, passage sketch);
* ``claim groups``: ``group_claims`` over all their claims, as the corpus stage runs it on one bucket set.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace

from bench_extract import articles

from dateline.corpus.claim_groups import claim_refs, group_claims
from dateline.extract.claims import ClaimStage
from dateline.extract.parse import ParseStage
from dateline.extract.sentences import split_sentences
from dateline.extract.temporal import TemporalStage
from dateline.ingest.tokenised import read_as_text
from dateline.model import Article, Document, content_id
from dateline.settings import Settings


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    settings = Settings()
    # as ingest stores them: Timeline17's Penn-Treebank tokens read as text
    texts = [read_as_text(t) or t for t in articles(args.articles, max_chars=20_000)]
    parse, timexes, claims = ParseStage(settings), TemporalStage(settings), ClaimStage(settings)
    docs = [timexes(Document(article=Article(id=content_id(t), text=t, source=f"s{i % 5}"),
                             sentences=split_sentences(t), layers=frozenset({"sentences"})))
            for i, t in enumerate(texts)]
    best = {"nlp.pipe": float("inf"), "claims": float("inf"), "claim groups": float("inf")}
    for _ in range(args.rounds):
        start = time.process_time()
        list(parse.nlp.pipe(texts, batch_size=32))
        best["nlp.pipe"] = min(best["nlp.pipe"], time.process_time() - start)
        parsed = list(parse.pipe(docs))
        start = time.process_time()
        done = [claims(d) for d in parsed]
        best["claims"] = min(best["claims"], time.process_time() - start)
        start = time.process_time()
        group_claims(claim_refs([replace(d, parse=None) for d in done]))
        best["claim groups"] = min(best["claim groups"], time.process_time() - start)
    n = len(texts)
    found = sum(len(d.claims) for d in done)
    print(f"{n} articles, {sum(len(t.split()) for t in texts)} words, {found} claims; best of {args.rounds} rounds, "
          "CPU ms per article:")
    for name, seconds in best.items():
        print(f"  {name:13s} {1000 * seconds / n:8.2f}")


if __name__ == "__main__":
    main()
