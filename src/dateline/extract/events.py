"""Event mentions from the dependency parse: trigger, type, participants, time, modality.

Triggers are verbs and event nominals whose lemma is listed for a type of the
ontology in ``data/event_types.toml`` (modeled on PLOVER). Arguments come from
dependency relations (subject = agent, object = patient, "with"/dative =
recipient, a place mention under a locative preposition = place), as in
textacy's subject-verb-object triples. Modality follows the clause: negation,
modal and future auxiliaries, conditional clauses, planning verbs ("is scheduled
to visit") and, for nominals, irrealis contexts ("a ground operation would be a
mistake", "does not support an operation"), after the FactBank distinctions of
Saurí & Pustejovsky (2009). An event inside a quote keeps the quote as its
reporting level (``Event.reported_by``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from ..model import (
    Document,
    EntityKind,
    Event,
    Mention,
    Modality,
    Participant,
    Precision,
    TimeExpression,
    TimeRole,
    TimexType,
    add_layers,
    sentence_at,
)
from ..resources import load_toml
from ..settings import Settings
from .nominals import NOMINAL
from .spans import SpanIndex
from .windowed import is_whole, local_document, parse_windows, shifted

log = logging.getLogger(__name__)

_HYPOTHETICAL_AUX = frozenset({"would", "could", "might", "may", "should", "must", "can"})
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
_CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})
# verbs whose complement is a plan or an expectation, not a fact
_PLANNING = {"plan": Modality.PLANNED, "schedule": Modality.PLANNED, "intend": Modality.PLANNED,
             "prepare": Modality.PLANNED, "set": Modality.PLANNED, "agree": Modality.PLANNED,
             "decide": Modality.PLANNED, "aim": Modality.PLANNED, "propose": Modality.PLANNED,
             "expect": Modality.EXPECTED, "likely": Modality.EXPECTED, "hope": Modality.EXPECTED,
             "want": Modality.HYPOTHETICAL, "seek": Modality.HYPOTHETICAL, "try": Modality.HYPOTHETICAL,
             "threaten": Modality.HYPOTHETICAL, "refuse": Modality.NEGATED, "fail": Modality.NEGATED}
# governors of a nominal event that make it something wanted, feared or opposed
_IRREALIS_GOVERNORS = frozenset({
    "call", "push", "urge", "demand", "seek", "need", "want", "hope", "support", "oppose", "prevent",
    "avert", "avoid", "reject", "warn", "discuss", "negotiate", "reach", "secure", "facilitate",
    "plan", "propose", "consider", "threaten", "stop", "halt", "block", "press", "ensure",
})
_IRREALIS_MODIFIERS = frozenset({"potential", "possible", "future", "planned", "proposed", "any", "prospective",
                                 "imminent", "upcoming", "would-be", "new"})
_ADJUNCT_PREPS = frozenset({"during", "after", "before", "since", "amid", "following", "at", "in", "by", "with"})
_PLACE_PREPS = frozenset({"in", "at", "to", "into", "from", "near", "outside", "inside", "across", "on"})
_NOMINAL_SUFFIX = re.compile(r"(tion|sion|ment|ance|ence|ure|ing|al|ism)$")


@dataclass(frozen=True)
class EventType:
    code: str
    label: str
    verbs: frozenset[str]
    phrasal: frozenset[tuple[str, str]]
    nouns: frozenset[str]
    noun_needs: dict[str, frozenset[str]]
    examples: tuple[dict[str, str], ...]


@lru_cache(maxsize=1)
def event_types() -> tuple[EventType, ...]:
    """The ontology, in the order types are tried."""
    data = load_toml("event_types.toml")
    out = []
    for t in data["types"]:
        verbs = [v for v in t.get("verbs", []) if " " not in v]
        phrasal = [tuple(v.split(" ", 1)) for v in t.get("verbs", []) if " " in v]
        out.append(EventType(
            code=t["code"], label=t["label"], verbs=frozenset(verbs), phrasal=frozenset(phrasal),
            nouns=frozenset(t.get("nouns", [])),
            noun_needs={k: frozenset(v) for k, v in t.get("noun_needs", {}).items()},
            examples=tuple(t.get("examples", [])),
        ))
    return tuple(out)


def negative_examples() -> list[str]:
    """Texts of the ontology file that must yield no typed event."""
    return list(load_toml("event_types.toml").get("negatives", []))


def _particles(tok: Any) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ in ("prt", "prep", "acomp", "advmod")}


def trigger_type(tok: Any) -> str | None:
    """The ontology code of a trigger token, or None."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB":
        parts = _particles(tok)
        for t in event_types():
            if any(v == lemma and p in parts for v, p in t.phrasal):
                return t.code
        for t in event_types():
            if lemma in t.verbs:
                return t.code
    elif tok.pos_ == "NOUN":
        words = {c.lower_ for c in tok.children} | {c.lemma_.lower() for c in tok.children}
        for t in event_types():
            if lemma in t.nouns or tok.lower_ in t.nouns:
                need = t.noun_needs.get(lemma) or t.noun_needs.get(tok.lower_)
                if need is None or words & need:
                    return t.code
    return None


