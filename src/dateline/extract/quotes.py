"""Quotes and attributions, each with its source as written and the named speaker it resolves to.

An attribution is what a reporter credits to someone: a direct quote, reported
speech ("said that ..."), a fact credited to a source ("according to ..."), or
a position or wish ascribed to someone ("wants to ...", "called for ...").
The steps, per article:

1. **Cues**: the reporting words, by the cue model
   (:mod:`dateline.extract.cue_model`, learned from PolNeAR) or the speech
   verbs of ``data/cue_verbs.toml``.
2. **Direct quotes**: the spans inside quotation marks (straight, curly, « »,
   across sentences and paragraphs); a quote belongs to the cue that governs
   it, and the pieces one cue governs ("“A,” he said, “B.”") are one quote with
   several fragments. A quote with no cue continues the attribution just before
   it (a further fragment) or is credited to the speaker named just before.
3. **Other attributions**: each remaining cue's content
   (:mod:`dateline.extract.attribution`): its complement clause, an infinitive,
   the clause around "according to", an object.
4. **Speakers**: the source phrase as written (``speaker_start``/``speaker_end``)
   and the named mention it resolves to (``resolved_*``,
   :mod:`dateline.extract.speakers`); a described speaker stays unresolved.

Attributions are univocal, as in PolNeAR: one nested inside another's content
is left to the outer one. The kind says what the desk may show as a quote:
``direct`` and ``indirect`` are speech; ``source`` is a fact credited to a
source; ``stance`` a belief, wish or position ascribed to someone.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..model import Document, EntityKind, Mention, Quote, QuoteKind, add_layers
from ..resources import load_toml
from ..settings import Settings
from . import attribution as attr
from .cue_model import CueModel, is_candidate, load_model
from .nominals import lexicon as person_lexicon
from .speakers import GENDER_WORDS, SpeakerIndex, kind_at, resolve
from .spans import Region, Regions, SpanIndex, token_range
from .windowed import is_whole, local, parse_windows, shifted

log = logging.getLogger(__name__)

MIN_QUOTE_WORDS = 3  # shorter quoted strings are names or scare quotes
MIN_UNCUED_WORDS = 6  # a quote with no speech verb of its own must be a real utterance
CARRY_REACH = 300  # characters back to the attribution a cue-less quote may continue
DESCRIBED_REACH = 300  # characters from a described speaker to a "he"/"she" that goes on with them
# a quote's content runs from mark to mark: curly, guillemets, straight (not across a blank line)
# and two apostrophes (some newspapers' and Penn-Treebank's ``...'' closing mark)
_PAIRED = (re.compile(r"“([^”]+?)”", re.S), re.compile(r"«([^»]+?)»", re.S),
           re.compile(r"(?:``|'')((?:(?!'')[^\n])+?)''"))
# a straight mark that opens is not followed by a space, one that closes not preceded by one: a quote
# that "starts" with a line break is the gap between two quotes, read after a mark went missing
_STRAIGHT = re.compile(r'"(?!\s)([^"\n]*(?:\n(?!\s*\n)[^"\n]*)*)(?<!\s)"')


@dataclass(frozen=True)
class CueLexicon:
    verbs: frozenset[str]  # speech verbs: always cues
    clausal_only: frozenset[str]
    statement_only: frozenset[str]
    nouns: frozenset[str]
    speech: frozenset[str]  # lemmas whose attributions are speech (direct/indirect)
    source: frozenset[str]  # lemmas that credit a fact to a source ("according", "show")
    evidential: frozenset[str] = frozenset()  # the reporter's judgement ("seems"): no source
    record_only: frozenset[str] = frozenset()  # cues only when a record is their subject ("records show")
    records: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def cues() -> CueLexicon:
    """The cue lexicon of data/cue_verbs.toml."""
    data = load_toml("cue_verbs.toml")
    return CueLexicon(frozenset(data["verbs"]), frozenset(data["clausal_only"]),
                      frozenset(data["statement_subject_only"]), frozenset(data["nouns"]),
                      frozenset(data["verbs"]) | frozenset(data["speech"]), frozenset(data["source"]),
                      frozenset(data["evidential"]), frozenset(data["record_subject_only"]),
                      frozenset(data["records"]))


# -- direct quotes ----------------------------------------------------------------------
def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the quoted contents (inside the marks), in text order."""
    spans = [(m.start(1), m.end(1)) for rx in _PAIRED for m in rx.finditer(text)]
    paired = Regions(spans)
    spans += [(m.start(1), m.end(1)) for m in _STRAIGHT.finditer(text) if not paired.covers(m.start())]
    out = []
    for s, e in sorted(spans):
        content = text[s:e]
        # leading/trailing spaces and the comma before the closing mark are not quoted speech
        s += len(content) - len(content.lstrip())
        e -= len(content) - len(content.rstrip(" \n\t,"))
        if len(text[s:e].split()) >= MIN_QUOTE_WORDS and not (out and s < out[-1][1]):
            out.append((s, e))
    return out


