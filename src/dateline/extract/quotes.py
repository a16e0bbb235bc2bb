"""Direct and indirect quotes, each attributed to a speaker mention.

Direct quotes are found by their marks (straight or curly, across sentences and
paragraphs); the speaker is the subject of the speech verb that governs the
quoted clause (``"...," Shoukry said``), else of a cue verb in the same sentence,
else carried over from the previous quote or the nearest named subject before
it (a quote whose speaker was named a sentence earlier). Indirect speech is a
speech verb with a clausal complement (``Blinken said he agreed ...``) or an
"according to X" phrase. Pronouns and descriptions ("he", "the official", "the
statement") resolve to the nearest compatible named speaker before them, in the
spirit of the sieve of Muzny et al. (2017), "A Two-stage Sieve Approach for
Quote Attribution".
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import Any

from ..model import (
    Document,
    EntityKind,
    Mention,
    Quote,
    QuoteKind,
    add_layers,
)
from ..resources import load_toml
from ..settings import Settings
from .entities import country_name, demonym_country
from .nominals import is_named
from .spans import Regions, SpanIndex, token_range
from .windowed import is_whole, local, parse_windows, shifted

log = logging.getLogger(__name__)

MIN_QUOTE_WORDS = 3  # shorter quoted strings are names or scare quotes
MIN_UNCUED_WORDS = 6  # a quote with no speech verb of its own must be a real utterance
_CURLY = re.compile(r"“([^”]+?)”", re.S)
_STRAIGHT = re.compile(r'"([^"\n]*(?:\n(?!\s*\n)[^"\n]*)*)"')
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
_ORG_HEADS = frozenset({"statement", "ministry", "presidency", "it", "office", "department", "embassy",
                        "government", "army", "military", "police", "agency", "council", "court"})


@dataclass(frozen=True)
class CueLexicon:
    verbs: frozenset[str]
    clausal_only: frozenset[str]
    statement_only: frozenset[str]
    nouns: frozenset[str]
    anaphoric: frozenset[str]


@lru_cache(maxsize=1)
def cues() -> CueLexicon:
    """The cue lexicon of data/cue_verbs.toml."""
    data = load_toml("cue_verbs.toml")
    return CueLexicon(frozenset(data["verbs"]), frozenset(data["clausal_only"]),
                      frozenset(data["statement_subject_only"]),
                      frozenset(data["nouns"]), frozenset(data["anaphoric_speakers"]))


@dataclass
class _Found:
    """A quote while it is being attributed."""

    start: int
    end: int
    kind: QuoteKind
    cue: Any = None  # token
    speaker: tuple[int, int] | None = None  # resolved char span
    speaker_tok: Any = None


# -- direct quotes ----------------------------------------------------------------------
def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the quoted contents (inside the marks), in text order."""
    spans = [(m.start(1), m.end(1)) for m in _CURLY.finditer(text)]
    curly = Regions(spans)
    spans += [(m.start(1), m.end(1)) for m in _STRAIGHT.finditer(text) if not curly.covers(m.start())]
    out = []
    for s, e in sorted(spans):
        content = text[s:e]
        # leading/trailing spaces and the comma before the closing mark are not quoted speech
        s += len(content) - len(content.lstrip())
        e -= len(content) - len(content.rstrip(" \n\t,"))
        if len(text[s:e].split()) >= MIN_QUOTE_WORDS:
            out.append((s, e))
    return out


@dataclass
class _Article:
    """What every step of one article's attribution looks things up in, indexed once."""

    parse: Any
    text: str
    quotes: Regions  # the quoted contents
    mentions: SpanIndex[Mention]  # named mentions
    persons: dict[str, _Persons]  # by role country; "" for all
    offsets: list[int]  # token start offsets, for tokens by offset
    statements: list[Any]  # statement nouns ("statement", "communique"), in text order

    def tokens_in(self, start: int, end: int) -> list[Any]:
        """Tokens starting inside [start, end)."""
        first, stop = token_range(self.offsets, start, end)
        return list(self.parse[first:stop]) if stop > first else []


def _inside(tok: Any, spans: Regions) -> bool:
    return spans.covers(tok.idx)


def _is_cue(tok: Any) -> bool:
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in cues().verbs


def _subject(verb: Any) -> Any:
    # "..., he added, adding that": a conjoined or participial cue shares its head's
    # subject; climbed in a loop, since a list of a thousand conjuncts is one chain
    while True:
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
        if verb.dep_ not in ("conj", "advcl", "xcomp") or verb.head.i == verb.i:
            return None
        verb = verb.head


