"""Numeric claims: a figure, what it counts, what happened to it, where, and in which passage.

:class:`ClaimStage` reads each figure of an article ("nearly 1.5 million
Palestinians sheltering in Rafah") as a :class:`~dateline.model.Claim`: its
value as an interval (:mod:`dateline.extract.figures`), the unit, what is
counted (the noun phrase the number quantifies, its head and the modifiers that
narrow it: "confirmed", "a further"), the event it counts (the predicate whose
argument the number or its noun is, as a class from ``data/claims.toml``:
killed, injured, displaced, ...), the place (a place in the noun phrase, under
the predicate, or the one a relative clause modifies: "Rafah, where 1.4
million have taken refuge"), the content words of its sentence and the names
of the article's lead (to tell one story's quantity from another's), and a
small sketch of its passage (copies of one passage are one source).

Not claims: dates and years, ages, clock times, ordinals, phone numbers,
scores, list numbering, figures in URLs and bylines, durations.
:mod:`dateline.corpus.claim_groups` sets claims about one quantity side by
side across articles.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Any

from spacy.tokens import Span

from ..ingest.dedup import shingles
from ..model import Claim, Document, add_layers
from ..resources import load_toml
from ..settings import Settings
from ..termvectors import STOP_WORDS
from .entities import country_code, demonym_country
from .figures import currency, figure_value, split_qualifier, unit_of
from .names import fold
from .spans import ent_of
from .windowed import parse_windows, shifted

log = logging.getLogger(__name__)

_LABELS = frozenset({"CARDINAL", "PERCENT", "MONEY", "QUANTITY"})
_LOCATIVE = frozenset({"in", "at", "inside", "across", "throughout", "near", "into", "to", "from", "on", "off"})
_PLACES = frozenset({"GPE", "LOC", "FAC"})
_PHONE = re.compile(r"^\+?\(?\d{2,4}\)?[\s.-]\d{3,4}[\s.-]?\d{3,4}$|^0\d{3,}")
_SCORE = re.compile(r"^(?P<a>\d{1,3})\s*[-–]\s*(?P<b>\d{1,3})$")
_CLOCK = re.compile(r"\d[:.]\d\d\s*(?:am|pm|a\.m\.|p\.m\.)?$|\d\s*(?:am|pm|a\.m\.|p\.m\.)$", re.I)
_URLISH = re.compile(r"https?:|www\.|\.com\b|\.html?\b|/\s*\d|\d\s*/")
# what happens only to people: a figure with no noun of its own ("injuring 80") counts people
PEOPLE_EVENTS = frozenset({"killed", "injured", "displaced", "detained", "infected", "protested"})
SKETCH = 8  # hashes kept per passage: enough to tell a copied paragraph from a rewritten one
CONTEXT_WORDS = 16
TOPIC_NAMES = 6


@dataclass(frozen=True)
class ClaimLexicon:
    predicates: dict[str, str]  # lemma -> class
    noun_events: dict[str, str]  # counted noun lemma -> the class of what happened to it
    scope: dict[str, str]
    people: frozenset[str]
    not_after: frozenset[str]
    not_before: frozenset[str]
    not_nouns: frozenset[str]
    examples: tuple[dict[str, Any], ...]


@lru_cache(maxsize=1)
def lexicon() -> ClaimLexicon:
    """The claim lexicon of data/claims.toml."""
    data = load_toml("claims.toml")
    predicates = {lemma: cls for cls, lemmas in data["predicates"].items() for lemma in lemmas}
    nots = data["not_claims"]
    return ClaimLexicon(
        predicates=predicates, noun_events=dict(data["noun_events"]), scope=dict(data["scope"]),
        people=frozenset(data["people"]["nouns"]), not_after=frozenset(nots["after"]),
        not_before=frozenset(nots["before"]), not_nouns=frozenset(nots["nouns"]),
        examples=tuple(data.get("examples", [])),
    )


# -- what is not a claim ----------------------------------------------------------------------
# spaCy rebuilds Doc.text from every token on each call: read at a figure's side, that was half of the
# claims stage's cost (about 30 figures an article). These two read only the tokens they need.
def _around(span: Any, chars: int) -> str:
    """``doc.text`` from ``chars`` characters before a span to ``chars`` after it (each token holds a character at
    least, so ``chars`` tokens each side cover the window)."""
    doc = span.doc
    window = doc[max(span.start - chars, 0):min(span.end + chars, len(doc))]
    text = "".join(t.text_with_ws for t in window)
    offset = window.start_char
    return text[max(span.start_char - chars, 0) - offset:span.end_char + chars - offset]


def _after_line_break(span: Any) -> bool:
    """True when only spaces and tabs stand between the last line break before a span and the span."""
    for tok in reversed(span.doc[:span.start]):
        kept = tok.text_with_ws.rstrip(" \t")
        if kept:
            return kept.endswith("\n")
    return False


def not_a_claim(span: Any) -> str:
    """Why a number span is no claim ("year", "score", ...), or "" when it may be one."""
    text = span.text.strip()
    doc, lex = span.doc, lexicon()
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    if _CLOCK.search(text):
        return "clock time"
    if _PHONE.match(text):
        return "phone"
    m = _SCORE.match(text)
    if m and int(m.group("a")) > int(m.group("b")):  # "52-3": a range is written low to high
        return "score"
    if re.fullmatch(r"(1[89]|20)\d\d", text) and not (after and doc[span.end].tag_ in ("NNS", "NNPS")):
        return "year"
    if before in lex.not_before and not text[:1].isalpha() or after in lex.not_after:
        return "label or age"
    if after.startswith("year") or before.startswith("age"):
        return "age"
    if text.lower() in ("one", "1") and after == "of":
        return "one picked out"  # "one of the marchers", "one of three leaks": a member, not a count
    sent = span.sent
    if _URLISH.search(_around(span, 12)) or "http" in sent.text:
        return "address or byline"
    line_start = span.start_char == 0 or _after_line_break(span) or span.start == sent.start
    if line_start and after in (":", ")", ".", "-", "–"):
        return "list numbering"  # "12: Protests begin" in a fact box
    return ""


# -- what is counted ---------------------------------------------------------------------------
def _counted(span: Any) -> Any:
    """The noun a figure counts: "1.5 million Palestinians", "85% of the population", "a population of 120,000";
    else the unit word it measures in ("5,000 barrels")."""
    found = _counted_noun(span)
    if found is not None:
        return found
    units = [t for t in (*span, *(t.head for t in span)) if t.pos_ == "NOUN" and unit_of(t.lemma_) is not None]
    return units[0] if units else None


def _counted_noun(span: Any) -> Any:
    root = span.root
    head = root.head
    for tok in (root, *span):  # the root first; a range's last number ("12,000 and 19,000 barrels") after it
        if tok.dep_ in ("nummod", "quantmod", "amod", "compound", "npadvmod") and tok.head.pos_ in ("NOUN", "PROPN") \
                and not (span.start <= tok.head.i < span.end) and not _is_unit_word(tok.head):
            return tok.head
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs and objs[0].pos_ in ("NOUN", "PROPN"):
                return objs[0]
    if root.pos_ in ("NOUN", "PROPN") and root.lower_ not in figure_words() and not root.like_num \
            and not _is_unit_word(root):
        return root  # "7 AK-47s" parsed as one noun phrase inside the entity
    if root.dep_ == "pobj" and head.lower_ in ("of", "at") and head.head.pos_ == "NOUN":
        return head.head  # "a population of 120,000", "put the toll at 149"
    if root.dep_ in ("attr", "dobj", "pobj") and head.lower_ not in ("of",) and (root.like_num or root.pos_ == "NUM"
                                                                                 or root.lower_ in figure_words()):
        verb = head.head if root.dep_ == "pobj" else head
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "NOUN"]
        obj = [c for c in verb.children if c.dep_ == "dobj" and c.pos_ == "NOUN" and c.i != root.i]
        if obj and root.dep_ == "pobj" and verb.lemma_ in _MOVERS:
            return obj[0]  # "took the total to 28", "puts the deaths at 149"
        if subj and verb.lemma_ in _MOVERS | {"be", "stand", "total", "number"}:
            return subj[0]  # "turnout was 90%", "the toll rose to 10"
    return None


def number_text(span: Any) -> str:
    """The figure's own words: the span up to the first word that is no part of a number ("Seven AK-47s" ->
    "Seven", "1,500 kilometers" -> "1,500 kilometers" stays for its unit to be read)."""
    keep = []
    for tok in span:
        low = tok.lower_
        if tok.like_num or low in figure_words() or low in _NUMBER_GLUE or low in _qualifier_parts() \
                or tok.is_currency or low in ("%", "percent", "per", "cent") or currency(low) or unit_of(low):
            keep.append(tok)
        elif keep:
            break
    return "".join(t.text_with_ws for t in keep).strip() if keep else span.text


# verbs that move or set a count: "rose to 10", "took the total to 28", "put the toll at 149"
_MOVERS = frozenset({"rise", "reach", "climb", "jump", "fall", "increase", "hit", "put", "estimate", "take", "bring",
                     "push", "raise", "lift", "revise", "drop", "grow", "swell"})
_NUMBER_GLUE = frozenset({"to", "and", "-", "–", "between", "of", "a", "an", "or"})


@lru_cache(maxsize=1)
def _qualifier_parts() -> frozenset[str]:
    return frozenset(w for q in _qualifier_words() for w in q.split())


def _is_unit_word(tok: Any) -> bool:
    """"%", "percent", "dollars": words that say the unit of a figure, not what it counts."""
    return tok.text in ("%", "$", "£", "€") or tok.lower_ in ("percent", "cent", "pc") or bool(currency(tok.lower_)) \
        or unit_of(tok.lemma_) is not None


@lru_cache(maxsize=1)
def figure_words() -> frozenset[str]:
    from .figures import figure_lexicon

    lex = figure_lexicon()
    return frozenset([*lex.scales, *lex.words, *(w for v in lex.vague for w in v.split()), "thousands", "millions",
                      "hundreds", "dozens", "tens", "scores"])


def _np_bounds(noun: Any, span: Any) -> tuple[int, int]:
    toks = [t for t in noun.subtree if t.i <= noun.i and not (span.start <= t.i < span.end)]
    toks = [t for t in toks if t.i >= (span.end if noun.i > span.start else toks[0].i)]
    first = toks[0] if toks else noun
    if first.lower_ in ("the", "a", "an", "of") and len(toks) > 1 and first.i < noun.i:
        first = noun.doc[first.i + 1] if first.lower_ == "of" else first
    return first.idx, noun.idx + len(noun.text)


def _predicate(noun: Any, span: Any) -> Any:
    """The word saying what happens to the counted thing (or to the figure itself)."""
    preds = lexicon().predicates
    anchor = noun if noun is not None else span.root
    for child in anchor.children:
        if child.dep_ in ("acl", "relcl", "amod") and child.lemma_.lower() in preds:
            return child
    for child in anchor.children:
        if child.dep_ in ("acl", "relcl") and child.pos_ in ("VERB", "AUX", "ADJ"):
            return child
    node = anchor
    for _ in range(4):
        if node.head.i == node.i:
            break
        node = node.head
        if node.pos_ in ("VERB", "AUX", "ADJ") or node.lemma_.lower() in preds:
            return node
    return None


def _event_class(pred: Any, noun: Any) -> str:
    """The class of what happens to the counted thing: from the counted noun ("deaths"), else the predicate."""
    lex = lexicon()
    if noun is not None and noun.lemma_.lower() in lex.noun_events:
        return lex.noun_events[noun.lemma_.lower()]
    if pred is None:
        return ""
    near = [pred, *[c for c in pred.children if c.dep_ in ("xcomp", "acomp", "dobj", "attr", "prt", "conj")]]
    for tok in near:
        cls = lex.predicates.get(tok.lemma_.lower())
        if cls:
            return cls
    return ""


def _scope(noun: Any, pred: Any, span: Any) -> str:
    """What narrows the counted set ("confirmed", "suspected", "increment" for "a further 48", "other", "part"
    for "30 of the 80")."""
    lex = lexicon()
    # "more than" qualifies the value, "two more victims" the set: "more" counts only after the number
    words = [t.lower_ for t in span.doc[max(span.start - 2, 0):span.end] if t.lower_ != "more"]
    words += [t.lower_ for t in span.doc[span.end:span.end + 1]]
    part = span.end + 1 < len(span.doc) and span.doc[span.end].lower_ == "of" \
        and span.doc[span.end + 1].tag_ in ("DT", "PRP$", "CD")  # "30 of the 80 wounded": a part of a set
    if noun is not None:
        words += [c.lower_ for c in noun.children if c.dep_ in ("amod", "compound", "det", "advmod")]
    if pred is not None:
        words += [pred.lower_, *[c.lower_ for c in pred.children if c.dep_ in ("advmod", "acomp", "amod")]]
    return "+".join(sorted({lex.scope[w] for w in words if lex.scope.get(w)} | ({"part"} if part else set())))


def _place(pred: Any, noun: Any, span: Any) -> str:
    """The place the claim is about: in the counted phrase, under the predicate or the verb governing the
    counted phrase, or the place a relative clause modifies ("Rafah, where 1.4 million have taken refuge")."""
    candidates: list[Any] = []
    if noun is not None:
        candidates += [t for t in noun.subtree if t.ent_type_ in _PLACES and t.i > noun.i]
    governing = noun.head if noun is not None and noun.head.pos_ in ("VERB", "AUX") else None
    for tok in (span.root, pred, governing):
        if tok is None:
            continue
        if tok.dep_ == "relcl":
            near = [t for t in tok.head.subtree if t.ent_type_ in _PLACES and t.i < tok.i]
            candidates += sorted(near, key=lambda t: tok.i - t.i)
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ in _LOCATIVE:
                candidates += [t for t in prep.subtree if t.ent_type_ in _PLACES]
    if not candidates and noun is not None:
        candidates = [t for t in noun.subtree if t.ent_type_ in _PLACES]
    if not candidates:
        return ""
    ent = ent_of(candidates[0])
    return place_key(ent.text)


def place_key(text: str) -> str:
    """A place's key: the country code for a country ("the U.S." -> "US"), else its folded name."""
    code = country_code(text)
    return code or fold(text).removeprefix("the ").removesuffix(" city").strip()


