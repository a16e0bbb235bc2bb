"""The clause structure the time-attachment layer reads: a sentence's main predicate and whose time each time is.

Split from :mod:`dateline.extract.attach` (which decides each sentence's day):
this module reads the dependency parse only. The word lists are
``data/attachment.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..model import TimeExpression, TimeRole, TimexType
from ..resources import load_toml

_NOUNS = frozenset({"NOUN", "PROPN", "PRON"})
VERBS = frozenset({"VERB", "AUX"})
# relations that keep a word in the clause of its head (a coordinated or complement verb shares it)
_SAME_CLAUSE = frozenset({"conj", "xcomp", "aux", "auxpass", "acomp", "oprd", "prt", "neg", "cc", "appos"})
# relations that open a clause of its own, subordinate to its head
_SUBORDINATE = frozenset({"relcl", "acl", "ccomp", "csubj", "csubjpass", "pcomp", "advcl", "amod", "attr",
                          "dobj", "nsubj", "nsubjpass", "pobj", "npadvmod", "advmod", "dep", "parataxis"})

@dataclass(frozen=True)
class Lexicon:
    """The word lists of ``data/attachment.toml``."""

    reporting: frozenset[str]
    neutral: frozenset[str]
    states: frozenset[str]
    bound: frozenset[str]
    simultaneous: frozenset[str]
    subordinating: frozenset[str]
    sequence: frozenset[str]
    future: frozenset[str]
    modal: frozenset[str]
    spread_preps: frozenset[str]
    spread_units: frozenset[str]
    stretch_preps: frozenset[str]
    examples: tuple[dict[str, str], ...]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The attachment lexicon, loaded once."""
    data = load_toml("attachment.toml")
    lists = {k: frozenset(v) for k, v in data.items() if isinstance(v, list) and k != "examples"}
    return Lexicon(**lists, examples=tuple(data.get("examples", ())))


# -- one sentence ---------------------------------------------------------------------------------
@dataclass
class Clauses:
    """The main predicate of a sentence's parse and, for reported speech, its saying and reported verbs."""

    main: Any = None  # the main predicate token (None: no verbal root)
    saying: Any = None  # the reporting verb, when the main event is reported speech
    reported: tuple[Any, ...] = ()  # the verbs of the reported clause
    frame_end: int = 0  # token index before which the sentence is a headline, timestamp or dateline


def _roots(span: Any) -> list[Any]:
    """Tokens of ``span`` whose head lies outside it (or is themselves): the roots of its parse."""
    return [t for t in span if t.head.i == t.i or not span.start <= t.head.i < span.end]


def _is_predicate(tok: Any) -> bool:
    return tok.pos_ in VERBS or any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)


def find_clauses(span: Any, skip: int) -> Clauses:
    """The main clause of a sentence span: its largest verbal root after ``skip`` characters (a frame)."""
    lex = lexicon()
    first = span[0].idx + skip
    roots = [r for r in _roots(span) if r.idx >= first and _is_predicate(r)]
    if not roots:
        return Clauses(frame_end=_token_at(span, first))
    main = max(roots, key=lambda r: (len(list(r.subtree)), -r.i))
    frame_end = max(_token_at(span, first), main.left_edge.i if len(roots) > 1 else span.start)
    out = Clauses(main=main, frame_end=frame_end)
    if main.lemma_.lower() in lex.reporting:
        reported = [c for c in main.children if c.dep_ in ("ccomp", "parataxis") and c.pos_ in VERBS]
        if reported:
            out.saying, out.reported = main, tuple(v for r in reported for v in _with_conjuncts(r))
            return out
    # "The ship sank on Thursday, officials said Friday": the saying is a parenthetical of the report
    said = [c for c in main.children if c.dep_ in ("parataxis", "ccomp", "advcl") and c.i > main.i
            and c.lemma_.lower() in lex.reporting and not any(g.dep_ in ("ccomp", "dobj") for g in c.children)]
    if said:
        out.saying, out.reported = said[0], tuple(_with_conjuncts(main))
    return out


def _token_at(span: Any, char: int) -> int:
    for t in span:
        if t.idx >= char:
            return t.i
    return span.end


def _with_conjuncts(tok: Any) -> list[Any]:
    return [tok, *(c for c in tok.conjuncts if c.pos_ in VERBS)]


# -- one time expression ---------------------------------------------------------------------------
def top_token(span: Any) -> Any:
    """The token of a time expression's span that hangs from outside it."""
    node = span.root
    while node.head.i != node.i and span.start <= node.head.i < span.end:
        node = node.head
    return node


