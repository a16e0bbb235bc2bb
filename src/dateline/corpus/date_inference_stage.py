"""The dating corpus stage: the decisions of :mod:`.date_inference`, made incrementally.

What dated articles vouch for is indexed as objects, so an ingest reads only the
evidence its articles can use or change:

* ``day_vote`` ``"XXXX-10-07=2023-10-07"`` (block ``"XXXX-10-07"``): how many
  source-dated articles give that year to that month-day, and the first one;
* ``event_day``: a day timex of a source-dated article, once per word governing
  it (block ``"w:<word>"``), for "eleven days after the collapse";
* ``day_sentence``: a sentence of a surely dated article reporting a recent day,
  once per name in it (block ``"wd<weekday>|<name>"``), for the undated report
  of the same event (:mod:`.same_event`);
* ``dating_want``: a key an article's dating depends on (block = the key), so new
  evidence re-decides exactly the articles it concerns;
* ``dating_contrib``: per article, what it added, so it can be taken back when
  the article is processed again.

An article dated in this run may vouch for another in turn, so deciding goes on
(a few rounds at most) while new evidence appears, whatever the ingest order.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from ..extract.temporal.eventdays import (
    EventDay,
    EventLookup,
    IndexedDay,
    event_days_of,
    matching_days,
    offset_nouns,
    word_forms,
)
from ..model import DateSource, Document, Kind
from ..settings import Settings
from ..store.view import CorpusView
from .date_inference import (
    _DAY,
    KnownDay,
    anchor_event_offsets,
    apply_decision,
    infer_date,
    refresh_times,
)
from .same_event import (
    DaySentence,
    ReportLookup,
    day_sentences,
    event_names,
    index_names,
    weekday_mentions,
)

log = logging.getLogger(__name__)

_MONTH_DAY_KEY = re.compile(r"XXXX-\d\d-\d\d")
MAX_ROUNDS = 3  # an article dated in a round may date others in the next


def _undated(doc: Document) -> bool:
    return doc.article.published is None or doc.article.date_source is DateSource.INFERRED


def _votes_of(doc: Document) -> list[tuple[str, str, list]]:
    a = doc.article
    if a.published is None or a.date_source is DateSource.INFERRED:
        return []
    return [("XXXX" + t.value[4:], t.value, [a.id, t.start, t.end, a.published.isoformat()])
            for t in doc.timexes if _DAY.match(t.value)]


def _wants_of(doc: Document) -> set[str]:
    """The evidence keys an article's dating depends on."""
    keys = {f"w:{w}" for noun in offset_nouns(doc.timexes) for w in word_forms(noun)}
    if _undated(doc):
        keys |= {k for t in doc.timexes for k in _MONTH_DAY_KEY.findall(t.underspecified)}
        keys |= {f"wd{weekday}|{n}" for _, weekday, body in weekday_mentions(doc, doc.timexes)
                 for n in event_names(body)}
    return keys


def _first(vote: Mapping[str, Any], seq: Any) -> tuple[int, int]:
    """Where a vote was first cast (ingest order, offset): ties go to the earliest, as in one pass."""
    article, start, _, _ = vote["first"]
    return seq(article), start


def _known_from_votes(votes: Mapping[str, Any], seq: Any) -> dict[str, KnownDay]:
    """:func:`.date_inference.known_days` from stored votes: a month-day's year by a clear majority, or nothing."""
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


def _sentence_objects(sentences: Iterable[DaySentence]) -> dict[str, tuple[dict, str]]:
    """Objects (and their blocks) of dated sentences, once per name they are looked up by."""
    out = {}
    for s in sentences:
        data = {"article": s.article, "start": s.start, "end": s.end, "day": s.day, "names": sorted(s.names),
                "vec": s.vec, "confidence": s.confidence}
        for n in index_names(s):
            out[f"{s.article}:{s.start}:{s.day}:{n}"] = (data, f"wd{s.weekday}|{n}")
    return out


