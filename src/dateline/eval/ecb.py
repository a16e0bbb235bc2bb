"""ECB+ (Cybulska & Vossen 2014): a reader and mention-detection scoring.

:func:`read_ecb` is reusable for cross-document coreference: each document keeps
its tokens with sentence ids, a text rebuilt by joining tokens with single
spaces (so char offsets are exact), every markable with its token ids, char
span and cross-document instance id. :func:`evaluate` scores dateline's event
triggers against the gold action mentions and its person/organization/group
mentions against the gold human-participant mentions, on the sentences the
corpus marks as fully annotated (the usual evaluation setting).
"""

from __future__ import annotations

import csv
import logging
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

DEV_TOPICS = (2, 5, 12, 18, 21, 23, 34, 35)
EVENT_PREFIXES = ("ACTION_", "NEG_ACTION_")
PARTICIPANT_PREFIXES = ("HUMAN_PART",)


@dataclass(frozen=True)
class EcbToken:
    t_id: int
    sentence: int
    text: str
    start: int  # char offsets into EcbDocument.text
    end: int


@dataclass(frozen=True)
class EcbMention:
    m_id: str
    type: str  # ACTION_OCCURRENCE, HUMAN_PART_PER, ...
    token_ids: tuple[int, ...]
    start: int
    end: int
    sentence: int
    instance: str = ""  # cross-document instance id ("" when a singleton)


@dataclass
class EcbDocument:
    name: str  # "1_1ecbplus.xml"
    topic: int
    subtopic: str  # "ecb" or "ecbplus": the two seminal events of a topic
    tokens: list[EcbToken]
    text: str
    mentions: list[EcbMention] = field(default_factory=list)
    annotated: frozenset[int] = frozenset()  # sentence ids fully annotated

    def mentions_of(self, prefixes: Sequence[str]) -> list[EcbMention]:
        return [m for m in self.mentions if m.type.startswith(tuple(prefixes))]


def _annotated_sentences(root: Path) -> dict[str, set[int]]:
    path = root / "ECBplus_coreference_sentences.csv"
    out: dict[str, set[int]] = defaultdict(set)
    if not path.exists():
        return out
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out[f"{row['Topic']}_{row['File']}.xml"].add(int(row["Sentence Number"]))
    return out


def read_ecb_file(path: Path, annotated: Iterable[int] = ()) -> EcbDocument:
    """One ECB+ XML file."""
    root = ET.parse(path).getroot()
    tokens, pos = [], 0
    for el in root.iter("token"):
        text = el.text or ""
        tokens.append(EcbToken(int(el.get("t_id")), int(el.get("sentence")), text, pos, pos + len(text)))
        pos += len(text) + 1
    by_id = {t.t_id: t for t in tokens}
    instances = _instances(root)
    mentions = []
    markables = root.find("Markables")
    for el in markables if markables is not None else []:
        ids = tuple(int(a.get("t_id")) for a in el.findall("token_anchor"))
        if not ids:
            continue  # an instance descriptor (TAG_DESCRIPTOR), not a mention in the text
        toks = [by_id[i] for i in ids if i in by_id]
        mentions.append(EcbMention(
            m_id=el.get("m_id"), type=el.tag, token_ids=ids, start=toks[0].start, end=toks[-1].end,
            sentence=toks[0].sentence, instance=instances.get(el.get("m_id"), ""),
        ))
    name = path.name
    topic = int(name.split("_")[0])
    return EcbDocument(name=name, topic=topic, subtopic="ecbplus" if "plus" in name else "ecb",
                       tokens=tokens, text=" ".join(t.text for t in tokens), mentions=mentions,
                       annotated=frozenset(annotated))


def _instances(root: ET.Element) -> dict[str, str]:
    """m_id -> cross-document instance id (the relation's note), within-doc chains too."""
    out = {}
    relations = root.find("Relations")
    for rel in relations if relations is not None else []:
        note = rel.get("note") or f"{rel.tag}:{rel.get('r_id')}"
        for src in rel.findall("source"):
            out[src.get("m_id")] = note
    return out


