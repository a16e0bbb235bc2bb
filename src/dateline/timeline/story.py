"""The whole story on a timeline: who took part, where, who said what, which figures, where sources disagree.

:func:`build_timeline` answers *what* and *when*; this module enriches each of
its entries from the store (participants with their role at that date, the
main event's place, type and modality, the day's quotes and figures) and adds
the timeline's disagreements. :func:`story_timeline` is the one library
function behind ``dateline timeline`` and the web app's timeline, page and API.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..corpus import output
from ..extract.sentence_dates import own_date
from ..protocols import ReadStore
from ..model import (
    ClaimStatus,
    Disagreement,
    Document,
    EntityKind,
    EntryClaim,
    EntryParticipant,
    EntryPlace,
    EntryQuote,
    Event,
    Modality,
    Precision,
    Role,
    SourceRef,
    StoryRef,
    SummaryLine,
    Timeline,
    TimelineEntry,
    sentence_at,
)
from ..serialize import from_jsonable
from ..settings import Settings
from ..request import TimelineRequest
from .build import build_timeline
from .disagreements import find_disagreements
from .readable import readable_line
from .subset import ArticleSubset, select_articles

log = logging.getLogger(__name__)

__all__ = ["enrich_timeline", "story_disagreements", "story_timeline"]

# Post-filters (event type, or an entity alongside a query) drop entries after
# the dates are chosen; asking for this many times the dates keeps the view full.
WIDEN = 3
_KIND_ORDER = {EntityKind.PERSON: 0, EntityKind.ORG: 1, EntityKind.OTHER: 2, EntityKind.PLACE: 3}


@dataclass
class StoryContext:
    """What enrichment reads from the store, loaded once per timeline."""

    docs: dict[str, Document]
    entities: dict[str, Any]
    groups: dict[str, Any]
    story_of: dict[str, StoryRef] = field(default_factory=dict)
    own_day: dict[str, str] = field(default_factory=dict)  # article -> the date it reports as its own news


def story_timeline(store: ReadStore, settings: Settings, request: TimelineRequest = TimelineRequest()) -> Timeline:
    """The timeline of the stored corpus with the whole story, filtered as the request asks."""
    entity_ids, selected, view, focus = _narrowing(store, request)
    post = bool(request.event_type) or entity_ids is not None
    want = request.max_dates or settings.max_dates
    # the days are chosen over the selected articles (the view): outlet and story are applied by then
    base = replace(request, query=focus, entity=None, event_type=None, outlet=None, story=None,
                   max_dates=want * WIDEN if post else want)
    timeline = enrich_timeline(store, build_timeline(view, settings, base))
    entries = [e for e in timeline.entries
               if (entity_ids is None or entity_ids & set(e.entities))
               and (not request.event_type or request.event_type in e.event_types)]
    days = [e for e in entries if e.precision is Precision.DAY]
    if len(days) > want:  # day slots are for days: months never take one (nor are they cut for one)
        keep = {id(e) for e in sorted(days, key=lambda e: (-e.score, e.date))[:want]}
        entries = [e for e in entries if e.precision is not Precision.DAY or id(e) in keep]
    disagreements = find_disagreements(store, scope=_scope(view, focus, selected), since=request.since,
                                       until=request.until)
    return replace(timeline, entries=tuple(entries), disagreements=tuple(disagreements))


def story_disagreements(store: ReadStore, request: TimelineRequest = TimelineRequest()) -> list[Disagreement]:
    """The disagreements :func:`story_timeline` carries for the request, without building its timeline."""
    _, selected, view, focus = _narrowing(store, request)
    return find_disagreements(store, scope=_scope(view, focus, selected), since=request.since, until=request.until)


def _narrowing(store: ReadStore, request: TimelineRequest) -> tuple[set[str] | None, list[str] | None, ReadStore,
                                                                     str | None]:
    """The request's entities, selected articles (outlet, story), the view of them, and its focus."""
    entity_ids = resolve_entity(store, request.entity) if request.entity else None
    selected = select_articles(store, outlet=request.outlet, story=request.story)
    view = store if selected is None else ArticleSubset(store, selected)
    focus = request.query
    if not focus and entity_ids:
        # the entity focus of build_timeline: its names and aliases, searched and matched
        focus = output.entities(store, ids=[min(entity_ids)])[min(entity_ids)]["name"]
    return entity_ids, selected, view, focus


def _scope(view: ReadStore, focus: str | None, selected: list[str] | None) -> set[str] | None:
    """Ids of the articles a request covers (None: all of them)."""
    if focus:
        return set(view.search(focus))
    return None if selected is None else set(selected)


def resolve_entity(store: ReadStore, entity: str) -> set[str]:
    """Ids of the entities an id or a name (any spelling) names; empty when none."""
    if output.entities(store, ids=[entity]):
        return {entity}
    return output.find_entities(store, entity)


def enrich_timeline(store: ReadStore, timeline: Timeline) -> Timeline:
    """The timeline with readable lines, named sources and each entry's participants, quotes and figures."""
    context = load_context(store, timeline)
    entries = tuple(enrich_entry(e, context) for e in timeline.entries)
    undated = tuple(readable_line(_cite_line(line, context), context.docs, context.entities)
                    for line in timeline.undated)
    return replace(timeline, entries=entries, undated=undated)


