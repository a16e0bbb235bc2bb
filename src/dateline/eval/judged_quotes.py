"""Who said what on the judged development set (``benchmarks/judged/quotes``), scored on the shipped path.

The set labels every attribution in 60 windows of Timeline17 development
articles (see its README and rubric). The articles go through ``dateline
ingest`` into a store (:func:`dateline.eval.quotes.build_store`); the labels,
offsets into the raw files, are moved onto the stored text by
:mod:`dateline.eval.align`. Per window, the system's attributions that overlap
it are paired with the labelled items by content overlap
(:func:`dateline.eval.quotes.pair`), and:

* an item is **found** when a system attribution is paired with it;
* its **speaker is right** when the paired attribution's speaker is the item's
  (or a listed alternative): for a named source, the resolved name, the
  entity's name or one of its aliases names the same words as the label
  ("paulson" for "henry m paulson jr"); for a described source
  (``described: ...``), the system keeps a source phrase and links it to no
  entity; for ``none``, the system gives no source phrase and no entity;
* a system attribution overlapping no item and no borderline span is a
  **false positive** (a ``not_speech`` span makes that explicit);
* **named wrong**: a found item whose speaker the system names (links to an
  entity) and gets wrong, the error an editor would have to catch; a speaker
  the system leaves unnamed when unsure is not right either, but not wrong:
  **named precision** is right names over all names shown.

What the system presents as attributions here is what the desk can show:
quotes (direct, indirect) and facts credited to a source; stances ("wants",
"hopes"), which the rubric does not count as attributions, are left out.
Both halves (``tune``, ``check``) are reported apart, each beside the baseline
of :func:`dateline.eval.quotes.baseline`, computed in the same run.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import Document, QuoteKind
from .align import Alignment, Tokens
from .quotes import Attribution, _word_set, baseline, build_store, pair, stored_documents

HALVES = ("tune", "check")
SHOWN = (QuoteKind.DIRECT, QuoteKind.INDIRECT, QuoteKind.SOURCE)


def norm_words(text: str) -> tuple[str, ...]:
    """Lowercase alphanumeric words of a name, dotted initials as one word ("U.S." -> "us", as labels write it)."""
    text = re.sub(r"\b(?:[^\W\d_]\.){2,}", lambda m: m.group(0).replace(".", ""), text)
    return Tokens.of(text).words


@dataclass(frozen=True)
class Said:
    """A system attribution with what names its speaker."""

    attribution: Attribution
    has_source: bool
    linked: bool  # resolved to a named mention
    names: tuple[tuple[str, ...], ...] = ()  # resolved name, entity name, aliases (as word tuples)


def speaker_right(item: Mapping[str, Any], said: Said) -> bool:
    """Whether a system attribution gives an item's speaker (see the module docstring)."""
    keys = [item["speaker"], *item.get("alternatives", {}).get("speaker", [])]
    return any(_matches(k, said) for k in keys)


def _matches(key: str, said: Said) -> bool:
    if key == "none":
        return not said.has_source and not said.linked  # a speaker shown by its entity alone is still shown
    if key.startswith("described:"):
        return said.has_source and not said.linked
    want = set(norm_words(key))
    for name in said.names:
        got = set(name) - {"the", "mr", "mrs", "ms", "dr"}
        if got and (got <= want or want <= got):
            return True
    return False


@dataclass
class HalfScore:
    items: int = 0
    found: int = 0
    right: int = 0
    named: int = 0  # found items whose speaker the system names (links to an entity)
    named_right: int = 0
    false_positives: int = 0
    shared: float = 0.0
    predicted_words: float = 0.0
    gold_words: float = 0.0

    def row(self, method: str, half: str) -> dict[str, Any]:
        p = self.shared / self.predicted_words if self.predicted_words else 0.0
        r = self.shared / self.gold_words if self.gold_words else 0.0
        return {"method": method, "half": half, "items": self.items, "found": self.found,
                "speaker_right": round(self.right / self.items, 4) if self.items else 0.0,
                "speaker_right_of_found": round(self.right / self.found, 4) if self.found else 0.0,
                "named_wrong": self.named - self.named_right,
                "named_precision": round(self.named_right / self.named, 4) if self.named else 0.0,
                "content_overlap_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
                "false_positives": self.false_positives}


@dataclass
class JudgedSet:
    """The judged quotes: windows, items by window, window labels."""

    windows: list[dict[str, Any]]
    items: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    labels: dict[str, dict[str, Any]] = field(default_factory=dict)


def read_set(folder: Path) -> JudgedSet:
    """Read ``windows.jsonl``, ``items.jsonl`` and ``window_labels.jsonl`` of the set."""
    def rows(name: str) -> list[dict[str, Any]]:
        return [json.loads(line) for line in (folder / name).read_text(encoding="utf-8").splitlines() if line]

    items: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in rows("items.jsonl"):
        items[item["window"]].append(item)
    return JudgedSet(rows("windows.jsonl"), dict(items), {w["window"]: w for w in rows("window_labels.jsonl")})


