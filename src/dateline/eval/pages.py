"""`dateline eval pages`: publication dates and main text of real web pages, beside the libraries.

The benchmark (``../shared/benchmarks/webpages``, see its README) holds the
development half of htmldate's date test set (``dates/``) and trafilatura's
main-text test set (``text/``). dateline is scored on what ``dateline ingest``
stores for each page: the pages go through :func:`dateline.pipeline.ingest`
(read, cleanup, dedup, store) into a store in ``workdir``, and each page's
stored article is looked up by its origin. Only the ``sentences`` stage runs
and no corpus stage: no other stage changes an article's text or its
publication date (the corpus ``dating`` stage fills only *inferred* dates,
which are not publication dates and are never counted as one).

Beside it, on the same page bytes in the same run:

* dates: htmldate's fast and extensive searches, called as htmldate's own
  ``tests/evaluation.py`` calls them, and a trivial baseline (the first
  ``YYYY-MM-DD`` written anywhere in the markup);
* text: trafilatura with its benchmark settings (``tests/eval_common.py``:
  tables in, comments and formatting out, with fallbacks), and the trivial
  "everything" baseline (all the page's text).

Scoring follows each library's protocol: a date is a true positive when the
day equals the gold day, a false positive when another day is given, a false
negative when none is; a text snippet of ``with`` found (whitespace folded) is
a true positive, one of ``without`` found a false positive.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..model import DateSource, Precision
from ..settings import Settings

log = logging.getLogger(__name__)

DATE_SYSTEMS = ("dateline", "htmldate fast", "htmldate extensive", "first ISO date")
TEXT_SYSTEMS = ("dateline", "trafilatura", "everything")
# dates a reader gets from the page itself; an inferred date is a guess from the content
_PAGE_DATES = frozenset({DateSource.HTML, DateSource.METADATA, DateSource.HEADER})
_ISO_DAY = re.compile(rb"(?<![0-9])((?:19|20)[0-9]{2})-([01][0-9])-([0-3][0-9])(?![0-9])")


@dataclass
class Counts:
    """A confusion matrix and the scores derived from it."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, tp: int = 0, fp: int = 0, fn: int = 0, tn: int = 0) -> None:
        """Add counts."""
        self.tp, self.fp, self.fn, self.tn = self.tp + tp, self.fp + fp, self.fn + fn, self.tn + tn

    def scores(self) -> dict[str, float]:
        """Precision, recall, F1 and accuracy (0.0 where a denominator is empty)."""
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp + self.fp + self.fn else 0.0
        total = self.tp + self.fp + self.fn + self.tn
        return {"precision": precision, "recall": recall, "f1": f1,
                "accuracy": (self.tp + self.tn) / total if total else 0.0}


@dataclass
class PagesReport:
    """Scores per system for dates and text, what dateline rejected, and per-page results."""

    dates: dict[str, Counts] = field(default_factory=dict)
    text: dict[str, Counts] = field(default_factory=dict)
    date_pages: int = 0
    text_pages: int = 0
    rejected: list[str] = field(default_factory=list)
    details: list[dict] = field(default_factory=list)

    def metrics(self) -> dict[str, float]:
        """dateline's own figures for the parts scored, named as the gate file names them (``date_f1``, ...)."""
        out = {}
        for prefix, systems in (("date", self.dates), ("text", self.text)):
            if "dateline" in systems:
                out.update({f"{prefix}_{k}": round(v, 4) for k, v in systems["dateline"].scores().items()})
        return out


@dataclass(frozen=True)
class Stored:
    """What the store holds for one page: its text and its publication date, if any."""

    text: str | None
    date: str | None
    source: str = ""
    precision: str = ""


def load_gold(root: Path, part: str) -> dict[str, dict]:
    """``{file name: gold entry}`` of ``root/part/gold.json`` for the pages present."""
    gold = json.loads((root / part / "gold.json").read_text(encoding="utf-8"))
    return {name: entry for name, entry in sorted(gold.items()) if (root / part / "pages" / name).is_file()}


def ingest_pages(folder: Path, workdir: Path, settings: Settings) -> tuple[dict[str, Stored], list[str]]:
    """Ingest every page of ``folder`` as ``dateline ingest`` does; ``{file name: Stored}`` and the rejections."""
    from ..ingest.base import RawDoc, to_article
    from ..ingest.readers import read_paths
    from ..pipeline import ingest
    from ..store import Store

    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / f"{folder.parent.name}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    run = replace(settings, db_path=db, stages=("sentences",), progress=False)
    stored: dict[str, Stored] = {}
    with Store(db) as store:
        report = ingest([folder], store, run, corpus_stages=False)
        for article in store.iter_articles(include_duplicates=True):
            stored[Path(article.origin).name] = _stored(article)
        # an exact copy of an earlier page is not stored again: it reads as its original
        for path in sorted(folder.iterdir()):
            if path.name in stored:
                continue
            for item in read_paths([path], run):
                original = store.get_article(to_article(item).id) if isinstance(item, RawDoc) else None
                if original is not None:
                    stored[path.name] = _stored(original)
    return stored, [str(e) for e in report.rejected]