@dataclass
class _Found:
    """An attribution while it is being built."""

    parts: list[tuple[int, int]]
    kind: QuoteKind
    cue: Any = None  # token
    source: Any = None  # head token of the source phrase
    speaker: tuple[int, int] | None = None  # the source phrase as written
    resolved: tuple[int, int] | None = None
    carried: bool = False  # credited by context, no source phrase of its own
    quoted: bool = field(default=False)

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


@dataclass
class _Article:
    """What every step of one article's attribution looks things up in, indexed once."""

    parse: Any
    text: str
    quotes: Regions
    offsets: list[int]
    speakers: SpeakerIndex
    cue_ids: set[int]

    def tokens_in(self, start: int, end: int) -> list[Any]:
        first, stop = token_range(self.offsets, start, end)
        return list(self.parse[first:stop]) if stop > first else []


def _is_speech_verb(tok: Any) -> bool:
    lex = cues()
    lemma = tok.lemma_.lower()
    if tok.pos_ in ("VERB", "AUX") and lemma in lex.record_only:
        return _record_subject(tok)
    if tok.pos_ not in ("VERB", "AUX") or lemma not in lex.verbs:
        return False
    if lemma in lex.statement_only:
        subj = attr.subject(tok)
        return subj is not None and subj.lemma_.lower() in lex.nouns
    return True


def _record_subject(verb: Any) -> bool:
    """Whether a verb's subject is a record ("records show", "polls that show him ahead")."""
    subj = attr.subject(verb)
    if subj is not None and subj.lower_ in attr.RELATIVE and verb.dep_ == "relcl":
        subj = verb.head
    return subj is not None and subj.lemma_.lower() in cues().records


def _find_cues(parse: Any, quotes: Regions, model: CueModel) -> set[int]:
    """Token indices of the article's cues: the model's, and the speech verbs outside quotes."""
    out = set()
    for tok in parse:
        if not is_candidate(tok):
            continue
        quoted = quotes.covers(tok.idx)
        if tok.lemma_.lower() in cues().statement_only and not _is_speech_verb(tok):
            continue  # "she read the book": only a statement reads
        if (not quoted and _is_speech_verb(tok)) or model.is_cue(tok, quoted):
            out.add(tok.i)
    # "in the latest poll, ...": a frame, not a word the model is asked about
    return out | {t.i for t in parse if attr.credits_finding(t) and not quotes.covers(t.idx)}


def _governing_cue(art: _Article, inner: list[Any]) -> Any:
    """The cue outside a quote that heads the quoted clause, or the cue of its sentence."""
    spans = art.quotes
    for tok in inner:
        head = tok.head
        if head.i == tok.i or spans.covers(head.idx) or tok.dep_ == "punct":
            continue
        # a quote is someone's words under a speech verb, or as the clause a cue reports
        if head.i in art.cue_ids and head.lemma_.lower() not in cues().clausal_only and (
                _kind(head) is not QuoteKind.STANCE or tok.dep_ == "ccomp") and (
                tok.dep_ == "ccomp" or not _reports_own_clause(head, spans)):
            # (a cue that reports a clause of its own outside the marks is not the cue of a quoted title
            # hanging off it: "on the show “Sunday Morning Futures,” Issa said the emails ...")
            return head
    first, last = inner[0].sent, inner[-1].sent
    for sent in ([last] if last == first else [last, first]):
        for tok in sent:
            if tok.i in art.cue_ids and not spans.covers(tok.idx) and _is_speech_verb(tok) \
                    and attr.subject(tok) is not None and not spans.covers(attr.subject(tok).idx) \
                    and not _reports_own_clause(tok, spans):
                return tok
    after = _cue_after(art, inner[-1])
    if after is not None:
        return after
    # "According to a statement by X, “...”": the source of the quote's first sentence
    return next((t for t in first if t.lower_ == "according" and t.i in art.cue_ids and not spans.covers(t.idx)
                 and attr.source_head(t) is not None), None)