def _is_untyped_trigger(tok: Any) -> bool:
    """Any other predicate an event annotation would mark (used for ECB+ mention detection)."""
    if tok.pos_ == "VERB" and tok.dep_ not in ("aux", "auxpass", "amod"):
        return True
    return tok.pos_ == "NOUN" and bool(_NOMINAL_SUFFIX.search(tok.lower_)) and tok.ent_type_ == ""


def detect_triggers(parse: Any, *, typed_only: bool = True) -> list[tuple[Any, str | None]]:
    """(token, type code) of the event triggers of a parse; untyped ones too unless ``typed_only``."""
    out = []
    for tok in parse:
        code = trigger_type(tok)
        if code is None and tok.lemma_.lower() == "expect" and _expected_at(tok) is not None:
            code = "TRAVEL"  # "X is expected in Y": an arrival, planned
        if code is not None or (not typed_only and _is_untyped_trigger(tok)):
            out.append((tok, code))
    return out


def _expected_at(tok: Any) -> Any:
    """The place of "is expected in/at PLACE" (an announced arrival), or None."""
    if not any(c.dep_ == "auxpass" for c in tok.children):
        return None
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "at"):
            objs = [c for c in prep.children if c.dep_ == "pobj" and c.ent_type_ in ("GPE", "LOC", "FAC")]
            if objs:
                return objs[0]
    return None


# -- participants ----------------------------------------------------------------------------
def _span_of(tok: Any, mentions: SpanIndex[Mention]) -> tuple[int, int]:
    # a nominal mention is its head noun alone; the participant keeps its modifiers
    m = mentions.first(tok.idx, lambda m: m.label != NOMINAL)
    if m is not None:
        return m.start, m.end
    left = min([tok.i, *[c.left_edge.i for c in tok.lefts if c.dep_ in ("compound", "amod", "poss", "nmod")]])
    return tok.doc[left].idx, tok.idx + len(tok.text)


def _with_conjuncts(tok: Any) -> list[Any]:
    return [tok, *[c for c in tok.conjuncts if c.i > tok.i]]


def _is_place(tok: Any, mentions: SpanIndex[Mention]) -> bool:
    if tok.ent_type_ in ("GPE", "LOC", "FAC"):
        return True
    return mentions.first(tok.idx, lambda m: m.kind is EntityKind.PLACE) is not None


