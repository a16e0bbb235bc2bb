"""Date undated articles from evidence, and anchor their times with the corpus' help.

Pure functions decide (documents in, :class:`DatingDecision` out); the corpus
stage :class:`DatingStage` only reads the store and writes the decisions back.
Evidence, strongest first: a dated near-duplicate; an event-anchored count said
of the present ("the war, now in its 167th day") whose anchor the article or
the corpus dates; the latest absolute date the text gives, checked against the
weekdays it names. Below ``MIN_CONFIDENCE`` the article stays undated, with
the reason recorded; nothing is guessed.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from ..extract.events import event_time
from ..extract.temporal.anchors import event_key
from ..extract.temporal.eventdays import (
    EventLookup,
    corpus_lookup,
    find_offsets,
)
from ..extract.temporal.resolve import resolve
from ..model import Article, DateSource, Document, Evidence, Precision, TimeExpression
from .same_event import DaySentence, ReportLookup, day_sentences, same_event_day

log = logging.getLogger(__name__)

MIN_CONFIDENCE = 0.5
_DAY = re.compile(r"^\d{4}-\d\d-\d\d$")
_MONTH_DAY = re.compile(r"^XXXX-(\d\d)-(\d\d)$")
_EVENT_RULES = ("its_nth_unit", "nth_unit_of_event", "unit_n_of_event")
# the count is said of the time of writing: "now in its 167th day", "marks the 100th day"
_PRESENT_CUE = re.compile(
    r"\b(?:now|today|currently|is|are|marks?|marking|entered|enters|entering)\b[^.;]{0,25}$", re.IGNORECASE
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, slots=True)
class KnownDay:
    """A day with its year, as a dated article of the corpus gives it."""

    value: str  # "2023-10-07"
    article: str
    start: int
    end: int
    published: date


@dataclass(frozen=True, slots=True)
class DatingDecision:
    """The inferred publication date of one article (or why there is none)."""

    article: str
    published: date | None
    precision: Precision | None
    confidence: float
    evidence: tuple[Evidence, ...]
    reason: str
    # what the decision learnt for re-resolving the article ("event:collapse" -> "2025-03-02")
    known: tuple[tuple[str, str], ...] = ()


def known_days(docs: Iterable[Document]) -> dict[str, KnownDay]:
    """Month-days ("XXXX-10-07") whose year the dated articles agree on."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    first: dict[tuple[str, str], KnownDay] = {}
    for doc in docs:
        a = doc.article
        if a.published is None or a.date_source is DateSource.INFERRED:
            continue  # only dates read from the source vouch for others
        for t in doc.timexes:
            if not _DAY.match(t.value):
                continue
            key = "XXXX" + t.value[4:]
            votes[key][t.value] += 1
            first.setdefault((key, t.value), KnownDay(t.value, a.id, t.start, t.end, a.published))
    out = {}
    for key, counter in votes.items():
        value, n = counter.most_common(1)[0]
        if n * 2 > sum(counter.values()):  # a clear majority, or nothing
            out[key] = first[(key, value)]
    return out


def _event_count(doc: Document, timexes: Sequence[TimeExpression], known: Mapping[str, KnownDay]) -> DatingDecision | None:
    text = doc.article.text
    for t in timexes:
        if t.rule not in _EVENT_RULES or not _DAY.match(t.value):
            continue
        if not _PRESENT_CUE.search(text, max(0, t.start - 40), t.start):
            continue
        day = date.fromisoformat(t.value)
        evidence = [Evidence("event-count", f"{text[t.start:t.end]!r} is said of the present: {t.value}", t.start, t.end)]
        for src in timexes:
            if src.anchor == "corpus" and src.start < t.start and src.underspecified.startswith("XXXX-"):
                k = known.get(src.underspecified)
                if k:
                    evidence.append(Evidence(
                        "corpus-anchor",
                        f"{text[src.start:src.end]!r} is {k.value}, as the article published {k.published} gives it",
                        k.start, k.end, k.article,
                    ))  # fmt: skip
        return DatingDecision(doc.article.id, day, Precision.DAY, 0.8, tuple(evidence), "event-anchored count")
    return None