def _statement_ok(verb: Any) -> bool:
    """"The statement read": some cues need a statement, not a person, as subject."""
    if verb.lemma_.lower() not in cues().statement_only:
        return True
    subject = _subject(verb)
    return subject is not None and subject.lemma_.lower() in cues().nouns


def _governing_cue(inner: Sequence[Any], spans: Regions) -> Any:
    """The speech verb outside the quote that heads the quoted clause, if any."""
    for tok in inner:
        head = tok.head
        if head.i == tok.i or _inside(head, spans):
            continue
        if tok.dep_ == "punct":
            continue
        # a quote heads (ccomp/dobj/parataxis) under the verb; its first outside ancestor decides
        if _is_cue(head) and head.lemma_.lower() not in cues().clausal_only and _statement_ok(head):
            return head
    return None


def _according_to(sent: Any, spans: Regions) -> Any:
    """The source of an "according to X" phrase of a sentence (its head noun), or None."""
    for tok in sent:
        if tok.lower_ == "according" and not _inside(tok, spans):
            nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
            if nxt is not None and nxt.lower_ == "to":
                objs = [c for c in nxt.children if c.dep_ == "pobj"]
                if objs:
                    return objs[0]
    return None


def _cue_in_sentences(sents: Sequence[Any], spans: Regions) -> Any:
    for sent in sents:
        for tok in sent:
            if _is_cue(tok) and _statement_ok(tok) and not _inside(tok, spans) and _subject(tok) is not None \
                    and not _inside(_subject(tok), spans):
                return tok
    return None


def _direct_quotes(art: _Article) -> list[_Found]:
    found = []
    spans = art.quotes
    for start, end in spans:
        inner = art.tokens_in(start, end)
        if not inner:
            continue
        q = _Found(start, end, QuoteKind.DIRECT)
        cue = _governing_cue(inner, spans)
        if cue is None:
            first, last = inner[0].sent, inner[-1].sent
            source = _according_to(first, spans)
            if source is not None:
                q.speaker_tok = source
                q.cue = source.head.head  # "according"
            else:
                cue = _cue_in_sentences([last] if last == first else [last, first], spans)
        if cue is not None:
            q.cue, q.speaker_tok = cue, _subject(cue)
        found.append(q)
    return found


# -- indirect speech ---------------------------------------------------------------------
def _clause_span(tok: Any) -> tuple[int, int] | None:
    """The span of a reported clause without its marker and edge punctuation; None when nothing is left.

    The parser sometimes makes a lone mark the complement (a stray apostrophe in
    "I 'm"), and nothing of it is speech.
    """
    toks = [t for t in tok.subtree if not (t.dep_ == "mark" and t.i == tok.left_edge.i)]
    toks = [t for t in toks if not t.is_punct or t.i not in (tok.left_edge.i, tok.right_edge.i)]
    if not toks:
        return None
    first, last = toks[0], toks[-1]
    return first.idx, last.idx + len(last.text)


def _indirect_quotes(art: _Article) -> list[_Found]:
    found = []
    parse, spans, text = art.parse, art.quotes, art.text
    for tok in parse:
        if not _is_cue(tok) or _inside(tok, spans):
            continue
        comps = [c for c in tok.children if c.dep_ == "ccomp" and not _inside(c, spans)]
        subj = _subject(tok)
        if not comps or subj is None or _inside(subj, spans):
            continue
        clause = _clause_span(comps[0])
        if clause is None:
            continue
        start, end = clause
        if spans.overlaps(start, end) or len(text[start:end].split()) < MIN_QUOTE_WORDS:
            continue
        found.append(_Found(start, end, QuoteKind.INDIRECT, cue=tok, speaker_tok=subj))
    for sent in parse.sents:
        source = _according_to(sent, spans)
        if source is None or spans.starts_within(sent.start_char, sent.end_char):
            continue
        according = source.head.head
        clause = according.head
        if clause is according:
            continue
        phrase = {t.i for t in according.subtree}
        toks = [t for t in clause.subtree if t.i not in phrase and not t.is_punct]
        if len(toks) >= MIN_QUOTE_WORDS:
            found.append(_Found(toks[0].idx, toks[-1].idx + len(toks[-1].text), QuoteKind.INDIRECT,
                                cue=according, speaker_tok=source))
    return found


