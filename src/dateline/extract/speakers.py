"""Who a source phrase is: a named mention of the article, or a described speaker left unlinked.

A source phrase as written ("longtime pollster Pat Caddell", "he", "a defence
ministry official", "the ministry") resolves to the named mention it stands
for, or to nothing:

* a name that heads the phrase, or stands in apposition to its head ("the
  spokesperson, Ahmed Fahmy"), is the speaker;
* "he"/"she" take the antecedent the mentions stage found, else the nearest
  person named before them (a subject of the last few sentences first);
* a definite role noun ("the mayor", "the senator") takes the nearest person
  named before it with that role;
* "it" and a statement noun take the issuer of the nearest statement ("a
  statement by the Foreign Ministry") or the previous speaker when it is an
  organisation;
* everything else ("a defence ministry official", "officials", "a shop owner",
  "they") is a described speaker: kept as written, never linked to an entity,
  however likely a candidate looks (precision first).

Organisations and countries speak only when the text makes them the source
("the ministry said"); a place inside a phrase ("the US embassy") never
becomes its speaker.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..model import EntityKind, Mention
from .nominals import PRONOUN, is_named
from .spans import SpanIndex

Span = tuple[int, int]
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
ORG_PRONOUNS = frozenset({"it", "its"})
FEMININE = frozenset({"she", "her", "hers", "herself"})
# how far back (characters) a pronoun or role noun looks for the person it stands for
PRONOUN_REACH = 1500
ROLE_REACH = 6000
# documents that speak for whoever issued them
# a place named before one of these speaks as its government ("the Ruritanian government said")
GOVERNMENT_NOUNS = frozenset({"government", "authorities", "administration", "cabinet", "regime"})
# "the company said": the firm last named as a subject (a body named by its kind of business, "the airline", is
# left described: which airline is not certain)
COMPANY_NOUNS = frozenset({"company", "firm"})
STATEMENT_NOUNS = frozenset({"statement", "communique", "communiqué", "release", "letter", "report", "memo"})


@dataclass
class SpeakerIndex:
    """The article's mentions, indexed for resolving source phrases."""

    named: SpanIndex[Mention]  # named mentions
    pronouns: SpanIndex[Mention]  # pronoun mentions (with antecedents when the mentions stage found one)
    persons: list[Mention]  # named persons in text order (outside quotes)
    subjects: set[int]  # starts of the persons that are clause subjects
    topics: set[int]  # starts of the persons a sentence is about: its main subject, or that subject's owner
    genders: dict[str, str]  # surname -> "m" or "f", from what the article says of the person
    surnames: dict[int, str]  # person mention start -> its surname

    @classmethod
    def build(cls, parse: Any, mentions: Sequence[Mention], inside_quote: Any) -> "SpeakerIndex":
        named = sorted((m for m in mentions if is_named(m)), key=lambda m: (m.start, m.end))
        pronouns = [m for m in mentions if m.label == PRONOUN]
        persons = [m for m in named if m.kind is EntityKind.PERSON and not inside_quote(m.start)]
        text = parse.text
        surnames = {m.start: _surname(text, m) for m in named if m.kind is EntityKind.PERSON}
        subjects, topics = set(), set()
        for m in persons:
            span = parse.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and span.root.dep_ in ("nsubj", "nsubjpass"):
                subjects.add(m.start)
            if span is not None and _is_topic(span.root):
                topics.add(m.start)
        genders = article_genders(parse, [m for m in named if m.kind is EntityKind.PERSON], surnames)
        return cls(SpanIndex(named), SpanIndex(pronouns), persons, subjects, topics, genders, surnames)

    def person_before(self, before: int, reach: int, *, role: str = "", gender: str = "") -> Mention | None:
        """The nearest person named before ``before`` (a subject first), optionally holding ``role``;
        with ``gender``, never one the article shows to be of the other."""
        k = bisect_right([m.end for m in self.persons], before)
        want = set(role.split())
        near = [m for m in self.persons[:k] if before - m.start <= reach and want <= set(m.role.split())
                and self.gender_fits(m, gender)]
        if not near:
            return None
        subjects = [m for m in near if m.start in self.subjects]
        return (subjects or near)[-1]

    def other_person_between(self, person: Mention, before: int, gender: str) -> bool:
        """Whether a person of another surname who fits ``gender`` is named after ``person`` and before
        ``before``."""
        own = self.surnames.get(person.start)
        return any(person.end <= m.start < before and self.surnames.get(m.start) != own and self.gender_fits(m, gender)
                   for m in self.persons)

    def topic_between(self, start: int, end: int, gender: str, other_than: str) -> Mention | None:
        """The last person a sentence between ``start`` and ``end`` is about ("Ruiz, too, was hopeful",
        "Ruiz's plan came ..."), who fits ``gender``, is not called ``other_than`` (a surname) and was named
        before ``start`` too (a person just introduced is talked about, not yet quoted)."""
        earlier = {self.surnames.get(m.start) for m in self.persons if m.start < start}
        found = [m for m in self.persons if start <= m.start < end and m.start in self.topics
                 and self.surnames.get(m.start) != other_than and self.surnames.get(m.start) in earlier
                 and self.gender_fits(m, gender)]
        return found[-1] if found else None

    def gender_fits(self, m: Mention, gender: str) -> bool:
        """Whether a person may be referred to by a pronoun of ``gender`` (unknown fits either)."""
        known = self.genders.get(self.surnames.get(m.start, ""), "")
        return not gender or not known or known == gender