def _verb_args(tok: Any, code: str | None) -> list[tuple[str, Any]]:
    args: list[tuple[str, Any]] = []
    subject = None
    for c in tok.children:
        if c.dep_ == "nsubj":
            subject = c
        elif c.dep_ in ("dobj", "nsubjpass"):
            args.append(("patient", c))
        elif c.dep_ == "dative":
            args.append(("recipient", c))
        elif c.dep_ == "agent":
            args += [("agent", o) for o in c.children if o.dep_ == "pobj"]
        elif c.dep_ == "prep" and c.lower_ == "with":
            args += [("recipient", o) for o in c.children if o.dep_ == "pobj"]
        elif c.dep_ == "prep" and c.lower_ in _PLACE_PREPS:
            args += [("place", o) for o in c.children if o.dep_ == "pobj"]
    if subject is None and tok.dep_ in ("xcomp", "conj", "advcl") and tok.head.i != tok.i:
        # "Blinken arrived ... and met X": a conjoined verb shares its head's subject
        subject = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
    if subject is not None:
        args.insert(0, ("agent", subject))
    return args


def _noun_args(tok: Any) -> list[tuple[str, Any]]:
    args: list[tuple[str, Any]] = []
    for c in tok.children:
        if c.dep_ == "poss" or (c.dep_ in ("compound", "amod") and c.ent_type_ in ("PERSON", "ORG", "NORP")):
            args.append(("agent", c))
        elif c.dep_ == "compound" and c.ent_type_ in ("GPE", "LOC", "FAC"):
            args.append(("place", c))
        elif c.dep_ == "prep" and c.lower_ == "by":
            args += [("agent", o) for o in c.children if o.dep_ == "pobj"]
        elif c.dep_ == "prep" and c.lower_ in ("on", "of", "against"):
            args += [("patient", o) for o in c.children if o.dep_ == "pobj"]
        elif c.dep_ == "prep" and c.lower_ == "with":
            args += [("recipient", o) for o in c.children if o.dep_ == "pobj"]
        elif c.dep_ == "prep" and c.lower_ in _PLACE_PREPS:
            args += [("place", o) for o in c.children if o.dep_ == "pobj"]
    return args


def participants(tok: Any, code: str | None, mentions: Sequence[Mention] | SpanIndex[Mention]) \
        -> tuple[Participant, ...]:
    """The agent, patient, recipient and place of a trigger, as spans of the text."""
    if not isinstance(mentions, SpanIndex):
        mentions = SpanIndex(mentions)
    raw = _verb_args(tok, code) if tok.pos_ in ("VERB", "AUX") else _noun_args(tok)
    if code == "TRAVEL" and tok.lemma_.lower() == "expect":
        raw = [(r, a) for r, a in raw if r != "patient"]
        place = _expected_at(tok)
        raw.append(("place", place))
    out = []
    seen = set()
    for role, arg in raw:
        if arg is None or arg.pos_ in ("PRON",) and arg.lower_ in ("that", "which", "who"):
            continue
        for a in _with_conjuncts(arg):
            if role == "place" and not _is_place(a, mentions):
                continue  # "in Cairo" is a place; "in the coming days" is not
            start, end = _span_of(a, mentions)
            if (role, start) not in seen:
                seen.add((role, start))
                out.append(Participant(role=role, start=start, end=end))
    return tuple(out)


# -- modality -----------------------------------------------------------------------------------
def _clause_modality(verb: Any) -> Modality | None:
    """Modality marked on a verb by its own auxiliaries, negation and subordinators."""
    for c in verb.children:
        if c.dep_ == "neg":
            return Modality.NEGATED
    for c in verb.children:
        low = c.lower_
        if c.dep_ in ("aux", "auxpass") and low in _HYPOTHETICAL_AUX:
            return Modality.HYPOTHETICAL
        if c.dep_ == "aux" and low in _FUTURE_AUX:
            return Modality.PLANNED
        if c.dep_ == "mark" and low in _CONDITIONAL_MARKS:
            return Modality.HYPOTHETICAL
    if verb.lemma_.lower() == "go" and any(c.dep_ == "xcomp" for c in verb.children) and verb.tag_ == "VBG":
        return Modality.PLANNED  # "is going to visit"
    return None


