"""Which dates each sentence of an article tells: the dates it mentions, else its article's own day.

Mentioned dates matter more than publication dates: in Timeline17 mentioned
dates cover 93% of the reference dates, publication dates 81% (Gholipour
Ghalandari & Ifrim 2020, "Examining the state-of-the-art in news timeline
summarization"). A sentence naming a day is a candidate for that day; a
sentence naming none is a candidate for the day its article was published, as
in news-tls's date-wise method. The timeline makes its candidates of these
(:mod:`dateline.timeline.candidates`); event clustering compares the dated
sentences of articles without events.

A wire dateline or page timestamp opening a lead ("HOUSTON (Reuters) - ...") is
left out of the cited span: it would spend a line's words on where and when
the copy was filed.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta

from .attach import narrative_offset
from .frames import dateline_end
from ..model import (
    DayBasis,
    Document,
    Modality,
    Precision,
    TimeExpression,
    TimexType,
    sentence_at,
)
from ..termvectors import STOP_WORDS

_DAY = re.compile(r"^(?P<day>\d{4}-\d{2}-\d{2})")
_MONTH = re.compile(r"^(?P<month>\d{4}-\d{2})$")
_WORD = re.compile(r"\w+")

# Sentences outside these bounds are rarely summary material: fragments, captions,
# or run-ons left by a failed split (news-tls drops short sentences the same way).
MIN_WORDS = 5
MAX_WORDS = 60

# How far into an article its own news is told, and how old that news may be (days).
LEAD_SENTENCES = 3
LEAD_MAX_LAG = 3

# Events that did not (or not yet) happen are weaker evidence for their date.
MODALITY_WEIGHT = {
    Modality.HAPPENED: 1.0,
    Modality.PLANNED: 0.5,
    Modality.EXPECTED: 0.5,
    Modality.HYPOTHETICAL: 0.0,
    Modality.NEGATED: 0.0,
}


@dataclass(frozen=True, slots=True)
class SentenceDate:
    """A date one sentence of an article tells, and how the sentence is tied to it."""

    date: str  # "YYYY-MM-DD" or "YYYY-MM"
    precision: Precision
    sentence: int  # index into the document's sentences
    mentioned: bool  # the sentence names the date (else: published on it)
    lag: int  # days from the date to the publication (positive: told afterwards)
    weight: float = 1.0  # evidence strength (modality, planned vs happened)
    skip: int = 0  # characters of the sentence before the line starts (a wire dateline)
    anchor: bool = False  # the sentence names the date only to measure from it ("since Oct. 7")
    line: bool = True  # the sentence stands under this date as a line (else: evidence for the date only)


@dataclass(frozen=True, slots=True)
class LineDay:
    """The day a sentence stands under as a timeline line, how it is known, and the time giving it."""

    day: str  # "YYYY-MM-DD"
    basis: DayBasis  # explicit, inferred or implicit
    timex: int | None = None  # index into Document.timexes (explicit, inferred)


_WEEKDAY_FN = re.compile(r"^=WD (?P<day>[1-7]) 0$")
MAX_FOLLOWS = 4  # "the next day" after "the day before" after ...: a chain longer than this dates nothing


def time_day(doc: Document, k: int, depth: int = 0) -> str:
    """The day time expression ``k`` gives the event it is attached to ("" when none).

    Reads the attachment layer: "the next day" counts from the time of the event
    it follows; a weekday naming a noun ("Tuesday's visit") is resolved by the
    tense of the verb governing the noun, from the publication date.
    """
    att = doc.attachments.times[k] if doc.attachments is not None and k < len(doc.attachments.times) else None
    if att is not None and att.follows is not None:
        base = time_day(doc, att.follows, depth + 1) if depth < MAX_FOLLOWS else ""
        return (date.fromisoformat(base) + timedelta(days=att.offset)).isoformat() if base else ""
    tx = doc.timexes[k]
    wd = _WEEKDAY_FN.match(tx.underspecified or "")
    pub = doc.article.published
    if att is not None and att.tense and wd and pub is not None:
        delta = (int(wd["day"]) - pub.isoweekday()) % 7
        return (pub + timedelta(days=delta) if att.tense == "future" else pub - timedelta(days=(7 - delta) % 7)).isoformat()
    m = _DAY.match(tx.value or "")
    return m["day"] if m else ""


def line_day(doc: Document, index: int) -> LineDay | None:
    """The day sentence ``index`` of ``doc`` stands under as a timeline line (None: no day an editor would sign).

    The attachment layer (:mod:`dateline.extract.attach`) says how the day of
    the sentence's main event is known: a time attached to it (explicit), the
    event it follows (inferred), or the article's own day for undated current
    news (implicit, the publication day). Without that layer: None.
    """
    att = doc.attachments
    if att is None or not 0 <= index < len(att.sentences) or len(att.times) != len(doc.timexes):
        return None
    st = att.sentences[index]
    if st.basis is DayBasis.IMPLICIT:
        a = doc.article
        if a.published is None or a.date_precision not in (None, Precision.DAY):
            return None
        return LineDay(a.published.isoformat(), DayBasis.IMPLICIT)
    if st.basis is DayBasis.INFERRED and st.time is not None and att.times[st.time].follows is None:
        # "a day earlier" after the article's undated news: counted back from the article's own day
        a, offset = doc.article, narrative_offset(doc.timexes[st.time])
        if a.published is None or offset is None or a.date_precision not in (None, Precision.DAY):
            return None
        return LineDay((a.published + timedelta(days=offset)).isoformat(), DayBasis.INFERRED, st.time)
    if st.basis in (DayBasis.EXPLICIT, DayBasis.INFERRED) and st.time is not None:
        day = time_day(doc, st.time)
        return LineDay(day, st.basis, st.time) if day else None
    return None


def date_value(value: str) -> tuple[str, Precision] | None:
    """The day or month a TIMEX3 value names ("2010-04-20T10:00" -> day), else None."""
    if m := _DAY.match(value):
        return m["day"], Precision.DAY
    if m := _MONTH.match(value):
        return m["month"], Precision.MONTH
    return None


# A date governed by one of these is a point others are measured from, not the
# sentence's news: "the third visit since the ninth of June" reports the visit,
# and filing it under 9 June would tell the reader something false. Measured on
# T17 (docs/timeline.md) this costs about .002 AR-2, because recollections of a big
# event share bigrams with the reference line of its day; we accept that for a
# timeline whose lines sit on the right dates.
_ANCHOR = re.compile(
    r"\b(?:since|until|till|before|after|by|from)\s+"
    r"(?:(?:the|an?|last|this|that|early|late|mid|around|about|its|their)\s+)*$", re.I)
ANCHOR_WINDOW = 40  # characters before a time expression searched for its preposition

# What follows a date that names its event: "since the Oct. 7 attack", "since Tuesday's
# vote", "since April 20, when the rig exploded" tell what happened on the date.
_NEXT_WORD = re.compile(r"^(?:\s?['\u2019]s\b|\s*,?\s*(?:when|the day)\b|\s+(?P<word>[a-z][a-z-]*))")


def is_anchor(text: str, start: int, end: int) -> bool:
    """Whether the time expression at [start, end) is only a point to measure from.

    >>> is_anchor("the third visit since the ninth of June and comes", 22, 39)
    True
    >>> is_anchor("since an Oct. 7 cross-border attack", 9, 15)
    False
    >>> is_anchor("dead since Tuesday 's earthquake", 11, 18)
    False
    >>> is_anchor("talks on Thursday", 9, 17)
    False
    """
    if _ANCHOR.search(text[max(0, start - ANCHOR_WINDOW):start]) is None:
        return False
    m = _NEXT_WORD.match(text[end:end + ANCHOR_WINDOW])
    if m is None:
        return True
    word = m["word"]
    return word is not None and word in STOP_WORDS


def _dated_timexes(doc: Document) -> Iterator[tuple[int, tuple[str, Precision], TimeExpression]]:
    """(sentence index, (date value, precision), timex) for every timex that names a date."""
    for t in doc.timexes:
        if t.type not in (TimexType.DATE, TimexType.TIME):
            continue
        dated = date_value(t.value)
        i = sentence_at(doc.sentences, t.start) if dated else None
        if i is not None:
            yield i, dated, t


def anchor_dates(doc: Document) -> dict[int, set[tuple[str, Precision]]]:
    """Per sentence: the dates it names only as anchors (no mention of them reports an event)."""
    anchored: dict[int, set[tuple[str, Precision]]] = {}
    reported: dict[int, set[tuple[str, Precision]]] = {}
    for i, dated, t in _dated_timexes(doc):
        target = anchored if is_anchor(doc.article.text, t.start, t.end) else reported
        target.setdefault(i, set()).add(dated)
    out = {i: ds - reported.get(i, set()) for i, ds in anchored.items()}
    return {i: ds for i, ds in out.items() if ds}


def mentioned_dates(doc: Document) -> dict[int, dict[tuple[str, Precision], float]]:
    """Per sentence index: the dates it mentions, weighted by the modality of its events if known."""
    out: dict[int, dict[tuple[str, Precision], float]] = {}
    for i, dated, _ in _dated_timexes(doc):
        out.setdefault(i, {})[dated] = 1.0
    # the event layer says whether a dated happening is a fact, a plan or a negation; it
    # only weighs dates a time expression of the sentence names (its own fallback dates,
    # such as the publication month, are no evidence), and the most factual event decides
    modal: dict[tuple[int, tuple[str, Precision]], float] = {}
    for event in doc.events if "events" in doc.layers else ():
        dated = date_value(event.date) if event.date else None
        if dated is not None and dated in out.get(event.sentence, {}):
            key = (event.sentence, dated)
            modal[key] = max(modal.get(key, 0.0), MODALITY_WEIGHT.get(event.modality, 1.0))
    for (i, dated), weight in modal.items():
        out[i][dated] = weight
    return out


def _lag(value: str, published: date | None) -> int:
    if published is None:
        return 0
    day = date.fromisoformat(value if len(value) == 10 else value + "-01")
    return (published - day).days


def usable(text: str) -> bool:
    """Whether a sentence can stand alone as a summary line."""
    words = len(_WORD.findall(text))
    return MIN_WORDS <= words <= MAX_WORDS and not text.rstrip().endswith("?")


def own_date(doc: Document, mentions: dict[int, dict[tuple[str, Precision], float]] | None = None) -> str | None:
    """The day an article reports: a recent day its lead names, else its publication day.

    The lead of a news report tells its news (the inverted pyramid; Bell 1991,
    "The Language of News Media"), so a report published on Wednesday whose
    lead says "on Tuesday" is Tuesday's news.
    """
    a = doc.article
    if a.published is None or a.date_precision not in (None, Precision.DAY):
        return None
    # only the lead is read: without the whole document's mentions at hand, work out the lead's alone
    mentions = mentioned_dates(lead_only(doc)) if mentions is None else mentions
    for s in doc.sentences[:LEAD_SENTENCES]:
        days = [v for (v, p), w in mentions.get(s.index, {}).items()
                if p is Precision.DAY and w >= 1.0 and 0 <= _lag(v, a.published) <= LEAD_MAX_LAG]
        if days:
            return max(days)
    return a.published.isoformat()


def lead_only(doc: Document) -> Document:
    """The document cut to its lead: all :func:`own_date` reads, so candidates can keep it instead of the article.

    Ranking dates over a large store holds every matching article's candidates
    at once; cut to their leads, they hold a few sentences each, not the text.
    """
    lead = doc.sentences[:LEAD_SENTENCES]
    end = lead[-1].end if lead else 0
    timexes = tuple(t for t in doc.timexes if t.end <= end)
    att = doc.attachments
    if att is not None:  # the lead's times come first in the layer; "the next day" follows an earlier one
        att = replace(att, times=att.times[:len(timexes)], sentences=att.sentences[:len(lead)])
    return replace(doc, article=replace(doc.article, text=doc.article.text[:end]), sentences=lead,
                   timexes=timexes, events=tuple(e for e in doc.events if e.sentence < len(lead)), attachments=att)


def sentence_dates(doc: Document, only: Collection[int] | None = None) -> Iterator[SentenceDate]:
    """Every (sentence, date) pair of one document; ``line`` marks the day the sentence stands under.

    Every date a sentence names is evidence for that date (the date ranker
    counts them); only the day of its main event, from the attachment layer
    (:func:`line_day`), makes it a line of that day. An undated sentence of
    current news is a line of its article's own day. A document without the
    attachment layer (a store analysed before it existed) files a sentence
    under each date it names but anchors, else under the article's own day.
    ``only``: the indexes of the sentences to consider (a query keeps few of them); None: all.
    """
    a = doc.article
    mentions = mentioned_dates(doc)
    attached = doc.attachments is not None and len(doc.attachments.sentences) == len(doc.sentences)
    pub = own_date(doc, mentions) if not attached else None
    anchors = anchor_dates(doc)
    for s in doc.sentences:
        if only is not None and s.index not in only:
            continue
        text = a.text[s.start:s.end]
        if text == a.title:
            continue
        skip = dateline_end(text)  # a line starts after the wire dateline, which says nothing new
        if not usable(text[skip:]):
            continue
        if attached:
            yield from _attached_dates(doc, s.index, mentions.get(s.index, {}), anchors.get(s.index, set()), skip)
            continue
        dated = mentions.get(s.index)
        anchored = anchors.get(s.index, set())
        if dated:
            for (value, precision), weight in dated.items():
                # a date after the publication (lag < 0) is a plan or a forecast: the summariser
                # and the date ranker weigh that themselves (SummaryParams.future_weight)
                if weight > 0:
                    anchor = (value, precision) in anchored
                    yield SentenceDate(value, precision, s.index, True, _lag(value, a.published), weight, skip,
                                       anchor=anchor, line=not anchor)
        # a sentence naming no date, or only anchors, reports on its article's own day
        if pub and (not dated or set(dated) <= anchored):
            yield SentenceDate(pub, Precision.DAY, s.index, False, _lag(pub, a.published), 1.0, skip)


def _attached_dates(doc: Document, index: int, dated: dict[tuple[str, Precision], float],
                    anchored: set[tuple[str, Precision]], skip: int) -> Iterator[SentenceDate]:
    """The dates of one sentence of a document with the attachment layer: evidence, and its line day."""
    published = doc.article.published
    line = line_day(doc, index)
    st = doc.attachments.sentences[index]
    coarse = st.reason == "coarse"  # dated by a month: a line of that month's background entry
    for (value, precision), weight in dated.items():
        if weight <= 0:
            continue
        is_line = line is not None and line.basis is not DayBasis.IMPLICIT and value == line.day
        is_line |= coarse and precision is not Precision.DAY
        yield SentenceDate(value, precision, index, True, _lag(value, published), weight, skip,
                           anchor=(value, precision) in anchored, line=is_line)
    if line is None:
        return
    if line.basis is DayBasis.IMPLICIT:
        yield SentenceDate(line.day, Precision.DAY, index, False, _lag(line.day, published), 1.0, skip, line=True)
    elif (line.day, Precision.DAY) not in dated:  # "the next day": a day the sentence names only through its anchor
        yield SentenceDate(line.day, Precision.DAY, index, True, _lag(line.day, published), 1.0, skip, line=True)