def _cue_after(art: _Article, last: Any) -> Any:
    """The speech verb of the words right after a quote ("“... ?” Graham asked."), which the parser put in
    a sentence of its own: only its subject (or nothing, "asked Graham") may stand between."""
    doc = art.parse
    k = last.i + 1
    while k < len(doc) and k <= last.i + 3 and (doc[k].is_punct or doc[k].is_space) and "\n" not in doc[k].text:
        k += 1
    if k == last.i + 1:
        return None  # the quote runs on into its own sentence: not a quote closed before its cue
    for tok in doc[k:k + 8]:
        if tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("aux", "auxpass"):
            continue
        if tok.i not in art.cue_ids or not _is_speech_verb(tok) or _reports_own_clause(tok, art.quotes):
            return None
        subj = attr.subject(tok)
        allowed = {t.i for t in subj.subtree} if subj is not None and subj.i < tok.i else set()
        allowed |= {c.i for c in tok.children if c.dep_ in ("aux", "auxpass", "neg", "advmod") and c.i < tok.i}
        return tok if all(t.i in allowed for t in doc[k:tok.i]) else None
    return None


def _reports_own_clause(cue: Any, spans: Regions) -> bool:
    """Whether a cue reports a clause of its own outside the quotation marks ("Aides said the total was
    ..."): then it is not the cue of a quote that merely shares its sentence."""
    return any(c.dep_ == "ccomp" and not spans.covers(c.idx) and c.i > cue.i for c in cue.children)


def _direct_quotes(art: _Article) -> list[_Found]:
    """Quotes by their marks; the pieces one cue governs are one attribution."""
    by_cue: dict[int, _Found] = {}
    out = []
    for start, end in art.quotes:
        inner = art.tokens_in(start, end)
        if not inner:
            continue
        cue = _governing_cue(art, inner)
        if cue is not None and cue.i in by_cue:
            by_cue[cue.i].parts.append((start, end))
            continue
        q = _Found([(start, end)], QuoteKind.DIRECT, cue=cue, quoted=True)
        clause = _mixed_clause(art, cue, inner, start, end) if cue is not None else None
        if clause is not None:
            # "said the tax breaks “do nothing”": the reported clause with its quoted words
            q = _Found([clause], _kind(cue), cue=cue)
        if cue is not None:
            q.source = attr.source_head(cue)
            by_cue[cue.i] = q
        out.append(q)
    return out


def _mixed_clause(art: _Article, cue: Any, inner: list[Any], start: int, end: int) -> tuple[int, int] | None:
    """The reported clause a quote is part of, when it reaches beyond the marks by more than a word."""
    comp = next((c for c in (attr.complement_of(cue, t) for t in inner if not t.is_punct) if c is not None), None)
    if comp is None or comp.dep_ not in ("ccomp", "xcomp"):
        return None
    span = attr.content_spans(cue, art.quotes)
    if not span:
        return None
    s, e = span[0]
    outside = len(art.text[s:start].split()) + len(art.text[end:e].split())
    return (s, e) if outside >= 2 and s <= start and end <= e + 2 else None


# -- transcripts ------------------------------------------------------------------------------
# "WALLACE: Governor, ..." / "Q: And the wall?": a speaker's name, a colon, the words on the line
_TRANSCRIPT = re.compile(r"^[\"“]?(?P<name>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}):[ \t]+(?P<words>\S[^\n]*)$", re.M)