def _event_offset(doc: Document, timexes: Sequence[TimeExpression], lookup: EventLookup) -> DatingDecision | None:
    """ "on Thursday, eleven days after the dam collapse", with the collapse dated by the corpus.

    The report's day is the offset's day; the weekday named beside it must be
    that day's. Without a weekday the offset alone is weak evidence (0.4, below
    the threshold): it might date an earlier episode of the story.
    """
    text = doc.article.text
    for f in find_offsets(doc, timexes, lookup):
        if f.day is None:
            continue
        t = f.timex
        said = text[t.start : t.end]
        evidence = [Evidence("event-offset", f"{said!r} counts from the {f.noun} on {f.event_day}: {f.day}", t.start, t.end)]
        for m in f.mentions:
            evidence.append(Evidence("corpus-event", f"the article published {m.published} dates the {f.noun} {m.value}",
                                     m.start, m.end, m.article))  # fmt: skip
        known = ((event_key(f.noun), f.event_day),)
        if f.weekday and not f.agrees:
            reason = f"{said!r} gives {f.day}, a {f.day:%A}, but the article names {f.weekday}"
            return DatingDecision(doc.article.id, None, None, 0.0, tuple(evidence), reason, known)
        if not f.weekday:
            reason = f"{said!r} gives {f.day}, but no weekday beside it confirms the day"
            return DatingDecision(doc.article.id, f.day, Precision.DAY, 0.4, tuple(evidence), reason, known)
        evidence.append(Evidence("weekday", f"the article names {f.weekday} beside it, the weekday of {f.day}"))
        return DatingDecision(doc.article.id, f.day, Precision.DAY, 0.7, tuple(evidence),
                              "event-anchored offset, dated by the corpus", known)  # fmt: skip
    return None


def _weekday_check(doc: Document, decision: DatingDecision) -> DatingDecision:
    """Raise the confidence when the article names the inferred day's weekday; lower it when it names none."""
    if decision.published is None or decision.precision is not Precision.DAY:
        return decision
    if any(e.kind == "weekday" for e in decision.evidence):
        return decision  # the step has checked the weekday where it matters
    name = _WEEKDAYS[decision.published.weekday()]
    hit = re.search(rf"\b{name}\b", doc.article.text)
    if hit is None:
        return decision
    ev = Evidence("weekday", f"the article names {name}, the weekday of {decision.published}", hit.start(), hit.end())
    return replace(decision, confidence=min(0.95, decision.confidence + 0.1), evidence=decision.evidence + (ev,))


def _same_event(doc: Document, timexes: Sequence[TimeExpression], known: Mapping[str, KnownDay],
                reports: ReportLookup | None) -> DatingDecision | None:
    if reports is None:
        return None
    learnt = {k: v.value for k, v in known.items()}
    found = same_event_day(doc, timexes, reports, lambda day: resolve(
        doc.article.text, doc.timexes, day, sentences=doc.sentences, known=learnt))
    if found is None:
        return None
    day, confidence, evidence = found
    return DatingDecision(doc.article.id, day, Precision.DAY, confidence, evidence, "same event as a dated report")


def _latest_absolute(doc: Document, timexes: Sequence[TimeExpression]) -> DatingDecision | None:
    # a date written out with its year bounds the publication date from below
    dated = [t for t in timexes if not t.anchor and re.match(r"^\d{4}-\d\d(-\d\d)?$", t.value) and t.rule != "year"]
    if not dated:
        return None
    t = max(dated, key=lambda t: t.value)
    text = doc.article.text
    month = date.fromisoformat(t.value[:7] + "-01")
    ev = Evidence("absolute-date", f"latest date written out: {text[t.start:t.end]!r} ({t.value})", t.start, t.end)
    return DatingDecision(doc.article.id, month, Precision.MONTH, 0.5, (ev,), "latest absolute date")


def infer_date(
    doc: Document,
    known: Mapping[str, KnownDay],
    dated: Mapping[str, Article] | None = None,
    lookup: EventLookup | None = None,
    reports: ReportLookup | None = None,
) -> DatingDecision:
    """The publication date of the undated ``doc``, from its text and the corpus' dated documents."""
    a = doc.article
    dup = (dated or {}).get(a.duplicate_of or "")
    if dup is not None and dup.published is not None:
        ev = Evidence("near-duplicate", f"near-duplicate of an article published {dup.published}", article=dup.id)
        return DatingDecision(a.id, dup.published, dup.date_precision or Precision.DAY, 0.9, (ev,), "dated near-duplicate")
    timexes = resolve(a.text, doc.timexes, None, sentences=doc.sentences, known={k: v.value for k, v in known.items()})
    steps = (
        _event_count,
        lambda d, t, k: _event_offset(d, t, lookup or corpus_lookup(())),
        lambda d, t, k: _same_event(d, t, k, reports),
        lambda d, t, k: _latest_absolute(d, t),
    )
    weak: list[str] = []
    for step in steps:
        decision = step(doc, timexes, known)
        if decision is not None:
            decision = _weekday_check(doc, decision)
            if decision.confidence >= MIN_CONFIDENCE:
                return decision
            weak.append(decision.reason)
    reason = (
        "left undated: no dated near-duplicate, no count of days from a dated event said of the present, "
        "no offset from a corpus-dated event confirmed by its weekday, no dated report of the same event "
        "on the weekday it names, and no date written out with its year"
    )
    if weak:
        reason += " (weak evidence: " + "; ".join(weak) + ")"
    return DatingDecision(a.id, None, None, 0.0, (Evidence("undated", reason),), reason)


