"""Event-anchored times: "the 167th day of the war", "a week after the attack".

An anchor is a resolved day that the text ties to an event: a date followed by
an event noun ("an Oct. 7 cross-border attack"), or the start of an ongoing
state ("since Oct. 7"). Counts are taken from the anchor with day 1 being the
anchor's own day, as news counts the days of a war or a strike.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ...model import TimeExpression
from .calendar import UNIT_GRAN, Gran, Point, shift

_NOUN = (
    r"war|wars|attack|attacks|assault|invasion|strike|strikes|siege|offensive|incursion|occupation|"
    r"blockade|election|vote|referendum|summit|talks|meeting|conference|ceasefire|cease-fire|truce|"
    r"earthquake|quake|explosion|blast|bombing|bombings|coup|crash|shooting|massacre|raid|storm|"
    r"hurricane|flood|fire|outbreak|pandemic|protest|protests|uprising|revolution|crisis|conflict|"
    r"campaign|operation|lockdown|shutdown|standoff|hostilities|fighting|"
    r"collapse|collapses|derailment|eruption|landslide|blackout|outage|killing|murder|arrest|verdict|ruling|resignation|sinking|spill|tsunami|tornado|cyclone|typhoon|avalanche|accident|collision"
)
# "an Oct. 7 cross-border attack", "the Oct. 7 attacks"
_NOUN_AFTER = re.compile(rf"\s*(?:[\w-]+\s+){{0,2}}?(?P<noun>{_NOUN})\b", re.IGNORECASE)
# "since Oct. 7", "since an Oct. 7 attack", "the war that began on Oct. 7"
_SINCE_BEFORE = re.compile(
    r"\b(?:since|began|begun|started|erupted|broke out|launched)\s+(?:(?:on|in)\s+)?(?:(?:an?|the)\s+)?$",
    re.IGNORECASE,
)
_NOUN_BEFORE = re.compile(rf"\b(?P<noun>{_NOUN})\s+(?:\w+\s+){{0,3}}?(?:on|of)\s+$", re.IGNORECASE)
_DAY = re.compile(r"^(?P<y>\d{4}|XXXX)-(?P<m>\d\d)-(?P<d>\d\d)$")


@dataclass(frozen=True, slots=True)
class EventAnchor:
    """A day the text ties to an event; ``value`` may lack its year ("XXXX-10-07")."""

    start: int
    end: int
    value: str
    noun: str  # the event noun, lower-cased ("attack"); "" when only "since" ties it
    since: bool  # the date starts an ongoing state


def find_anchors(text: str, timexes: Sequence[TimeExpression]) -> list[EventAnchor]:
    """Days in ``timexes`` that the surrounding words tie to an event."""
    out = []
    for t in timexes:
        if not _DAY.match(t.value):
            continue
        before = text[max(0, t.start - 40) : t.start]
        since = bool(_SINCE_BEFORE.search(before))
        after = _NOUN_AFTER.match(text, t.end, min(len(text), t.end + 40))
        noun = after.group("noun").lower() if after else ""
        if not noun:
            nb = _NOUN_BEFORE.search(before)
            noun = nb.group("noun").lower() if nb else ""
        if since or noun:
            out.append(EventAnchor(t.start, t.end, t.value, noun, since))
    return out


# the word right before a day, past prepositions and parts of the day: "collapsed on Sunday night"
_GOVERNOR = re.compile(r"\b(?P<word>[A-Za-z]+)\s+(?:(?:on|in|at|during|late|early|overnight)\s+)*$")
# the noun right after a day: "the March 2 collapse", "Sunday's collapse"
_MODIFIED = re.compile(r"(?:[’']s)?\s+(?P<word>[A-Za-z]+)")


# the head of a relative clause that holds the day: "the flood that swept the town on
# May 4" (the clause may not cross a sentence or another clause's punctuation)
_RELATIVE_HEAD = re.compile(r"\b(?P<head>[A-Za-z-]+)\s+(?:that|which)\s+[^.;:!?,()]{0,60}$")
# "one" as the head stands for a noun said just before: "a flood as bad as the one that ..."
_PRO_FORM = {"one", "ones"}
_ANTECEDENT = re.compile(r"(?<![A-Za-z-])[A-Za-z-]+")


def governing_words(text: str, t: TimeExpression) -> tuple[str, ...]:
    """The words that tie the day ``t`` to what happened on it (lower-cased).

    The word right before the day ("collapsed on Sunday"), the noun right after
    it ("the March 2 collapse") and the head of a relative clause that holds it
    ("the storm that hit the coast on March 2"); for a head "one", the words of
    its antecedent ("a storm twice as strong as the one that hit ...").
    """
    words = []
    before = _GOVERNOR.search(text, max(0, t.start - 40), t.start)
    if before:
        words.append(before.group("word").lower())
    after = _MODIFIED.match(text, t.end, min(len(text), t.end + 30))
    if after:
        words.append(after.group("word").lower())
    rel = _RELATIVE_HEAD.search(text, max(0, t.start - 90), t.start)
    if rel:
        head = rel.group("head").lower()
        if head in _PRO_FORM:
            start = max(0, rel.start() - 50)
            stop = max(text.rfind(".", start, rel.start()), text.rfind(";", start, rel.start()))
            words.extend(w.lower() for w in _ANTECEDENT.findall(text, max(start, stop + 1), rel.start()))
        else:
            words.append(head)
    return tuple(words)


def event_key(noun: str) -> str:
    """The key under which a corpus-dated event noun is passed to the resolver (``known``)."""
    noun = noun.lower()
    return "event:" + (noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun)


def is_form_of(word: str, noun: str) -> bool:
    """Whether ``word`` is ``noun`` or a regular form of the verb with the same stem ("collapsed")."""
    noun = noun.lower()
    noun = noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun
    stem = noun[:-1] if noun.endswith("e") else noun
    return word in {noun, noun + "s", noun + "es", stem + "ed", stem + "ing", noun + "d"}


def _same_noun(a: str, b: str) -> bool:
    return a.rstrip("s") == b.rstrip("s")


def pick_anchor(anchors: Sequence[EventAnchor], noun: str, pos: int) -> EventAnchor | None:
    """The anchor for an event named ``noun`` ("-" for "its"), mentioned near ``pos``."""
    if not anchors:
        return None
    by_distance = sorted(anchors, key=lambda a: abs(a.start - pos))
    if noun and noun != "-":
        for a in by_distance:
            if a.noun and _same_noun(a.noun, noun.lower()):
                return a
    # an ongoing war, strike or siege is counted from what started it
    for a in by_distance:
        if a.since:
            return a
    return by_distance[0] if noun == "-" else None


def anchor_day(anchor: EventAnchor) -> date | None:
    """The anchor's day, or None while its year is unknown."""
    m = _DAY.match(anchor.value)
    if not m or m.group("y") == "XXXX":
        return None
    try:
        return date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None


def count_from(day: date, ordinal: int, unit: str) -> Point | None:
    """The ``ordinal``-th ``unit`` counted from ``day`` (the first unit holds ``day``)."""
    gran = UNIT_GRAN.get(unit)
    if gran is None or ordinal < 1 or ordinal > 100_000:
        return None
    try:
        return Point(shift(day, unit, ordinal - 1), gran)
    except (OverflowError, ValueError):
        return None


def offset_from(day: date, n: int, unit: str, sign: int) -> Point | None:
    """``n`` units after (sign +1) or before (-1) ``day``, at day granularity."""
    if unit not in UNIT_GRAN or n > 100_000:
        return None
    try:
        return Point(shift(day, unit, sign * n), Gran.DAY)
    except (OverflowError, ValueError):
        return None