def _transcript(art: _Article) -> list[_Found]:
    """Lines of a transcript: the name before the colon is the source, the rest of the line its words."""
    out = []
    for m in _TRANSCRIPT.finditer(art.text):
        name = m["name"]
        # a name in capitals, a short label (Q, A), or a person the mentions stage found
        first = art.tokens_in(m.start("name"), m.end("name"))
        named = art.speakers.named.first(m.start("name"))
        if not first or not (name.isupper() or (named is not None and named.kind is EntityKind.PERSON)):
            continue
        if len(m["words"].split()) < MIN_QUOTE_WORDS:
            continue
        colon = art.tokens_in(m.end("name"), m.end("name") + 1)
        head = max(first, key=lambda t: len(list(t.subtree)) if t.head.i not in {x.i for x in first} else 0)
        words = m["words"].rstrip()
        out.append(_Found([(m.start("words"), m.start("words") + len(words))], QuoteKind.DIRECT,
                          cue=colon[0] if colon else None, source=head, quoted=True,
                          speaker=(m.start("name"), m.end("name"))))
    return out


# -- other attributions ----------------------------------------------------------------------
def _kind(cue: Any) -> QuoteKind:
    lemma = "according" if cue.lower_ == "according" else cue.lemma_.lower()
    lex = cues()
    if lemma in lex.source or attr.credits_finding(cue):
        return QuoteKind.SOURCE
    return QuoteKind.INDIRECT if lemma in lex.speech else QuoteKind.STANCE


def _cued(art: _Article, taken: set[int]) -> list[_Found]:
    out = []
    for i in sorted(art.cue_ids - taken):
        cue = art.parse[i]
        if art.quotes.covers(cue.idx):
            continue  # a cue inside a quote is the speaker's, nested in their words
        parts = attr.content_spans(cue, art.quotes)
        if not parts or _only_time(art, parts):
            continue  # "met on Thursday": a day is not what anyone said or holds
        source = None if cue.lemma_.lower() in cues().evidential else attr.source_head(cue)
        out.append(_Found(list(parts), _kind(cue), cue=cue, source=source))
    return out


def _unmixed(direct: list[_Found], cued: list[_Found]) -> list[_Found]:
    """Direct quotes that are not a quoted piece of a longer reported clause ("said the plan was “dead”")."""
    clauses = SpanIndex([Region(s, e) for q in cued for s, e in q.parts])
    out = []
    for q in direct:
        longer = [c for c in clauses.covering(q.start) if q.end <= c.end and c.end - c.start > q.end - q.start + 3]
        if not longer:
            out.append(q)
    return out


def _only_time(art: _Article, parts: tuple[tuple[int, int], ...]) -> bool:
    toks = [t for s, e in parts for t in art.tokens_in(s, e) if not t.is_punct]
    return all(t.ent_type_ in ("DATE", "TIME") for t in toks)


def _univocal(found: list[_Found]) -> list[_Found]:
    """Drop attributions whose cue lies inside another's content, and later copies of a content."""
    contents = Regions([p for q in found for p in q.parts])
    kept, seen = [], set()
    for q in sorted(found, key=lambda f: (not f.quoted, f.start)):
        if q.cue is not None and contents.covers(q.cue.idx) and not q.quoted:
            continue
        key = (q.start, q.end)
        if key in seen:
            continue
        seen.add(key)
        kept.append(q)
    return sorted(kept, key=lambda f: f.start)


# -- continuation and speakers ------------------------------------------------------------------
def _continues(art: _Article, prev: _Found, q: _Found) -> bool:
    """Whether a cue-less quote goes on with the attribution before it (only its cue and source between)."""
    if prev.speaker is None or q.start - prev.end > CARRY_REACH or (prev.cue is None and prev.source is not None):
        return False  # (a quote signed with a name after it is closed by the name)
    between = [t for t in art.tokens_in(prev.end, q.start) if not (t.is_punct or t.is_space)]
    # the cue's own clause may run on after the quote ("he said of the prospect of ...")
    own = {t.i for t in prev.cue.subtree} if prev.cue is not None else set()
    if prev.source is not None:
        own |= {t.i for t in prev.source.subtree}
    return all(t.i in own for t in between)


