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
from typing import Any

from ..extract.events import event_time
from ..extract.temporal.anchors import event_key
from ..extract.temporal.eventdays import (
    EventDay,
    EventLookup,
    IndexedDay,
    corpus_lookup,
    event_days_of,
    find_offsets,
    matching_days,
    offset_nouns,
    word_forms,
)
from ..extract.temporal.resolve import resolve
from ..model import Article, DateSource, Document, Evidence, Precision, TimeExpression
from ..settings import Settings

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
        "no offset from a corpus-dated event confirmed by its weekday, and no date written out with its year"
    )
    if weak:
        reason += " (weak evidence: " + "; ".join(weak) + ")"
    return DatingDecision(a.id, None, None, 0.0, (Evidence("undated", reason),), reason)


def date_corpus(docs: Sequence[Document], only: Iterable[str] | None = None) -> list[DatingDecision]:
    """Decisions for the undated documents of ``docs`` (restricted to the ids in ``only``)."""
    known = known_days(docs)
    dated = {d.article.id: d.article for d in docs if d.article.published is not None}
    wanted = set(only) if only is not None else None
    lookup = corpus_lookup(docs)
    return [
        infer_date(d, known, dated, lookup)
        for d in docs
        if d.article.published is None and (wanted is None or d.article.id in wanted)
    ]


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
    the coast on March 2" gives it (:mod:`.eventdays`).
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


# -- the corpus stage: incremental ----------------------------------------------------------------
# What dated articles vouch for is indexed as objects, so an ingest reads only the
# evidence its articles can use or change:
#   day_vote      "XXXX-10-07=2023-10-07" (block "XXXX-10-07"): how many source-dated
#                 articles give that year to that month-day, and the first one;
#   event_day     a day timex of a source-dated article, once per word governing it
#                 (block "w:<word>"), for "eleven days after the collapse";
#   dating_want   a key an article's dating depends on (block = the key), so new
#                 evidence re-decides exactly the articles it concerns;
#   dating_contrib per article: what it added, so it can be taken back when the
#                 article is processed again.
_MONTH_DAY_KEY = re.compile(r"XXXX-\d\d-\d\d")


def _votes_of(doc: Document) -> list[tuple[str, str, list]]:
    a = doc.article
    if a.published is None or a.date_source is DateSource.INFERRED:
        return []
    return [("XXXX" + t.value[4:], t.value, [a.id, t.start, t.end, a.published.isoformat()])
            for t in doc.timexes if _DAY.match(t.value)]


def _first(vote: Mapping[str, Any], seq: Any) -> tuple[int, int]:
    """Where a vote was first cast (ingest order, offset): ties go to the earliest, as in one pass."""
    article, start, _, _ = vote["first"]
    return seq(article), start


def _wants_of(doc: Document) -> set[str]:
    """The evidence keys an article's dating depends on."""
    keys = {f"w:{w}" for noun in offset_nouns(doc.timexes) for w in word_forms(noun)}
    if doc.article.published is None or doc.article.date_source is DateSource.INFERRED:
        keys |= {k for t in doc.timexes for k in _MONTH_DAY_KEY.findall(t.underspecified)}
    return keys


def _known_from_votes(votes: Mapping[str, Any], seq: Any) -> dict[str, KnownDay]:
    """:func:`known_days` from stored votes: a month-day's year by a clear majority, or nothing."""
    by_key: dict[str, dict[str, Any]] = defaultdict(dict)
    for oid, v in votes.items():
        key, _, value = oid.partition("=")
        by_key[key][value] = v
    out = {}
    for key, values in by_key.items():
        value, best = min(values.items(), key=lambda kv: (-kv[1]["count"], _first(kv[1], seq)))
        if best["count"] * 2 > sum(v["count"] for v in values.values()):
            article, start, end, published = best["first"]
            out[key] = KnownDay(value, article, start, end, date.fromisoformat(published))
    return out


