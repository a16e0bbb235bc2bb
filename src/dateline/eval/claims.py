"""`dateline eval claims`: the shipped claims and claim groups scored on the judged figure pairs.

The judged set (``benchmarks/judged/claimpairs``, see its README and rubric)
holds pairs of figures from different articles labelled ``conflict``,
``compatible``, ``update`` (one quantity), ``different`` or ``unrelated`` (not
one), and figures that must never be claims. The eval ingests every article
the set names into one store with the shipped ingest path (all per-article and
corpus stages, default settings), maps each gold figure onto the shipped claim
covering it, and reads the shipped claim groups:

- *same quantity*: both claims sit in one group the desk shows as one quantity
  (any status but ``related``);
- *conflict*: that group is shown as a conflict and lists this pair among its
  conflicting pairs.

A gold figure the shipped code does not extract is a miss (it lowers recall).
Beside it, the trivial baseline from the same claims: same unit and same head
noun of what is counted is one quantity, and such a pair whose intervals do
not overlap is a conflict. Precision of "conflict" counts a flagged pair as
right when ``conflict`` is among its acceptable labels; recall is over pairs
whose label is ``conflict``. The never-a-claim figures give the false-claim
rate: the share the shipped extractor turns into a claim.
"""

from __future__ import annotations

import json
import logging
import math
import re
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..model import Claim, Document
from ..settings import Settings
from .align import Alignment
from .ecb import news_text, read_ecb_file

log = logging.getLogger(__name__)

GOLD = Path("benchmarks") / "judged" / "claimpairs" / "items.jsonl"
HALVES = ("tune", "check", "all")
RELATED = "related"


@dataclass(frozen=True)
class Source:
    """One benchmark file as ingested: the record written for it and how its gold figures map."""

    file: str
    record: dict[str, Any]
    ecb_spans: Mapping[int, tuple[int, int]] = field(default_factory=dict)  # ECB+ token id -> span in text


def load_items(path: Path) -> list[dict[str, Any]]:
    """The judged items (pairs and never-a-claim figures), one JSON object per line."""
    out = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise ValueError(f"{path}:{n}: not JSON ({err.msg})") from None
    return out


def figures(items: Iterable[Mapping[str, Any]]) -> Iterable[Mapping[str, Any]]:
    for item in items:
        yield from (item[k] for k in ("a", "b", "figure") if k in item)


def sources(items: Sequence[Mapping[str, Any]], bench: Path) -> dict[str, Source]:
    """A record per benchmark file the items name: T17 raw text with its folder's day and outlet, ECB+ text
    written back from its tokens (numbers as printed) with the site of its source URL when it names one, else
    a source of its own."""
    out = {}
    for rel in sorted({f["file"] for f in figures(items)}):
        path = bench / rel
        if rel.startswith("t17/"):
            folder, _, day = rel.split("/")[1:4]
            text = path.read_text(encoding="utf-8", errors="replace")
            out[rel] = Source(rel, {"id": rel, "text": text, "published": day, "source": folder.rsplit("_", 1)[-1]})
        else:
            news = news_text(read_ecb_file(path), join_numbers=True)
            first = news.text.split("\n", 1)[0].replace(" ", "")
            url = m.group(0) if (m := re.match(r"https?://[^\s]+", first)) else ""
            # an ECB+ text without its address has an unknown outlet: its own source (else the ingest names every
            # such text after the one JSONL file, and their figures would all pass for one outlet's)
            record = {"id": rel, "text": news.text, "url": url} if url else \
                {"id": rel, "text": news.text, "source": f"unknown site ({Path(rel).name})"}
            out[rel] = Source(rel, record, dict(news.spans))
    return out