# a quote signed after its closing mark: "“...” ― Ana Ortiz" (reader comments, epigraphs): a dash, then a name
# that ends the line, the sentence or runs into the next opening mark
_SIGNED = re.compile(r"[.,!?]?[”\"]?[.,]?[ \t\u00a0]*(?:[―—–]|(?<=[ \u00a0])-)[ \t\u00a0]*"
                     r"(?P<name>[^\W\d_][\w.'’-]*(?:[ \t\u00a0][^\W\d_][\w.'’-]*){0,4})"
                     r"(?=[ \t\u00a0]*(?:\n|$|[“\"])|\.(?:\s|$)|,[ \t\u00a0])")


def _signed(art: _Article, q: _Found) -> tuple[int, int] | None:
    """The name a quote is signed with, right after its closing mark, or None."""
    m = _SIGNED.match(art.text, q.end)
    if m is None or not all(w[:1].isupper() for w in m["name"].split()):
        return None
    return m.start("name"), m.end("name") - m["name"].endswith(".")


_CLOSING = re.compile(r"[,.!?]?\s?(?:”|\"|'')")


def _ends_quoted(art: _Article, q: _Found) -> bool:
    """Whether an attribution's words end in quotation marks: a quote, a reported clause ending in quoted
    words, or quoted words too short to be a quote on their own ("“It's over,” he said")."""
    return q.quoted or art.quotes.covers(q.end - 1) or _CLOSING.match(art.text, q.end) is not None


def _quoted_before(art: _Article, out: list[_Found]) -> _Found | None:
    """The attribution a cue-less quote may go on with: the last one, or the one before it when the last
    hangs off its cue ("“...,” she said, referring to the plan. “...”"); it must end in quotation marks."""
    if not out:
        return None
    last = out[-1]
    if len(out) > 1 and last.cue is not None and out[-2].cue is not None and \
            last.cue.i in {t.i for t in out[-2].cue.subtree} and _ends_quoted(art, out[-2]):
        return out[-2]
    return last if _ends_quoted(art, last) else None


def _attach(art: _Article, found: list[_Found]) -> list[_Found]:
    """Speakers for every attribution; cue-less quotes continue or carry over the one before."""
    out: list[_Found] = []
    for q in found:
        prev = out[-1] if out else None
        signed = _signed(art, q) if q.cue is None and len(art.text[q.start:q.end].split()) >= MIN_UNCUED_WORDS \
            else None
        if signed is not None:
            head = art.tokens_in(*signed)[-1]
            q.speaker, q.source = signed, head
            q.resolved = resolve(art.speakers, head)
            out.append(q)
            continue
        if q.cue is None:
            base = _quoted_before(art, out)
            if base is not None and _continues(art, base, q):
                base.parts += q.parts
                continue
            if len(art.text[q.start:q.end].split()) < MIN_UNCUED_WORDS:
                continue  # quoted words nobody is said to have said: a title or a scare quote
            if prev is not None and prev.speaker is not None and q.start - prev.end < CARRY_REACH:
                q.speaker, q.resolved, q.carried = prev.speaker, prev.resolved, True
            else:
                person = art.speakers.person_before(q.start, 400)
                if person is None:
                    continue
                q.speaker = q.resolved = (person.start, person.end)
                q.carried = True
            out.append(q)
            continue
        if q.source is not None:
            if q.speaker is None:
                q.speaker = attr.source_span(q.cue) if q.source.lower_ not in attr.RELATIVE else \
                    (q.source.idx, q.source.idx + len(q.source.text))
            if _goes_on_described(prev, q):
                out.append(q)  # "A council spokeswoman said ... She added": still the described speaker
                continue
            previous = prev.resolved if prev is not None else None
            q.resolved = resolve(art.speakers, _resolvable(q.source), previous=previous,
                                 previous_kind=kind_at(art.speakers, previous),
                                 since=_extent_end(prev) if prev is not None else None)
        out.append(q)
    return out