def _is_topic(tok: Any) -> bool:
    """Whether a token is the subject of its sentence's main verb, or the owner of that subject."""
    if tok.dep_ in ("poss", "appos"):  # "Ruiz's plan came", "the minister, Ana Ruiz, said"
        tok = tok.head
    return tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ == "ROOT"


def _surname(text: str, m: Mention) -> str:
    name = text[m.name_start if m.name_start is not None else m.start:m.name_end or m.end]
    words = name.replace("’s", "").replace("'s", "").split()
    return words[-1].lower() if words else ""


def article_genders(parse: Any, persons: Sequence[Mention], surnames: dict[int, str]) -> dict[str, str]:
    """What an article says of its people's gender: an honorific or a gendered role word with the name
    ("Mrs Ruiz", "spokeswoman Ana Ruiz"), or a pronoun taking up the name as the subject of what they
    said ("Ruiz said she ..."). A person with evidence both ways is left unknown."""
    votes: dict[str, set[str]] = {}
    by_token = {}
    for m in persons:
        span = parse.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        key = surnames.get(m.start, "")
        for tok in span:
            by_token[tok.i] = key
        before = parse[span.start - 1] if span.start > 0 else None
        for word in [t.lower_.rstrip(".") for t in span] + ([before.lower_.rstrip(".")] if before is not None else []):
            if word in GENDER_WORDS:
                votes.setdefault(key, set()).add(GENDER_WORDS[word])
    for tok in parse:
        # "Ruiz said (that) she ...": the subject of a clause under a speech verb whose subject is the name
        if tok.dep_ == "nsubj" and tok.lower_ in ("he", "she") and tok.head.dep_ == "ccomp":
            verb = tok.head.head
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.i in by_token:
                votes.setdefault(by_token[subj.i], set()).add("m" if tok.lower_ == "he" else "f")
    return {k: next(iter(v)) for k, v in votes.items() if len(v) == 1 and k}


GENDER_WORDS = {
    **dict.fromkeys(["mr", "sir", "lord", "king", "prince", "spokesman", "chairman", "congressman", "father",
                     "husband", "son", "brother", "actor", "businessman", "uncle", "duke"], "m"),
    **dict.fromkeys(["mrs", "ms", "miss", "lady", "dame", "queen", "princess", "spokeswoman", "chairwoman",
                     "congresswoman", "mother", "wife", "daughter", "sister", "actress", "businesswoman",
                     "aunt", "duchess", "madam"], "f"),
}