def read_ecb(directory: str | Path, topics: Iterable[int] | None = None) -> list[EcbDocument]:
    """All documents of the given topics (default: every topic folder present)."""
    root = Path(directory)
    annotated = _annotated_sentences(root)
    wanted = set(topics) if topics is not None else None
    docs = []
    for folder in sorted((p for p in root.iterdir() if p.is_dir() and p.name.isdigit()), key=lambda p: int(p.name)):
        if wanted is not None and int(folder.name) not in wanted:
            continue
        for path in sorted(folder.glob("*.xml")):
            docs.append(read_ecb_file(path, annotated.get(path.name, ())))
    return docs


# PTB-style tokens written without a space before them ("it 's" -> "it's") or after them
_NO_SPACE_BEFORE = frozenset({".", ",", ";", ":", "!", "?", "%", ")", "]", "}", "''", "'s", "'S", "n't", "'re",
                              "'ve", "'ll", "'d", "'m", "'"})
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "``", "$", "#"})
# PTB quotes as printed; "|" (a headline separator in ECB+) as "/": the claims stage joins its
# quantity keys with "|", and a counted noun holding one crashes the claim grouping
_REWRITTEN = {"``": '"', "''": '"', "|": "/"}


@dataclass(frozen=True)
class NewsText:
    """An ECB+ document written back as news text: one line per sentence, tokens spaced as in print."""

    text: str
    spans: dict[int, tuple[int, int]]  # token id -> char span in ``text``

    def span(self, mention: EcbMention) -> tuple[int, int]:
        """Char span of a mention in ``text``."""
        spans = [self.spans[i] for i in mention.token_ids if i in self.spans]
        return spans[0][0], spans[-1][1]


def news_text(doc: EcbDocument, *, join_numbers: bool = False) -> NewsText:
    """The text a reader of the original article would have seen, as near as the tokens allow.

    The pipeline splits sentences and tokenizes on its own, as it would on an
    article; ECB+'s sentence breaks become line breaks because the originals had
    them (headlines, datelines and URLs carry no full stop). With
    ``join_numbers``, numbers ECB+ split into tokens are written as printed
    ("120 , 000" -> "120,000", "5 . 9" -> "5.9", "24 - hour" -> "24-hour"): the
    figures eval reads them as a reader did.
    """
    glued = _glued(doc.tokens) if join_numbers else set()
    parts: list[str] = []
    spans: dict[int, tuple[int, int]] = {}
    pos, prev = 0, None
    for i, tok in enumerate(doc.tokens):
        word = _REWRITTEN.get(tok.text, tok.text)
        if prev is not None:
            sep = "\n" if tok.sentence != prev.sentence else (
                "" if tok.text in _NO_SPACE_BEFORE or prev.text in _NO_SPACE_AFTER or i in glued else " ")
            parts.append(sep)
            pos += len(sep)
        spans[tok.t_id] = (pos, pos + len(word))
        parts.append(word)
        pos += len(word)
        prev = tok
    return NewsText("".join(parts), spans)


def _glued(tokens: Sequence[EcbToken]) -> set[int]:
    """Indices of tokens written without a space before them because they continue a number."""
    out: set[int] = set()
    for i in range(1, len(tokens) - 1):
        left, mid, right = tokens[i - 1].text, tokens[i].text, tokens[i + 1].text
        if tokens[i - 1].sentence != tokens[i + 1].sentence:
            continue
        thousands = mid == "," and re.fullmatch(r"\d{1,3}", left) and re.fullmatch(r"\d{3}", right)
        decimal = mid == "." and left.isdigit() and right.isdigit()
        hyphen = mid == "-" and left[-1:].isdigit() and right[:1].isalnum()
        if thousands or decimal or hyphen:
            out |= {i, i + 1}
    return out


def data_files(directory: str | Path, topics: Iterable[int]) -> list[Path]:
    """The XML files of some topics (for the gate checksum)."""
    root = Path(directory)
    return sorted(p for t in topics for p in (root / str(t)).glob("*.xml"))


# -- scoring --------------------------------------------------------------------------------
@dataclass
class Counts:
    tp: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, tp: int, predicted: int, gold: int) -> None:
        self.tp += tp
        self.predicted += predicted
        self.gold += gold

    def scores(self) -> dict[str, float]:
        p = self.tp / self.predicted if self.predicted else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}