def _goes_on_described(prev: _Found | None, q: _Found) -> bool:
    """Whether "he"/"she" right after a described speaker ("a council spokeswoman said") is that speaker:
    one person named by a common noun, in the sentence before, not of the other gender."""
    if prev is None or prev.source is None or prev.resolved is not None or q.source.lower_ not in ("he", "she"):
        return False
    head = prev.source
    lex = person_lexicon()
    if head.tag_ != "NN" or head.lemma_.lower() not in lex.persons | lex.subject_only \
            or q.source.idx - _extent_end(prev) > DESCRIBED_REACH:
        return False  # a person noun ("spokeswoman", "official"), not a body or a thing ("the appeal")
    gender = GENDER_WORDS.get(head.lower_, "")
    return not gender or gender == ("f" if q.source.lower_ == "she" else "m")


def _extent_end(q: _Found) -> int:
    """Where an attribution ends in the text: its words, its cue or its source, whichever is last."""
    ends = [q.end, q.speaker[1] if q.speaker else 0]
    if q.cue is not None:
        ends.append(q.cue.idx + len(q.cue.text))
    return max(ends)


def _resolvable(head: Any) -> Any:
    """The token to resolve a source by: a relative pronoun's antecedent ("the aide, who said")."""
    if head.lower_ in attr.RELATIVE and head.head.dep_ == "relcl":
        return head.head.head
    return head


def _index_article(parse: Any, mentions: list[Mention], model: CueModel) -> _Article:
    text = parse.text  # spaCy rebuilds Doc.text on every access: once per article
    quotes = Regions(quote_spans(text))
    return _Article(parse=parse, text=text, quotes=quotes, offsets=[t.idx for t in parse],
                    speakers=SpeakerIndex.build(parse, mentions, quotes.covers),
                    cue_ids=_find_cues(parse, quotes, model))


def extract_quotes(parse: Any, mentions: list[Mention] | tuple[Mention, ...], *,
                   model: CueModel | None = None) -> list[Quote]:
    """The attributions of a parsed article, with their sources and resolved speakers."""
    art = _index_article(parse, list(mentions), model or load_model())
    direct = _direct_quotes(art)
    taken = {q.cue.i for q in direct if q.cue is not None}
    lines = _transcript(art)
    said = Regions([p for q in lines for p in q.parts])
    direct = [q for q in direct if not said.covers(q.start)]
    taken |= {t.i for q in lines for t in art.tokens_in(q.start, q.end)}
    cued = _cued(art, taken)
    found = _attach(art, _univocal(lines + _unmixed(direct, cued) + cued))
    out = []
    for q in found:
        cue = (q.cue.idx, q.cue.idx + len(q.cue.text)) if q.cue is not None else (None, None)
        if q.cue is not None and q.cue.lower_ == "according" and q.cue.i + 1 < len(art.parse):
            cue = (q.cue.idx, art.parse[q.cue.i + 1].idx + len(art.parse[q.cue.i + 1].text))
        parts = tuple(sorted(set(q.parts)))  # a quoted piece the cued content also holds counts once
        # a quote credited by context has no source phrase of its own: the resolved speaker stands beside
        # it alone (a described speaker keeps its description, the only thing the desk can show)
        speaker = (None, None) if q.carried and q.resolved is not None else q.speaker or (None, None)
        resolved = q.resolved or (None, None)
        out.append(Quote(start=parts[0][0], end=parts[-1][1], kind=q.kind, cue_start=cue[0], cue_end=cue[1],
                         speaker_start=speaker[0], speaker_end=speaker[1],
                         resolved_start=resolved[0], resolved_end=resolved[1],
                         parts=parts if len(parts) > 1 else ()))
    return out


class QuoteStage:
    """Finds quotes and attributions, with their sources and resolved speakers."""

    name = "quotes"
    requires = ("mentions", "parse")
    assigns = ("quotes",)

    def __init__(self, settings: Settings):
        self.settings = settings
        self.model = load_model()
        cues()

    def __call__(self, doc: Document) -> Document:
        found = []
        for w in parse_windows(doc):
            mentions = doc.mentions if is_whole(doc, w) else local(doc.mentions, w)
            found += [shifted(q, w.start) for q in extract_quotes(w.doc, list(mentions), model=self.model)]
        return add_layers(doc, self.assigns, quotes=tuple(found))


__all__ = ["EntityKind", "QuoteStage", "cues", "extract_quotes", "quote_spans"]