class DatingStage:
    """Corpus stage: dates undated articles and anchors times with evidence from the corpus."""

    name = "dating"
    reads = ("layer:timexes", "layer:sentences", "layer:events")
    writes = (f"objects:{Kind.DAY_VOTE}", f"objects:{Kind.EVENT_DAY}", f"objects:{Kind.DAY_SENTENCE}",
              f"objects:{Kind.DATING_WANT}", f"objects:{Kind.DATING_CONTRIB}", "article:date", "layer:timexes",
              "layer:events", "progress")
    # the later stages whose input a new date changes
    downstream = ("entities", "clusters", "claim-groups")

    def __init__(self, settings: Settings | None = None):
        self.settings = settings

    def run(self, view: CorpusView, ids: Sequence[str]) -> None:
        """Index what ``ids`` vouch for, then decide for them and for the articles their evidence concerns."""
        touched = self._retract(view, ids)
        targets: dict[str, None] = {}
        for chunk in _chunks(ids):
            for doc in view.documents(chunk, ["timexes", "sentences"]):
                touched |= self._index(view, doc)
                if _undated(doc) or offset_nouns(doc.timexes):
                    targets[doc.article.id] = None
        for _ in range(MAX_ROUNDS):
            targets.update(dict.fromkeys(oid.partition("|")[0] for oid in view.objects(Kind.DATING_WANT, blocks=touched)))
            touched = set()
            for chunk in _chunks(list(targets)):
                for doc in view.documents(chunk, ["timexes", "sentences", "events"]):
                    touched |= self._decide(view, doc)
            if not touched:
                break
            targets = {}

    def _retract(self, view: CorpusView, ids: Sequence[str]) -> set[str]:
        """Take back what articles processed before added; returns the evidence keys touched."""
        touched: set[str] = set()
        for aid, contrib in view.objects(Kind.DATING_CONTRIB, ids=ids).items():
            votes = view.objects(Kind.DAY_VOTE, ids=[f"{k}={v}" for k, v in contrib["votes"]])
            for oid, vote in votes.items():
                vote["count"] -= sum(1 for k, v in contrib["votes"] if f"{k}={v}" == oid)
                if vote["count"] > 0:
                    view.put_objects(Kind.DAY_VOTE, [(oid, vote)], block=oid.partition("=")[0])
                else:
                    view.delete_objects(Kind.DAY_VOTE, [oid])
            view.delete_objects(Kind.EVENT_DAY, contrib["days"])
            view.delete_objects(Kind.DATING_WANT, [f"{aid}|{k}" for k in contrib["wants"]])
            touched |= {k for k, _ in contrib["votes"]} | {"w:" + d.rsplit(":", 1)[1] for d in contrib["days"]}
            touched |= self._set_sentences(view, aid, [])
        return touched

    def _index(self, view: CorpusView, doc: Document) -> set[str]:
        aid = doc.article.id
        votes = _votes_of(doc)
        stored = view.objects(Kind.DAY_VOTE, ids=[f"{k}={v}" for k, v, _ in votes])
        for key, value, first in votes:
            vote = stored.setdefault(f"{key}={value}", {"count": 0, "first": first})
            vote["count"] += 1
        view.put_objects(Kind.DAY_VOTE, stored.items(), block={oid: oid.partition("=")[0] for oid in stored})
        days = {f"{aid}:{i.day.start}:{i.word}": {"value": i.day.value, "article": aid, "start": i.day.start,
                                                 "end": i.day.end, "published": i.day.published.isoformat(),
                                                 "sentence": i.sentence[:400]}
                for i in event_days_of(doc)}
        view.put_objects(Kind.EVENT_DAY, days.items(), block={oid: "w:" + oid.rsplit(":", 1)[1] for oid in days})
        wants = sorted(_wants_of(doc))
        view.put_objects(Kind.DATING_WANT, [(f"{aid}|{k}", {}) for k in wants], block={f"{aid}|{k}": k for k in wants})
        view.put_objects(Kind.DATING_CONTRIB, [(aid, {"votes": [[k, v] for k, v, _ in votes], "days": sorted(days),
                                                   "wants": wants, "sentences": []})])
        touched = {k for k, _, _ in votes} | {"w:" + d.rsplit(":", 1)[1] for d in days}
        return touched | self._set_sentences(view, aid, day_sentences(doc))

    @staticmethod
    def _set_sentences(view: CorpusView, aid: str, sentences: Sequence[DaySentence]) -> set[str]:
        """Replace the dated sentences an article vouches with; returns the blocks that changed."""
        contrib = view.objects(Kind.DATING_CONTRIB, ids=[aid]).get(aid)
        old = view.objects(Kind.DAY_SENTENCE, ids=contrib.get("sentences", [])) if contrib else {}
        new = _sentence_objects(sentences)
        if set(old) == set(new):
            return set()
        view.delete_objects(Kind.DAY_SENTENCE, list(old))
        view.put_objects(Kind.DAY_SENTENCE, [(i, d) for i, (d, _) in new.items()], block={i: b for i, (_, b) in new.items()})
        if contrib is not None:
            view.put_objects(Kind.DATING_CONTRIB, [(aid, {**contrib, "sentences": sorted(new)})])
        old_blocks = {"wd{}|{}".format(date.fromisoformat(o["day"]).isoweekday(), i.rsplit(":", 1)[1])
                      for i, o in old.items()}
        return old_blocks | {b for _, b in new.values()}

    def _lookup(self, view: CorpusView) -> EventLookup:
        def lookup(noun: str, modifier: str) -> list[EventDay]:
            found = view.objects(Kind.EVENT_DAY, blocks=[f"w:{w}" for w in word_forms(noun)])
            indexed = [IndexedDay(oid.rsplit(":", 1)[1], EventDay(o["value"], o["article"], o["start"], o["end"],
                                                                  date.fromisoformat(o["published"])), o["sentence"])
                       for oid, o in found.items()]
            indexed.sort(key=lambda i: (view.seq(i.day.article), i.day.start))
            return matching_days(indexed, noun, modifier)
        return lookup

    @staticmethod
    def _reports(view: CorpusView) -> ReportLookup:
        def lookup(weekday: int, wanted: frozenset[str]) -> list[DaySentence]:
            found = view.objects(Kind.DAY_SENTENCE, blocks=[f"wd{weekday}|{n}" for n in wanted])
            unique = {(o["article"], o["start"], o["day"]): o for o in found.values()}
            return [DaySentence(o["article"], o["start"], o["end"], o["day"], frozenset(o["names"]), o["vec"],
                                o["confidence"]) for _, o in sorted(unique.items())]
        return lookup

    def _decide(self, view: CorpusView, doc: Document) -> set[str]:
        """Decide (again) for one article; returns the evidence blocks its new date changed."""
        a = doc.article
        keys = {k for t in doc.timexes for k in _MONTH_DAY_KEY.findall(t.underspecified)}
        known = _known_from_votes(view.objects(Kind.DAY_VOTE, blocks=keys), view.seq)
        if not _undated(doc):
            anchored = anchor_event_offsets(doc, self._lookup(view))
            if anchored is not None and anchored.timexes != doc.timexes:
                view.save_layers(refresh_times(anchored), [x for x in ("timexes", "events") if x in doc.layers])
                view.reopen(self.downstream, [a.id])
            return set()
        base = replace(doc, article=replace(a, published=None, date_precision=None, date_source=DateSource.UNKNOWN,
                                            date_confidence=1.0, date_evidence=()))
        decision = infer_date(base, known, None, self._lookup(view), self._reports(view))
        after = refresh_times(apply_decision(base, decision, known))
        source = DateSource.INFERRED if decision.published else DateSource.UNKNOWN
        view.set_date(a.id, decision.published, decision.precision, source, decision.confidence, decision.evidence)
        view.save_layers(after, [x for x in ("timexes", "events") if x in doc.layers])
        if decision.published != a.published:
            view.reopen(self.downstream, [a.id])
        log.info("dating %s: %s (%s)", a.id, decision.published, decision.reason)
        return self._set_sentences(view, a.id, day_sentences(after))


def _chunks(ids: Sequence[str], size: int = 200) -> list[Sequence[str]]:
    return [ids[i:i + size] for i in range(0, len(ids), size)]
