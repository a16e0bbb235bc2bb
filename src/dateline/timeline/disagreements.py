"""Where the sources disagree: different figures for one quantity, different dates for one event.

Figures come from the claim groups of the corpus stage: every group whose
outlets wrote different figures is shown side by side, with its label in words
and its status: ``conflict`` (independent sources, same time, values that
cannot both hold; shown as such only when the group is sure, else folded with
the related figures), ``update`` (the value moved with time: "rose from 12 to
31 between 3 and 6 May"), ``consistent`` (the figures differ within their
bounds: "nearly 1.5 million" and "more than 1.4 million" can both be true) or
``related`` (figures grouped loosely: shown folded, never set against each
other). Dates come from the event clusters: two clusters of one story and
event type, a few days apart, worded alike, naming the same participants, and
dated by independent sources with a calendar date each (not "the day before",
which one outlet's reused paragraph anchors on two publication dates), are one
event that two outlets date differently.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from ..corpus import output
from ..corpus.claim_groups import COPY, shown_status
from ..corpus.claim_labels import group_summary
from ..extract.claims import sketch
from ..model import (
    ClaimStatus,
    Disagreement,
    DisagreementKind,
    DisagreementSide,
    Document,
    SourceRef,
    TimexType,
    sentence_at,
)
from ..source_names import outlet_name
from ..protocols import ReadStore
from ..request import DateBound, in_range
from ..termvectors import cosine

DATED_DIFFERENTLY = "dated-differently"
MAX_DAYS_APART = 3  # outlets that disagree on a date are a day or two out, not weeks
MIN_WORDING = 0.5  # cosine of two clusters' term centroids
MIN_NAMES = 0.3  # Jaccard overlap of the names (participants) two clusters share
# People speak every day: two statements days apart are two statements, not one dated twice.
REPEATED_TYPES = frozenset({"STATEMENT"})
# "today" or "this morning" only restates when an article was published; two of them on different days say
# that the articles came out on different days, not that outlets disagree on the date.
DEICTIC = frozenset({"today", "tonight", "this morning", "this afternoon", "this evening", "yesterday", "now",
                     "earlier today", "last night", "this week", "currently", "recently"})
_STATUS_ORDER = {ClaimStatus.CONFLICT.value: 0, DATED_DIFFERENTLY: 0, ClaimStatus.UPDATE.value: 1,
                 ClaimStatus.CONSISTENT.value: 2, ClaimStatus.RELATED.value: 3}


# What a side reads of its article: the sentence around a figure, and that of a date with its time
# expressions. Nothing a corpus stage decided is read, so documents are read raw with these layers only
# (decoding every layer of every cited article was most of the view's time on a large store).
FIGURE_LAYERS = ("sentences",)
DATE_LAYERS = ("sentences", "timexes")


class _Documents:
    """Documents loaded on demand (or ahead, many at a time), once each, with the layers a side reads."""

    def __init__(self, store: ReadStore, layers: Sequence[str] = DATE_LAYERS):
        self.store, self.layers = store, tuple(layers)
        self.cache: dict[str, Document | None] = {}

    def get(self, article: str) -> Document | None:
        if article not in self.cache:
            self.cache[article] = self.store.load_document(article, raw=True, layers=self.layers)
        return self.cache[article]

    def prefetch(self, articles: Iterable[str]) -> None:
        """Read these articles' documents in a few queries rather than a few each."""
        todo = [a for a in dict.fromkeys(articles) if a not in self.cache]
        for doc in self.store.iter_documents(todo, raw=True, layers=self.layers):
            self.cache[doc.article.id] = doc


def find_disagreements(store: ReadStore, *, scope: set[str] | None = None, since: DateBound | None = None,
                       until: DateBound | None = None) -> list[Disagreement]:
    """Figure and date disagreements among the articles in ``scope`` (all when None), conflicts first."""
    docs = _Documents(store, FIGURE_LAYERS)
    # both finders need a member in scope on every side: only the groups and clusters with one are read
    # (on a large store, decoding every group and cluster took seconds)
    groups = list(output.claim_groups(store, articles=scope).values())
    docs.prefetch(c["article"] for g in groups for c in _claims_shown(g, scope, since, until))
    out = list(figure_disagreements(groups, docs, scope, since, until))
    out += date_disagreements(output.event_clusters(store, articles=scope), _Documents(store, DATE_LAYERS),
                              _Names(store), scope, since, until)
    return sorted(out, key=lambda d: (d.folded, _STATUS_ORDER.get(d.status, 4), -len(d.sides), d.label))


