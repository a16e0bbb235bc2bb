"""Dating an undated report by the event it shares with dated ones.

An undated article that says "Blinken, who arrived earlier Thursday in Cairo,
met ..." reports a day it names only by its weekday. When a dated article of
the corpus reports the same event — a sentence worded alike, naming the same
people or places, on a day whose weekday is the one named — that day dates the
report. This is the coreference test the clusters stage applies across dated
articles (same day, similar wording and participants), run here the other way
round: the weekday and the wording fix the day. Where candidate days disagree
(the same people meet on Thursdays of different weeks), nothing is concluded.
Pure functions; :mod:`.date_inference_stage` stores and looks up the dated sentences.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from ..model import DateSource, Document, Evidence, TimeExpression, sentence_at
from .clusters import cosine, names, terms, weigh

# Wording (cosine of content words) a sentence of the undated report needs with a dated one
SAME_EVENT_WORDING = 0.3
# ...and at least this many shared names (people, places, organisations)
SAME_EVENT_NAMES = 2
# A dated article vouches for others when its date was read from the source, or inferred this surely
MIN_VOUCHING_CONFIDENCE = 0.7
# How far from its publication a dated sentence's day may be to be news someone reports by weekday
RECENT_DAYS = 7
MAX_NAMES = 4  # names a dated sentence is indexed under
_WEEKDAY_VALUE = re.compile(r"^XXXX-WXX-(?P<day>[1-7])$")
# "earlier Thursday", "Thursday morning", "on Thursday" said of the day of writing
_SAME_DAY = re.compile(r"\b(?:earlier|later|this|today)\s+$", re.I)


@dataclass(frozen=True, slots=True)
class DaySentence:
    """A sentence of a dated article that reports a day."""

    article: str
    start: int
    end: int
    day: str  # "2024-03-21"
    names: frozenset[str]
    vec: dict[str, float]
    confidence: float  # of the article's own date

    @property
    def weekday(self) -> int:
        return date.fromisoformat(self.day).isoweekday()


ReportLookup = Callable[[int, frozenset[str]], list[DaySentence]]  # (ISO weekday, names) -> dated sentences


def vouches(doc: Document) -> float:
    """How surely a dated article's date is known (0 when it may not vouch for others)."""
    a = doc.article
    if a.published is None:
        return 0.0
    if a.date_source is DateSource.INFERRED:
        return a.date_confidence if a.date_confidence >= MIN_VOUCHING_CONFIDENCE else 0.0
    return 1.0


def _sentence_text(doc: Document, offset: int) -> tuple[int, int] | None:
    i = sentence_at(doc.sentences, offset)
    if i is None:
        return None
    s = doc.sentences[i]
    return s.start, s.end


def day_sentences(doc: Document) -> list[DaySentence]:
    """The sentences of a dated article that name a recent day, once per sentence and day."""
    confidence = vouches(doc)
    if not confidence:
        return []
    a = doc.article
    out: dict[tuple[int, str], DaySentence] = {}
    for t in doc.timexes:
        day = t.value[:10]
        if not re.match(r"^\d{4}-\d\d-\d\d$", day) or (span := _sentence_text(doc, t.start)) is None:
            continue
        if abs((date.fromisoformat(day) - a.published).days) > RECENT_DAYS:
            continue
        body = a.text[span[0]:span[1]]
        out.setdefault((span[0], day), DaySentence(a.id, span[0], span[1], day, event_names(body),
                                                   weigh(terms(body), {}, 1), confidence))
    return list(out.values())


# capitalised words that name no participant: a report and another share them by chance
_NOT_NAMES = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                        "february", "march", "april", "may", "june", "july", "august", "september", "october",
                        "november", "december", "president", "minister", "secretary", "state", "officials"})


def event_names(text: str) -> frozenset[str]:
    """The names of a sentence that may identify its event's participants and place."""
    return frozenset(names(text) - _NOT_NAMES)