def match_spans(gold: Sequence[tuple[int, int]], pred: Sequence[tuple[int, int]], *, strict: bool) -> int:
    """True positives: one-to-one matches, exact spans or (lenient) overlapping ones."""
    if strict:
        return len(set(gold) & set(pred))
    used: set[int] = set()
    tp = 0
    for ps, pe in pred:
        for i, (gs, ge) in enumerate(gold):
            if i not in used and ps < ge and gs < pe:
                used.add(i)
                tp += 1
                break
    return tp


def _parse(nlp: Any, doc: EcbDocument) -> Any:
    """Parse with ECB+'s own tokens and sentence breaks, so spans align exactly."""
    from spacy.tokens import Doc

    words = [t.text for t in doc.tokens]
    starts = [i == 0 or doc.tokens[i].sentence != doc.tokens[i - 1].sentence for i in range(len(words))]
    sdoc = Doc(nlp.vocab, words=words, spaces=[True] * len(words), sent_starts=starts)
    for _, proc in nlp.pipeline:
        sdoc = proc(sdoc)
    return sdoc


def _document(doc: EcbDocument, parse: Any) -> Any:
    from ..model import Article, Document, Sentence

    sents = tuple(Sentence(s.start_char, s.end_char, i) for i, s in enumerate(parse.sents))
    return Document(article=Article(id=doc.name, text=doc.text), sentences=sents,
                    layers=frozenset({"sentences", "parse"}), parse=parse)


def evaluate(directory: str | Path, topics: Iterable[int], nlp: Any) -> dict[str, float]:
    """Mention-detection scores of dateline on ECB+ topics (annotated sentences only)."""
    from ..extract.entities import extract_mentions
    from ..extract.events import extract_events
    from ..extract.nominals import is_named
    from ..model import EntityKind, add_layers

    counts = defaultdict(Counts)
    docs = read_ecb(directory, topics)
    for doc in docs:
        parse = _parse(nlp, doc)
        d = _document(doc, parse)
        d = add_layers(d, ("mentions",), mentions=tuple(extract_mentions(parse)))
        sent_of = {t.start: t.sentence for t in doc.tokens}
        keep = (lambda start: sent_of.get(start, -1) in doc.annotated) if doc.annotated else (lambda s: True)

        def token_start(pos: int) -> int:
            # predictions may start mid-token only when spaCy's tokens were merged; map back
            return max((s for s in sent_of if s <= pos), default=0)

        gold_ev = [(m.start, m.end) for m in doc.mentions_of(EVENT_PREFIXES) if m.sentence in doc.annotated]
        gold_hum = [(m.start, m.end) for m in doc.mentions_of(PARTICIPANT_PREFIXES) if m.sentence in doc.annotated]
        all_ev = [(e.start, e.end, e.type) for e in extract_events(d, typed_only=False) if keep(token_start(e.start))]
        typed = [(s, e) for s, e, t in all_ev if t != "OTHER"]
        all_ev = [(s, e) for s, e, _ in all_ev]
        # a name is scored without its title; a nominal or pronoun by its own span (a
        # resolved pronoun's name span is its antecedent's, elsewhere in the text)
        hum = [(m.name_start, m.name_end) if is_named(m) and m.name_start is not None else (m.start, m.end)
               for m in d.mentions
               if m.kind in (EntityKind.PERSON, EntityKind.ORG, EntityKind.OTHER) and keep(token_start(m.start))]
        for name, gold, pred in (("event", gold_ev, all_ev), ("event_typed", gold_ev, typed),
                                 ("participant", gold_hum, hum)):
            counts[name].add(match_spans(gold, pred, strict=False), len(pred), len(gold))
            counts[name + "_strict"].add(match_spans(gold, pred, strict=True), len(pred), len(gold))
    metrics: dict[str, float] = {"documents": float(len(docs))}
    for name, c in sorted(counts.items()):
        for k, v in c.scores().items():
            metrics[f"{name}_{k}"] = v
    return metrics
