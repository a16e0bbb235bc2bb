"""Who said what, scored on the quotes users get: PolNeAR's attributions, beside a baseline.

The texts go through :func:`dateline.pipeline.ingest` (the path of ``dateline
ingest``: reading, cleanup, every per-article and corpus stage) into a store;
the quotes are read back from it, as ``dateline quotes`` reads them. Gold spans
are offsets into the raw files; :mod:`dateline.eval.align` maps them onto the
stored text. A gold attribution outside the stored text (PolNeAR annotates
headlines, which ingest keeps as the title) stays in the key: a miss.

Scoring follows the usual definitions for attribution extraction (Pareti 2016;
Newell et al. 2018), over the words of the spans (lowercase alphanumeric runs,
so quotation marks and edge punctuation do not count):

* predicted and gold attributions of an article are paired one-to-one by the
  largest overlap of their contents;
* **content** exact: a pair whose contents cover the same words; **overlap**:
  the words two paired contents share, over all predicted words (P) and all
  gold words (R);
* **source** and **cue** count only for the pair they belong to: exact when the
  paired spans cover the same words, over the predicted attributions that name a
  source (P) and the gold ones that have one (R); overlap, the share of words in
  common, summed the same way.

The baseline is computed by the same run from the same stored articles:
quotation-mark spans as contents (:func:`dateline.extract.quotes.quote_spans`),
each credited to the nearest named person or organisation mention.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import Document, EntityKind
from .align import Alignment, Tokens

log = logging.getLogger(__name__)

Span = tuple[int, int]
ROLES = ("content", "source", "cue")


@dataclass(frozen=True)
class Attribution:
    """One attribution in stored-text offsets: content fragments, source span, cue fragments."""

    contents: tuple[Span, ...]
    source: Span | None = None
    cues: tuple[Span, ...] = ()
    speaker: str = ""  # the resolved speaker (entity name), for reports
    lost_words: int = 0  # gold content words the stored text lacks (a headline): counted as missed
    lost_roles: tuple[str, ...] = ()  # gold source or cue the stored text lacks: counted as missed


# -- scoring -----------------------------------------------------------------------------------
@dataclass
class Tally:
    """Sums behind P, R and F of one role, exact and by word overlap."""

    exact: int = 0
    overlap_p: float = 0.0  # summed shares (source, cue) or shared words (content)
    overlap_r: float = 0.0
    predicted: float = 0.0
    gold: float = 0.0

    def scores(self) -> dict[str, float]:
        def prf(tp_p: float, tp_r: float) -> tuple[float, float, float]:
            p = tp_p / self.predicted if self.predicted else 0.0
            r = tp_r / self.gold if self.gold else 0.0
            return p, r, (2 * p * r / (p + r) if p + r else 0.0)

        out = {}
        for name, (p, r, f) in (("exact", prf(self.exact, self.exact)),
                                ("overlap", prf(self.overlap_p, self.overlap_r))):
            out.update({f"{name}_p": round(p, 4), f"{name}_r": round(r, 4), f"{name}_f1": round(f, 4)})
        return out


@dataclass
class Scorer:
    """Accumulates the three roles over articles (micro-averaged)."""

    content: Tally = field(default_factory=Tally)
    source: Tally = field(default_factory=Tally)
    cue: Tally = field(default_factory=Tally)
    gold_attributions: int = 0
    predicted_attributions: int = 0

    def add(self, text_words: Tokens, gold: Sequence[Attribution], predicted: Sequence[Attribution]) -> None:
        """Score one article's predicted attributions against its gold ones."""
        g = [_bag(text_words, a) for a in gold]
        p = [_bag(text_words, a) for a in predicted]
        self.gold_attributions += len(g)
        self.predicted_attributions += len(p)
        self.content.predicted += sum(len(b.content) for b in p)
        self.content.gold += sum(len(b.content) for b in g) + sum(a.lost_words for a in gold)
        for role in ("source", "cue"):
            tally = getattr(self, role)
            tally.predicted += sum(1 for b in p if getattr(b, role))
            tally.gold += sum(1 for a, b in zip(gold, g) if getattr(b, role) or role in a.lost_roles)
        counted = Tally()  # exact content pairs are counted per attribution, not per word
        for gi, pi in pair(g, p):
            gb, pb = g[gi], p[pi]
            shared = len(gb.content & pb.content)
            self.content.overlap_p += shared
            self.content.overlap_r += shared
            counted.exact += gb.content == pb.content
            for role in ("source", "cue"):
                self._add_role(getattr(self, role), getattr(gb, role), getattr(pb, role))
        self.content.exact += counted.exact

    @staticmethod
    def _add_role(tally: Tally, gold: frozenset[int], pred: frozenset[int]) -> None:
        if not gold or not pred:
            return
        shared = len(gold & pred)
        tally.exact += gold == pred
        tally.overlap_p += shared / len(pred)
        tally.overlap_r += shared / len(gold)

    def scores(self) -> dict[str, Any]:
        """content/source/cue exact and overlap P, R, F1; content exact counts attributions."""
        content = self.content.scores()
        # exact content is per attribution: recompute P and R over attribution counts
        exact = Tally(exact=self.content.exact, predicted=self.predicted_attributions, gold=self.gold_attributions)
        content.update({k: v for k, v in exact.scores().items() if k.startswith("exact")})
        return {"gold": self.gold_attributions, "predicted": self.predicted_attributions,
                "content": content, "source": self.source.scores(), "cue": self.cue.scores()}