class _Names:
    """Entity id -> name, read from the store when first asked (a label names at most three)."""

    def __init__(self, store: ReadStore):
        self.store, self.cache = store, {}

    def get(self, eid: str, default: str | None = None) -> str | None:
        if eid not in self.cache:
            found = output.entities(self.store, ids=[eid]).get(eid)
            self.cache[eid] = found.get("name", "") if found is not None else None
        return self.cache[eid] if self.cache[eid] is not None else default


def cite(doc: Document, start: int, end: int) -> SourceRef:
    """A citation of a span of a stored article, with what to call its source."""
    a = doc.article
    return SourceRef(article=a.id, start=start, end=end, title=a.title, url=a.url, source=a.source,
                     published=a.published.isoformat() if a.published else "", origin=a.origin)


def _side(doc: Document, start: int, end: int, day: str, value: float | None = None,
          sentence: tuple[int, int] | None = None, outlet: str = "") -> DisagreementSide:
    if sentence is None:
        i = sentence_at(doc.sentences, start)
        sentence = (doc.sentences[i].start, doc.sentences[i].end) if i is not None else (start, end)
    return DisagreementSide(text=doc.article.span(start, end), source=cite(doc, start, end), date=day,
                            sentence_start=sentence[0], sentence_end=sentence[1],
                            sentence=doc.article.span(*sentence), value=value,
                            outlet=outlet or outlet_name(doc.article.source, doc.article.url, doc.article.origin,
                                                         doc.article.title))


def figure_disagreements(groups: Iterable[Mapping[str, Any]], docs: _Documents, scope: set[str] | None,
                         since: DateBound | None, until: DateBound | None) -> Iterable[Disagreement]:
    """Claim groups whose outlets wrote different figures, each figure beside its outlet, date and sentence.

    A conflict the group is not sure of (``shown`` false) and a related group are
    folded: listed after the rest as related figures, never as a conflict.
    """
    for g in groups:
        claims = _claims_shown(g, scope, since, until)
        if not claims:
            continue
        sides = [_side(doc, c["start"], c["end"], c.get("date", ""), c["value"], outlet=c.get("outlet", ""))
                 for c in claims if (doc := docs.get(c["article"])) is not None]
        if len({s.outlet or outlet_name(s.source.source, s.source.url, s.source.origin, s.source.title)
                for s in sides}) < 2:
            continue
        status = ClaimStatus(shown).value if (shown := shown_status(g)) else ""
        sure = status != ClaimStatus.RELATED.value
        conflict = sure and status == ClaimStatus.CONFLICT.value and _conflict_in_scope(g, claims)
        yield Disagreement(kind=DisagreementKind.FIGURE, status=status,
                           label=g.get("label") or quantity_label(g["quantity"]), sides=tuple(sides),
                           conflict=conflict, group=g["id"], confidence=float(g.get("confidence", 0.0)),
                           summary=group_summary(g if sure else {**g, "status": status}), folded=not sure)


def _claims_shown(group: Mapping[str, Any], scope: set[str] | None, since: DateBound | None,
                  until: DateBound | None) -> list[Mapping[str, Any]]:
    """The group's claims in scope and range, or none when they give one figure only."""
    claims = [c for c in group.get("claims", ()) if (scope is None or c["article"] in scope)
              and in_range(c.get("date", ""), since, until)]
    # one figure, however many outlets repeat it, is no disagreement
    return claims if len({(c["value"], c["qualifier"]) for c in claims}) >= 2 else []


def _conflict_in_scope(group: Mapping[str, Any], claims: Sequence[Mapping[str, Any]]) -> bool:
    """Whether a conflicting pair of the group has both claims among those shown."""
    shown = {(c["article"], c["index"]) for c in claims}
    members = group.get("claims", ())
    return any((members[i]["article"], members[i]["index"]) in shown and
               (members[j]["article"], members[j]["index"]) in shown for i, j in group.get("conflicts", ()))