def noun_class(noun: Any) -> str:
    """"people" for people in general (and counted events of people: deaths), a country code for a national
    group ("people:PS"), else the noun's lemma."""
    if noun is None:
        return ""
    lemma = noun.lemma_.lower()
    if lemma in ("case", "infection"):
        return "case"  # an infection is a case
    if lemma in lexicon().people or lemma in lexicon().noun_events and lemma != "arrest":
        return "people"
    code = demonym_country(noun.text)
    return f"people:{code}" if code else lemma


def _unit(span: Any, noun: Any, event: str = "") -> tuple[str, float]:
    """(unit, factor to it): percent, a currency code, a length or volume unit, or what is counted."""
    text = span.text
    if "%" in text or re.search(r"\bper ?cent\b", text.lower()):
        return "percent", 1.0  # the tagger's PERCENT alone is not enough: "Seven AK-47s" is tagged so
    after = span.doc[span.end].lower_ if span.end < len(span.doc) else ""
    # the tagger's MONEY alone is not enough either: "92 million gallons" may be tagged so
    tagged_money = span.label_ == "MONEY" and not any(unit_of(t.lower_) for t in span)
    if tagged_money or re.search(r"[$£€¥]", text) or (noun is None and currency(after)):
        # "12 million euros" read as a cardinal: the currency word after it is its unit
        return currency(text + " " + (noun.text if noun is not None else after)) or "money", 1.0
    for tok in [*reversed(list(span)), *( [noun] if noun is not None else [])]:
        found = unit_of(tok.lemma_) or unit_of(tok.lower_)
        if found:
            unit, factor = found
            rest = span.doc[tok.i + 1:tok.i + 6].text.lower()
            if re.match(r"(?:of \w+ )?(?:a|per|each) day|(?:of \w+ )?daily", rest):
                unit += "/day"  # a flow: barrels a day
            return unit, factor
    if noun is None:  # "injuring 80": what happens says whom it counts
        return ("people" if event in PEOPLE_EVENTS else "count"), 1.0
    counted = noun_class(noun)  # its aliases too: "infections" are counted as cases
    return ("people" if counted.startswith("people") else counted), 1.0


