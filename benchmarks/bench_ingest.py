"""Reader throughput on the Timeline17 development folders, beside spaCy's ``nlp.pipe``, in one run.

Times the three ingest steps before the pipeline, each on its own and together:
``read_paths`` (decode, debris rules, headline and folder dates, the repairs
and Penn-Treebank detokenising every article passes), ``remove_repeated_lines``
(per-source boilerplate) and the near-duplicate pass (MinHash signature, LSH
query, add); the read step also with ``detokenise`` off, to show what reading
tokenised text as text costs. With ``--nlp N``, spaCy's ``nlp.pipe`` (the
components the parse stage runs) over N of the articles read, the limit any
per-article work is measured against: articles of at most ``--nlp-max-chars``
(the parse stage cuts longer ones into windows; a whole 700,000-character
article in one ``nlp.pipe`` call takes gigabytes), so both are also given per
1,000 characters. Times are CPU seconds of this process (the machine is
shared: wall time measures the others too), the fastest of ``--repeat``
passes. Prints one JSON line. Not a test: run it by hand.

    python benchmarks/bench_ingest.py ../shared/benchmarks/t17 --repeat 3 --nlp 300
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import fields
from pathlib import Path

from dateline.errors import InputError
from dateline.ingest.cleanup import remove_repeated_lines
from dateline.ingest.dedup import NearDuplicateIndex
from dateline.ingest.readers import read_paths
from dateline.settings import Settings


def run_once(inputs: list[Path], settings: Settings) -> tuple[dict, list]:
    """One timed pass over ``inputs``: CPU seconds per step and counts, and the articles read."""
    t0 = time.process_time()
    items = list(read_paths(inputs, settings))
    t1 = time.process_time()
    docs = [i for i in items if not isinstance(i, InputError)]
    docs = remove_repeated_lines(docs, settings)
    t2 = time.process_time()
    index, near = NearDuplicateIndex(settings), 0
    for doc in docs:
        signature = index.signature(doc.text)
        if index.query(signature) is None:
            index.add(doc.origin, signature)
        else:
            near += 1
    t3 = time.process_time()
    return ({"articles": len(docs), "rejected": len(items) - len(docs), "near_duplicates": near,
             "read_s": t1 - t0, "boilerplate_s": t2 - t1, "dedup_s": t3 - t2, "total_s": t3 - t0}, docs)


def nlp_pipe_seconds(texts: list[str], repeat: int) -> float:
    """CPU seconds of spaCy's ``nlp.pipe`` over ``texts`` with the parse stage's components (fastest pass)."""
    from dateline.extract.parse import ParseStage

    stage = ParseStage(Settings())
    stage.nlp("warm up.")
    best = float("inf")
    for _ in range(repeat):
        c0 = time.process_time()
        for _doc in stage.nlp.pipe(texts, batch_size=16, disable=stage.disable):
            pass
        best = min(best, time.process_time() - c0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("t17", type=Path)
    ap.add_argument("--repeat", type=int, default=3, help="passes; the fastest is reported")
    ap.add_argument("--nlp", type=int, default=0, help="also time nlp.pipe over this many of the articles read")
    ap.add_argument("--nlp-max-chars", type=int, default=20_000, help="longest article given to nlp.pipe")
    args = ap.parse_args()
    inputs = sorted(args.t17.glob("*/InputDocs"))
    if not inputs:
        sys.exit(f"no */InputDocs under {args.t17}")
    runs = [run_once(inputs, Settings()) for _ in range(args.repeat)]
    best, docs = min(runs, key=lambda r: r[0]["total_s"])
    # (a checkout from before the setting existed reads as it did: the same figure twice)
    plain = Settings(detokenise=False) if "detokenise" in {f.name for f in fields(Settings)} else Settings()
    raw_read = min(run_once(inputs, plain)[0]["read_s"] for _ in range(args.repeat))
    n, chars = best["articles"], sum(len(d.text) for d in docs)
    report = {**{k: round(v, 2) if isinstance(v, float) else v for k, v in best.items()}, "chars": chars,
              "read_without_detokenise_s": round(raw_read, 2),
              "read_ms_per_article": round(1000 * best["read_s"] / n, 3),
              "read_without_detokenise_ms_per_article": round(1000 * raw_read / n, 3),
              "ingest_ms_per_article": round(1000 * best["total_s"] / n, 3),
              "ingest_ms_per_1k_chars": round(1000 * best["total_s"] / chars * 1000, 4),
              "articles_per_s": round(n / best["total_s"])}
    if args.nlp:
        texts = [d.text for d in docs if len(d.text) <= args.nlp_max_chars][:args.nlp]
        seconds, nlp_chars = nlp_pipe_seconds(texts, args.repeat), sum(map(len, texts))
        report.update({"nlp_pipe_articles": len(texts), "nlp_pipe_chars": nlp_chars,
                       "nlp_pipe_ms_per_article": round(1000 * seconds / len(texts), 3),
                       "nlp_pipe_ms_per_1k_chars": round(1000 * seconds / nlp_chars * 1000, 4),
                       "ingest_share_of_nlp_pipe_per_char": round((best["total_s"] / chars) / (seconds / nlp_chars), 4)})
    print(json.dumps(report))


if __name__ == "__main__":
    main()