# -- speakers -------------------------------------------------------------------------------
class _Persons:
    """Named person mentions outside quotes, in text order, asked for the last before an offset."""

    def __init__(self, persons: Sequence[Mention]):
        self.items = list(persons)
        self._starts = [m.start for m in self.items]
        by_end = sorted(range(len(self.items)), key=lambda i: self.items[i].end)
        self._ends = [self.items[i].end for i in by_end]
        # _latest[k]: the latest in text order among the k + 1 that end first
        self._latest = list(accumulate(by_end, max))

    def last_before(self, before: int) -> Mention | None:
        """The last (in text order) that ends at or before ``before``."""
        k = bisect_right(self._ends, before)
        return self.items[self._latest[k - 1]] if k else None

    def near_before(self, before: int, reach: int) -> list[Mention]:
        """Those ending at or before ``before`` that start within ``reach`` characters of it."""
        lo, hi = bisect_right(self._starts, before - reach), bisect_right(self._starts, before)
        return [m for m in self.items[lo:hi] if m.end <= before]


def _index_persons(mentions: Sequence[Mention], quotes: Regions) -> dict[str, _Persons]:
    """Persons outside quotes: all of them under "", and by the country of their role."""
    persons = [m for m in mentions if m.kind is EntityKind.PERSON and not quotes.covers(m.start)]
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in persons:
        if m.role_of:
            groups[m.role_of].append(m)
    return {"": _Persons(persons), **{k: _Persons(v) for k, v in groups.items()}}


def _mention_at(art: _Article, tok: Any) -> Mention | None:
    return art.mentions.first(tok.idx)


def _phrase_mention(art: _Article, tok: Any) -> Mention | None:
    """A named mention inside the speaker phrase ("the US embassy" -> US), person first."""
    inside = art.mentions.within(tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text))
    inside.sort(key=lambda m: (m.kind is not EntityKind.PERSON, m.start))
    return inside[0] if inside else None


def _statement_source(art: _Article, upto: int) -> tuple[int, int] | None:
    """The issuer of the nearest statement up to ``upto`` ("a statement by the Foreign Ministry").

    The issuer is the object of "by/from/of" on the statement noun or on its participle
    ("a statement issued by X"), or the subject of the speech verb the statement is
    an adjunct of ("X said in a statement").
    """
    last = bisect_right(art.statements, upto, key=lambda t: t.idx)
    for tok in reversed(art.statements[:last]):
        source = _issuer(tok)
        if source is not None:
            # "the US embassy": the phrase, not the country inside it
            m = _mention_at(art, source)
            return (m.start, m.end) if m else _np_span(source)
    return None


def _issuer(noun: Any) -> Any:
    heads = [noun, *[c for c in noun.children if c.dep_ == "acl"]]
    for head in heads:
        for prep in head.children:
            if prep.lower_ in ("by", "from", "of") or (prep.dep_ == "agent"):
                objs = [c for c in prep.children if c.dep_ == "pobj"]
                if objs:
                    return objs[0]
    if noun.head.dep_ == "prep" and noun.head.lower_ == "in" and _is_cue(noun.head.head):
        return _subject(noun.head.head)
    return None


def _np_span(tok: Any) -> tuple[int, int]:
    """The noun phrase of a head token: its left modifiers and itself."""
    left = min([tok.i, *[c.left_edge.i for c in tok.lefts]])
    start = tok.doc[left]
    if start.lower_ in ("the", "a", "an"):
        start = tok.doc[left + 1]
    return start.idx, tok.idx + len(tok.text)


def _want(tok: Any) -> EntityKind | None:
    """The kind of speaker an anaphoric phrase can refer to (None: a person or an org)."""
    lemma = tok.lower_ if tok.pos_ == "PRON" else tok.lemma_.lower()
    if tok.tag_ in ("NNS", "NNPS"):
        return None  # "officials said": several people, not one earlier speaker
    if lemma in _PERSON_PRONOUNS or lemma in ("official", "spokesperson", "spokesman", "spokeswoman",
                                               "diplomat", "leader", "minister", "secretary", "president",
                                               "envoy", "chief", "officer"):
        return EntityKind.PERSON
    if lemma in _ORG_HEADS:
        return EntityKind.ORG
    return None


def _nearest_person(art: _Article, before: int, country: str = "") -> Mention | None:
    """The nearest person mention before ``before``, outside quotes; subjects first."""
    group = art.persons[""]
    if country and country in art.persons and art.persons[country].last_before(before) is not None:
        group = art.persons[country]
    last = group.last_before(before)
    if last is None:
        return None
    # a subject within the last few sentences beats a closer object ("... met with X")
    subjects = [m for m in group.near_before(before, 400) if _is_subject(art.parse, m)]
    return subjects[-1] if subjects else last