def _governor_modality(tok: Any) -> Modality | None:
    """Modality from the verb a clause is the complement of ("is scheduled to visit")."""
    node = tok
    for _ in range(3):
        if node.dep_ not in ("xcomp", "ccomp", "acomp", "advcl") or node.head.i == node.i:
            return None
        head = node.head
        mod = _PLANNING.get(head.lemma_.lower())
        if mod is not None:
            return mod
        if node.dep_ == "xcomp" and (m := _clause_modality(head)) is not None:
            return m
        node = head
    return None


def _nominal_modality(tok: Any) -> Modality | None:
    """Whether an event nominal is wanted, feared or opposed rather than reported as real."""
    mods = {c.lower_ for c in tok.children if c.dep_ in ("det", "amod", "advmod")}
    if "no" in mods:
        return Modality.NEGATED
    if mods & _IRREALIS_MODIFIERS - {"new"}:
        return Modality.HYPOTHETICAL
    # climb to the verb that governs the noun (through prepositions and objects);
    # an adjunct of time or circumstance ("during a meeting") is not what the verb wants
    node = tok
    adjunct = False
    while node.dep_ in ("pobj", "dobj", "prep", "nsubj", "nsubjpass", "attr", "conj", "compound") and node.head.i != node.i:
        node = node.head
        if node.dep_ == "prep" and node.lower_ in _ADJUNCT_PREPS:
            adjunct = True
        if node.pos_ in ("VERB", "AUX"):
            break
    if node.pos_ not in ("VERB", "AUX"):
        return None
    mod = _clause_modality(node)
    if mod is Modality.NEGATED and tok.dep_ in ("dobj", "pobj"):
        return Modality.HYPOTHETICAL  # "does not support an operation": the operation is only possible
    if mod is not None:
        return mod
    if node.lemma_.lower() in _IRREALIS_GOVERNORS and not adjunct:
        return Modality.HYPOTHETICAL
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children):
        return Modality.HYPOTHETICAL  # "efforts to reach a ceasefire"
    return _governor_modality(node)


def modality(tok: Any) -> Modality:
    """Happened, planned, expected, hypothetical or negated, from the trigger's context."""
    if tok.lemma_.lower() == "expect" and _expected_at(tok) is not None:
        return Modality.EXPECTED
    if tok.pos_ == "NOUN":
        return _nominal_modality(tok) or Modality.HAPPENED
    return _clause_modality(tok) or _governor_modality(tok) or Modality.HAPPENED


# -- time ---------------------------------------------------------------------------------------
# A timex dates an event when it hangs from the trigger (or from the clause verb a
# nominal trigger is an argument of) without crossing into another clause, as in
# the TimeBank TLINKs between an event and a timex of its own clause (Pustejovsky
# et al. 2003). Under these prepositions a timex bounds the event instead of dating
# it: "since the seventh of October", "by Monday morning", "after two days".
_BOUND_PREPS = frozenset({"since", "until", "till", "by", "before", "after", "from", "through", "prior", "within"})
_DATE_VALUE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?")
_DATE_LIKE = re.compile(r"^(\d{4}|XXXX)(-|$)")  # resolved, or waiting for a publication date
_ARGUMENT_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "pobj", "prep", "conj", "appos", "compound"})
_INHERIT_DEPS = frozenset({"xcomp", "conj"})  # "is scheduled to visit", "arrived ... and met"


def _precision_of(value: str) -> Precision | None:
    m = _DATE_VALUE.match(value)
    if not m:
        return None
    return {4: Precision.YEAR, 7: Precision.MONTH, 10: Precision.DAY}.get(len(m.group(0)))


def _is_clause_head(tok: Any) -> bool:
    return tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("aux", "auxpass")