def shipped_said(doc: Document, names: Mapping[str, str], aliases: Mapping[str, Sequence[str]]) -> list[Said]:
    """The stored attributions the desk can show, with the names of their speakers."""
    out = []
    text = doc.article.text
    for q in doc.quotes:
        if q.kind not in SHOWN:
            continue
        has_source = q.speaker_start is not None
        linked = q.resolved_start is not None
        found = []
        if linked:
            found.append(norm_words(text[q.resolved_start:q.resolved_end]))
        if q.speaker:
            found += [norm_words(names.get(q.speaker, "")), *(norm_words(a) for a in aliases.get(q.speaker, ()))]
        source = (q.speaker_start, q.speaker_end) if has_source else None
        out.append(Said(Attribution(q.fragments(), source), has_source, linked, tuple(n for n in found if n)))
    return out


def baseline_said(doc: Document) -> list[Said]:
    """The baseline's attributions: quotation-mark spans credited to the nearest name."""
    text = doc.article.text
    return [Said(a, a.source is not None, a.source is not None,
                 (norm_words(text[a.source[0]:a.source[1]]),) if a.source else ()) for a in baseline(doc)]


def score_window(scores: HalfScore, al: Alignment, stored: str, window: Mapping[str, Any],
                 items: Sequence[Mapping[str, Any]], labels: Mapping[str, Any], said: Sequence[Said]) -> None:
    """Add one window's items and the system attributions inside it to ``scores``."""
    span = al.span(window["start"], window["end"])
    text_words = al.stored
    gold = []
    for item in items:
        moved = tuple(s for s in (al.span(*c) for c in item["content"]) if s is not None)
        gold.append(_word_set(text_words, moved))
    scores.items += len(items)
    if span is None:
        return
    lo, hi = span
    inside = [s for s in said if any(a < hi and lo < b for a, b in s.attribution.contents)]
    predicted = [_word_set(text_words, s.attribution.contents) for s in inside]
    allowed = _word_set(text_words, [al.span(*b["span"]) for b in labels.get("borderline", ())])
    pairs = pair([_Bag(g) for g in gold], [_Bag(p) for p in predicted])
    paired = {pi for _, pi in pairs}
    for gi, pi in pairs:
        scores.found += 1
        right = speaker_right(items[gi], inside[pi])
        scores.right += right
        if inside[pi].linked:
            scores.named += 1
            scores.named_right += right
        scores.shared += len(gold[gi] & predicted[pi])
    scores.gold_words += sum(len(g) for g in gold)
    for pi, p in enumerate(predicted):
        if pi not in paired and not (p & allowed):
            scores.false_positives += 1
            scores.predicted_words += len(p)
        elif pi in paired:
            scores.predicted_words += len(p)


@dataclass(frozen=True)
class _Bag:
    content: frozenset[int]


def evaluate(folder: Path, bench: Path, settings: Any, *, workdir: Path | None = None) -> dict[str, Any]:
    """The judged set through ``dateline ingest``: shipped speakers and contents beside the baseline."""
    import tempfile

    judged = read_set(folder)
    files = sorted({w["file"] for w in judged.windows})
    with tempfile.TemporaryDirectory() as tmp:
        db = (workdir or Path(tmp)) / "judged-quotes.db"
        db.parent.mkdir(parents=True, exist_ok=True)
        build_store([bench / f for f in files], db, settings)
        scores = {(m, h): HalfScore() for m in ("shipped", "baseline") for h in HALVES}
        windows_of: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for w in judged.windows:
            windows_of[str((bench / w["file"]).resolve())].append(w)
        aliases = _aliases(db)
        for doc, names in stored_documents(db):
            wins = windows_of.pop(str(Path(doc.article.origin).resolve()), [])
            if not wins:
                continue
            raw = (bench / wins[0]["file"]).read_text(encoding="utf-8")
            al = Alignment(raw, doc.article.text)
            for method, said in (("shipped", shipped_said(doc, names, aliases)), ("baseline", baseline_said(doc))):
                for w in wins:
                    score_window(scores[method, w["half"]], al, doc.article.text, w, judged.items.get(w["id"], []),
                                 judged.labels.get(w["id"], {}), said)
        for wins in windows_of.values():  # a file not stored or not analysed: its items are all missed
            for w in wins:
                for method in ("shipped", "baseline"):
                    scores[method, w["half"]].items += len(judged.items.get(w["id"], []))
    rows = [scores[m, h].row(m, h) for h in HALVES for m in ("shipped", "baseline")]
    return {"set": "judged", "items": sum(len(v) for v in judged.items.values()), "rows": rows}


def _aliases(db: Path) -> dict[str, tuple[str, ...]]:
    """Entity id -> its aliases, as the store keeps them."""
    from ..store import Store

    with Store(db, readonly=True) as store:
        return {eid: tuple(data.get("aliases", ())) for eid, data in store.get_objects("entity").items()}