def _content(tok: Any) -> bool:
    """A word that tells what a sentence is about: no stop word, date word, web address or markup."""
    low = tok.lower_
    return tok.is_alpha and len(low) > 2 and low not in STOP_WORDS and low not in _NOT_CONTENT \
        and fold(tok.lemma_) not in _NOT_CONTENT


def _sentence_words(sent: Any, skip: set[int]) -> tuple[str, ...]:
    """Content lemmas of a sentence (names first), at most CONTEXT_WORDS."""
    names = [fold(t.lemma_) for t in sent if t.pos_ == "PROPN" and t.i not in skip and _content(t)]
    nouns = [fold(t.lemma_) for t in sent if t.pos_ in ("NOUN", "VERB") and t.i not in skip and _content(t)
             and t.lemma_.lower() not in ("say", "tell", "report", "people")]
    return tuple(dict.fromkeys(names + nouns))[:CONTEXT_WORDS]


# months, weekdays, time zones, web addresses and bracket tokens: words every article of a period shares
_NOT_CONTENT = frozenset(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july august september "
    "october november december mon tue wed thu fri sat sun monday tuesday wednesday thursday friday saturday sunday "
    "edt est bst gmt utc pdt cet http https www html htm com org net co news lrb rrb lsb rsb today yesterday "
    "week year month day time".split())


