"""Days of events as the dated articles of a corpus give them, for "N days after the <event>".

An undated report may count from an event it never dates ("on Thursday, eleven
days after the dam collapse"). A dated article of the same corpus may date it:
a day governed by the event noun or a verb of the same stem ("the dam
collapsed on Sunday night", "the March 2 collapse"). When the dated mentions
agree, the offset fixes a day; the weekday the report names beside the offset
must be that day's, or nothing is concluded. Pure functions;
:mod:`dateline.corpus.date_inference` turns the result into a decision.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from ...model import DateSource, Document, TimeExpression
from . import anchors as ev

_DAY = re.compile(r"^(\d{4}-\d\d-\d\d)")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# the weekday a report names right before the offset: "on Thursday, eleven days after ..."
_WEEKDAY_BEFORE = re.compile(r"\b(?P<wd>" + "|".join(_WEEKDAYS) + r")\b[^.;:!?]{0,12}$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class EventDay:
    """A dated article's mention of an event on a day."""

    value: str  # "2025-03-02"
    article: str
    start: int
    end: int
    published: date


@dataclass(frozen=True, slots=True)
class OffsetFinding:
    """What a corpus says about one "N units after the <event>" of an undated article."""

    timex: TimeExpression
    noun: str
    day: date | None  # the day the offset names, when the corpus dates the event
    event_day: str  # "2025-03-02", or "" when no dated mention was found
    mentions: tuple[EventDay, ...]
    weekday: str  # the weekday named beside the offset ("" if none)
    agrees: bool  # the named weekday is the day's weekday


def _sentence_of(text: str, pos: int) -> str:
    start = max(text.rfind(".", 0, pos), text.rfind("\n", 0, pos)) + 1
    end = min([i for i in (text.find(".", pos), text.find("\n", pos)) if i >= 0] or [len(text)])
    return text[start:end].lower()


def _modifier(text: str, t: TimeExpression, noun: str) -> str:
    """The word before the event noun in the offset ("dam" in "after the dam collapse")."""
    m = re.search(rf"\b(?:the|that|this)\s+(?P<mod>[\w-]+)\s+{re.escape(noun)}\b", text[t.start : t.end], re.I)
    return m.group("mod").lower() if m else ""


@dataclass(frozen=True, slots=True)
class IndexedDay:
    """A day timex of a dated article with a word that governs it, as the corpus indexes it."""

    word: str  # the governing word ("collapse", "collapsed")
    day: EventDay
    sentence: str  # the sentence of the timex, lower-cased, for the modifier check


def event_days_of(doc: Document) -> list[IndexedDay]:
    """Every day timex of a source-dated article, once per word governing it."""
    a = doc.article
    if a.published is None or a.date_source is DateSource.INFERRED:
        return []  # only dates read from the source vouch for others
    out = []
    for t in doc.timexes:
        m = _DAY.match(t.value)
        if not m:
            continue
        day = EventDay(m.group(1), a.id, t.start, t.end, a.published)
        sentence = _sentence_of(a.text, t.start)
        out += [IndexedDay(w, day, sentence) for w in dict.fromkeys(ev.governing_words(a.text, t))]
    return out


def word_forms(noun: str) -> set[str]:
    """The words :func:`anchors.is_form_of` accepts for ``noun`` (to look them up in an index)."""
    noun = noun.lower()
    noun = noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun
    stem = noun[:-1] if noun.endswith("e") else noun
    return {noun, noun + "s", noun + "es", stem + "ed", stem + "ing", noun + "d"}


def matching_days(indexed: Iterable[IndexedDay], noun: str, modifier: str = "") -> list[EventDay]:
    """The days of ``indexed`` tied to ``noun`` (and to ``modifier`` in the same sentence), once per timex."""
    out: dict[tuple[str, int], EventDay] = {}
    for item in indexed:
        if not ev.is_form_of(item.word, noun):
            continue
        if modifier and not re.search(rf"\b{re.escape(modifier)}s?\b", item.sentence):
            continue
        out.setdefault((item.day.article, item.day.start), item.day)
    return list(out.values())


def event_mentions(corpus: Sequence[Document], noun: str, modifier: str = "") -> list[EventDay]:
    """Days that dated articles tie to ``noun`` (and, if given, to ``modifier`` in the same sentence)."""
    return matching_days((i for doc in corpus for i in event_days_of(doc)), noun, modifier)


EventLookup = Callable[[str, str], list[EventDay]]  # (noun, modifier) -> dated mentions


def corpus_lookup(corpus: Sequence[Document]) -> EventLookup:
    """An event lookup over documents held in memory."""
    indexed = [i for doc in corpus for i in event_days_of(doc)]
    return lambda noun, modifier: matching_days(indexed, noun, modifier)


def offset_nouns(timexes: Sequence[TimeExpression]) -> list[str]:
    """The event nouns of the offsets ("eleven days after the collapse") the text leaves undated."""
    return [t.underspecified.split()[4] for t in timexes
            if t.rule == "offset_from_event" and not _DAY.match(t.value) and len(t.underspecified.split()) >= 5]


def find_offsets(doc: Document, timexes: Sequence[TimeExpression], lookup: EventLookup) -> list[OffsetFinding]:
    """The offsets from events in ``doc`` that its own text leaves undated, with the corpus' answer."""
    text = doc.article.text
    out = []
    for t in timexes:
        if t.rule != "offset_from_event" or _DAY.match(t.value):
            continue
        _, n, unit, direction, noun = t.underspecified.split()[:5]
        mentions = lookup(noun, _modifier(text, t, noun))
        votes = Counter(m.value for m in mentions)
        event_day, count = votes.most_common(1)[0] if votes else ("", 0)
        day = None
        # the dated articles must agree by a clear majority, and the count must be a number ("days after": no)
        if event_day and count * 2 > len(mentions) and n[0].isdigit():
            p = ev.offset_from(date.fromisoformat(event_day), int(float(n)), unit, -1 if direction.startswith("-") else 1)
            day = p.day if p is not None else None
        wd = _WEEKDAY_BEFORE.search(text, max(0, t.start - 40), t.start)
        weekday = wd.group("wd").capitalize() if wd else ""
        agrees = bool(day and weekday and _WEEKDAYS[day.weekday()] == weekday.lower())
        out.append(OffsetFinding(t, noun, day, event_day, tuple(m for m in mentions if m.value == event_day), weekday, agrees))
    return out