def build_store(items: Sequence[Mapping[str, Any]], bench: Path, workdir: Path, settings: Settings, *,
                reuse: bool = False) -> Path:
    """The store of every article the items name, built with the shipped ingest path."""
    from ..pipeline import ingest
    from ..store import Store

    workdir.mkdir(parents=True, exist_ok=True)
    db, jsonl = workdir / "claimpairs.db", workdir / "claimpairs.jsonl"
    if reuse and db.exists():
        with Store(db) as store:
            regroup(store, replace(settings, db_path=db))
        return db
    with jsonl.open("w", encoding="utf-8") as f:
        for src in sources(items, bench).values():
            f.write(json.dumps(src.record, ensure_ascii=False) + "\n")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    with Store(db) as store:
        report = ingest([jsonl], store, replace(settings, db_path=db))
    log.info("claimpairs store: %s", report.summary())
    return db


def regroup(store: Any, settings: Settings) -> None:
    """Run the shipped claim-groups corpus stage again over every stored article (the per-article layers stay)."""
    from ..pipeline.corpus import run_corpus_stages

    ids = store.article_ids()
    store.delete_objects("claim_group")
    store.drop_members("claim_group", ids)
    store.reopen_corpus(["claim-groups"], ids)
    run_corpus_stages(store, settings)


# -- mapping gold figures onto shipped claims ----------------------------------------------------
@dataclass(frozen=True)
class Found:
    """The shipped claim covering a gold figure (or why there is none)."""

    article: str = ""
    index: int = -1
    claim: Claim | None = None
    doc: Document | None = None
    why: str = ""  # "" when found; else "not stored", "duplicate", "not aligned", "no claim"


class Locator:
    """Finds the stored article of each benchmark file and the claim covering each gold figure."""

    def __init__(self, store: Any, srcs: Mapping[str, Source]):
        self.store, self.srcs = store, srcs
        self.by_file: dict[str, str] = {}
        self.copies: dict[str, str] = {}
        for a in store.iter_articles(include_duplicates=True):
            if a.external_id in srcs:
                self.by_file[a.external_id] = a.id
                if a.duplicate_of:
                    self.copies[a.external_id] = a.duplicate_of
        self.docs: dict[str, Document | None] = {}
        self.alignments: dict[str, Alignment] = {}

    def doc(self, article: str) -> Document | None:
        if article not in self.docs:
            self.docs[article] = self.store.load_document(article)
        return self.docs[article]

    def span(self, fig: Mapping[str, Any], doc: Document) -> tuple[int, int] | None:
        """The gold figure's span in the stored text."""
        src = self.srcs[fig["file"]]
        if "tokens" in fig:  # ECB+: the ingested text was written from the tokens; offsets are known
            spans = [src.ecb_spans[t] for t in fig["tokens"] if t in src.ecb_spans]
            start, end = spans[0][0], spans[-1][1]
            if doc.article.text == src.record["text"]:
                return start, end
            raw = src.record["text"]
        else:
            start, end, raw = fig["start"], fig["end"], src.record["text"]
        if fig["file"] not in self.alignments:
            self.alignments[fig["file"]] = Alignment(raw, doc.article.text)
        return self.alignments[fig["file"]].span(start, end)

    def find(self, fig: Mapping[str, Any]) -> Found:
        article = self.by_file.get(fig["file"])
        if article is None:
            return Found(why="not stored")
        if fig["file"] in self.copies:
            return Found(article=article, why="duplicate")  # stored as a near-duplicate: not analysed
        doc = self.doc(article)
        span = self.span(fig, doc) if doc is not None else None
        if doc is None or span is None:
            return Found(article=article, why="not aligned")
        best, overlap = -1, 0
        for i, c in enumerate(doc.claims):
            o = min(c.end, span[1]) - max(c.start, span[0])
            if o > overlap and _shares_digits(doc.article.text[c.start:c.end], doc.article.text[span[0]:span[1]]):
                best, overlap = i, o
        if best < 0:
            return Found(article=article, doc=doc, why="no claim")
        return Found(article=article, index=best, claim=doc.claims[best], doc=doc)