def sketch(text: str) -> tuple[int, ...]:
    """Bottom-k hashes of a passage's word 5-gram shingles (the near-duplicate detector's): two passages
    share most of them exactly when one copies the other."""
    hashes = sorted(int.from_bytes(hashlib.blake2b(s, digest_size=4).digest(), "little") for s in shingles(text))
    return tuple(hashes[:SKETCH])


def lead_names(sentences: Iterable[Any]) -> tuple[str, ...]:
    """The names an article's lead is about: the most named proper nouns of its first (parsed) sentences."""
    sents = [s for s in islice(sentences, 6) if not _URLISH.search(s.text)][:4]
    counts = Counter(fold(t.lemma_) for s in sents for t in s if t.pos_ == "PROPN" and _content(t))
    return tuple(n for n, _ in counts.most_common(TOPIC_NAMES))


def figure_spans(parse: Any) -> list[Any]:
    """Number spans that may be figures: the entities of a number kind, and numbers no entity took."""
    out = [e for e in parse.ents if e.label_ in _LABELS]
    # the small model reads some bare numbers as dates ("injuring 80"): a DATE of digits only that is no year
    out += [e for e in parse.ents if e.label_ == "DATE" and re.fullmatch(r"\d[\d,]*", e.text)
            and not re.fullmatch(r"(1[89]|20)\d\d", e.text)]
    # the small model tags some ranges of counts as dates ("between 20 and 30 people"); two years are a date span
    out += [Span(parse, e.start, e.end, label="CARDINAL") for e in parse.ents if e.label_ == "DATE"
            and (m := _DATE_RANGE.fullmatch(e.text)) and not all(_YEAR.fullmatch(x) for x in m.group("a", "b"))]
    taken = {i for e in parse.ents for i in range(e.start, e.end)}
    for tok in parse:
        if tok.i not in taken and tok.like_num and tok.pos_ == "NUM" and any(c.isdigit() for c in tok.text):
            out.append(parse[tok.i:tok.i + 1])
    return join_ranges(sorted(out, key=lambda s: s.start))