@dataclass(frozen=True)
class _Bag:
    content: frozenset[int]
    source: frozenset[int]
    cue: frozenset[int]


def _word_set(text_words: Tokens, spans: Iterable[Span | None]) -> frozenset[int]:
    return frozenset(i for s in spans if s is not None for i in text_words.inside(*s))


def _bag(text_words: Tokens, a: Attribution) -> _Bag:
    return _Bag(_word_set(text_words, a.contents), _word_set(text_words, [a.source]), _word_set(text_words, a.cues))


def pair(gold: Sequence[_Bag], predicted: Sequence[_Bag]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index) by the largest content overlap first."""
    candidates = sorted(((len(g.content & p.content), gi, pi) for gi, g in enumerate(gold)
                         for pi, p in enumerate(predicted) if g.content & p.content), reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


# -- the shipped quotes and the baseline, from a stored document ------------------------------------
def shipped(doc: Document, names: dict[str, str]) -> list[Attribution]:
    """The stored quotes of a document as attributions: the speaker as written, the entity beside it."""
    out = []
    for q in doc.quotes:
        source = (q.speaker_start, q.speaker_end) if q.speaker_start is not None else None
        cues = ((q.cue_start, q.cue_end),) if q.cue_start is not None else ()
        out.append(Attribution(contents=q.fragments(), source=source, cues=cues,
                               speaker=names.get(q.speaker or "", "")))
    return out


def baseline(doc: Document) -> list[Attribution]:
    """Quotation-mark spans, each credited to the nearest named person or organisation mention."""
    from ..extract.nominals import is_named
    from ..extract.quotes import quote_spans

    named = [m for m in doc.mentions if is_named(m) and m.kind in (EntityKind.PERSON, EntityKind.ORG)]
    out = []
    for start, end in quote_spans(doc.article.text):
        outside = [m for m in named if m.end <= start or m.start >= end]

        def distance(m: Any, start: int = start, end: int = end) -> int:
            return start - m.end if m.end <= start else m.start - end

        best = min(outside, key=distance, default=None)
        out.append(Attribution(contents=((start, end),), source=(best.start, best.end) if best else None))
    return out


# -- PolNeAR ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class GoldFile:
    """One benchmark file with its gold attributions in raw-file offsets."""

    path: Path
    attributions: tuple[Attribution, ...]


def read_polnear(folder: str | Path, split: str) -> list[GoldFile]:
    """The gold of one PolNeAR split (``train``, ``dev``): texts under ``<split>/``, ``<split>.gold.jsonl``."""
    root = Path(folder)
    out = []
    with (root / f"{split}.gold.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            atts = tuple(Attribution(contents=tuple(tuple(c) for c in a["content"]),
                                     source=tuple(a["source"]) if a["source"] else None,
                                     cues=tuple(tuple(c) for c in a["cue"])) for a in row["attributions"])
            out.append(GoldFile(root / split / f"{row['doc']}.txt", atts))
    return out


def to_stored(raw: str, stored: str, gold: Sequence[Attribution]) -> list[Attribution]:
    """Gold attributions moved from raw-file offsets onto the stored text (fragments lost are dropped)."""
    al = Alignment(raw, stored)

    def move(spans: Iterable[Span]) -> tuple[Span, ...]:
        return tuple(s for s in (al.span(*x) for x in spans) if s is not None)

    out = []
    for a in gold:
        source = al.span(*a.source) if a.source else None
        contents = move(a.contents)
        raw_words = sum(len(al.raw.inside(*c)) for c in a.contents)
        kept = len(_word_set(al.stored, contents))
        cues = move(a.cues)
        lost = tuple(r for r, had, has in (("source", a.source, source), ("cue", a.cues, cues)) if had and not has)
        out.append(Attribution(contents=contents, source=source, cues=cues,
                               lost_words=max(0, raw_words - kept), lost_roles=lost))
    return out


# -- the run ------------------------------------------------------------------------------------------
def build_store(paths: Sequence[Path], db: Path, settings: Any) -> None:
    """``dateline ingest`` of ``paths`` into a new store at ``db``."""
    from ..pipeline import ingest
    from ..store import Store

    db.unlink(missing_ok=True)
    with Store(db) as store:
        report = ingest([str(p) for p in paths], store, settings)
    log.info("quotes eval store: %s", report.summary())


def stored_documents(db: Path) -> Iterable[tuple[Document, dict[str, str]]]:
    """The stored documents (with corpus links) and the entity names, as ``dateline quotes`` reads them."""
    from ..query import entity_names
    from ..store import Store

    with Store(db, readonly=True) as store:
        names = entity_names(store)
        for doc in store.iter_documents():
            yield doc, names


def score_files(gold: Sequence[GoldFile], db: Path) -> dict[str, Any]:
    """Shipped and baseline scores of the stored articles against the gold of their files."""
    by_path = {str(g.path.resolve()): g for g in gold}
    scorers = {"shipped": Scorer(), "baseline": Scorer()}
    seen: set[str] = set()
    for doc, names in stored_documents(db):
        g = by_path.get(str(Path(doc.article.origin).resolve()))
        if g is None:
            continue
        seen.add(str(g.path.resolve()))
        raw = g.path.read_text(encoding="utf-8")
        key = to_stored(raw, doc.article.text, g.attributions)
        text_words = Tokens.of(doc.article.text)
        scorers["shipped"].add(text_words, key, shipped(doc, names))
        scorers["baseline"].add(text_words, key, baseline(doc))
    missing = [g for p, g in by_path.items() if p not in seen]
    for g in missing:  # not stored or not analysed (a near-duplicate): every attribution missed
        raw_words = Tokens.of(g.path.read_text(encoding="utf-8"))
        lost = [Attribution((), lost_words=sum(len(raw_words.inside(*c)) for c in a.contents),
                            lost_roles=("source",) * bool(a.source) + ("cue",) * bool(a.cues))
                for a in g.attributions]
        for s in scorers.values():
            s.add(Tokens.of(""), lost, [])
    return {"articles": len(seen), "not_analysed": len(missing),
            "rows": [{"method": name, **s.scores()} for name, s in scorers.items()]}


def evaluate_polnear(folder: str | Path, split: str = "dev", settings: Any = None, *,
                     workdir: Path | None = None) -> dict[str, Any]:
    """PolNeAR ``split`` through ``dateline ingest``: shipped quotes and the baseline, scored."""
    import tempfile

    from ..settings import Settings

    settings = settings or Settings(progress=False)
    gold = read_polnear(folder, split)
    with tempfile.TemporaryDirectory() as tmp:
        db = (workdir or Path(tmp)) / f"polnear-{split}.db"
        db.parent.mkdir(parents=True, exist_ok=True)
        build_store([g.path for g in gold], db, settings)
        result = score_files(gold, db)
    return {"set": f"polnear-{split}", **result}