def _name_at(index: SpeakerIndex, tok: Any) -> Mention | None:
    m = index.named.first(tok.idx)
    return m if m is not None and m.kind is not EntityKind.PLACE else None


def _appositive_name(index: SpeakerIndex, head: Any) -> Mention | None:
    """A name in apposition to a role noun: "the spokesperson, Ahmed Fahmy"."""
    for child in head.children:
        if child.dep_ == "appos":
            m = _name_at(index, child)
            if m is not None and m.kind is EntityKind.PERSON:
                return m
    return None


def resolve(index: SpeakerIndex, head: Any, *, previous: Span | None = None,
            previous_kind: EntityKind | None = None, since: int | None = None) -> Span | None:
    """The span of the named mention a source phrase (by its head token) stands for, or None (described).
    ``previous`` is the speaker the attribution before resolved to, ``since`` where that attribution ends."""
    named = _name_at(index, head)
    if named is not None:
        return named.start, named.end
    apposed = _appositive_name(index, head)
    if apposed is not None:
        return apposed.start, apposed.end
    if (head.pos_ == "PROPN" and head.is_title and not head.is_stop
            and head.ent_type_ not in ("GPE", "LOC", "NORP", "DATE")):
        # a name the tagger missed ("Mr Salazar said"): its proper-noun words, titles left out; a capitalised
        # stop word after a lost sentence break ("on Monday Many say") is no name
        words = [t for t in head.subtree if t.pos_ == "PROPN" and t.i <= head.i and t.is_title]
        words = [t for t in words if t.lower_.rstrip(".") not in GENDER_WORDS] or [head]
        return words[0].idx, head.idx + len(head.text)
    named_by = _named_body(index, head)
    if named_by is not None:
        return named_by.start, named_by.end
    if head.lemma_.lower() in STATEMENT_NOUNS:
        issuer = _issuer(head)  # "a statement by the Harbour Authority"
        return resolve(index, issuer, previous=previous, previous_kind=previous_kind,
                       since=since) if issuer is not None else None
    low = head.lower_
    if head.pos_ == "PRON":
        if low in PERSON_PRONOUNS:
            if previous_kind is EntityKind.ORG and _person_typed_as_body(index, previous, head, since):
                return previous
            # a previous speaker with no mention is a name the tagger missed, resolved by its words: a person
            return _pronoun(index, head, previous if previous_kind in (EntityKind.PERSON, None) else None, since)
        if low in ORG_PRONOUNS and previous is not None and previous_kind is EntityKind.ORG:
            return previous
        return None  # "they", "we", "you", "who" without a named antecedent: described
    if head.tag_ in ("NNS", "NNPS"):
        return None  # "officials", "analysts": several unnamed people
    determiner = next((c.lower_ for c in head.children if c.dep_ == "det"), "")
    if determiner == "the" and low in COMPANY_NOUNS and not any(c.dep_ in ("prep", "amod", "compound")
                                                                for c in head.children):
        # "BP told the committee ... The company says": the organisation last named as a clause's subject
        body = _body_subject_before(index, head)
        if body is not None:
            return body.start, body.end
    if determiner == "the" and not any(c.dep_ == "prep" for c in head.children):
        # "the mayor" after "Mayor Ana Ruiz", "the prime minister" after "Prime Minister ...": every word of
        # the role phrase must be in the person's role ("the former mayor" names no role: described)
        words = [c.lower_ for c in head.children if c.dep_ in ("amod", "compound") and c.i < head.i]
        person = index.person_before(head.idx, ROLE_REACH, role=" ".join([*words, head.lower_]))
        if person is not None:
            return person.start, person.end
    return None


