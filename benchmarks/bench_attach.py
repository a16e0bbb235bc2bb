"""Per-article cost of the time-attachment layer beside spaCy's own ``nlp.pipe``, on the same articles, in one run.

Usage: .venv/bin/python benchmarks/bench_attach.py [--articles 300] [--rounds 2]  (reads ../shared/benchmarks/t17)

Sentences and time expressions are found before the clocks start (other stages' cost). Each round times,
in this process's CPU time (the machine is shared: wall time would measure the others too):

* ``nlp.pipe``: spaCy's batched pipe over the raw texts with the components the stages read (the limit);
* ``parse stage``: ``ParseStage.pipe`` over the documents (what the attachment reads);
* ``attachments``: ``AttachmentStage`` over the parsed documents (the layer this benchmark is about).

The best round of each is reported, per article and in words per second.
"""

from __future__ import annotations

import argparse
import time

from bench_extract import articles  # the same Timeline17 texts as the extraction benchmark

from dateline.extract.attach import AttachmentStage
from dateline.extract.parse import ParseStage
from dateline.extract.sentences import SentenceStage
from dateline.extract.temporal import TemporalStage
from dateline.model import Article, Document
from dateline.settings import Settings


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    settings = Settings()
    parse, attach = ParseStage(settings), AttachmentStage(settings)
    sentences, timexes = SentenceStage(settings), TemporalStage(settings)
    docs = [timexes(sentences(Document(article=Article(id=str(i), text=t.strip()))))
            for i, t in enumerate(articles(args.articles))]
    texts = [d.article.text for d in docs]
    words = sum(len(t.split()) for t in texts)
    best = {"nlp.pipe": float("inf"), "parse stage": float("inf"), "attachments": float("inf")}
    for _ in range(args.rounds):
        t0 = time.process_time()
        for _doc in parse.nlp.pipe(texts, disable=parse.disable):
            pass
        best["nlp.pipe"] = min(best["nlp.pipe"], time.process_time() - t0)
        t0 = time.process_time()
        parsed = list(parse.pipe(docs))
        best["parse stage"] = min(best["parse stage"], time.process_time() - t0)
        t0 = time.process_time()
        for d in parsed:
            attach(d)
        best["attachments"] = min(best["attachments"], time.process_time() - t0)
        del parsed
    print(f"articles={len(docs)} words={words} rounds={args.rounds} (best round, CPU time)")
    for name, seconds in best.items():
        print(f"{name:12s} {1000 * seconds / len(docs):8.2f} ms/article {words / seconds:10.0f} words/s")
    print(f"attachments / nlp.pipe: {best['attachments'] / best['nlp.pipe']:.3f}")


if __name__ == "__main__":
    main()