_DATE_RANGE = re.compile(r"(?:between\s+)?(?P<a>\d[\d,.]*)\s*(?:and|to|-|–)\s*(?P<b>\d[\d,.]*)", re.I)
_YEAR = re.compile(r"(1[89]|20)\d\d")
_RANGE_JOINS = ("to", "and", "-", "–")


def join_ranges(spans: list[Any]) -> list[Any]:
    """The spans with each written range made one: "between 92 million and 182 million gallons" may come cut after
    "and", "from 200 to 300 people" as two numbers; a range is one figure, both its ends one interval."""
    out: list[Any] = []
    for span in spans:
        if out and out[-1].end > span.start:
            continue  # the other end of a range just joined
        out.append(_range_of(span, spans) or span)
    return out


def _range_of(span: Any, spans: list[Any]) -> Any:
    """The span widened over the range it opens ("25" in "25 to 30 people" -> "25 to 30"), or None."""
    doc = span.doc
    first = next((t for t in span if t.like_num or t.is_currency), None)
    if first is None:
        return None
    sep = span[-1] if span[-1].lower_ in _RANGE_JOINS and span[-1].i > first.i else \
        (doc[span.end] if span.end < len(doc) and doc[span.end].lower_ in _RANGE_JOINS else None)
    if sep is None or not _range_sep(sep, first):
        return None
    nxt = sep.i + 1 + (sep.i + 1 < len(doc) and doc[sep.i + 1].is_currency)
    if nxt >= len(doc) or not (doc[nxt].like_num and any(c.isdigit() for c in doc[nxt].text)):
        return None
    other = next((s for s in spans if s.start <= nxt < s.end), None)
    # the other end's own span, or the number with its scale words ("182" may stand alone, "million" after it)
    end = max(other.end if other is not None else 0, _number_end(doc, nxt))
    joined = Span(doc, span.start, end, label=span.label_ if span.label_ != "DATE" else "CARDINAL")
    return joined if _ends_agree(doc[span.start:sep.i].text, doc[sep.i + 1:end].text) else None