def _body_subject_before(index: SpeakerIndex, head: Any) -> Mention | None:
    """The last organisation named as the subject of a clause within the paragraphs before ``head``."""
    doc = head.doc
    for m in reversed([m for m in index.named.items if m.end <= head.idx and head.idx - m.start <= ROLE_REACH]):
        if m.kind is not EntityKind.ORG:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None and span.root.dep_ == "nsubj":
            return m
    return None


def _person_typed_as_body(index: SpeakerIndex, previous: Span | None, tok: Any, since: int | None) -> bool:
    """Whether "she said" goes on with a speaker the tagger typed as an organisation ("Nicola Sturgeon said
    ... she said"): a name of two or three capitalised words, no organisation noun among them, quoted just
    before, with no person named since. A pronoun of a person cannot stand for a body."""
    from .entities import organization_nouns

    if previous is None or since is None or tok.idx - since > PRONOUN_REACH:
        return False
    words = tok.doc.text[previous[0]:previous[1]].split()
    if not 2 <= len(words) <= 3 or not all(w[:1].isupper() and w[1:].islower() for w in words) \
            or any(w.lower() in organization_nouns() for w in words):
        return False
    return not any(previous[1] <= m.start < tok.idx for m in index.persons)


def _named_body(index: SpeakerIndex, head: Any) -> Mention | None:
    """The name a body is called by: "The Courier newspaper" (an organisation noun after its name), "the
    Ruritanian government" (a government noun after a place): that name, the place standing for its
    government. A person noun ("the BP spokesman") is not the body it speaks for and stays described."""
    from .entities import organization_nouns

    low = head.lower_
    if low not in GOVERNMENT_NOUNS and low not in organization_nouns():
        return None
    for child in head.children:
        if child.dep_ in ("compound", "amod", "nmod") and child.i < head.i:
            m = index.named.first(child.idx)
            if m is not None and (m.kind is EntityKind.PLACE) == (low in GOVERNMENT_NOUNS):
                return m
    return None


def _issuer(noun: Any) -> Any:
    """Who issued a statement: the object of "by"/"from"/"of" on it or on its participle ("issued by")."""
    for head in (noun, *[c for c in noun.children if c.dep_ == "acl"]):
        for prep in head.children:
            if prep.lower_ in ("by", "from", "of") or prep.dep_ == "agent":
                obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    return obj
    return None


def _pronoun(index: SpeakerIndex, tok: Any, previous: Span | None = None, since: int | None = None) -> Span | None:
    gender = "f" if tok.lower_ in FEMININE else "m"
    since = previous[1] if since is None and previous is not None else since
    if previous is not None and since is not None and tok.idx - since <= PRONOUN_REACH:
        # a reporter goes on quoting the person quoted last: "he said" is the previous speaker when he fits
        m = index.named.first(previous[0])
        if m is None or (m.kind is EntityKind.PERSON and index.gender_fits(m, gender)):
            # unless the sentences since are about someone else: "Gibbs said. Ruiz, too, was hopeful. He said"
            other = index.topic_between(since, tok.idx, gender, index.surnames.get(previous[0], ""))
            return (other.start, other.end) if other is not None else previous
    found = index.pronouns.first(tok.idx)
    if found is not None and found.antecedent_start is not None:
        # the mention of the antecedent's name (with its title), when one starts there and fits
        m = index.named.first(found.antecedent_start)
        if m is not None and m.kind is EntityKind.PERSON and index.gender_fits(m, gender):
            return m.start, m.end
    person = index.person_before(tok.idx, PRONOUN_REACH, gender=gender)
    if person is None or index.other_person_between(person, tok.idx, gender):
        # "Ruiz met Berg. He said": another man named between the subject and the pronoun makes the choice
        # a guess; the pronoun stays unlinked (precision first: no speaker rather than a wrong one)
        return None
    return person.start, person.end


def kind_at(index: SpeakerIndex, span: Span | None) -> EntityKind | None:
    """The kind of the named mention at a resolved span."""
    if span is None:
        return None
    m = index.named.first(span[0])
    return m.kind if m is not None else None