def _dated_tokens(parse: Any, tx: TimeExpression) -> list[int]:
    """Tokens a timex dates: the nouns it modifies ("the Oct. 7 attack"), else its clause's verb.

    A timex inside a noun phrase dates that noun, not the verb the phrase is an
    argument of: "the 1967 borders were discussed" dates no discussion.
    """
    span = parse.char_span(tx.start, tx.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return []
    out: list[int] = []
    node = span.root
    while node.head.i != node.i:
        node = node.head
        if span.start <= node.i < span.end:
            continue
        if node.lower_ in _BOUND_PREPS and node.pos_ in ("ADP", "SCONJ"):
            break  # "since X": what lies above is bounded, not dated
        if _is_clause_head(node):
            if not out:
                out.append(node.i)
            break
        if node.pos_ in ("NOUN", "PROPN"):
            out.append(node.i)
        elif node.pos_ not in ("ADP", "ADJ", "DET", "NUM", "PART"):
            break
    return out


def time_attachments(parse: Any, timexes: Sequence[TimeExpression]) -> dict[int, list[int]]:
    """Token index -> indices of the date timexes that date it (see :func:`_dated_tokens`)."""
    out: dict[int, list[int]] = {}
    for i, tx in enumerate(timexes):
        if tx.type not in (TimexType.DATE, TimexType.TIME) or not _DATE_LIKE.match(tx.value or ""):
            continue
        for t in _dated_tokens(parse, tx):
            out.setdefault(t, []).append(i)
    return out


# Attachments that date the word they hang from (the others bound a span or frame the sentence)
_DATING_ROLES = frozenset({TimeRole.MAIN, TimeRole.SAYING, TimeRole.REPORTED, TimeRole.SUBORDINATE, TimeRole.NOUN})


def layer_attachments(parse: Any, doc: Document) -> dict[int, list[int]]:
    """Token index -> indices of the date timexes dating it, read from the attachment layer.

    The layer ties each time to the predicate or noun it modifies, as
    :func:`time_attachments` does, so events, the timeline and the desk read
    one answer; a time that bounds a span ("since Monday") or sits in a
    headline or timestamp dates no event.
    """
    out: dict[int, list[int]] = {}
    for a in doc.attachments.times if doc.attachments is not None else ():
        tx = doc.timexes[a.timex] if a.timex < len(doc.timexes) else None
        if tx is None or a.role not in _DATING_ROLES or a.head_start is None or not _DATE_LIKE.match(tx.value or ""):
            continue
        head = parse.char_span(a.head_start, a.head_end, alignment_mode="expand")
        if head is not None and len(head):
            out.setdefault(head.root.i, []).append(a.timex)
    return out


def _argument_clause(tok: Any) -> Any:
    """The verb a nominal trigger is an argument of, or None when it is an adjunct bound by "since"/"after"."""
    node = tok
    while node.dep_ in _ARGUMENT_DEPS and node.head.i != node.i:
        node = node.head
        if node.lower_ in _BOUND_PREPS:
            return None
        if _is_clause_head(node):
            return node
    return None


def link_time(tok: Any, attached: dict[int, list[int]], timexes: Sequence[TimeExpression],
              *, inherit: bool = True) -> int | None:
    """Index of the timex dating a trigger: its own, else (``inherit``) its clause's or governor's."""
    candidates = list(attached.get(tok.i, ()))
    if not candidates and inherit:
        if tok.pos_ in ("NOUN", "PROPN"):
            verb = _argument_clause(tok)
            candidates = list(attached.get(verb.i, ())) if verb is not None else []
        elif tok.dep_ in _INHERIT_DEPS and _is_clause_head(tok.head):
            candidates = list(attached.get(tok.head.i, ()))
        elif tok.dep_ in ("relcl", "acl") and tok.head.pos_ == "NOUN":
            candidates = list(attached.get(tok.head.i, ()))  # "an attack ... in which 1,200 were killed"
    if not candidates:
        return None
    return min(candidates, key=lambda i: abs(timexes[i].start - tok.idx))


def event_time(doc: Document, time: int | None) -> tuple[str, Precision | None]:
    """(date, precision) of an event linked to timex ``time``; unlinked: the publication month."""
    if time is not None and time < len(doc.timexes):
        tx = doc.timexes[time]
        m = _DATE_VALUE.match(tx.value or "")
        # a timex still waiting for its anchor ("Thursday" in an undated article) dates nothing yet
        return (m.group(0), tx.precision or _precision_of(tx.value)) if m else ("", None)
    if doc.article.published:
        # undated in the text: the publication month, at lower precision than a day
        return doc.article.published.isoformat()[:7], Precision.MONTH
    return "", None


# -- the stage ----------------------------------------------------------------------------------
def _sentence_index(doc: Document, start: int, fallback: int) -> int:
    i = sentence_at(doc.sentences, start)
    return doc.sentences[i].index if i is not None else fallback


def extract_events(doc: Document, *, typed_only: bool = True) -> list[Event]:
    """Event mentions of a parsed document."""
    parse = doc.parse
    sent_index = {s.start: i for i, s in enumerate(parse.sents)}
    events = []
    if "timexes" not in doc.layers:
        attached = {}
    elif "attachments" in doc.layers and doc.attachments is not None \
            and len(doc.attachments.times) == len(doc.timexes):
        attached = layer_attachments(parse, doc)
    else:  # the attachment layer did not run: the same attachment, computed here
        attached = time_attachments(parse, doc.timexes)
    mentions, quotes = SpanIndex(doc.mentions), SpanIndex(doc.quotes)
    for tok, code in detect_triggers(parse, typed_only=typed_only):
        mod = modality(tok)
        # a wanted or feared nominal ("called Thursday for a ceasefire") is not dated by its governor
        inherit = tok.pos_ not in ("NOUN", "PROPN") or mod is Modality.HAPPENED
        time = link_time(tok, attached, doc.timexes, inherit=inherit)
        day, precision = event_time(doc, time)
        events.append(Event(
            start=tok.idx, end=tok.idx + len(tok.text), type=code or "OTHER",
            sentence=_sentence_index(doc, tok.idx, sent_index.get(tok.sent.start, 0)),
            participants=participants(tok, code, mentions),
            time=time, date=day, precision=precision, modality=mod,
            reported_by=quotes.position(tok.idx), lemma=tok.lemma_.lower(),
        ))
    return events


def token_lemma(doc: Document, start: int) -> str:
    """The lemma (lower-cased) of the parsed token at char offset ``start``; "" when none starts there."""
    for w in parse_windows(doc):
        if w.start <= start < w.end:
            for tok in w.doc:
                if tok.idx + w.start == start:
                    return tok.lemma_.lower()
    return ""


def _events_by_window(doc: Document) -> list[Event]:
    """The events of each window of the parse, in article offsets and layer positions."""
    events: list[Event] = []
    for w in parse_windows(doc):
        if is_whole(doc, w):
            events += extract_events(doc)
            continue
        view, timexes, quotes = local_document(doc, w)
        # the layer's offsets are the article's: a window's own view computes the attachment itself
        view = replace(view, attachments=None, layers=view.layers - {"attachments"})
        for e in extract_events(view):
            time = timexes[e.time] if e.time is not None else None
            quote = quotes[e.reported_by] if e.reported_by is not None else None
            events.append(shifted(replace(e, time=time, reported_by=quote), w.start))
    return events


class EventStage:
    """Finds typed event mentions with participants, time and modality."""

    name = "events"
    requires = ("sentences", "parse", "mentions")
    uses = ("timexes", "attachments", "quotes")  # an event's time (what the attachment layer ties it to), and
    # the quote reporting it, when those stages ran
    assigns = ("events",)

    def __init__(self, settings: Settings):
        self.settings = settings
        event_types()

    def __call__(self, doc: Document) -> Document:
        return add_layers(doc, self.assigns, events=tuple(_events_by_window(doc)))

