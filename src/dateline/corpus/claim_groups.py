"""Claim groups: figures about one quantity across articles, and whether independent sources disagree.

Two claims are one quantity when they count the same thing with the same
unit, what happens to it is the same (killed, injured, displaced, ...),
nothing narrows one and not the other ("confirmed" against "suspected", "a
further 48" against a total), their places do not differ, their days are
at most a week apart (:data:`DAY_WINDOW`: a figure's day is its sentence's
line day from the time attachment layer, see :func:`claim_day`), and their
sentences tell the same story (shared names, and words). :func:`link` scores
that for every pair sharing a word; groups form from the strongest pairs down
(:func:`_strong_groups`), whatever the order the claims came in, when the link
is strong (:data:`STRONG`). Claims that find no strong
partner but a weaker one form *related* groups: figures shown together,
never set against each other.

Within a group a pair of claims conflicts only when their intervals stay
apart past a rounding margin, their sources are independent (different
outlets, and not one copied passage: :func:`same_source`) and they speak of
the same time (the same day, or a quantity that does not move with time: a
population, a distance, a magnitude). Figures that differ across days are an
update ("rose from 12 to 31 between 3 and 6 May"), never a conflict. The desk
shows a conflict or an update only when a pair behind it is surely one
quantity (:func:`sure_conflict`, :func:`sure_update`) and, for a conflict,
neither article gives the other's number too (:func:`gives_both`); otherwise
the group is stored with ``shown`` false and read as related figures.

The corpus stage stores each group with its bucket (unit, event and the
counted thing) as its block, so new claims regroup only the buckets they fall in.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from ..extract.figures import apart, overlaps, split_qualifier
from ..extract.sentence_dates import date_value, is_anchor, line_day
from ..model import Claim, ClaimStatus, DayBasis, Document, Kind, Precision, Qualifier, TimexType, sentence_at
from ..source_names import outlet_name
from ..settings import Settings
from ..store.view import CorpusView
from .claim_cues import cues, cues_agree, names_place, unsure_quote
from .claim_labels import group_label

log = logging.getLogger(__name__)

# Tuned on the tune half of benchmarks/judged/claimpairs (dateline eval claims), with the story gate and thread
# bonus: 0.3, 0.35 and 0.45 gave same-quantity precision .92/.97/.96 at recall .47/.47/.36 (join floor .1, sure
# conflict .45); the join floor 0, .1, .3 gave .91/.94/.93 at .44/.44/.37; a sure conflict of .6, .5, .45 found 3,
# 3, 4 of the 23 conflicts there, every one flagged true. Grouping by pairs (the links across two groups
# averaging at least STRONG; .3 and .4 gave tune .88/.43 and .90/.37 against .91/.41): the join floor .01, .1,
# .2 gave .91/.41, .91/.41, .88/.41 (0 would let a pair the hard rules part, linking 0, into one group).
STRONG = 0.35  # a link that makes two claims one quantity
WEAK = 0.3  # a link worth showing as related figures
JOIN_FLOOR = 0.1  # a claim joins a group only when it links at least this well to every member (no long chains)
# A conflict is shown only when two of its figures are linked directly this surely: one quantity by their own
# words and story, not by a chain of members in between (see sure_conflict). Below it: related figures.
SURE_CONFLICT = 0.45
# Figures further apart than this factor are, in the judged stories, nearly always two different sets (a
# country's and the world's cases, suspected and confirmed deaths), not two outlets disagreeing on one.
SURE_FACTOR = 10.0
# Two figures more than this many days apart are not one quantity's values: a toll told over a week is one
# story's running count; the same words a month or a year later are another event (a new wave, an anniversary).
DAY_WINDOW = 7
# one thread (the clusters stage: articles on one development of a story) is evidence of one quantity besides words
STORY_BONUS = 0.15
MARGIN = 0.05  # rounding slack on both ends before two intervals are called apart
COPY = 0.5  # share of passage hashes two copies of one passage have in common
# units and counted things that do not move with time: two values of them conflict whatever their days
FIXED_UNITS = frozenset({"km", "sq_km", "magnitude"})
LASTING_EVENTS = frozenset({"displaced"})  # counts that stand for weeks: no window of days (see _lasting)
FIXED_NOUNS = frozenset({"population", "magnitude", "distance", "area", "length", "height", "depth", "size"})


@dataclass(frozen=True)
class ClaimRef:
    """A claim with where it was made, as grouping sees it."""

    article: str
    index: int
    claim: Claim
    text: str
    date: str  # the day the claim is about: its sentence's own day, else its article's publication day
    qualifier_words: str = ""
    outlet: str = ""
    counted: str = ""  # what is counted, as written
    sentence: tuple[int, int] = (0, 0)
    story: str = ""  # the article's story and thread (the clusters stage), "" when not known
    thread: str = ""
    cues: tuple[str, ...] = ()  # what its sentence says of it besides its phrase (claim_cues.cues)

    @property
    def parts(self) -> tuple[str, str, str, str]:
        return key_parts(self.claim.quantity)

    @property
    def interval(self) -> tuple[float, float]:
        c = self.claim
        low = c.low if c.low is not None else c.value
        high = c.high if c.high is not None else (float("inf") if c.low is not None else c.value)
        return low, high


def key_parts(key: str) -> tuple[str, str, str, str]:
    """(unit, noun, event, place) of a quantity key; a malformed key never raises."""
    parts = (key.split("|", 3) + ["", "", "", ""])[:4]
    return parts[0], parts[1], parts[2], parts[3]


def bucket(key: str) -> str:
    """The block a claim is grouped in: its unit (for a count of things, the thing counted)."""
    return key_parts(key)[0]


# words that name a measure without saying of what: "a rate of 5,000 barrels", "an estimate of 20 km"
GENERIC_NOUNS = frozenset({"", "rate", "estimate", "figure", "total", "number", "amount", "sum", "count", "level"})


def names_a_quantity(key: str) -> bool:
    """Whether a quantity key says what was measured: a counted noun or an event.

    "$5 million" or "40 percent" with nothing counted and no event could be any
    amount in any story; grouping such claims would set every dollar figure of
    the corpus against every other.
    """
    _, noun, event, _ = key_parts(key)
    return bool(noun or event)


# -- one quantity? -----------------------------------------------------------------------------
def _nouns_compatible(a: str, b: str, unit: str = "") -> bool:
    """Counted nouns that can be one quantity: equal, or one is people in general; for a measure (barrels, km,
    dollars) also one that names nothing in particular ("a rate of", no noun at all)."""
    if a == b or (a == "people" and b.startswith("people")) or (b == "people" and a.startswith("people")):
        return True
    base = unit.split("/")[0]  # "5,000 barrels" counts the unit itself: as telling as no noun
    return unit not in ("people", a, b) and (a in GENERIC_NOUNS or b in GENERIC_NOUNS or base in (a, b))


def _scopes_compatible(a: str, b: str) -> bool:
    """"confirmed" and "suspected" are two quantities; a part ("a further 48", "other", "30 of the 80") is not
    the whole."""
    sa, sb = set(a.split("+")) - {""}, set(b.split("+")) - {""}
    if {"confirmed", "suspected"} <= sa | sb and sa != sb:
        return False
    return {"increment", "other", "daily", "part"} & sa == {"increment", "other", "daily", "part"} & sb


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def link(a: ClaimRef, b: ClaimRef) -> float:
    """How surely two claims of different articles are one quantity: 0 (not) to 1.

    Hard rules first (unit, counted thing, event, scope, place); then the story:
    the names and words their sentences and articles share.
    """
    ua, na, ea, pa = a.parts
    ub, nb, eb, pb = b.parts
    if a.article == b.article or ua != ub or (ea and eb and ea != eb) or not _nouns_compatible(na, nb, ua):
        return 0.0
    if not _scopes_compatible(a.claim.scope, b.claim.scope) or (pa and pb and pa != pb):
        return 0.0
    if not (_lasting(a) and _lasting(b)) and not within_window(a.date, b.date):
        return 0.0
    if a.story and b.story and a.story != b.story:
        return 0.0  # two stories' figures are two quantities, whatever their words
    topic = _overlap(set(a.claim.topic), set(b.claim.topic))
    words = _overlap(set(a.claim.context), set(b.claim.context))
    if not topic and not words:
        return 0.0  # nothing of one story in common
    score = 0.45 * words + 0.35 * topic + (STORY_BONUS if a.thread and a.thread == b.thread else 0.0)
    # what happened to the counted thing, or a thing more telling than "people", says what is counted
    score += 0.2 if ea and ea == eb else 0.1 if ea or eb else 0.0
    score += 0.1 if na == nb and na not in ("", "people") and not na.startswith("people") else 0.0
    score += 0.15 if pa and pa == pb else 0.0
    if not (ea or eb) and na in ("", "people"):
        score *= 0.5  # "500 people" with nothing said of them could be anyone
    if _factor(a, b) > SURE_FACTOR:
        score *= 0.5  # values far apart: in the judged stories nearly always two sets (a kit's masks, a nation's)
    return min(score, 1.0)


def _factor(a: ClaimRef, b: ClaimRef) -> float:
    """How many times the larger value is the smaller (infinite when one is 0)."""
    low, high = sorted((abs(a.claim.value), abs(b.claim.value)))
    return high / low if low > 0 else float("inf")


# -- grouping ----------------------------------------------------------------------------------
@dataclass
class _Group:
    members: list[ClaimRef] = field(default_factory=list)
    links: list[float] = field(default_factory=list)  # the link each member joined with (first: 1.0)


def group_claims(refs: Sequence[ClaimRef]) -> list[dict[str, Any]]:
    """Groups of claims about one quantity, each with its status, confidence, label, members and the pairs
    that conflict (claims naming no quantity stay out: see :func:`names_a_quantity`)."""
    buckets: dict[str, list[ClaimRef]] = defaultdict(list)
    told: dict[str, list[ClaimRef]] = defaultdict(list)  # article -> every figure it gives
    for r in refs:
        told[r.article].append(r)
        if names_a_quantity(r.claim.quantity):
            buckets[bucket(r.claim.quantity)].append(r)
    groups = []
    for name, members in buckets.items():
        strong, loose = _strong_groups(members)
        groups += [_group_record(name, g.members, min(g.links[1:]), related=False, told=told) for g in strong]
        groups += [_group_record(name, part, conf, related=len(part) > 1, told=told) for part, conf in _related(loose)]
    return sorted(groups, key=lambda g: (-len(g["claims"]), g["id"]))


def _strong_groups(members: Sequence[ClaimRef]) -> tuple[list[_Group], list[ClaimRef]]:
    """Groups built from pairs, the surest first, whatever order the claims came in: every pair of claims
    sharing a word is scored once (a link needs shared words: see :func:`link`); taking pairs from the
    strongest down, two groups merge when a pair across them links strongly (STRONG), no article is in both
    and every pair across them links at least JOIN_FLOOR (no long chains). Taken one claim at a time, an
    early weak partner took a claim from its surer one: the order of ingest decided the grouping."""
    scores = _pair_links(members)
    at = list(range(len(members)))  # claim -> its group
    parts: dict[int, list[int]] = {i: [i] for i in range(len(members))}
    articles: dict[int, set[str]] = {i: {r.article} for i, r in enumerate(members)}  # kept as groups merge
    links: dict[int, list[float]] = {i: [1.0] for i in range(len(members))}
    # of pairs linked equally (one sentence's figures share their words), the nearer values first: "$200 million"
    # is likelier the "$184 million" beside a "$23 million" in one sentence of another outlet
    order = sorted(scores.items(), key=lambda p: (-round(p[1], 6), _factor(members[p[0][0]], members[p[0][1]]), p[0]))
    for (i, j), s in order:
        if s < STRONG:
            break
        gi, gj = at[i], at[j]
        if gi == gj or articles[gi] & articles[gj] or not _may_merge(parts[gi], parts[gj], scores):
            continue
        for k in parts[gj]:
            at[k] = gi
        parts[gi] += parts.pop(gj)
        articles[gi] |= articles.pop(gj)
        links[gi] += links.pop(gj)[1:] + [s]  # the link of each merge: a group's confidence is its weakest
    strong = [_Group([members[k] for k in part], links[g]) for g, part in parts.items() if len(part) > 1]
    loose = [members[part[0]] for part in parts.values() if len(part) == 1]
    return strong, loose


def _pair_links(members: Sequence[ClaimRef]) -> dict[tuple[int, int], float]:
    """The link of every pair of claims that share a word (any other pair links 0), by positions."""
    index: dict[str, list[int]] = defaultdict(list)  # word -> positions of the claims using it
    for k, r in enumerate(members):
        for w in _words(r):
            index[w].append(k)
    scores: dict[tuple[int, int], float] = {}
    for k, r in enumerate(members):
        for m in sorted({m for w in _words(r) for m in index[w] if m > k}):
            s = link(r, members[m])
            if s > 0:
                scores[(k, m)] = s
    return scores


def _may_merge(a: Sequence[int], b: Sequence[int], scores: Mapping[tuple[int, int], float]) -> bool:
    """Two groups (sharing no article: the caller keeps each group's articles as it merges) may become one when
    every pair across them links at least JOIN_FLOOR (no long chains of loose links) and STRONG on average."""
    cross = [scores.get((min(x, y), max(x, y)), 0.0) for x in a for y in b]
    return min(cross) >= JOIN_FLOOR and sum(cross) / len(cross) >= STRONG


def _words(r: ClaimRef) -> set[str]:
    return set(r.claim.topic) | set(r.claim.context)


def _related(loose: Sequence[ClaimRef]) -> list[tuple[list[ClaimRef], float]]:
    """Claims with no strong partner, gathered by weaker links into related figures (or left single)."""
    parts: list[tuple[list[ClaimRef], float]] = []
    index: dict[str, set[int]] = defaultdict(set)
    for r in loose:
        at = -1
        for i in sorted(set().union(*(index.get(w, set()) for w in _words(r)))):
            part, conf = parts[i]
            s = max(link(r, m) for m in part)
            if s >= WEAK and all(m.article != r.article for m in part):
                parts[i], at = (part + [r], min(conf, s)), i
                break
        if at < 0:
            parts.append(([r], 1.0))
            at = len(parts) - 1
        for w in _words(r):
            index[w].add(at)
    return parts


def _first_day(day: str) -> date | None:
    """The first day of a claim's time ("2009-05" -> 1 May 2009), None when it names none."""
    try:
        return date.fromisoformat(day if len(day) == 10 else f"{day}-01" if len(day) == 7 else f"{day}-01-01")
    except ValueError:
        return None


def within_window(a: str, b: str) -> bool:
    """Whether two claims' times are close enough to be one quantity's values: days at most DAY_WINDOW apart; a
    month or year only beside a day inside it (or the same month or year); unknown times are not held apart."""
    if not a or not b:
        return True
    if len(a) != 10 or len(b) != 10:
        return a.startswith(b) or b.startswith(a)
    da, db = _first_day(a), _first_day(b)
    return da is None or db is None or abs((da - db).days) <= DAY_WINDOW


def same_source(a: ClaimRef, b: ClaimRef) -> bool:
    """One source: one outlet, or one passage copied (a wire story, a reused paragraph)."""
    if a.outlet and a.outlet == b.outlet:
        return True
    ha, hb = set(a.claim.sketch), set(b.claim.sketch)
    return bool(ha and hb) and len(ha & hb) / min(len(ha), len(hb)) >= COPY


def _lasting(r: ClaimRef) -> bool:
    """A quantity that stands over weeks: one that does not move with time, or people displaced (a camp's or a
    city's sheltering count is one quantity for months, unlike a day's toll): held apart by no window of days."""
    return fixed_quantity(r) or r.parts[2] in LASTING_EVENTS


def fixed_quantity(r: ClaimRef) -> bool:
    """A quantity that does not move with time (a population, a distance, a magnitude)."""
    unit, noun, event, _ = r.parts
    return unit in FIXED_UNITS or noun in FIXED_NOUNS or event in FIXED_NOUNS


def same_time(a: ClaimRef, b: ClaimRef) -> bool:
    """Whether two claims speak of one time: the same day (or month, year), a quantity that does not move with
    time, or neither told when (an undated article's figure, its sentence naming no day: one story's figures
    that only a link as sure as SURE_CONFLICT may set against each other, see :func:`sure_conflict`)."""
    return a.date == b.date or (fixed_quantity(a) and fixed_quantity(b))


def conflicting_pairs(part: Sequence[ClaimRef]) -> list[tuple[int, int]]:
    """Positions of claim pairs that cannot both be true: apart past rounding, from independent sources,
    about the same day (or a quantity that does not move with time)."""
    out = []
    for i, a in enumerate(part):
        for j in range(i + 1, len(part)):
            b = part[j]
            if same_time(a, b) and not same_source(a, b) and apart(a.interval, b.interval, MARGIN):
                out.append((i, j))
    return out


def _surely_one_quantity(a: ClaimRef, b: ClaimRef) -> bool:
    """Linked directly and surely, naming the same counted thing (a measure may name it on one side only) and
    the same event, told on both sides, of the same scope, both dated to a day (not a month), within a factor
    of SURE_FACTOR of each other."""
    _, na, ea, pa = a.parts
    _, nb, eb, pb = b.parts
    unit = a.parts[0]
    # a measure (dollars, barrels a day, km) told of one event may name what it measures on one side only
    # ("a $200 million offer" beside "$184 million" worth); a count must name the same thing on both
    # (named on one side at least: "$360m" and "up to $75 million" worth, neither saying of what, may be anything)
    measure = unit not in ("people", na, nb) and bool(ea or eb) and bool(na or nb) and _nouns_compatible(na, nb, unit)
    # the same event told on both sides ("160 passengers" screened are not the 60 killed): an event left untold
    # on one side or both lets through, on the development store, "six notches" cut against "two notches" above
    # junk and six centralisers used against 15 ready
    if not ((measure or (na and na == nb)) and ea and ea == eb):
        return False
    # "35,000 in the US" and a figure of no place may be two countings (the world's): not sure, unless the
    # unplaced figure's sentence names that place (and not the world)
    if pa != pb and not ((not pa and names_place(a.cues, pb)) or (not pb and names_place(b.cues, pa))):
        return False
    if not (len(a.date) in (0, 10) and len(b.date) in (0, 10) and a.claim.scope == b.claim.scope):
        return False
    low, high = sorted((abs(a.claim.value), abs(b.claim.value)))
    return low > 0 and high / low <= SURE_FACTOR and link(a, b) >= SURE_CONFLICT


def sure_conflict(a: ClaimRef, b: ClaimRef) -> bool:
    """A conflicting pair the desk shows as one: surely one quantity, on the same day (a fixed quantity's
    values of different days are not enough), and their sentences agree on place, kind and time (cues_agree)."""
    return a.date == b.date and _surely_one_quantity(a, b) and cues_agree(a.cues, b.cues, a.parts[3], b.parts[3]) \
        and not unsure_quote(a.cues, a.parts[3], a.claim.topic, b.cues, b.parts[3]) \
        and not unsure_quote(b.cues, b.parts[3], b.claim.topic, a.cues, a.parts[3])


def gives_both(a: ClaimRef, b: ClaimRef, told: Mapping[str, Sequence[ClaimRef]]) -> bool:
    """Whether a's article also gives b's number (to rounding) in b's unit: an article that states both values
    knows them as two quantities (an estimate and its revision, before and after, a part and the total), so
    another outlet giving one of them does not contradict it. A coincidence only hides a conflict: precision
    first. (Any counted thing of the unit, what is counted is often told in other words; but not another
    event: "18 injured and 12 arrested" does not give an injured count of 12.)"""
    event = b.parts[2]
    return any(x.index != a.index and x.claim.unit == b.claim.unit and (not event or x.parts[2] in ("", event))
               and not apart((x.claim.value, x.claim.value), (b.claim.value, b.claim.value), MARGIN)
               for x in told.get(a.article, ()))


def sure_update(part: Sequence[ClaimRef]) -> bool:
    """Whether an update group surely shows one figure moving: taken by date, every step to a value apart
    past rounding is from a day to a later day and surely one quantity, and there is such a step. A group
    grown by chains of loose links (a "reason" counted in 1976 and in 2005) otherwise passes for a running
    count."""
    ordered = sorted(part, key=lambda r: r.date or "9999")
    steps = [(a, b) for a, b in zip(ordered, ordered[1:]) if apart(a.interval, b.interval, MARGIN)]
    return bool(steps) and all(a.date != b.date and _surely_one_quantity(a, b) for a, b in steps)


def group_status(part: Sequence[ClaimRef], conflicts: Sequence[tuple[int, int]], *, related: bool) -> ClaimStatus:
    """Single; related (weakly grouped); consistent (all can be true); conflict; or update (moves with time)."""
    if len(part) < 2:
        return ClaimStatus.SINGLE
    if related:
        return ClaimStatus.RELATED
    if conflicts:
        return ClaimStatus.CONFLICT
    spans = [r.interval for r in part]
    if all(overlaps(a, b) for i, a in enumerate(spans) for b in spans[i + 1:]):
        return ClaimStatus.CONSISTENT
    return ClaimStatus.UPDATE


def shown_status(group: Mapping[str, Any]) -> str:
    """The status readers see for a stored group: its own, or ``related`` when the grouping is not sure of
    it (``shown`` false): the desk never sets figures against each other on a guess."""
    return (group.get("status") or "") if group.get("shown", True) else ClaimStatus.RELATED.value


def group_id(key: str) -> str:
    """Stable id of a claim group: a hash of its key."""
    return "cg_" + hashlib.sha1(key.encode()).hexdigest()[:12]


def _group_record(name: str, part: list[ClaimRef], confidence: float, *, related: bool,
                  told: Mapping[str, Sequence[ClaimRef]] | None = None) -> dict[str, Any]:
    part = sorted(part, key=lambda r: (r.date or "9999", r.article, r.claim.start))
    conflicts = [] if related else conflicting_pairs(part)
    status = group_status(part, conflicts, related=related)
    # a group grows by chains of links, so two of its members may share little: a conflict is shown only
    # between figures linked directly and surely; the group's others are listed, folded, as related figures
    told = told or {}
    sure = [(i, j) for i, j in conflicts if sure_conflict(part[i], part[j])
            and not gives_both(part[i], part[j], told) and not gives_both(part[j], part[i], told)]
    first = part[0]
    key = "|".join([name, first.article, str(first.index)])  # a group is named by its first claim: stable
    confidence = round(confidence if len(part) > 1 else 1.0, 3)
    if sure:
        conflicts = sure
        confidence = round(min(link(part[i], part[j]) for i, j in sure), 3)  # every conflict shown is this sure
    return {
        "id": group_id(key), "quantity": first.claim.quantity, "status": status.value, "confidence": confidence,
        "shown": bool(sure) if status is ClaimStatus.CONFLICT else (status is not ClaimStatus.UPDATE or sure_update(part)),
        "label": group_label(part, status), "conflicts": [list(p) for p in conflicts], "block": name,
        "claims": [_claim_record(r) for r in part],
    }


def _claim_record(r: ClaimRef) -> dict[str, Any]:
    low, high = r.interval
    c = r.claim
    return {
        "article": r.article, "index": r.index, "start": c.start, "end": c.end, "text": r.text,
        "value": c.value, "qualifier": c.qualifier.value, "low": low, "high": None if high == float("inf") else high,
        "unit": c.unit, "date": r.date, "claimant": c.claimant or "", "quantity": c.quantity, "words": r.qualifier_words,
        "outlet": r.outlet, "counted": r.counted, "sentence_start": r.sentence[0], "sentence_end": r.sentence[1],
        "scope": c.scope, "context": list(c.context), "topic": list(c.topic), "sketch": list(c.sketch),
        "story": r.story, "thread": r.thread, "cues": list(r.cues),
    }


# -- reading claims ----------------------------------------------------------------------------
def claim_day(doc: Document, claim: Claim) -> str:
    """The time a claim is about: the day of its sentence's main event by the time attachment layer (a time
    tied to that event, or the event it follows: see :func:`~dateline.extract.sentence_dates.line_day`); else,
    when that layer ties no day to it (a state, a generic, no layer stored, or only the article's own day),
    as far as the sentence's own dates tell: the one day it names ("on Sunday",
    "as of 12 May"); else the one earlier month or year it names ("in 1988": not the day's news); else the
    article's publication day ("" when that is not known to the day).

    The one place grouping decides a claim's time.
    """
    a = doc.article
    published = a.published.isoformat() if a.published and a.date_precision in (Precision.DAY, None) else ""
    i = sentence_at(doc.sentences, claim.start)
    if i is None:
        return published
    line = line_day(doc, i)
    if line is not None and line.basis is not DayBasis.IMPLICIT:  # implicit: no time tied to it, read on
        return line.day
    sent = doc.sentences[i]
    days, coarse = set(), set()
    for t in doc.timexes:
        if sent.start <= t.start < sent.end and t.type is TimexType.DATE and not is_anchor(a.text, t.start, t.end):
            found = date_value(t.value) or ((t.value, Precision.YEAR) if re.fullmatch(r"\d{4}", t.value) else None)
            if found is not None:
                (days if found[1] is Precision.DAY else coarse).add(found[0])
    if len(days) == 1:
        return days.pop()
    earlier = {c for c in coarse if not (a.published and a.published.isoformat().startswith(c))}
    if not days and len(earlier) == 1:
        return earlier.pop()
    return published


def claim_refs(docs: Iterable[Document]) -> list[ClaimRef]:
    """Every claim of the documents, with its article, outlet, text, sentence and day."""
    refs = []
    for doc in docs:
        a = doc.article
        outlet = outlet_name(a.source, a.url, a.origin, a.title)
        for i, c in enumerate(doc.claims):
            text = a.span(c.start, c.end)
            s = sentence_at(doc.sentences, c.start)
            sent = (doc.sentences[s].start, doc.sentences[s].end) if s is not None else (c.start, c.end)
            counted = a.span(c.counted_start, c.counted_end) if c.counted_start is not None \
                and c.counted_end is not None else ""
            refs.append(ClaimRef(a.id, i, c, text, claim_day(doc, c), split_qualifier(text)[0], outlet, counted, sent,
                                 cues=cues(a.text[sent[0]:sent[1]], c.start - sent[0], c.end - sent[0])))
    return refs


def ref_of_record(c: Mapping[str, Any]) -> ClaimRef:
    """The ClaimRef a stored group record was made from."""
    claim = Claim(start=c["start"], end=c["end"], value=c["value"], qualifier=Qualifier(c["qualifier"]),
                  unit=c["unit"], quantity=c["quantity"], claimant=c["claimant"],
                  low=c.get("low"), high=c.get("high"),
                  scope=c.get("scope", ""), context=tuple(c.get("context", ())), topic=tuple(c.get("topic", ())),
                  sketch=tuple(c.get("sketch", ())))
    return ClaimRef(c["article"], c["index"], claim, c["text"], c["date"], c["words"], c.get("outlet", ""),
                    c.get("counted", ""), (c.get("sentence_start", 0), c.get("sentence_end", 0)),
                    c.get("story", ""), c.get("thread", ""), tuple(c.get("cues", ())))


def _keyed_refs(doc: Document) -> list[ClaimRef]:
    """The claims of a stored (unresolved) document; the claimant is its mention key, which the
    entity keymap turns into an entity when read (so the record never goes stale)."""
    links = doc.links
    keys = links.mention_keys if links is not None else ()
    refs = claim_refs([doc])
    if links is None or len(links.claimants) != len(refs):
        return [replace(r, claim=replace(r.claim, claimant="")) for r in refs]
    return [replace(r, claim=replace(r.claim, claimant=keys[i] if 0 <= i < len(keys) else ""))
            for r, i in zip(refs, links.claimants)]


def with_stories(view: CorpusView, refs: Sequence[ClaimRef]) -> list[ClaimRef]:
    """The claims with their articles' story and thread as they stand now (stories regroup as articles come, so
    a stored claim's are read again)."""
    articles = {r.article for r in refs}
    story = {a: t for a, _, t in view.members(Kind.STORY, articles=articles)}
    thread = {a: t for a, _, t in view.members(Kind.THREAD, articles=articles)}
    return [replace(r, story=story.get(r.article, ""), thread=thread.get(r.article, "")) for r in refs]


class ClaimGroupingStage:
    """Corpus stage: regroups the buckets the new articles' claims fall in."""

    name = "claim-groups"
    reads = ("layer:claims", "layer:links", "layer:sentences", "layer:timexes", "layer:attachments",
             f"members:{Kind.STORY}", f"members:{Kind.THREAD}")
    writes = (f"objects:{Kind.CLAIM_GROUP}", f"members:{Kind.CLAIM_GROUP}")
    version = 3  # 2: each figure keeps what its sentence says of it (cues), which a shown conflict needs; 3: "quoted"

    def __init__(self, settings: Settings):
        self.settings = settings

    def run(self, view: CorpusView, ids: Sequence[str]) -> None:
        mine = set(ids)
        # claims these articles had before (processed again: e.g. their date changed) come out first
        old_groups = {g for _, _, g in view.members(Kind.CLAIM_GROUP, articles=ids)}
        view.drop_members(Kind.CLAIM_GROUP, ids)
        refs: list[ClaimRef] = []
        for i in range(0, len(ids), 200):
            for doc in view.documents(ids[i:i + 200], ["claims", "links", "sentences", "timexes", "attachments"]):
                refs += _keyed_refs(doc)
        blocks = {bucket(r.claim.quantity) for r in refs}
        stored = view.objects(Kind.CLAIM_GROUP, ids=old_groups) | view.objects(Kind.CLAIM_GROUP, blocks=blocks)
        blocks |= {g.get("block", "") for g in stored.values()}
        stored |= view.objects(Kind.CLAIM_GROUP, blocks=blocks)
        refs += [ref_of_record(c) for g in stored.values() for c in g["claims"] if c["article"] not in mine]
        refs = with_stories(view, refs)
        seqs = view.seqs({r.article for r in refs})
        refs.sort(key=lambda r: (seqs[r.article], r.index))  # the order one pass over the corpus sees
        groups = group_claims(refs)
        view.delete_objects(Kind.CLAIM_GROUP, [g for g in stored if g not in {x["id"] for x in groups}])
        view.put_objects(Kind.CLAIM_GROUP, [(g["id"], g) for g in groups], block={g["id"]: g["block"] for g in groups})
        view.set_members(Kind.CLAIM_GROUP, [(c["article"], str(c["index"]), g["id"]) for g in groups
                                         for c in g["claims"]])
        log.info("claim groups: %d claims of %d articles regrouped into %d groups", len(refs), len(ids), len(groups))