def _shares_digits(claim_text: str, gold_text: str) -> bool:
    """A claim covers a gold figure when they overlap on the number itself, not only on its noun."""
    nums = lambda t: set(re.findall(r"\d+|[a-z]+", t.lower()))  # noqa: E731
    return bool(nums(claim_text) & nums(gold_text))


# -- predictions --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Prediction:
    same: bool
    conflict: bool


class ShippedGroups:
    """What the shipped claim groups say about two claims."""

    def __init__(self, store: Any):
        from ..corpus import output

        self.store = store
        self.groups = output.claim_groups(store)
        self.group_of: dict[tuple[str, int], str] = {(c["article"], int(c["index"])): gid
                                                      for gid, g in self.groups.items() for c in g["claims"]}

    def predict(self, a: Found, b: Found) -> Prediction:
        ga, gb = self.group_of.get((a.article, a.index)), self.group_of.get((b.article, b.index))
        group = self.groups.get(ga or "") if ga and ga == gb else None
        if group is None or group.get("status") == RELATED:
            return Prediction(False, False)
        pos = {(c["article"], c["index"]): i for i, c in enumerate(group["claims"])}
        pair = sorted((pos.get((a.article, a.index), -1), pos.get((b.article, b.index), -1)))
        # a conflict the desk shows as one: a group it is unsure of (``shown`` false) is listed as related
        conflict = group.get("status") == "conflict" and group.get("shown", True) \
            and pair in [sorted(p) for p in group.get("conflicts", ())]
        return Prediction(True, conflict)


def head_noun(found: Found) -> str:
    """The last word of what a claim counts, crudely singular (the baseline's notion of what is counted)."""
    c, doc = found.claim, found.doc
    if c is None or doc is None or c.counted_start is None or c.counted_end is None:
        return ""
    words = re.findall(r"[a-z]+", doc.article.text[c.counted_start:c.counted_end].lower())
    w = words[-1] if words else ""
    return w[:-1] if w.endswith("s") and not w.endswith("ss") else w


def interval(c: Claim) -> tuple[float, float]:
    """The interval a claim's wording allows (an unbounded end is infinite)."""
    low = c.low if c.low is not None else c.value
    high = c.high if c.high is not None else (math.inf if c.low is not None else c.value)
    return low, high


def baseline_predict(a: Found, b: Found) -> Prediction:
    """Same unit + same head noun is one quantity; one whose intervals do not overlap is a conflict."""
    if a.claim is None or b.claim is None:
        return Prediction(False, False)
    same = a.claim.unit == b.claim.unit and head_noun(a) != "" and head_noun(a) == head_noun(b)
    (la, ha), (lb, hb) = interval(a.claim), interval(b.claim)
    return Prediction(same, same and max(la, lb) > min(ha, hb))


# -- scoring ------------------------------------------------------------------------------------
@dataclass
class Tally:
    """Counts for precision and recall of one decision."""

    predicted: int = 0
    correct: int = 0  # predicted and right
    gold: int = 0
    found: int = 0  # gold positives predicted

    def scores(self) -> dict[str, float | int]:
        p = self.correct / self.predicted if self.predicted else 0.0
        r = self.found / self.gold if self.gold else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "predicted": self.predicted,
                "correct": self.correct, "gold": self.gold}


@dataclass
class Scores:
    same: Tally = field(default_factory=Tally)
    conflict: Tally = field(default_factory=Tally)

    def add(self, item: Mapping[str, Any], pred: Prediction) -> None:
        gold_same = bool(item["same_quantity"])
        self.same.gold += gold_same
        self.same.predicted += pred.same
        self.same.correct += pred.same and gold_same
        self.same.found += pred.same and gold_same
        gold_conflict = item["relation"] == "conflict"
        self.conflict.gold += gold_conflict
        self.conflict.predicted += pred.conflict
        self.conflict.correct += pred.conflict and "conflict" in item["acceptable"]
        self.conflict.found += pred.conflict and gold_conflict


