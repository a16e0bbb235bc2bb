"""The linedates judged set: is each line filed under the day of its sentence's main event?

``benchmarks/judged/linedates/items.jsonl`` holds 257 sentences of the
development Timeline17 tasks, each labelled by a written rubric with the days
an editor would sign for it as a timeline line (``acceptable_days``, empty when
none). The items locate text by offsets into the raw benchmark files; each is
mapped onto the stored text with the shared token alignment
(:mod:`dateline.eval.align`) and onto the stored sentence it overlaps most.

The shipped method is :func:`dateline.extract.sentence_dates.line_day`: the
function that files a sentence under a day for the timeline, reading the stored
attachment layer. Beside it, from the same documents: the rule "a sentence's
first date" (its first time expression resolved to a day, as issue 16 states it)
and that rule with the article's own day for sentences naming none (what the
timeline did before the attachment layer). Per method: lines filed under a
day, how many of them under an acceptable day (date-right precision, the figure
of issue 16), coverage (right lines over items that have a day), and filed
items that have no day at all.

The documents come from a store of the items' articles, ingested by the shipped
pipeline (:func:`dateline.pipeline.ingest`) with every default stage, as
``dateline run`` builds it; the dates of T17 articles come from their folder,
so no corpus stage changes a day here.
"""

from __future__ import annotations

import json
import logging
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..extract.sentence_dates import date_value, line_day, own_date
from ..model import Document, Precision, TimexType
from .align import Alignment

log = logging.getLogger(__name__)

ITEMS = Path("benchmarks/judged/linedates/items.jsonl")
METHODS = ("shipped", "first-date", "first-date-or-own-day")
METRICS = ("precision", "coverage", "filed", "right", "dated_items", "null_filed")


@dataclass(frozen=True)
class Item:
    """One judged sentence: where it is, and the days an editor would sign for it."""

    id: str
    file: str  # relative to the benchmarks folder
    start: int
    end: int
    published: str
    half: str
    stratum: str
    part: str
    acceptable: frozenset[str]

    @property
    def record_id(self) -> str:
        """The id the T17 eval gives its article: ``topic/date/file``."""
        return self.file.removeprefix("t17/").replace("/InputDocs/", "/", 1)


def read_items(path: Path) -> list[Item]:
    """The judged items of a linedates ``items.jsonl``."""
    out = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        d = json.loads(line)
        half = d.get("half") or ("tune" if zlib.crc32(d["file"].encode()) % 2 == 0 else "check")
        out.append(Item(d["id"], d["file"], d["start"], d["end"], d["published"], half, d["stratum"], d["part"],
                        frozenset(d.get("acceptable_days") or ())))
    return out


def article_records(items: Sequence[Item], bench: Path) -> list[dict]:
    """JSONL records of the items' articles, as the T17 eval writes its input (id, published, text, source)."""
    out, seen = [], set()
    for item in items:
        if item.file in seen:
            continue
        seen.add(item.file)
        text = (bench / item.file).read_text(encoding="utf-8", errors="replace").strip()
        topic = item.record_id.split("/", 1)[0]
        out.append({"id": item.record_id, "published": item.published, "text": text,
                    "source": topic.rsplit("_", 1)[-1]})
    return out


# -- the methods: each maps (document, sentence index) to a day or None ---------------------------
def shipped(doc: Document, index: int) -> str | None:
    """The day the timeline files the sentence under (the attachment layer's line day)."""
    found = line_day(doc, index)
    return found.day if found is not None else None


def first_date(doc: Document, index: int) -> str | None:
    """The first time expression of the sentence that resolves to a day."""
    s = doc.sentences[index]
    for t in doc.timexes:
        if s.start <= t.start < s.end and t.type in (TimexType.DATE, TimexType.TIME):
            dated = date_value(t.value)
            if dated is not None and dated[1] is Precision.DAY:
                return dated[0]
    return None


def first_date_or_own_day(doc: Document, index: int) -> str | None:
    """The first date, else the article's own day (the timeline's rule before the attachment layer)."""
    return first_date(doc, index) or own_date(doc)


METHOD_FUNCS: dict[str, Callable[[Document, int], str | None]] = {
    "shipped": shipped, "first-date": first_date, "first-date-or-own-day": first_date_or_own_day,
}


# -- scoring ----------------------------------------------------------------------------------------
@dataclass
class Tally:
    """Counts of one method over a group of items."""

    filed: int = 0
    right: int = 0
    dated_items: int = 0  # items with at least one acceptable day
    null_filed: int = 0  # items with no acceptable day that were filed anyway
    items: int = 0

    def add(self, item: Item, day: str | None) -> None:
        self.items += 1
        self.dated_items += bool(item.acceptable)
        if day is None:
            return
        self.filed += 1
        self.right += day in item.acceptable
        self.null_filed += not item.acceptable

    def metrics(self) -> dict[str, float]:
        return {"precision": self.right / self.filed if self.filed else 0.0,
                "coverage": self.right / self.dated_items if self.dated_items else 0.0,
                "filed": self.filed, "right": self.right, "dated_items": self.dated_items,
                "null_filed": self.null_filed}


@dataclass
class Scored:
    """Every item's day by every method, and the items that could not be mapped."""

    days: dict[str, dict[str, str | None]] = field(default_factory=dict)  # item id -> method -> day
    unmapped: list[str] = field(default_factory=list)


