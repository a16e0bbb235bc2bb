"""People named by a common noun ("the actress", "police") or a pronoun ("he", "who").

These mentions complete the named ones of :mod:`dateline.extract.entities` for event
participants and for ECB+'s human-participant mentions. They carry the label
``NOMINAL`` or ``PRONOUN`` and no name of their own, so entity linking leaves
them out, unless a pronoun is resolved: then ``antecedent_start``/``antecedent_end``
point to the name of its antecedent (elsewhere in the text) and the mention
joins that person's entity.

Resolution is deliberately narrow, only where it is cheap and reliable
(Lee et al. 2013, "Deterministic coreference resolution based on entity-centric,
precision-ranked rules", put such high-precision sieves first): a relative "who"
takes the named person it modifies; "he"/"she"/"him"/"himself"/"herself" take
the named subject before them in their sentence, else the subject of the
previous sentence, else the only person named there. Plural pronouns and
nominals are never resolved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from ..model import EntityKind, Mention
from ..resources import load_toml
from .names import name_key

NOMINAL = "NOMINAL"
PRONOUN = "PRONOUN"
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})


@dataclass(frozen=True)
class PersonLexicon:
    persons: frozenset[str]
    groups: frozenset[str]
    subject_only: frozenset[str]
    person_pronouns: frozenset[str]
    object_her: frozenset[str]
    plural_pronouns: frozenset[str]
    relative_pronouns: frozenset[str]
    examples: tuple[dict[str, Any], ...]
    negatives: tuple[str, ...]


@lru_cache(maxsize=1)
def lexicon() -> PersonLexicon:
    """The lexicon of data/person_nouns.toml."""
    data = load_toml("person_nouns.toml")
    p = data["pronouns"]
    return PersonLexicon(
        persons=frozenset(data["persons"]), groups=frozenset(data["groups"]),
        subject_only=frozenset(data["subject_only"]), person_pronouns=frozenset(p["person"]),
        object_her=frozenset(p["object_her"]), plural_pronouns=frozenset(p["plural"]),
        relative_pronouns=frozenset(p["relative"]),
        examples=tuple(data.get("examples", [])), negatives=tuple(data.get("negatives", [])),
    )


def is_named(m: Mention) -> bool:
    """Whether a mention is a name (not a nominal or a pronoun)."""
    return m.label not in (NOMINAL, PRONOUN)


# -- finding them --------------------------------------------------------------------------
def _noun_kind(tok: Any) -> EntityKind | None:
    """The kind of person noun a token is, or None."""
    lex = lexicon()
    if tok.pos_ != "NOUN" or tok.dep_ == "compound" or tok.ent_type_:
        return None  # "police station"; a word of a name is the name's
    words = (tok.lemma_.lower(), tok.lower_)
    listed = any(w in lex.persons or w in lex.groups or w in lex.subject_only for w in words)
    if not listed:
        return None
    if any(w in lex.subject_only for w in words) and tok.dep_ not in _SUBJECTS:
        return None
    return EntityKind.ORG if any(w in lex.groups for w in words) else EntityKind.PERSON


def _pronoun(tok: Any) -> bool:
    lex = lexicon()
    low = tok.lower_
    if tok.pos_ != "PRON":
        return False
    if low in lex.object_her:
        return tok.dep_ != "poss" and tok.tag_ != "PRP$"  # "thanked her", not "her fans"
    return low in lex.person_pronouns or low in lex.plural_pronouns or low in lex.relative_pronouns


def _relative_to_person(tok: Any, persons: dict[int, Mention]) -> bool:
    """Whether a relative "who" modifies a person: a named one or a person noun."""
    clause = tok.head
    if clause.dep_ != "relcl":
        return False
    return clause.head.i in persons or _noun_kind(clause.head) is not None


def _mention(tok: Any, kind: EntityKind, label: str) -> Mention:
    return Mention(start=tok.idx, end=tok.idx + len(tok.text), kind=kind, label=label)


def _token_index(parse: Any, mentions: Sequence[Mention]) -> dict[int, Mention]:
    """Token index -> the mention covering it (one pass; articles can have thousands)."""
    out: dict[int, Mention] = {}
    for m in mentions:
        span = parse.char_span(m.start, m.end, alignment_mode="expand")
        for i in range(span.start, span.end) if span is not None else ():
            out[i] = m
    return out


def find_nominals(parse: Any, named: Sequence[Mention]) -> list[Mention]:
    """Nominal and pronoun person mentions of a parse, outside the named mentions, in text order."""
    taken = _token_index(parse, named)
    persons = {i: m for i, m in taken.items() if m.kind is EntityKind.PERSON and m.name_start is not None}
    relative = lexicon().relative_pronouns
    out = []
    for tok in parse:
        if tok.i in taken:
            continue
        if _pronoun(tok) and (tok.lower_ not in relative or _relative_to_person(tok, persons)):
            out.append(_resolved(tok, _mention(tok, EntityKind.PERSON, PRONOUN), persons))
            continue
        kind = _noun_kind(tok)
        if kind is not None:
            out.append(_mention(tok, kind, NOMINAL))
    return out


# -- resolving pronouns ----------------------------------------------------------------------
def _subject_person(sent: Any, persons: dict[int, Mention], before: int) -> Mention | None:
    """The last named person that is a clause subject in ``sent`` before char ``before``."""
    found = None
    for tok in sent:
        if tok.idx >= before:
            break
        if tok.dep_ in _SUBJECTS and tok.i in persons:
            found = persons[tok.i]
    return found


def _only_person(sent: Any, persons: dict[int, Mention]) -> Mention | None:
    """The one person named in ``sent`` (however often), or None when none or several."""
    inside = [persons[i] for i in range(sent.start, sent.end) if i in persons]
    # names by their tokens: Doc.text is rebuilt on every access
    doc = sent.doc
    keys = {name_key(doc.char_span(m.name_start, m.name_end, alignment_mode="expand").text) for m in inside}
    return inside[-1] if len(keys) == 1 else None


def antecedent(tok: Any, persons: dict[int, Mention]) -> Mention | None:
    """The named person a pronoun stands for, when cheap rules find one; else None.

    ``persons`` maps token indices to the named person mentions covering them.
    """
    low = tok.lower_
    lex = lexicon()
    if low in lex.relative_pronouns:
        # "the minister, who ...": the noun the relative clause modifies
        clause = tok.head
        return persons.get(clause.head.i) if clause.dep_ == "relcl" else None
    if low not in lex.person_pronouns and low not in lex.object_her:
        return None
    sent = tok.sent
    found = _subject_person(sent, persons, tok.idx)
    if found is None and sent.start > 0:
        prev = tok.doc[sent.start - 1].sent
        found = _subject_person(prev, persons, sent.start_char) or _only_person(prev, persons)
    return found


def _resolved(tok: Any, m: Mention, persons: dict[int, Mention]) -> Mention:
    ante = antecedent(tok, persons)
    if ante is None:
        return m
    return replace(m, antecedent_start=ante.name_start, antecedent_end=ante.name_end)