def load_context(store: ReadStore, timeline: Timeline) -> StoryContext:
    """The cited documents, entities, claim groups and stories of a timeline."""
    lines = [line for e in timeline.entries for line in e.summary] + list(timeline.undated)
    ids = dict.fromkeys(ref.article for line in lines for ref in (line.source, *line.also))
    docs = {doc.article.id: doc for doc in store.iter_documents(list(ids))}
    labels = {sid: str(obj.get("label", "")) for sid, obj in output.stories(store).items()}
    story_of = {article: StoryRef(id=sid, label=labels.get(sid, ""))
                for sid, articles in output.story_articles(store).items() for article in articles}
    # every entity and claim group enrichment looks up is one a cited article's items were filed under: only
    # those are read (a large store holds tens of thousands of each)
    named = {m.entity for doc in docs.values() for m in doc.mentions if m.entity} | \
        {p.entity for doc in docs.values() for e in doc.events for p in e.participants if p.entity} | \
        {q.speaker for doc in docs.values() for q in doc.quotes if q.speaker}
    return StoryContext(docs=docs, entities=output.entities(store, ids=named),
                        groups=output.claim_groups(store, articles=list(docs)),
                        story_of=story_of, own_day=own_days(timeline.entries, docs))


def own_days(entries: Sequence[TimelineEntry], docs: Mapping[str, Document]) -> dict[str, str]:
    """The date each cited article reports as its own news."""
    # a dated article's own day is the one own_date reads (a report published the morning after tells the
    # day before); an undated article has none, so it counts for the main-thread entry citing it most, and
    # its quotes and figures land on one date only
    out = {a: day for a, doc in docs.items() if (day := own_date(doc)) is not None}
    votes: dict[str, Counter[str]] = {}
    for e in entries:
        for ref in e.sources:
            if ref.article not in out and ref.article in docs:
                votes.setdefault(ref.article, Counter())[e.date] += 1 if e.background else 10
    for article, counts in votes.items():
        out[article] = max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]
    return out


def _cite(ref: SourceRef, docs: Mapping[str, Document]) -> SourceRef:
    """A citation naming its file of origin (and its publication date when the builder left it out)."""
    doc = docs.get(ref.article)
    if doc is None:
        return ref
    a = doc.article
    return replace(ref, origin=a.origin, published=ref.published or (a.published.isoformat() if a.published else ""),
                   title=ref.title or a.title, url=ref.url or a.url, source=ref.source or a.source)


def _cite_line(line: SummaryLine, context: StoryContext) -> SummaryLine:
    return replace(line, source=_cite(line.source, context.docs),
                   also=tuple(_cite(r, context.docs) for r in line.also))


def enrich_entry(entry: TimelineEntry, context: StoryContext) -> TimelineEntry:
    """One entry with its readable lines, participants, main event, quotes, figures and story."""
    summary = tuple(readable_line(_cite_line(line, context), context.docs, context.entities) for line in entry.summary)
    refs = [ref for line in summary for ref in (line.source, *line.also)]
    events = list(_cited_events(refs, context.docs))
    participants = _participants(events, entry.date, context.entities)
    main = _main_event(events, entry.date)
    day_docs = [context.docs[a] for a in dict.fromkeys(r.article for r in refs)
                if a in context.docs and context.own_day.get(a, "").startswith(entry.date)]
    ids = {p.entity for p in participants}
    first = summary[0].source.article if summary else ""
    return replace(
        entry, summary=summary, sources=tuple(refs), participants=tuple(participants),
        place=_place(main, events, context), event_type=main[1].type if main else "",
        modality=main[1].modality if main else None,
        quotes=tuple(_quotes(day_docs, ids, context)), claims=tuple(_claims(day_docs, context)),
        event_types=tuple(dict.fromkeys(e.type for _, e in events if e.type)),
        entities=tuple(_named_entities(refs, context.docs, ids)), story=context.story_of.get(first),
    )


def _cited_events(refs: Iterable[SourceRef], docs: Mapping[str, Document]) -> Iterable[tuple[Document, Event]]:
    """The events of the cited sentences, in citation order."""
    seen = set()
    for ref in refs:
        doc = docs.get(ref.article)
        i = sentence_at(doc.sentences, ref.start) if doc else None
        if doc is None or i is None or (ref.article, i) in seen:
            continue
        seen.add((ref.article, i))
        for e in doc.events:
            if e.sentence == doc.sentences[i].index:
                yield doc, e


def _participants(events: Sequence[tuple[Document, Event]], day: str, entities: Mapping[str, Any]) -> list[EntryParticipant]:
    """Entities taking part in the events (places only as where, not who), most involved first."""
    counts: Counter[str] = Counter(p.entity for _, e in events for p in e.participants
                                   if p.entity and p.role != "place" and p.entity in entities)
    out = []
    for eid, _ in counts.most_common():
        data = entities[eid]
        role = role_at([from_jsonable(Role, r) for r in data.get("roles", ())], day)
        out.append(EntryParticipant(entity=eid, name=data["name"], kind=EntityKind(data["kind"]),
                                    role=role.title if role else "", role_of=role.of if role else ""))
    return sorted(out, key=lambda p: _KIND_ORDER.get(p.kind, 9))  # stable: counts order within a kind