def date_corpus(docs: Sequence[Document], only: Iterable[str] | None = None) -> list[DatingDecision]:
    """Decisions for the undated documents of ``docs`` (restricted to the ids in ``only``).

    An article dated surely enough vouches for others in turn (it may report the
    event an undated one reports), so deciding goes on while new dates appear.
    """
    known = known_days(docs)
    dated = {d.article.id: d.article for d in docs if d.article.published is not None}
    wanted = set(only) if only is not None else None
    lookup = corpus_lookup(docs)
    pending = [d for d in docs if d.article.published is None and (wanted is None or d.article.id in wanted)]
    vouching = [s for d in docs for s in day_sentences(d)]
    decisions: dict[str, DatingDecision] = {}
    while pending:
        reports = _report_lookup(vouching)
        new = {d.article.id: infer_date(d, known, dated, lookup, reports) for d in pending}
        decisions.update(new)
        newly = [apply_decision(d, new[d.article.id], known) for d in pending if new[d.article.id].published]
        vouching += [s for d in newly for s in day_sentences(d)]
        pending = [d for d in pending if not new[d.article.id].published] if newly else []
    return [decisions[d.article.id] for d in docs if d.article.id in decisions]


def _report_lookup(sentences: Sequence[DaySentence]) -> ReportLookup:
    def lookup(weekday: int, names: frozenset[str]) -> list[DaySentence]:
        return [s for s in sentences if s.weekday == weekday and s.names & names]
    return lookup


def apply_decision(doc: Document, decision: DatingDecision, known: Mapping[str, KnownDay]) -> Document:
    """``doc`` with its article dated (or not) by ``decision`` and its times re-resolved."""
    a = doc.article
    if decision.published is not None:
        a = replace(
            a,
            published=decision.published,
            date_precision=decision.precision,
            date_source=DateSource.INFERRED,
            date_confidence=decision.confidence,
            date_evidence=decision.evidence,
        )
    # a month-precise date cannot anchor "on Tuesday"; only a day is used as the DCT
    dct = a.published if a.published is not None and a.date_precision in (None, Precision.DAY) else None
    learnt = {k: v.value for k, v in known.items()} | dict(decision.known)
    timexes = resolve(a.text, doc.timexes, dct, sentences=doc.sentences, known=learnt)
    return replace(doc, article=a, timexes=timexes, layers=doc.layers | {"timexes"})


def anchor_event_offsets(doc: Document, lookup: EventLookup) -> Document | None:
    """A dated ``doc`` whose "N days after the <event>" the corpus dates, re-resolved; else None.

    "opened on Monday, eight days after the storm": the article has its date but
    not the storm's; a dated article of the corpus that says "the storm that hit
    the coast on March 2" gives it (:mod:`dateline.extract.temporal.eventdays`).
    """
    a = doc.article
    if a.published is None:
        return None
    learnt = {event_key(f.noun): f.event_day for f in find_offsets(doc, doc.timexes, lookup) if f.event_day}
    if not learnt:
        return None
    dct = a.published if a.date_precision in (None, Precision.DAY) else None
    timexes = resolve(a.text, doc.timexes, dct, sentences=doc.sentences, known=learnt)
    return replace(doc, timexes=timexes, layers=doc.layers | {"timexes"})


def refresh_times(doc: Document) -> Document:
    """``doc`` with its events' dates recomputed from its (re-anchored) timexes and publication date.

    Dating re-resolves the timexes of the articles it dates after the events were
    found; the links (``Event.time``) stay, the dates follow.
    """
    events = tuple(replace(e, date=d, precision=p) for e in doc.events for d, p in [event_time(doc, e.time)])
    return doc if events == doc.events else replace(doc, events=events)