def _governor(span: Any) -> tuple[TimeRole | None, Any]:
    """What a time expression modifies: (NOUN, the noun), (BOUND, its head), (None, a verb) or (UNATTACHED, None).

    Climbs from the expression through prepositions and adverbs: "on Sunday"
    hangs from what "on" hangs from, "until at least Thursday" is bounded by
    "until", "Friday, Oct. 17" goes where "Friday" goes.
    """
    lex = lexicon()
    node = top_token(span)
    for _ in range(8):
        head = node.head
        if head.i == node.i:
            return TimeRole.UNATTACHED, None
        dep = node.dep_
        if head.pos_ == "ADP" or dep == "pobj":
            if head.lower_ in lex.bound:
                return TimeRole.BOUND, head.head
            node = head
            continue
        if dep == "poss" or (dep in ("compound", "amod", "nmod", "nummod") and head.pos_ in _NOUNS):
            return TimeRole.NOUN, head
        if span.doc[head.i].ent_type_ in ("DATE", "TIME") and dep in ("appos", "conj", "npadvmod", "nmod"):
            node = head  # "Friday, Oct. 17": the weekday's place decides
            continue
        if head.pos_ in VERBS:
            return None, head
        if head.pos_ in _NOUNS and dep != "appos":
            return TimeRole.NOUN, head
        node = head  # an adjective or adverb ("earlier on Tuesday", "closed today"): go on up
    return TimeRole.UNATTACHED, None


def _clause_role(verb: Any, clauses: Clauses, span: Any) -> TimeRole:
    """Whose time a time hanging from ``verb`` is: the main event's, the saying's, the reported one's, or another's."""
    lex = lexicon()
    node = verb
    for _ in range(12):
        if clauses.saying is not None and node.i == clauses.saying.i:
            return TimeRole.SAYING
        if any(node.i == r.i for r in clauses.reported):
            return TimeRole.REPORTED
        if clauses.main is not None and node.i == clauses.main.i:
            return TimeRole.MAIN
        head, dep = node.head, node.dep_
        if head.i == node.i or not span.start <= head.i < span.end:
            return TimeRole.FRAME if node.i < clauses.frame_end else TimeRole.UNATTACHED
        if dep == "advcl" and clause_mark(node) in lex.simultaneous:
            node = head  # "while/as X on D": the same time as the main event
            continue
        if dep in _SAME_CLAUSE or (dep == "advcl" and clause_mark(node) == "" and node.tag_ in ("VBG", "VBN")):
            node = head  # "arrived on Monday, saying ...": a participle shares its head's time
            continue
        return TimeRole.SUBORDINATE
    return TimeRole.SUBORDINATE


def clause_mark(verb: Any) -> str:
    """The subordinator of a clause ("when", "since", "while"), or ""."""
    for c in verb.children:
        if c.dep_ in ("mark", "advmod") and c.i < verb.i and c.lower_ in lexicon().subordinating | lexicon().simultaneous:
            return c.lower_
    return ""


def tense(verb: Any) -> str:
    """"future" when a verb is planned or forecast (will, is to, is due to, is set to), "past" for a simple past, else ""."""
    lex = lexicon()
    node = verb
    for _ in range(3):
        kids = {c.lower_ for c in node.children if c.dep_ in ("aux", "auxpass")}
        if kids & lex.future or (node.tag_ == "VB" and "to" in kids and node.dep_ == "xcomp"
                                 and node.head.lemma_.lower() in ("be", "due", "set", "expect", "schedule", "plan")):
            return "future"
        if node.tag_ == "VBD" or (node.tag_ == "VBN" and kids & {"was", "were", "had"}):
            return "past"
        if node.dep_ not in ("xcomp", "conj", "ccomp") or node.head.i == node.i:
            break
        node = node.head
    return ""


def _noun_verb(noun: Any) -> Any:
    """The verb a noun (with its time) is an argument of, or None."""
    node = noun
    for _ in range(6):
        if node.head.i == node.i:
            return None
        node = node.head
        if node.pos_ in VERBS:
            return node
    return None


def attach_time(span: Any, tx: TimeExpression, clauses: Clauses) -> tuple[TimeRole, Any, str]:
    """(role, head token, tense) of one time expression of a sentence."""
    if tx.type not in (TimexType.DATE, TimexType.TIME):
        return TimeRole.UNATTACHED, None, ""
    tx_span = span.doc.char_span(tx.start, tx.end, alignment_mode="expand")
    if tx_span is None or len(tx_span) == 0:
        return TimeRole.UNATTACHED, None, ""
    if tx_span.end <= clauses.frame_end:
        return TimeRole.FRAME, None, ""
    role, head = _governor(tx_span)
    if role is TimeRole.NOUN:
        verb = _noun_verb(head)
        return role, head, tense(verb) if verb is not None else ""
    if role is not None:
        return role, head, ""
    return _clause_role(head, clauses, span), head, ""