def _stored(article) -> Stored:
    from_page = article.published is not None and article.date_source in _PAGE_DATES
    day = article.published.isoformat() if from_page and article.date_precision is Precision.DAY else None
    return Stored(article.text, day, article.date_source.value,
                  article.date_precision.value if article.date_precision else "")


def _date_counts(result: str | None, gold: str) -> dict[str, int]:
    if result is None:
        return {"fn": 1}
    return {"tp": 1} if result == gold else {"fp": 1}


def _fold(text: str) -> str:
    return " ".join(text.split())


def _text_counts(result: str | None, entry: dict) -> dict[str, int]:
    found = _fold(result) if isinstance(result, str) else None
    tp = sum(1 for s in entry["with"] if found is not None and _fold(s) in found)
    fp = sum(1 for s in entry["without"] if found is not None and _fold(s) in found)
    return {"tp": tp, "fn": len(entry["with"]) - tp, "fp": fp, "tn": len(entry["without"]) - fp}


def _anchor_dates() -> dict[str, Callable[[bytes], str | None]]:
    from htmldate import find_date
    from htmldate.utils import decode_file

    # called as htmldate's tests/evaluation.py calls it (its own default bounds)
    return {
        "htmldate fast": lambda data: find_date(decode_file(data), original_date=True, extensive_search=False),
        "htmldate extensive": lambda data: find_date(decode_file(data), original_date=True, extensive_search=True),
        "first ISO date": _first_iso_date,
    }


def _first_iso_date(data: bytes) -> str | None:
    for found in _ISO_DAY.finditer(data):
        year, month, day = (int(g) for g in found.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            return found.group().decode()
    return None


def _anchor_texts() -> dict[str, Callable[[bytes], str | None]]:
    import trafilatura
    from trafilatura.utils import decode_file

    def everything(data: bytes) -> str | None:
        import lxml.html

        try:
            return lxml.html.document_fromstring(decode_file(data)).text_content()
        except Exception:  # noqa: BLE001 - an unparsable page is an empty result for a baseline
            return None

    return {
        "trafilatura": lambda data: trafilatura.extract(data, fast=False, include_comments=False, include_tables=True,
                                                        include_formatting=False),
        "everything": everything,
    }


def _run_anchor(name: str, run: Callable[[bytes], str | None], data: bytes) -> str | None:
    try:
        return run(data)
    except Exception:  # noqa: BLE001 - a library that fails on a page misses it, as in its own benchmark
        log.debug("%s failed", name, exc_info=True)
        return None


def evaluate_pages(root: Path, workdir: Path, settings: Settings, *, anchors: bool = True,
                   parts: Iterable[str] = ("dates", "text")) -> PagesReport:
    """Score dateline (and, with ``anchors``, htmldate and trafilatura) on the benchmark under ``root``."""
    report = PagesReport()
    for part in parts:
        gold = load_gold(root, part)
        stored, rejected = ingest_pages(root / part / "pages", workdir, settings)
        report.rejected += rejected
        others = ({} if not anchors else _anchor_dates() if part == "dates" else _anchor_texts())
        counts = {name: Counts() for name in ("dateline", *others)}
        for name, entry in gold.items():
            data = (root / part / "pages" / name).read_bytes() if others else b""
            results = {"dateline": stored.get(name, Stored(None, None))}
            results.update({system: _run_anchor(system, run, data) for system, run in others.items()})
            report.details.append(_score_page(part, name, entry, results, counts))
        if part == "dates":
            report.dates, report.date_pages = counts, len(gold)
        else:
            report.text, report.text_pages = counts, len(gold)
    return report


def _score_page(part: str, name: str, entry: dict, results: dict, counts: dict[str, Counts]) -> dict:
    """Add one page's results to the counts; the page's row for ``--details``."""
    ours: Stored = results.pop("dateline")
    row: dict = {"part": part, "file": name}
    if part == "dates":
        row.update(gold=entry["date"], dateline=ours.date, source=ours.source, precision=ours.precision)
        counts["dateline"].add(**_date_counts(ours.date, entry["date"]))
        for system, found in results.items():
            row[system] = found
            counts[system].add(**_date_counts(found, entry["date"]))
        return row
    row.update(dateline=_text_counts(ours.text, entry), stored=ours.text is not None)
    counts["dateline"].add(**row["dateline"])
    for system, found in results.items():
        row[system] = _text_counts(found, entry)
        counts[system].add(**row[system])
    return row