def quantity_label(key: str) -> str:
    """'count|people:PS|displaced|rafah' -> 'people displaced in Rafah' (groups stored before labels)."""
    parts = (key.split("|") + ["", "", "", ""])[:4]
    _, noun, pred, place = parts
    noun = noun.split(":")[0].split("/")[0] or "figure"
    words = [noun, *([pred] if pred and "/" not in pred else []), *([f"in {place.title()}"] if place else [])]
    return " ".join(words)


def date_disagreements(clusters: Mapping[str, Mapping[str, Any]], docs: _Documents, names: Mapping[str, str],
                       scope: set[str] | None, since: DateBound | None, until: DateBound | None) -> list[Disagreement]:
    """Pairs of event clusters that are one event dated differently by different articles."""
    by_kind: dict[tuple[str, str], list[tuple[str, Mapping[str, Any]]]] = defaultdict(list)
    for cid, c in clusters.items():
        if c.get("type") and c["type"] not in REPEATED_TYPES and len(c.get("date", "")) == 10 \
                and in_range(c["date"], since, until):
            by_kind[(c.get("story", ""), c["type"])].append((cid, c))
    out = []
    for items in by_kind.values():
        items.sort(key=lambda ic: ic[1]["date"])
        for i, (aid, a) in enumerate(items):
            for bid, b in items[i + 1:]:
                gap = (date.fromisoformat(b["date"]) - date.fromisoformat(a["date"])).days
                if gap > MAX_DAYS_APART:
                    break
                if gap and _same_event(a, b):
                    found = _dated_pair(aid, a, bid, b, docs, names, scope)
                    if found is not None:
                        out.append(found)
    return out


def _same_event(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Worded alike, naming the same participants, and never told by one article."""
    if {m[0] for m in a["members"]} & {m[0] for m in b["members"]}:
        return False
    na, nb = set(a.get("names", ())), set(b.get("names", ()))
    overlap = len(na & nb) / len(na | nb) if na | nb else 0.0
    return overlap >= MIN_NAMES and cosine(a.get("centroid", {}), b.get("centroid", {})) >= MIN_WORDING


def _dated_pair(aid: str, a: Mapping[str, Any], bid: str, b: Mapping[str, Any], docs: _Documents,
                names: Mapping[str, str], scope: set[str] | None) -> Disagreement | None:
    found = []
    for c in (a, b):
        mine = [s for m in c["members"] if (scope is None or m[0] in scope) and (s := _date_side(m, c["date"], docs))]
        if not mine:
            return None  # a side whose date no time expression states is the publication's, not a report's
        found.append(mine)
    if not any(_independent(x, y) for x in found[0] for y in found[1]):
        return None  # one outlet, or one passage reused: a source does not disagree with itself
    sides = found[0] + found[1]
    shared = sorted(set(a.get("names", ())) & set(b.get("names", ())))
    who = [names.get(n) or n for n in shared][:3]
    label = f"{a['type']}: {', '.join(who)}" if who else a["type"]
    return Disagreement(kind=DisagreementKind.DATE, status=DATED_DIFFERENTLY, label=label, sides=tuple(sides),
                        conflict=True, group=f"{aid} {bid}")


def _date_side(member: list[Any] | tuple[Any, ...], day: str, docs: _Documents) -> DisagreementSide | None:
    """An outlet's dating of an event: the date its sentence states for that day (not a mere "today")."""
    article, _, start, end = member[:4]
    doc = docs.get(article)
    if doc is None:
        return None
    for t in doc.timexes:
        text = doc.article.span(t.start, t.end)
        if start <= t.start < end and t.value.startswith(day) and t.type is TimexType.DATE \
                and text.lower() not in DEICTIC and (not t.anchor or _CALENDAR.search(text)):
            return _side(doc, t.start, t.end, day, sentence=(start, end))
    return None


# a date a reader can check on a calendar ("12 May", "5/12"), not one counted from the article's own day
# ("the day before", "on Monday"), which a reused paragraph anchors on each publication date in turn
_CALENDAR = re.compile(r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I)


def _independent(a: DisagreementSide, b: DisagreementSide) -> bool:
    """Two sides from different outlets whose sentences are not one passage copied."""
    if a.outlet == b.outlet:
        return False
    ha, hb = set(sketch(a.sentence)), set(sketch(b.sentence))
    return not (ha and hb and len(ha & hb) / min(len(ha), len(hb)) >= COPY)
