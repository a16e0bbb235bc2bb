"""Run every declared per-article stage over all benchmark text and count what breaks.

Usage:
  .venv/bin/python benchmarks/stage_probe.py [--sample N] [--source t17,ecb,tempeval] [--batch 32]
      [--root ../shared/benchmarks] [--show 3]

Texts: Timeline17 ``*/InputDocs/<date>/*.txt`` read by the ingest readers (so the
folder date is the publication date and cleanup runs, as in a real ingest);
ECB+ documents' text rebuilt from their XML tokens (no date); TempEval-3
TimeBank/AQUAINT ``.tml`` text with its DCT. Each batch goes through the stages
of ``dateline.pipeline.build_pipeline`` one stage at a time, by the stage's
``pipe`` when it has one (a failing batch is re-run one article at a time, as
the runner does), else by ``__call__``. An exception is counted against the
stage and the article skips its later stages. Every span a stage assigns is also
checked to lie inside the article text. Prints failure counts per stage, each
distinct failure with example articles, and articles/s and words/s; exits 1
when anything failed.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path

from dateline.model import Article, Document, content_id
from dateline.pipeline import build_pipeline
from dateline.settings import Settings

ROOT = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks"
SOURCES = ("t17", "ecb", "tempeval")
# layers a stage assigns that hold spans, by Document field
SPAN_LAYERS = ("sentences", "timexes", "mentions", "quotes", "events", "claims")


@dataclass
class Failure:
    stage: str
    kind: str  # exception type, or "span" for a span outside the text
    message: str
    article: str
    where: str = ""  # innermost frame of the traceback


def t17_articles(root: Path) -> Iterator[Article | Exception]:
    """Timeline17 input articles, read as ``dateline ingest`` reads them (with the readers' rejections)."""
    from dateline.ingest.base import to_article
    from dateline.ingest.readers import read_paths

    files = sorted((root / "t17").glob("*/InputDocs/*/*.txt"))
    for item in read_paths(files, Settings(progress=False)):
        yield item if isinstance(item, Exception) else to_article(item)


def ecb_articles(root: Path) -> Iterator[Article]:
    """ECB+ documents: the text rebuilt from the XML tokens."""
    from dateline.eval.ecb import read_ecb_file

    for path in sorted((root / "ecbplus").glob("*/*.xml"), key=lambda p: (int(p.parent.name), p.name)):
        text = read_ecb_file(path).text
        yield Article(id=content_id(text), text=text, origin=str(path))


def tempeval_articles(root: Path) -> Iterator[Article]:
    """TimeBank and AQUAINT documents with their document creation time."""
    from dateline.extract.temporal.timeml import read_timeml

    for path in sorted((root / "tempeval3").rglob("*.tml")):
        doc = read_timeml(path)
        yield Article(id=content_id(doc.text), text=doc.text, published=doc.dct, origin=str(path))


READERS = {"t17": t17_articles, "ecb": ecb_articles, "tempeval": tempeval_articles}


def sample(items: list[Article], n: int | None) -> list[Article]:
    """Every k-th item so that a sample spreads over all topics and sources."""
    if not n or n >= len(items):
        return items
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


def span_errors(doc: Document, layer: str) -> list[str]:
    """Descriptions of spans of ``layer`` that fall outside the article text."""
    n = len(doc.article.text)
    bad = []
    for item in getattr(doc, layer, ()):
        for s, e in _spans(item):
            if not (0 <= s <= e <= n):
                bad.append(f"{type(item).__name__} span ({s}, {e}) outside 0..{n}")
    return bad


def _spans(item: object) -> Iterator[tuple[int, int]]:
    names = {f.name for f in fields(item)}
    for name in names:
        if name == "start" or name.endswith("_start"):
            end = name[: -len("start")] + "end"
            s, e = getattr(item, name), getattr(item, end, None)
            if s is not None and e is not None:
                yield s, e
        value = getattr(item, name)
        if isinstance(value, tuple):
            for sub in value:
                if is_dataclass(sub):
                    yield from _spans(sub)


def _innermost(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return ""
    f = frames[-1]
    return f"{Path(f.filename).name}:{f.lineno} {f.name}"


def run_stage(stage, docs: list[Document], failures: list[Failure]) -> list[Document | None]:
    """``docs`` through one stage: batched when it can, one by one to isolate a failure."""
    if hasattr(stage, "pipe"):
        try:
            return list(stage.pipe(docs))
        except Exception:  # noqa: BLE001 - isolate below, one article at a time
            pass
    out: list[Document | None] = []
    for doc in docs:
        try:
            out.append(stage(doc))
        except Exception as exc:  # noqa: BLE001 - counting failures is the point
            msg = " ".join(str(exc).split())[:160]
            failures.append(Failure(stage.name, type(exc).__name__, msg, doc.article.origin, _innermost(exc)))
            out.append(None)
    return out


def probe(articles: list[Article], batch: int) -> tuple[list[Failure], dict[str, float], int]:
    """Failures, seconds per stage and articles that passed every stage."""
    pipeline = build_pipeline(Settings(progress=False))
    failures: list[Failure] = []
    seconds: dict[str, float] = defaultdict(float)
    clean = 0
    for i in range(0, len(articles), batch):
        docs = [Document(article=a) for a in articles[i:i + batch]]
        for stage in pipeline.stages:
            t0 = time.perf_counter()
            results = run_stage(stage, docs, failures)
            seconds[stage.name] += time.perf_counter() - t0
            docs = []
            for doc in results:
                if doc is None:
                    continue
                bad = [e for layer in SPAN_LAYERS if layer in stage.assigns for e in span_errors(doc, layer)]
                if bad:
                    failures.append(Failure(stage.name, "span", bad[0], doc.article.origin))
                    continue
                docs.append(doc)
        clean += len(docs)
        done = min(i + batch, len(articles))
        print(f"  {done}/{len(articles)} articles, {len(failures)} failures", file=sys.stderr, flush=True)
    return failures, seconds, clean


def report(failures: list[Failure], seconds: dict[str, float], names: list[str], show: int) -> None:
    per_stage = Counter(f.stage for f in failures)
    print("failures per stage:")
    for name in names:
        print(f"  {name:10s} {per_stage.get(name, 0)}")
    distinct: dict[tuple[str, str, str], list[Failure]] = defaultdict(list)
    for f in failures:
        distinct[(f.stage, f.kind, f.where or f.message)].append(f)
    if distinct:
        print(f"distinct failures ({len(distinct)}):")
    for (stage, kind, where), group in sorted(distinct.items(), key=lambda kv: -len(kv[1])):
        print(f"  [{stage}] {kind} x{len(group)} at {where}: {group[0].message}")
        for f in group[:show]:
            print(f"      {f.article}")
    total = sum(seconds.values())
    print("seconds per stage: " + ", ".join(f"{n} {seconds[n]:.1f}" for n in names) + f" (total {total:.1f})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", type=Path, default=ROOT)
    ap.add_argument("--sample", type=int, default=0, help="probe N articles spread over all sources")
    ap.add_argument("--source", default=",".join(SOURCES), help="comma-separated: t17, ecb, tempeval")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--show", type=int, default=3, help="example articles listed per distinct failure")
    args = ap.parse_args(argv)
    if not args.root.is_dir():
        print(f"skipped: {args.root} is not there")
        return 0
    articles: list[Article] = []
    rejected: list[Exception] = []
    for source in args.source.split(","):
        got = list(READERS[source.strip()](args.root))
        rejected += [a for a in got if isinstance(a, Exception)]
        articles += [a for a in got if isinstance(a, Article)]
        print(f"{source}: {len(got)} items", file=sys.stderr)
    for error in rejected:
        print(f"  rejected by the reader: {error}", file=sys.stderr)
    articles = sample(articles, args.sample)
    words = sum(len(a.text.split()) for a in articles)
    t0 = time.perf_counter()
    failures, seconds, clean = probe(articles, args.batch)
    wall = time.perf_counter() - t0
    names = list(build_pipeline(Settings(progress=False)).names)
    print(f"articles={len(articles)} words={words} passed every stage={clean} "
          f"(inputs the readers rejected, not probed: {len(rejected)})")
    report(failures, seconds, names, args.show)
    print(f"throughput: {len(articles) / wall:.1f} articles/s, {words / wall:.0f} words/s ({wall:.1f}s wall)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
