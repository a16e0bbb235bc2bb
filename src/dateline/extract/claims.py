"""Numeric claims ("nearly 1.5 million Palestinians sheltering in Rafah") and their agreement.

:class:`ClaimStage` reads each figure with its value ("1.5 million" ->
1500000, "85%" -> 0.85), its qualifier ("nearly", "more than", "up to"), what is
counted and a key for the quantity: the kind of thing counted, what happens to
it (a predicate class from ``data/claims.toml``: displaced, killed, ...) and
where. :class:`ClaimGroupingStage` groups claims about one quantity across
articles and compares them as intervals: a lower bound ("more than 1 million")
and an approximate figure ("nearly 1.5 million") agree when their intervals
overlap; groups whose figures cannot all be true are conflicting, or changing
when they move one way over time.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..model import Claim, Document, Qualifier, add_layers
from ..resources import load_toml
from ..settings import Settings
from .entities import demonym_country
from .names import fold
from .spans import ent_of
from .windowed import parse_windows, shifted

log = logging.getLogger(__name__)

_LABELS = frozenset({"CARDINAL", "PERCENT", "MONEY", "QUANTITY"})
_NUMBER = re.compile(r"(?P<num>\d+(?:[.,]\d+)*)\s*(?P<scale>[a-z]+)?", re.I)
_LOCATIVE = frozenset({"in", "at", "inside", "across", "throughout", "near", "into", "to"})
_CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP", "dollar": "USD", "euro": "EUR", "pound": "GBP"}


@dataclass(frozen=True)
class ClaimLexicon:
    qualifiers: dict[str, str]
    approx_band: float
    scales: dict[str, float]
    words: dict[str, float]
    predicates: dict[str, str]  # lemma -> class
    people: frozenset[str]
    examples: tuple[dict[str, Any], ...]


@lru_cache(maxsize=1)
def lexicon() -> ClaimLexicon:
    """The claim lexicon of data/claims.toml."""
    data = load_toml("claims.toml")
    predicates = {lemma: cls for cls, lemmas in data["predicates"].items() for lemma in lemmas}
    return ClaimLexicon(
        qualifiers=dict(data["qualifiers"]), approx_band=float(data["approx_band"]),
        scales={k: float(v) for k, v in data["scales"].items()},
        words={k: float(v) for k, v in data["words"].items()},
        predicates=predicates, people=frozenset(data["people"]["nouns"]),
        examples=tuple(data.get("examples", [])),
    )


# -- values ----------------------------------------------------------------------------------
def number_value(num: str) -> float | None:
    """The value of digits with separators, or None when they are no single number.

    "1,200" -> 1200.0, "1.5" -> 1.5, "1,234.5" and "1.234,5" -> 1234.5, "1.234.567" -> 1234567.0;
    a date or a version ("21.10.2019", "3.8.1") -> None.
    """
    seps = [c for c in num if c in ".,"]
    groups = re.split(r"[.,]", num)
    if not seps:
        return float(num)
    if len(set(seps)) == 2:  # both marks: the last is the decimal mark, the other groups thousands
        if seps.count(seps[-1]) > 1 or any(len(g) != 3 for g in groups[1:-1]):
            return None
        return float("".join(groups[:-1]) + "." + groups[-1])
    if len(seps) == 1:
        # one comma groups thousands in English news ("1,200"); one dot is a decimal point
        return float("".join(groups)) if seps[0] == "," else float(num)
    # a repeated mark only ever groups thousands
    return float("".join(groups)) if all(len(g) == 3 for g in groups[1:]) else None


def parse_value(text: str) -> float | None:
    """The number a figure states: "1.5 million" -> 1500000.0, "85%" -> 0.85, "1,200" -> 1200.0.

    None when the figure holds no single finite number ("many", a date such as "21.10.2019").
    """
    lex = lexicon()
    low = text.lower()
    m = _NUMBER.search(low)
    if m is None:
        word = low.strip().split()[-1] if low.strip() else ""
        return lex.words.get(word)
    value = number_value(m.group("num"))
    if value is None:
        log.debug("%r is not a single number (a date?); no claim", text)
        return None
    scale = m.group("scale")
    if scale and scale in lex.scales:
        value *= lex.scales[scale]
    if "%" in low or "percent" in low or "per cent" in low:
        value /= 100
    return value if math.isfinite(value) else None


def split_qualifier(text: str) -> tuple[str, str]:
    """(qualifier word(s), rest) of a figure's text: "more than 1 million" -> ("more than", "1 million")."""
    low = text.lower()
    for q in sorted(lexicon().qualifiers, key=len, reverse=True):
        if low.startswith(q + " "):
            return q, text[len(q) + 1:]
    return "", text


def bounds(value: float, qualifier: Qualifier, words: str = "") -> tuple[float, float]:
    """The interval a qualified figure allows."""
    band = lexicon().approx_band
    if qualifier is Qualifier.AT_LEAST:
        return value, math.inf
    if qualifier is Qualifier.AT_MOST:
        return 0.0, value
    if qualifier is Qualifier.APPROX:
        if lexicon().qualifiers.get(words) == "approx_below":
            return value * (1 - band), value
        return value * (1 - band), value * (1 + band)
    return value, value


def _qualifier(word: str) -> Qualifier:
    kind = lexicon().qualifiers.get(word, "")
    return {"at_least": Qualifier.AT_LEAST, "at_most": Qualifier.AT_MOST}.get(
        kind, Qualifier.APPROX if kind else Qualifier.EXACT)