class DatingStage:
    """Corpus stage: dates undated articles and anchors times with evidence from the corpus."""

    name = "dating"
    reads = ("layer:timexes", "layer:sentences", "layer:events")
    writes = ("objects:day_vote", "objects:event_day", "objects:dating_want", "objects:dating_contrib",
              "article:date", "layer:timexes", "layer:events", "progress")
    # the later stages whose input a new date changes
    downstream = ("entities", "claim-groups", "clusters")

    def __init__(self, settings: Settings | None = None):
        self.settings = settings

    def run(self, view: Any, ids: Sequence[str]) -> None:
        """Index what ``ids`` vouch for, then decide for them and for the articles their evidence concerns."""
        touched = self._retract(view, ids)
        targets: dict[str, None] = {}
        for chunk in _chunks(ids):
            for doc in view.documents(chunk, ["timexes"]):
                touched |= self._index(view, doc)
                if doc.article.published is None or doc.article.date_source is DateSource.INFERRED \
                        or offset_nouns(doc.timexes):
                    targets[doc.article.id] = None
        for oid in view.objects("dating_want", blocks=touched):
            targets.setdefault(oid.partition("|")[0], None)
        for chunk in _chunks(list(targets)):
            for doc in view.documents(chunk, ["timexes", "sentences", "events"]):
                self._decide(view, doc)

    def _retract(self, view: Any, ids: Sequence[str]) -> set[str]:
        """Take back what articles processed before added; returns the evidence keys touched."""
        touched: set[str] = set()
        for aid, contrib in view.objects("dating_contrib", ids=ids).items():
            votes = view.objects("day_vote", ids=[f"{k}={v}" for k, v in contrib["votes"]])
            for oid, vote in votes.items():
                vote["count"] -= sum(1 for k, v in contrib["votes"] if f"{k}={v}" == oid)
                if vote["count"] > 0:
                    view.put_objects("day_vote", [(oid, vote)], block=oid.partition("=")[0])
                else:
                    view.delete_objects("day_vote", [oid])
            view.delete_objects("event_day", contrib["days"])
            view.delete_objects("dating_want", [f"{aid}|{k}" for k in contrib["wants"]])
            touched |= {k for k, _ in contrib["votes"]} | {d.rsplit(":", 1)[1] for d in contrib["days"]}
        return {k if k.startswith("XXXX") else f"w:{k}" for k in touched}

    def _index(self, view: Any, doc: Document) -> set[str]:
        aid = doc.article.id
        votes = _votes_of(doc)
        stored = view.objects("day_vote", ids=[f"{k}={v}" for k, v, _ in votes])
        for key, value, first in votes:
            vote = stored.setdefault(f"{key}={value}", {"count": 0, "first": first})
            vote["count"] += 1
        view.put_objects("day_vote", stored.items(), block={oid: oid.partition("=")[0] for oid in stored})
        days = {f"{aid}:{i.day.start}:{i.word}": {"value": i.day.value, "article": aid, "start": i.day.start,
                                                 "end": i.day.end, "published": i.day.published.isoformat(),
                                                 "sentence": i.sentence[:400]}
                for i in event_days_of(doc)}
        view.put_objects("event_day", days.items(), block={oid: "w:" + oid.rsplit(":", 1)[1] for oid in days})
        wants = sorted(_wants_of(doc))
        view.put_objects("dating_want", [(f"{aid}|{k}", {}) for k in wants], block={f"{aid}|{k}": k for k in wants})
        view.put_objects("dating_contrib", [(aid, {"votes": [[k, v] for k, v, _ in votes], "days": sorted(days),
                                                   "wants": wants})])
        return {k for k, _, _ in votes} | {"w:" + d.rsplit(":", 1)[1] for d in days}

    def _lookup(self, view: Any) -> EventLookup:
        def lookup(noun: str, modifier: str) -> list[EventDay]:
            found = view.objects("event_day", blocks=[f"w:{w}" for w in word_forms(noun)])
            indexed = [IndexedDay(oid.rsplit(":", 1)[1], EventDay(o["value"], o["article"], o["start"], o["end"],
                                                                  date.fromisoformat(o["published"])), o["sentence"])
                       for oid, o in found.items()]
            indexed.sort(key=lambda i: (view.seq(i.day.article), i.day.start))
            return matching_days(indexed, noun, modifier)
        return lookup

    def _decide(self, view: Any, doc: Document) -> None:
        a = doc.article
        keys = {k for t in doc.timexes for k in _MONTH_DAY_KEY.findall(t.underspecified)}
        known = _known_from_votes(view.objects("day_vote", blocks=keys), view.seq)
        if a.published is not None and a.date_source is not DateSource.INFERRED:
            anchored = anchor_event_offsets(doc, self._lookup(view))
            if anchored is not None and anchored.timexes != doc.timexes:
                view.save_layers(refresh_times(anchored), [x for x in ("timexes", "events") if x in doc.layers])
                view.reopen(self.downstream, [a.id])
            return
        base = replace(doc, article=replace(a, published=None, date_precision=None, date_source=DateSource.UNKNOWN,
                                            date_confidence=1.0, date_evidence=()))
        decision = infer_date(base, known, None, self._lookup(view))
        after = refresh_times(apply_decision(base, decision, known))
        source = DateSource.INFERRED if decision.published else DateSource.UNKNOWN
        view.set_date(a.id, decision.published, decision.precision, source, decision.confidence, decision.evidence)
        view.save_layers(after, [x for x in ("timexes", "events") if x in doc.layers])
        if decision.published != a.published:
            view.reopen(self.downstream, [a.id])
        log.info("dating %s: %s (%s)", a.id, decision.published, decision.reason)


def _chunks(ids: Sequence[str], size: int = 200) -> list[Sequence[str]]:
    return [ids[i:i + size] for i in range(0, len(ids), size)]