def locate(doc: Document, raw: str, item: Item) -> int | None:
    """Position of the stored sentence the item's span overlaps most (None: the span did not map)."""
    span = Alignment(raw, doc.article.text).span(item.start, item.end)
    if span is None:
        return None
    best, overlap = None, 0
    for i, s in enumerate(doc.sentences):
        if s.end <= span[0] or s.start >= span[1]:
            continue
        o = min(s.end, span[1]) - max(s.start, span[0])
        if o > overlap:
            best, overlap = i, o
    return best


def score_documents(items: Sequence[Item], docs: dict[str, Document], bench: Path) -> Scored:
    """Each item's day by each method, read from its article's stored document."""
    out = Scored()
    for item in items:
        doc = docs.get(item.record_id)
        raw = (bench / item.file).read_text(encoding="utf-8", errors="replace") if doc is not None else ""
        index = locate(doc, raw, item) if doc is not None else None
        if index is None:
            out.unmapped.append(item.id)
            continue
        out.days[item.id] = {m: f(doc, index) for m, f in METHOD_FUNCS.items()}
    return out


def group_key(item: Item, by: str) -> str:
    return {"all": "all", "half": item.half, "stratum": item.stratum, "part": item.part}[by]


def report_rows(items: Sequence[Item], scored: Scored, groups: Iterable[str] = ("all", "half", "part", "stratum")) \
        -> list[dict]:
    """One row per method and group (all, each half, each part, each stratum)."""
    rows = []
    for by in groups:
        tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
        for item in items:
            if item.id not in scored.days:
                continue
            for method in METHODS:
                tallies[(method, group_key(item, by))].add(item, scored.days[item.id][method])
        for (method, group), t in sorted(tallies.items(), key=lambda kv: (_order(by, kv[0][1]), METHODS.index(kv[0][0]))):
            m = t.metrics()
            rows.append({"method": method, "group": group if by == "all" else f"{by}:{group}", "items": t.items,
                         **{k: round(v, 4) if isinstance(v, float) else v for k, v in m.items()}})
    return rows


def _order(by: str, group: str) -> tuple[int, str]:
    return ({"tune": 0, "check": 1, "timeline": 0, "store": 1}.get(group, 2), group)


# -- the store of the items' articles --------------------------------------------------------------
def build_store(items: Sequence[Item], bench: Path, workdir: Path, settings) -> Path:
    """Ingest the items' articles with the shipped pipeline into ``workdir``; reused while the input and stages agree."""
    from ..pipeline import ingest, stage_names
    from ..store import Store

    workdir.mkdir(parents=True, exist_ok=True)
    records = article_records(items, bench)
    db, jsonl, done = workdir / "linedates.db", workdir / "linedates.jsonl", workdir / "linedates.done"
    body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    marker = f"stages: {','.join(stage_names(settings))}\ninput: {zlib.crc32(body.encode()):08x}"
    if done.exists() and db.exists() and done.read_text().splitlines()[:2] == marker.splitlines():
        return db
    jsonl.write_text(body, encoding="utf-8")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    with Store(db) as store:
        report = ingest([jsonl], store, replace(settings, db_path=db))
    done.write_text(f"{marker}\n{report.summary()}\n")
    return db


def stored_documents(db: Path, wanted: Iterable[str]) -> dict[str, Document]:
    """record id -> stored document, for the wanted record ids (read by external id)."""
    from ..store import Store

    wanted = set(wanted)
    out = {}
    with Store(db, readonly=True) as store:
        for doc in store.iter_documents():
            if doc.article.external_id in wanted:
                out[doc.article.external_id] = doc
    return out


def in_subset(item: Item, every: int) -> bool:
    """Whether the item's article is in the subset "every N-th by CRC32 of its file" (1: all; N odd keeps both halves)."""
    return every <= 1 or zlib.crc32(item.file.encode()) % every == 0


def evaluate(items_path: Path, bench: Path, workdir: Path, settings, *, stores: Path | None = None,
             halves: Sequence[str] = (), every: int = 1) -> tuple[list[Item], Scored]:
    """Score the judged items: from a store of their articles built in ``workdir``, or from T17 task ``stores``.

    ``every``: only the items of the articles whose CRC32 of the file name is a multiple of it (the eval
    gate's subset, small enough for CI); 1: every item.
    """
    items = [i for i in read_items(items_path) if in_subset(i, every)]
    if halves:
        items = [i for i in items if i.half in halves]
    if stores is None:
        docs = stored_documents(build_store(items, bench, workdir, settings), (i.record_id for i in items))
    else:
        docs = {}
        for task in sorted({i.file.split("/")[1] for i in items}):
            for db in sorted(Path(stores).glob(f"{task}__*.db")):
                docs.update(stored_documents(db, (i.record_id for i in items if i.file.split("/")[1] == task)))
    return items, score_documents(items, docs, bench)


def gate_metrics(rows: Sequence[dict]) -> dict[str, float]:
    """The figures the eval gate pins: per method and group, precision and coverage (``shipped.all.precision``)."""
    out = {}
    for r in rows:
        for m in ("precision", "coverage"):
            out[f"{r['method']}.{r['group']}.{m}"] = float(r[m])
    return out