def _range_sep(sep: Any, first: Any) -> bool:
    """Whether "to"/"and"/"-" joins two ends of a range: "and" only after "between"; never the "to" or "from" of a
    change ("rose from 12 to 31", "fell 31 percent to 40": an update, not a range)."""
    lead = first.doc[first.i - 1].lower_ if first.i > 0 else ""
    lead = first.doc[first.i - 2].lower_ if lead in ("$", "£", "€") and first.i > 1 else lead
    if sep.lower_ == "and":
        return lead == "between"
    heads = [sep.head] + ([first.doc[first.i - 1].head] if lead == "from" else [])
    return not any(h.lemma_.lower() in _MOVERS for h in heads)


def _number_end(doc: Any, i: int) -> int:
    """The end of the number starting at token ``i``: its scale and percent words ("182 million", "30 percent")."""
    end = i + 1
    while end < len(doc) and (doc[end].lower_ in figure_words() or doc[end].lower_ in ("%", "percent")):
        end += 1
    return end


def _ends_agree(a: str, b: str) -> bool:
    """Both ends of a range in one kind (no "%" against "$") and written low to high ("30 to 1" is a ratio)."""
    marks = [{m for m in ("%", "percent", "$", "£", "€") if m in x.lower()} for x in (a, b)]
    if marks[0] and marks[1] and marks[0] != marks[1]:
        return False
    lo, hi = figure_value(a), figure_value(b)
    return lo is not None and hi is not None and lo.value < hi.value


def extract_claims(parse: Any, topic: tuple[str, ...] | None = None) -> list[Claim]:
    """Numeric claims of a parsed article (or window: ``topic`` is then the names of the article's lead)."""
    out = []
    topic = lead_names(parse.sents) if topic is None else topic
    for span in figure_spans(parse):
        claim = read_claim(span, topic)
        if claim is not None:
            out.append(claim)
    return out


def read_claim(span: Any, topic: tuple[str, ...] = ()) -> Claim | None:
    """The claim a number span makes, or None when it is no claim."""
    why = not_a_claim(span)
    if why:
        log.debug("%r is no claim: %s", span.text, why)
        return None
    before = span.doc[max(span.start - 2, 0):span.start].text.lower()
    words = next((q for q in sorted(_qualifier_words(), key=len, reverse=True) if before.endswith(q)), "")
    value = figure_value(number_text(span), words)
    if value is None:
        return None
    noun = _counted(span)
    pred = _predicate(noun, span)
    event = _event_class(pred, noun)
    if noun is not None and noun.lemma_.lower() in lexicon().not_nouns:
        return None  # a duration, a score or a measure of time
    unit, factor = _unit(span, noun, event)
    if noun is None and not event and unit == "count" and span.label_ not in ("MONEY", "PERCENT", "QUANTITY"):
        return None  # a bare number ("in 1967", "a 5-4 vote") counts nothing we can name
    if noun is None and value.value < 2 and span.label_ == "CARDINAL":
        return None
    counted = _np_bounds(noun, span) if noun is not None else (None, None)
    place = _place(pred, noun, span)
    sent = span.sent
    skip = set(range(span.start, span.end))
    key = "|".join([unit, noun_class(noun) if noun is not None else ("people" if unit == "people" else ""), event,
                    place])
    passage = sent.text
    return Claim(
        start=span.start_char, end=span.end_char, value=value.value * factor, qualifier=value.qualifier,
        unit=unit, counted_start=counted[0], counted_end=counted[1], quantity=key,
        low=value.low * factor, high=None if value.high == float("inf") else value.high * factor,
        scope=_scope(noun, pred, span), context=_sentence_words(sent, skip), topic=topic, sketch=sketch(passage),
    )


@lru_cache(maxsize=1)
def _qualifier_words() -> tuple[str, ...]:
    from .figures import figure_lexicon

    return tuple(figure_lexicon().qualifiers)


def qualifier_words(text: str) -> str:
    """The qualifier a figure's text opens with ("more than"), "" when none."""
    return split_qualifier(text)[0]


class ClaimStage:
    """Finds numeric claims with value interval, unit, what is counted, event, place, day and passage."""

    name = "claims"
    requires = ("parse",)
    assigns = ("claims",)

    def __init__(self, settings: Settings):
        self.settings = settings
        lexicon()

    def __call__(self, doc: Document) -> Document:
        # the article's lead (its first sentences, over as many windows as they take), whichever window a figure
        # is in; windows are read one at a time (a long article's are never all held at once)
        topic = lead_names(s for w in parse_windows(doc) for s in w.doc.sents)
        found = [shifted(c, w.start) for w in parse_windows(doc) for c in extract_claims(w.doc, topic)]
        return add_layers(doc, self.assigns, claims=tuple(found))