# -- what is counted ---------------------------------------------------------------------------
def _counted(ent: Any) -> Any:
    """The noun a figure counts: "1.5 million Palestinians", "85% of the population"."""
    root = ent.root
    if root.dep_ in ("nummod", "quantmod", "amod") and root.head.pos_ in ("NOUN", "PROPN") \
            and not (ent.start <= root.head.i < ent.end):
        return root.head
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return objs[0]
    return None


def _np_bounds(noun: Any, ent: Any) -> tuple[int, int]:
    toks = [t for t in noun.subtree if t.i <= noun.i and not (ent.start <= t.i < ent.end)]
    toks = [t for t in toks if t.i >= (ent.end if noun.i > ent.start else toks[0].i)]
    first = toks[0] if toks else noun
    if first.lower_ in ("the", "a", "an", "of") and len(toks) > 1 and first.i < noun.i:
        first = noun.doc[first.i + 1] if first.lower_ == "of" else first
    return first.idx, noun.idx + len(noun.text)


def _predicate(noun: Any, ent: Any) -> Any:
    """The verb saying what happens to the counted thing (or to the figure itself)."""
    anchor = noun if noun is not None else ent.root
    for child in anchor.children:
        if child.dep_ in ("acl", "relcl") and child.pos_ in ("VERB", "AUX", "ADJ"):
            return child
    node = anchor
    for _ in range(4):
        if node.head.i == node.i:
            break
        node = node.head
        if node.pos_ in ("VERB", "AUX", "ADJ") or node.lemma_.lower() in lexicon().predicates:
            return node
    return None


def _predicate_class(pred: Any) -> str:
    if pred is None:
        return ""
    preds = lexicon().predicates
    for tok in [pred, *pred.children, *[g for c in pred.children for g in c.children]]:
        cls = preds.get(tok.lemma_.lower())
        if cls:
            return cls
    return ""


def _place(pred: Any, noun: Any) -> str:
    """The place the claim is about: a place under the predicate, or the clause a figure modifies."""
    candidates: list[Any] = []
    if pred is not None:
        if pred.dep_ == "relcl":  # "Rafah, where 1.4 million have taken refuge": the place it modifies
            head = pred.head
            near = [t for t in head.subtree if t.ent_type_ in ("GPE", "LOC", "FAC") and t.i < pred.i]
            candidates += sorted(near, key=lambda t: pred.i - t.i)
        for prep in pred.children:
            if prep.dep_ == "prep" and prep.lower_ in _LOCATIVE:
                candidates += [t for t in prep.subtree if t.ent_type_ in ("GPE", "LOC", "FAC")]
    if not candidates and noun is not None:
        candidates = [t for t in noun.subtree if t.ent_type_ in ("GPE", "LOC", "FAC")]
    if not candidates:
        return ""
    ent = ent_of(candidates[0])
    return fold(ent.text).removeprefix("the ").removesuffix(" city").strip()


def noun_class(noun: Any) -> str:
    """"people" for people in general, the country code for a national group, else the lemma."""
    if noun is None:
        return ""
    lemma = noun.lemma_.lower()
    if lemma in lexicon().people:
        return "people"
    code = demonym_country(noun.text)
    return f"people:{code}" if code else lemma


def _unit(ent: Any, noun: Any) -> str:
    if ent.label_ == "PERCENT":
        return "percent"
    if ent.label_ == "MONEY":
        for sym, code in _CURRENCY.items():
            if sym in ent.text.lower():
                return code
        return "money"
    return noun.lemma_.lower() if noun is not None else ""


def extract_claims(parse: Any, published: str = "") -> list[Claim]:
    """Numeric claims of a parsed article."""
    out = []
    for ent in parse.ents:
        if ent.label_ not in _LABELS:
            continue
        words, number = split_qualifier(ent.text)
        before = parse[max(ent.start - 2, 0):ent.start].text.lower()
        if not words:
            words = next((q for q in lexicon().qualifiers if before.endswith(q)), "")
        value = parse_value(number)
        # a small number in words ("two sides") is a description, not a reported figure
        if value is None or not re.search(r"\d", ent.text) and value < 100:
            continue
        noun = _counted(ent)
        if noun is None and ent.label_ == "CARDINAL":
            continue  # a bare number ("in 1967") counts nothing
        pred = _predicate(noun, ent)
        counted = _np_bounds(noun, ent) if noun is not None else (None, None)
        key = "|".join([_unit(ent, noun) if ent.label_ != "CARDINAL" else "count",
                        noun_class(noun), _predicate_class(pred), _place(pred, noun)])
        out.append(Claim(
            start=ent.start_char, end=ent.end_char, value=value, qualifier=_qualifier(words),
            unit=_unit(ent, noun), counted_start=counted[0], counted_end=counted[1],
            quantity=key, date=published,
        ))
    return out


class ClaimStage:
    """Finds numeric claims with value, qualifier, unit and what is counted."""

    name = "claims"
    requires = ("parse",)
    assigns = ("claims",)

    def __init__(self, settings: Settings):
        self.settings = settings
        lexicon()

    def __call__(self, doc: Document) -> Document:
        published = doc.article.published.isoformat() if doc.article.published else ""
        found = [shifted(c, w.start) for w in parse_windows(doc) for c in extract_claims(w.doc, published)]
        return add_layers(doc, self.assigns, claims=tuple(found))
