"""The time-attachment layer: what each time expression dates, and the day each sentence stands under.

A timeline line belongs under the day of its sentence's *main event*, not under
any date the sentence names: "the president's first comment on a massacre in
which 108 people were killed on Friday" is not Friday's news. So each time
expression is tied, through the dependency parse, to the word it modifies
(TimeML's TLINKs between a timex and the event of its own clause, Pustejovsky
et al. 2003; the attachment of temporal adjuncts of Bethard & Martin 2007,
"CU-TMP: temporal relation classification using syntactic and semantic
features"), and that word's clause says whose time it is:

* the sentence's main predicate (or a main clause coordinated with it);
* for "X said (on D1) that Y (happened on D2)", the saying and the reported event;
* a subordinate predicate (relative, adverbial, complement clauses), a noun
  ("the vote on Sunday", "Tuesday's visit"), or a bound ("since", "until",
  "after X on D"): these date other events, and stay on the line as evidence;
* a headline, timestamp or wire dateline run into the sentence.

Each sentence then gets its main event(s) and how its day is known: explicit (a
time dates the main event), inferred ("the next day" after a dated event),
implicit (undated current news: its article's own day) or none, with the
reason. When unsure, none: the desk shows less and says so (precision first).

The parse-reading half (the main clause, what a time hangs from) is
:mod:`dateline.extract.clauses`; this module decides each sentence's day.

The layer stores indexes and roles, not days: a day is read when asked
(:func:`dateline.extract.sentence_dates.line_day`), from the time expressions
as they are then, because the dating corpus stage may resolve an undated
article's times later.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model import (
    Attachments,
    DayBasis,
    Document,
    Modality,
    Predicate,
    Sentence,
    SentenceTime,
    TimeAttachment,
    TimeExpression,
    TimeRole,
    TimexType,
    add_layers,
)
from ..settings import Settings
from .events import modality
from .clauses import VERBS, Clauses, attach_time, clause_mark, find_clauses, lexicon, tense, top_token
from .frames import dateline_end, is_credit, is_frame
from .windowed import Window, parse_windows

_DATE_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}")
# "the next day", "that day", "hours later": resolved from the last date the text named ("narr")
_NARRATIVE = re.compile(r"^=OFF (?P<unit>[DH]) (?P<dir>[+-]\d+) narr(?: (?P<count>\d+))?$")
MAX_HOURS_SAME_DAY = 3  # "two hours later" is the same day; "eleven hours later" may not be


# -- the sentence's time --------------------------------------------------------------------------
def _day(tx: TimeExpression) -> str:
    m = _DATE_VALUE.match(tx.value or "")
    return m.group(0) if m else ""


# A day still waiting for the publication date: "Thursday" or "7 October" in an undated article
_UNANCHORED_DAY = re.compile(r"^XXXX-(?:\d\d-\d\d|WXX-[1-7])")


def _names_day(tx: TimeExpression) -> bool:
    """Whether a time names a day, resolved or not yet (the dating corpus stage may anchor it later)."""
    return bool(_day(tx) or _UNANCHORED_DAY.match(tx.value or "") or (tx.underspecified or "").startswith("=WD"))


def narrative_offset(tx: TimeExpression) -> int | None:
    """Days from the event a "the next day"-kind expression follows (None: not one, or too vague to say).

    >>> narrative_offset(TimeExpression(0, 12, TimexType.DATE, "", underspecified="=OFF D +1 narr"))
    1
    """
    m = _NARRATIVE.match(tx.underspecified or "")
    if m is None:
        return None
    count = int(m["count"] or 1)
    if m["unit"] == "H":
        return 0 if count <= MAX_HOURS_SAME_DAY else None
    return int(m["dir"]) * count if m["dir"] not in ("+0", "-0") else 0


def _measured_from_event(tx: TimeExpression) -> bool:
    """Whether a time is counted from an event the text gives no day for ("two days after the explosion")."""
    return (tx.value or "").startswith("XXXX-XX-XX") and (tx.underspecified or "").startswith("=EVT")


def is_narrative(tx: TimeExpression) -> bool:
    """Whether a time counts from the event before it ("the next day", "eleven hours later"): alone it dates nothing."""
    return _NARRATIVE.match(tx.underspecified or "") is not None


@dataclass
class _SentenceFacts:
    """What the decision reads of one sentence: its clauses and its times (indexes into the layer)."""

    clauses: Clauses
    times: list[int]  # indexes of the sentence's time expressions
    frame: bool = False  # the sentence is a frame: a timestamp or dateline before its lead
    bounded: frozenset[int] = frozenset()  # times on a noun inside a since/after/until phrase ("since the fire on D")
    sourced: tuple[int, ...] = ()  # times dating the source of the news ("according to papers released on D")
    from_news: set[int] = field(default_factory=set)  # "a day earlier" after undated news: counted from its day
    spread: bool = False  # the main event spans a stretch of days ("in the days after ...")
    planned: frozenset[int] = frozenset()  # times on a verb that is planned or forecast ("are to reopen on D")
    stretch: frozenset[int] = frozenset()  # times naming a stretch the event ran over ("over Christmas")
    heading: int | None = None  # a day heading a chronology's entry ("June 3 - the ferry company cuts ...")


def decide(facts: _SentenceFacts, times: Sequence[TimeAttachment], timexes: Sequence[TimeExpression],
           sentence: int, published: str | None = None) -> SentenceTime:
    """The main events of a sentence and how its day is known (see the module's rules)."""
    c = facts.clauses
    if c.main is None:
        return SentenceTime(sentence, reason="frame" if facts.frame else "no_event")
    events = _events(c)
    if facts.heading is not None and _names_day(timexes[facts.heading]) and not is_narrative(timexes[facts.heading]):
        # a chronology's entry: the day before the dash dates the whole entry, whatever the parse hung it on
        return _dated(sentence, events, [facts.heading], times, timexes)
    if c.saying is None and clause_mark(c.main) in lexicon().sequence:
        # "Once engineers closed the valve on Monday, that left ..." parsed with the "once" clause as the main
        # one: the sentence's main event is not the one found, and its day is not known
        return SentenceTime(sentence, events, reason="unsure")
    by_role: dict[TimeRole, list[int]] = {}
    for k in facts.times:
        by_role.setdefault(times[k].role, []).append(k)
    for role in ((TimeRole.SAYING, TimeRole.REPORTED) if c.saying is not None else (TimeRole.MAIN,)):
        dated = [k for k in by_role.get(role, ()) if times[k].follows is not None or k in facts.from_news
                 or (_names_day(timexes[k]) and not is_narrative(timexes[k]))]
        if role is TimeRole.REPORTED and (not _happened(c.reported[0]) or _irrealis(c.reported[0]) is not None):
            continue  # "said the storm would hit (was expected to hit) on Friday": a forecast is not the news
        if role is TimeRole.MAIN and _irrealis(c.main) is not None:
            continue  # "is scheduled to visit on Friday": the plan is news the day it is told, not on Friday
        if role is TimeRole.MAIN and dated and set(dated) <= facts.planned:
            # "... are to reopen on Wednesday" hung on the main clause: the plan is news the day it is told
            return SentenceTime(sentence, events, DayBasis.IMPLICIT)
        if dated and set(dated) <= facts.stretch:
            return SentenceTime(sentence, events, reason="coarse")  # "over Christmas": days, not one day
        if dated:
            kept = [k for k in dated if k not in facts.planned and k not in facts.stretch]
            return _dated(sentence, events, kept or dated, times, timexes)
        if any(_measured_from_event(timexes[k]) for k in by_role.get(role, ())):
            # "it sank two days after the explosion": a day counted from an event the text does not date
            return SentenceTime(sentence, events, reason="unanchored")
        coarse = [k for k in by_role.get(role, ()) if timexes[k].value[:1].isdigit() and not _names_day(timexes[k])]
        if coarse and role is not TimeRole.REPORTED:
            return SentenceTime(sentence, events, reason="coarse")
    narrative = [k for k in facts.times if is_narrative(timexes[k]) and times[k].follows is None
                 and k not in facts.from_news and times[k].role is not TimeRole.FRAME]
    if narrative:
        return SentenceTime(sentence, events, reason="unanchored")
    if facts.spread:
        return SentenceTime(sentence, events, reason="coarse")  # "in the days after the rig sank, BP began ..."
    sourced = [k for k in facts.sourced if _names_day(timexes[k]) and not is_narrative(timexes[k])]
    if sourced:
        # "..., according to an affidavit made public on Monday": the only day the text gives the news
        # is its dated source's (the rubric's "undated complement, dated source")
        return _dated(sentence, events, sourced, times, timexes)
    undated = _undated(sentence, events, c)
    if undated.basis is DayBasis.IMPLICIT and _other_day(facts, times, timexes, published):
        # "the rollout Wednesday morning was labelled ...", "said on Wednesday BP should ..." parsed with the
        # weekday on a noun: a bare day by a noun is often an adverb the parse hung on the wrong word, so the
        # undated main event may be that day's news; unsure, no day (a date in a clause is left to the rubric's
        # rule: the report's day)
        return SentenceTime(sentence, events, reason="unsure")
    return undated


def _other_day(facts: _SentenceFacts, times: Sequence[TimeAttachment], timexes: Sequence[TimeExpression],
               published: str | None) -> bool:
    """Whether a noun of the sentence is dated by a day other than the publication day."""
    for k in facts.times:
        if times[k].role is TimeRole.NOUN and k not in facts.bounded and _names_day(timexes[k]) \
                and not is_narrative(timexes[k]) and (published is None or _day(timexes[k]) != published):
            return True
    return False


def _events(c: Clauses) -> tuple[Predicate, ...]:
    def pred(tok: Any, part: str) -> Predicate:
        return Predicate(tok.idx, tok.idx + len(tok.text), part)

    if c.saying is not None:
        return (pred(c.saying, "saying"), *(pred(r, "reported") for r in c.reported))
    return (pred(c.main, "main"),)


def _dated(sentence: int, events: tuple[Predicate, ...], dated: list[int], times: Sequence[TimeAttachment],
           timexes: Sequence[TimeExpression]) -> SentenceTime:
    """Explicit (or inferred) day: the first time of the main event; coordinated main clauses may differ."""
    # a bare clock time ("at 11:40 pm") takes its day from the publication date: a day named beside it wins
    first = min(dated, key=lambda k: ((timexes[k].underspecified or "").startswith("=TIME"), timexes[k].start))
    basis = DayBasis.INFERRED if times[first].follows is not None or is_narrative(timexes[first]) else DayBasis.EXPLICIT
    return SentenceTime(sentence, events, basis, first)


def _happened(verb: Any) -> bool:
    """Whether a clause reports something that happened: not planned, forecast, wished or denied."""
    lex = lexicon()
    kids = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass", "neg")}
    if kids & (lex.future | lex.modal | {"not", "n't", "never"}):
        return False
    return verb.tag_ in ("VBD", "VBN") or bool(kids & {"has", "have", "had", "was", "were"})


def _irrealis(verb: Any) -> Modality | None:
    """The modality of a main clause that did not (yet) happen: its verb's, or an infinitive complement's."""
    # the verb, an infinitive complement ("is scheduled to visit"), or one under an adjective ("was likely to reopen")
    under_adj = (x for a in verb.children if a.dep_ == "acomp" for x in a.children if x.dep_ == "xcomp")
    for v in (verb, *(x for x in (*verb.children, *under_adj) if x.dep_ == "xcomp" and x.pos_ in VERBS)):
        mod = modality(v)
        if mod is not Modality.HAPPENED:
            return mod
    return None


def _undated(sentence: int, events: tuple[Predicate, ...], c: Clauses) -> SentenceTime:
    """A sentence whose main event no time dates: its article's news of the day, or no day at all."""
    lex = lexicon()
    verb = c.saying if c.saying is not None else c.main
    kids = {k.lower_ for k in verb.children if k.dep_ in ("aux", "auxpass", "neg")}
    if kids & {"not", "n't", "never"}:
        return SentenceTime(sentence, events, reason="negated")
    if kids & lex.modal:
        return SentenceTime(sentence, events, reason="generic")
    mod = _irrealis(verb) if c.saying is None else None
    if mod in (Modality.PLANNED, Modality.EXPECTED):
        return SentenceTime(sentence, events, DayBasis.IMPLICIT)  # a plan told: the day it was told
    if mod is not None:
        return SentenceTime(sentence, events, reason="generic" if mod is Modality.HYPOTHETICAL else "negated")
    lemma = verb.lemma_.lower()
    if lemma in lex.states and c.saying is None and not (kids & {"has", "have"} and verb.tag_ == "VBN"):
        return SentenceTime(sentence, events, reason="state")
    if verb.pos_ not in VERBS:
        return SentenceTime(sentence, events, reason="no_event")
    if verb.tag_ in ("VBP", "VBZ", "VB") and c.saying is None and not kids:
        return SentenceTime(sentence, events, reason="generic")  # "flu viruses mutate": habitual, or a headline
    if verb.tag_ == "VBP" and not kids and any(k.dep_ == "nsubj" and k.lower_ in ("i", "we") for k in verb.children):
        return SentenceTime(sentence, events, reason="no_event")  # "I suggest you look ...": a speaker's view, quoted
    return SentenceTime(sentence, events, DayBasis.IMPLICIT)


# -- the article ----------------------------------------------------------------------------------
def _windows_of(doc: Document) -> Iterator[tuple[Window, list[Sentence]]]:
    """Each parse window with the sentences that start inside it."""
    sentences = list(doc.sentences)
    i = 0
    for w in parse_windows(doc):
        mine = []
        while i < len(sentences) and sentences[i].start < w.end:
            mine.append(sentences[i])
            i += 1
        yield w, mine


def attach(doc: Document) -> Attachments:
    """The attachment layer of a parsed document with sentences and time expressions."""
    timexes = doc.timexes
    published = doc.article.published.isoformat() if doc.article.published is not None else None
    times: list[TimeAttachment] = [TimeAttachment(k, TimeRole.UNATTACHED) for k in range(len(timexes))]
    sentences: list[SentenceTime] = []
    pos = 0
    for window, mine in _windows_of(doc):
        for s in mine:
            while pos < len(timexes) and timexes[pos].start < s.start:
                pos += 1
            mine_times = []
            while pos < len(timexes) and timexes[pos].start < s.end:
                mine_times.append(pos)
                pos += 1
            facts = _sentence(doc, window, s, mine_times, times)
            _anchor_narrative(facts, times, timexes, sentences[-1] if sentences else None)
            sentences.append(decide(facts, times, timexes, s.index, published))
    return Attachments(tuple(times), tuple(sentences))


def _sentence(doc: Document, window: Window, s: Sentence, mine: list[int],
              times: list[TimeAttachment]) -> _SentenceFacts:
    """Attach the times of one sentence (filling ``times``) and find its clauses."""
    base = window.start
    span = window.doc.char_span(max(s.start, base) - base, min(s.end, window.end) - base, alignment_mode="expand")
    if span is None or len(span) == 0:
        return _SentenceFacts(Clauses(), mine)
    text = doc.article.text[s.start:s.end]
    if is_frame(text) or _caption(doc, s):  # a timestamp, wire dateline or credit split from its lead; a caption
        for k in mine:
            times[k] = TimeAttachment(k, TimeRole.FRAME)
        return _SentenceFacts(Clauses(), mine, frame=True)
    clauses = find_clauses(span, dateline_end(text))
    bounded, sourced, planned, stretch = set(), [], set(), set()
    for k in mine:
        tx = doc.timexes[k]
        local = TimeExpression(tx.start - base, tx.end - base, tx.type, tx.value)
        role, head, verb_tense = attach_time(span, local, clauses)
        hs, he = (head.idx + base, head.idx + base + len(head.text)) if head is not None else (None, None)
        times[k] = TimeAttachment(k, role, hs, he, verb_tense)
        if role is TimeRole.NOUN and _under_bound(head):
            bounded.add(k)
        if head is not None and role in (TimeRole.NOUN, TimeRole.SUBORDINATE) and _in_source(head):
            sourced.append(k)
        if role is TimeRole.MAIN and head is not None and _planned(head):
            planned.add(k)
        if _over_stretch(span, local):
            stretch.add(k)
    _within_times(doc, mine, times)
    return _SentenceFacts(clauses, mine, bounded=frozenset(bounded), sourced=tuple(sourced),
                          spread=_spread(clauses), planned=frozenset(planned), stretch=frozenset(stretch),
                          heading=_heading(doc, s, mine))


# a chronology's entry: a day alone before a dash or colon at the start of the sentence ("June 3 - ...")
_HEADING_AFTER = re.compile(r"\s*[-\u2013\u2014:]\s")


def _heading(doc: Document, s: Sentence, mine: list[int]) -> int | None:
    """The time heading the sentence as a chronology's entry, if one does."""
    if not mine:
        return None
    tx = doc.timexes[mine[0]]
    text = doc.article.text
    if any(ch.isalnum() for ch in text[s.start:tx.start]):
        return None
    return mine[0] if _HEADING_AFTER.match(text, tx.end, s.end) else None


def _over_stretch(span: Any, tx: TimeExpression) -> bool:
    """Whether a time is the object of "over" or "throughout": a stretch of days the event ran over."""
    tx_span = span.doc.char_span(tx.start, tx.end, alignment_mode="expand")
    if tx_span is None or len(tx_span) == 0:
        return False
    top = top_token(tx_span)
    while top.dep_ == "conj" and top.head.i != top.i:  # "between April 23 and 28": the second end too
        top = top.head
    return top.dep_ == "pobj" and top.head.lower_ in lexicon().stretch_preps


def _planned(verb: Any) -> bool:
    """Whether the verb a time hangs from is a plan or forecast ("are to reopen", "will vote")."""
    return tense(verb) == "future" or _irrealis(verb) in (Modality.PLANNED, Modality.EXPECTED)


def _caption(doc: Document, s: Sentence) -> bool:
    """Whether a sentence is a photo's caption: the next sentence opens with the photo's credit."""
    nxt = doc.sentences[s.index + 1] if s.index + 1 < len(doc.sentences) else None
    return nxt is not None and is_credit(doc.article.text[nxt.start:nxt.end])


def _in_source(tok: Any) -> bool:
    """Whether a word sits in an "according to" phrase: the source the sentence's news is told by."""
    node = tok
    for _ in range(10):
        if node.lower_ == "according" and node.dep_ == "prep":
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _spread(clauses: Clauses) -> bool:
    """Whether the main event is spread over a stretch ("in the days after ...", "over the following weeks")."""
    lex = lexicon()
    verb = clauses.saying if clauses.saying is not None else clauses.main
    if verb is None:
        return False
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in lex.spread_preps:
            if any(n.dep_ == "pobj" and n.tag_ == "NNS" and n.lemma_.lower() in lex.spread_units for n in prep.children):
                return True
    return False


def _under_bound(noun: Any) -> bool:
    """Whether a noun is what "since" measures from ("since the fire on D", "since the April 20 explosion").

    Only "since": "by", "after" or "until" also open agents, sequences and deadlines, whose dates the
    undated main event may well share.
    """
    return noun.dep_ == "pobj" and noun.head.lower_ == "since"


def _within_times(doc: Document, mine: list[int], times: list[TimeAttachment]) -> None:
    """A day on a word of another time ("10:54 pm on 20 Jan", "11.50 am on Friday") dates what that time dates."""
    for k in mine:
        t = times[k]
        if t.role is not TimeRole.NOUN or t.head_start is None:
            continue
        for j in mine:
            other = doc.timexes[j]
            if j != k and other.start <= t.head_start < other.end and times[j].role is not TimeRole.NOUN:
                o = times[j]
                times[k] = TimeAttachment(k, o.role, o.head_start, o.head_end, o.tense)
                break


def _anchor_narrative(facts: _SentenceFacts, times: list[TimeAttachment], timexes: Sequence[TimeExpression],
                      previous: SentenceTime | None) -> None:
    """Tie each "the next day" of the sentence to the time of the event it follows, when there is one.

    That event is an earlier dated main event of the same sentence ("heard her
    on Thursday and, a day later, dug her out"), else the previous sentence's
    main event when a time dates it; never a subordinate date, nor one further back.
    """
    main_roles = (TimeRole.MAIN, TimeRole.SAYING, TimeRole.REPORTED)
    for k in facts.times:
        offset = narrative_offset(timexes[k])
        if offset is None or times[k].role not in main_roles:
            continue
        earlier = [j for j in facts.times if j < k and times[j].role in main_roles and _names_day(timexes[j])
                   and not is_narrative(timexes[j])]
        if earlier:
            follows = earlier[-1]
        elif previous is not None and previous.time is not None and previous.basis is DayBasis.EXPLICIT:
            follows = previous.time
        else:
            if previous is not None and previous.basis is DayBasis.IMPLICIT and offset < 0:
                # "A day earlier, the chief said ..." after the day's undated news: a day before the article's
                # day (the line reads it so: follows stays None); "the next day" after it would be the future,
                # and "that day" names a day the undated sentence did not
                facts.from_news.add(k)
            continue
        t = times[k]
        times[k] = TimeAttachment(t.timex, t.role, t.head_start, t.head_end, t.tense, follows, offset)


class AttachmentStage:
    """Ties every time expression to the predicate or noun it modifies and every sentence to its line day."""

    name = "attachments"
    requires = ("sentences", "timexes", "parse")
    assigns = ("attachments",)

    def __init__(self, settings: Settings | None = None):
        self.settings = settings
        lexicon()

    def __call__(self, doc: Document) -> Document:
        return add_layers(doc, self.assigns, attachments=attach(doc))