def role_at(roles: Sequence[Role], day: str) -> Role | None:
    """The title an entity held at a date: the most cited one that day, else the most cited overall."""
    if not roles:
        return None
    that_day = [r for r in roles if r.date and (r.date.startswith(day) or day.startswith(r.date))]
    pool = that_day or list(roles)
    counts = Counter((r.title, r.of) for r in pool if r.title)
    if not counts:
        return None
    # a title that names whose ("of Egypt") and the longer title ("secretary of state") say more
    (title, of), _ = max(counts.items(), key=lambda kv: (kv[1], bool(kv[0][1]), len(kv[0][0])))
    return Role(title=title, of=of)


def _main_event(events: Sequence[tuple[Document, Event]], day: str) -> tuple[Document, Event] | None:
    """The event the entry is about: dated that very day, said to happen, most named participants, first lines."""
    if not events:
        return None
    unsure = {Modality.HYPOTHETICAL, Modality.NEGATED}

    def rank(item: tuple[int, tuple[Document, Event]]) -> tuple[int, int, int, int]:
        i, (_, e) = item
        return (e.date != day, e.modality in unsure, -sum(1 for p in e.participants if p.entity), i)

    return min(enumerate(events), key=rank)[1]


def _place(main: tuple[Document, Event] | None, events: Sequence[tuple[Document, Event]],
           context: StoryContext) -> EntryPlace | None:
    """Where the main event happened: its place, else a place it names (a destination), else its sentence's."""
    if main is None:
        return None
    doc, event = main
    is_place = lambda p: context.entities.get(p.entity or "", {}).get("kind") == EntityKind.PLACE.value  # noqa: E731
    same = [e for d, e in events if d is doc and e.sentence == event.sentence and e is not event]
    found = next((p for p in event.participants if p.role == "place"), None) \
        or next((p for p in event.participants if is_place(p)), None) \
        or next((p for e in same for p in e.participants if p.role == "place"), None)
    if found is None:
        return None
    name = context.entities.get(found.entity or "", {}).get("name") or doc.article.span(found.start, found.end)
    ref = _cite(SourceRef(article=doc.article.id, start=found.start, end=found.end), context.docs)
    return EntryPlace(name=name, source=ref, entity=found.entity, text=doc.article.span(found.start, found.end))


def _quotes(day_docs: Sequence[Document], speakers: set[str], context: StoryContext) -> Iterable[EntryQuote]:
    """What the entry's participants said in the day's reports."""
    seen = set()
    for doc in day_docs:
        for q in doc.quotes:
            if not q.kind.is_speech:
                continue  # a fact credited to a source, or a stance ascribed: not the speaker's words
            # the first fragment of a broken quote: a span of the article, without the "he said" between
            start, end = q.fragments()[0]
            text = doc.article.span(start, end)
            if q.speaker not in speakers or (q.speaker, text) in seen:
                continue
            seen.add((q.speaker, text))
            name = context.entities.get(q.speaker, {}).get("name", "")
            yield EntryQuote(text=text, source=_cite(SourceRef(doc.article.id, start, end), context.docs),
                             kind=q.kind, speaker=q.speaker, speaker_name=name)


def _claims(day_docs: Sequence[Document], context: StoryContext) -> list[EntryClaim]:
    """The figures of the day's reports, each with the status of its quantity across all sources."""
    out = []
    for doc in day_docs:
        for c in doc.claims:
            group = context.groups.get(c.group or "")
            status = ClaimStatus(group["status"]) if group else None
            if status is ClaimStatus.CONFLICT and not group.get("shown", True):
                status = ClaimStatus.RELATED  # a conflict the group is unsure of is shown as related figures
            out.append(EntryClaim(text=doc.article.span(c.start, c.end),
                                  source=_cite(SourceRef(doc.article.id, c.start, c.end), context.docs),
                                  value=c.value, qualifier=c.qualifier, unit=c.unit, quantity=c.quantity,
                                  group=c.group, status=status, label=group.get("label", "") if group else ""))
    order = {ClaimStatus.CONFLICT: 0, ClaimStatus.UPDATE: 1, ClaimStatus.CONSISTENT: 2, ClaimStatus.RELATED: 3,
             ClaimStatus.SINGLE: 4}
    return sorted(out, key=lambda c: order.get(c.status, 4) if c.status else 4)


def _named_entities(refs: Sequence[SourceRef], docs: Mapping[str, Document], participants: set[str]) -> list[str]:
    """Ids of the entities the cited spans name, participants first."""
    out = dict.fromkeys(sorted(participants))
    for ref in refs:
        doc = docs.get(ref.article)
        for m in doc.mentions if doc else ():
            if m.entity and ref.start <= m.start < ref.end:
                out.setdefault(m.entity)
    return list(out)