def index_names(s: DaySentence) -> list[str]:
    """The names a dated sentence is looked up by (the longest few: the most telling)."""
    return sorted(s.names, key=lambda n: (-len(n), n))[:MAX_NAMES]


def weekday_mentions(doc: Document, timexes: Sequence[TimeExpression]) -> list[tuple[TimeExpression, int, str]]:
    """(timex, ISO weekday, sentence) of each weekday an undated article names without a date."""
    out = []
    for t in timexes:
        m = _WEEKDAY_VALUE.match(t.value)
        span = _sentence_text(doc, t.start) if m else None
        if m and span is not None:
            out.append((t, int(m["day"]), doc.article.text[span[0]:span[1]]))
    return out


def _matches(doc: Document, timexes: Sequence[TimeExpression], lookup: ReportLookup
             ) -> dict[int, list[tuple[float, DaySentence]]]:
    """Per weekday mention (its start): the dated sentences that report the same event, best first."""
    out: dict[int, list[tuple[float, DaySentence]]] = {}
    for t, weekday, body in weekday_mentions(doc, timexes):
        mine_names, mine_vec = event_names(body), weigh(terms(body), {}, 1)
        found = []
        for s in lookup(weekday, mine_names):
            sim = cosine(mine_vec, s.vec)
            if s.article != doc.article.id and len(mine_names & s.names) >= SAME_EVENT_NAMES \
                    and sim >= SAME_EVENT_WORDING:
                found.append((sim, s))
        if found:
            out[t.start] = sorted(found, key=lambda x: (-x[0], x[1].day, x[1].article))
    return out


def same_event_day(doc: Document, timexes: Sequence[TimeExpression], lookup: ReportLookup,
                   resolve_at: Callable[[date], Sequence[TimeExpression]]
                   ) -> tuple[date, float, tuple[Evidence, ...]] | None:
    """The day the undated ``doc`` was written, when dated reports of the events it names by weekday agree.

    Each day a matching report gives is a candidate; the article's weekdays are
    resolved as if it were written that day (``resolve_at``), and the candidate
    under which most of them land on the days their reports give wins ("earlier
    Thursday" and "expected on Friday" agree only with the Thursday). A tie
    between two candidates concludes nothing.
    """
    matches = _matches(doc, timexes, lookup)
    if not matches:
        return None
    agreement: dict[str, list[tuple[float, int, DaySentence]]] = {}
    for day in sorted({s.day for found in matches.values() for _, s in found}):
        values = {t.start: t.value for t in resolve_at(date.fromisoformat(day))}
        agreement[day] = [next((sim, start, s) for sim, s in found if s.day == values.get(start))
                          for start, found in matches.items() if any(s.day == values.get(start) for _, s in found)]
    ranked = sorted(agreement, key=lambda d: (-len(agreement[d]), -max((a[0] for a in agreement[d]), default=0), d))
    best_day = ranked[0]
    if not agreement[best_day] or (len(ranked) > 1 and len(agreement[ranked[1]]) == len(agreement[best_day])):
        return None
    sim, start, best = max(agreement[best_day], key=lambda a: a[0])
    t = next(t for t in timexes if t.start == start)
    text = doc.article.text
    same_day = bool(_SAME_DAY.search(text[max(0, t.start - 12):t.start]))
    confidence = min(best.confidence, 0.75 if same_day else 0.6)
    agreeing = len(agreement[best_day])
    span = _sentence_text(doc, t.start) or (t.start, t.end)
    shared = ", ".join(sorted(best.names & event_names(text[span[0]:span[1]])))
    evidence = (
        Evidence("same-event", f"{text[t.start:t.end]!r} reports the event a dated article reports on {best.day} "
                               f"(wording {sim:.2f}, shared names: {shared}); {agreeing} weekday mention(s) "
                               f"agree with {best_day}", t.start, t.end),
        Evidence("dated-report", f"the report of the same event, dated {best.day}", best.start, best.end, best.article),
    )
    return date.fromisoformat(best_day), confidence, evidence