def _is_subject(parse: Any, m: Mention) -> bool:
    span = parse.char_span(m.start, m.end, alignment_mode="expand")
    return span is not None and span.root.dep_ in ("nsubj", "nsubjpass")


def _resolve(art: _Article, q: _Found, previous: list[_Found]) -> tuple[int, int] | None:
    """The char span of the named mention a speaker phrase stands for."""
    tok = q.speaker_tok
    if tok is None:
        return _carry_over(art, q, previous)
    named = _mention_at(art, tok)
    if named is not None and named.kind is not EntityKind.PLACE:
        return named.start, named.end
    inner = _phrase_mention(art, tok)
    if inner is not None and inner.kind is EntityKind.PERSON:
        return inner.start, inner.end  # "the spokesperson, Ahmed Fahmy, said"
    want = _want(tok)
    lemma = tok.lemma_.lower()
    if lemma in cues().nouns:
        return _statement_source(art, tok.idx) or _np_span(tok)
    if tok.lower_ == "it" or (tok.pos_ == "PRON" and want is None):
        prev = next((p for p in reversed(previous) if p.speaker and p.end <= tok.idx), None)
        return prev.speaker if prev else None
    if want is EntityKind.PERSON:
        country = next((demonym_country(c.text) for c in tok.lefts if demonym_country(c.text)), "")
        m = _nearest_person(art, min(q.start, tok.idx), country_name(country) if country else "")
        return (m.start, m.end) if m else None
    return _np_span(tok) if tok.pos_ in ("NOUN", "PROPN") else None


def _carry_over(art: _Article, q: _Found, previous: list[_Found]) -> tuple[int, int] | None:
    """A quote without a cue continues the previous speaker or a subject named just before it."""
    if len(art.text[q.start:q.end].split()) < MIN_UNCUED_WORDS:
        return None
    prev = previous[-1] if previous else None
    if prev is not None and prev.speaker and q.start - prev.end < 300:
        return prev.speaker
    m = _nearest_person(art, q.start)
    if m is not None and q.start - m.end < 400:
        return m.start, m.end
    return None


def _index_article(parse: Any, mentions: Sequence[Mention]) -> _Article:
    text = parse.text  # spaCy rebuilds Doc.text on every access: once per article
    quotes = Regions(quote_spans(text))
    # speakers resolve to names; "he" and "the official" are resolved here, by speaker
    named = sorted((m for m in mentions if is_named(m)), key=lambda m: (m.start, m.end))
    nouns = cues().nouns
    return _Article(parse=parse, text=text, quotes=quotes, mentions=SpanIndex(named),
                    persons=_index_persons(named, quotes), offsets=[t.idx for t in parse],
                    statements=[t for t in parse if t.lemma_.lower() in nouns])


def extract_quotes(parse: Any, mentions: Sequence[Mention]) -> list[Quote]:
    """Direct and indirect quotes of a parsed article, attributed to speaker mentions."""
    art = _index_article(parse, mentions)
    found = sorted(_direct_quotes(art) + _indirect_quotes(art), key=lambda f: f.start)
    done: list[_Found] = []
    for q in found:
        q.speaker = _resolve(art, q, done)
        done.append(q)
    out = []
    for q in done:
        if q.kind is QuoteKind.DIRECT and q.cue is None and q.speaker is None:
            continue  # quoted words nobody is said to have said: a title or a scare quote
        cue = (q.cue.idx, q.cue.idx + len(q.cue.text)) if q.cue is not None else (None, None)
        out.append(Quote(start=q.start, end=q.end, kind=q.kind, cue_start=cue[0], cue_end=cue[1],
                         speaker_start=q.speaker[0] if q.speaker else None,
                         speaker_end=q.speaker[1] if q.speaker else None))
    return out


class QuoteStage:
    """Finds quotes and attributes them to speaker mentions."""

    name = "quotes"
    requires = ("mentions", "parse")
    assigns = ("quotes",)

    def __init__(self, settings: Settings):
        self.settings = settings
        cues()

    def __call__(self, doc: Document) -> Document:
        found = []
        for w in parse_windows(doc):
            mentions = doc.mentions if is_whole(doc, w) else local(doc.mentions, w)
            found += [shifted(q, w.start) for q in extract_quotes(w.doc, mentions)]
        return add_layers(doc, self.assigns, quotes=tuple(found))