def _halves(item: Mapping[str, Any]) -> tuple[str, ...]:
    return (item["half"], "all")


def evaluate(items: Sequence[Mapping[str, Any]], store: Any, bench: Path) -> dict[str, Any]:
    """Rows of figures per method and half, the false-claim rate, and which gold figures were missed."""
    loc = Locator(store, sources(items, bench))
    shipped = ShippedGroups(store)
    methods = {"dateline": shipped.predict, "baseline-unit-head": baseline_predict}
    scores = {(m, h): Scores() for m in methods for h in HALVES}
    misses: dict[str, int] = defaultdict(int)
    coverage = {h: [0, 0] for h in HALVES}
    false_claims = {h: [0, 0] for h in HALVES}
    detail = []
    for item in items:
        if item["kind"] == "not_a_claim":
            got = loc.find(item["figure"])
            for h in _halves(item):
                false_claims[h][0] += got.claim is not None
                false_claims[h][1] += 1
            continue
        a, b = loc.find(item["a"]), loc.find(item["b"])
        for f in (a, b):
            misses[f.why or "found"] += 1
            for h in _halves(item):
                coverage[h][0] += f.claim is not None
                coverage[h][1] += 1
        row = {"id": item["id"], "relation": item["relation"]}
        for name, predict in methods.items():
            pred = predict(a, b) if a.claim is not None and b.claim is not None else Prediction(False, False)
            row[name] = {"same": pred.same, "conflict": pred.conflict}
            for h in _halves(item):
                scores[(name, h)].add(item, pred)
        detail.append(row)
    rows = []
    for (method, half), s in scores.items():
        for metric, tally in (("same_quantity", s.same), ("conflict", s.conflict)):
            rows.append({"method": method, "half": half, "metric": metric, **tally.scores()})
    for half in HALVES:
        fc, cov = false_claims[half], coverage[half]
        rows.append({"method": "dateline", "half": half, "metric": "false_claim_rate",
                     "rate": round(fc[0] / fc[1], 4) if fc[1] else 0.0, "claims": fc[0], "items": fc[1]})
        rows.append({"method": "dateline", "half": half, "metric": "figures_extracted",
                     "rate": round(cov[0] / cov[1], 4) if cov[1] else 0.0, "claims": cov[0], "items": cov[1]})
    return {"rows": rows, "figures": dict(misses), "pairs": detail}


def run(gold: Path, bench: Path, workdir: Path, settings: Settings, *, reuse: bool = False,
        only: str | None = None) -> dict[str, Any]:
    """Build (or reuse) the store of the judged set's articles and score it; ``only`` keeps one family prefix."""
    from ..store import Store

    items = load_items(gold)
    if only:
        items = [i for i in items if _family(i).startswith(only)]
    started = time.perf_counter()
    db = build_store(items, bench, workdir, settings, reuse=reuse)
    built = time.perf_counter() - started
    with Store(db, readonly=True) as store:
        result = evaluate(items, store, bench)
    result["seconds_ingest"] = round(built, 1)
    return result


def _family(item: Mapping[str, Any]) -> str:
    if "family" in item:
        return item["family"]
    file = item["figure"]["file"]
    return file.split("/")[1].split("_")[0] if file.startswith("t17/") else "ecb" + file.split("/")[1]


def gold_checksum(gold: Path) -> str:
    """sha256 of the judged set's items (the gate's floors hold for one version of it)."""
    import hashlib

    return hashlib.sha256(Path(gold).read_bytes()).hexdigest()


def flat_metrics(rows: Sequence[Mapping[str, Any]]) -> dict[str, float]:
    """"dateline.all.conflict.precision" -> value: what the gate pins."""
    out = {}
    for r in rows:
        for k in ("precision", "recall", "rate"):
            if k in r:
                out[f"{r['method']}.{r['half']}.{r['metric']}.{k}"] = float(r[k])
    return out
