"""Read functions behind the list commands and the web API: stored items with their source spans."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from .corpus import output
from .corpus.claim_groups import shown_status
from .protocols import ReadStore
from .request import TimelineRequest, in_range
from .serialize import to_jsonable
from .corpus.output import find_entities  # the name lookup every list command and the timeline share

__all__ = ["entity_names", "failure_rows", "find_entities", "list_articles", "list_claims", "list_entities",
           "list_events", "list_quotes", "list_stories", "naming"]


def list_entities(store: ReadStore, request: TimelineRequest = TimelineRequest(), *,
                  kind: str | None = None) -> list[dict[str, Any]]:
    """Entities with aliases, roles and their mentions (article, span, text), most mentioned first.

    The request's entity, since and until filter them.
    """
    since, until = request.since, request.until
    wanted = find_entities(store, request.entity) if request.entity else None
    objects = output.entities(store, ids=wanted)  # all, or the wanted ones only
    mentions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    # the mentions only (links: the keys that name their entities); the other layers are never shown here
    for doc in store.iter_documents(None if wanted is None else naming(store, wanted), layers=("mentions", "links")):
        day = doc.article.published.isoformat() if doc.article.published else ""
        if not in_range(day, since, until):
            continue
        for m in doc.mentions:
            if m.entity:
                mentions[m.entity].append({"article": doc.article.id, "start": m.start, "end": m.end,
                                           "text": doc.article.span(m.start, m.end), "date": day})
    rows = []
    for eid, data in objects.items():
        if (wanted is not None and eid not in wanted) or (kind and data["kind"] != kind) or not mentions[eid]:
            continue
        rows.append({**data, "mentions": mentions[eid], "count": len(mentions[eid]),
                     "articles": len({m["article"] for m in mentions[eid]})})
    return sorted(rows, key=lambda r: (-r["count"], r["name"]))


def naming(store: ReadStore, wanted: set[str]) -> list[str]:
    """Ids of the originals (in ingest order) with a mention the linking stage files under a wanted entity.

    Read from the mention keys (the links layer) alone. A mention, a participant or a speaker names an
    entity only through these keys, so an entity's listings decode the layers of the articles that name
    it, not of the whole store, and list the same items.
    """
    keys = {doc.article.id: set(doc.links.mention_keys) for doc in store.iter_documents(raw=True, layers=("links",))
            if doc.links is not None}
    entity_of = output.entity_of_keys(store, {k for ks in keys.values() for k in ks if k})
    return [aid for aid, ks in keys.items() if any(entity_of.get(k) in wanted for k in ks if k)]


def entity_names(store: ReadStore) -> dict[str, str]:
    """Entity id -> canonical name."""
    return output.entity_names(store)


def list_events(store: ReadStore, request: TimelineRequest = TimelineRequest(), *,
                modality: str | None = None) -> list[dict[str, Any]]:
    """Stored events with trigger, participants and sources, in date order.

    The request's entity (a participant), event type, since and until filter them.
    """
    names = entity_names(store)
    wanted = find_entities(store, request.entity) if request.entity else None
    kind = request.event_type
    rows = []
    # the events, and the mentions with their keys (links) that name the participants' entities
    for doc in store.iter_documents(None if wanted is None else naming(store, wanted),
                                    layers=("events", "mentions", "links")):
        text = doc.article.span
        for i, e in enumerate(doc.events):
            if (kind and e.type != kind) or (modality and e.modality.value != modality):
                continue
            if not in_range(e.date, request.since, request.until):
                continue
            if wanted is not None and not any(p.entity in wanted for p in e.participants):
                continue
            rows.append({
                "article": doc.article.id, "index": i, "type": e.type, "trigger": text(e.start, e.end),
                "start": e.start, "end": e.end, "sentence": e.sentence, "date": e.date,
                "precision": e.precision.value if e.precision else "", "modality": e.modality.value,
                "reported_by": e.reported_by,
                "participants": [{"role": p.role, "text": text(p.start, p.end), "start": p.start, "end": p.end,
                                  "entity": p.entity, "name": names.get(p.entity or "", "")}
                                 for p in e.participants],
            })
    return sorted(rows, key=lambda r: (r["date"] or "9999", r["article"], r["start"]))


def list_quotes(store: ReadStore, request: TimelineRequest = TimelineRequest()) -> list[dict[str, Any]]:
    """Stored quotes with content, cue, speaker (as written and canonical) and source spans.

    The request's entity (the speaker), since and until (the publication day) filter them.
    """
    names = entity_names(store)
    wanted = find_entities(store, request.entity) if request.entity else None
    rows = []
    # the quotes, and the mentions with their keys (links) that name the speakers' entities
    for doc in store.iter_documents(None if wanted is None else naming(store, wanted),
                                    layers=("quotes", "mentions", "links")):
        day = doc.article.published.isoformat() if doc.article.published else ""
        if not in_range(day, request.since, request.until):
            continue
        span = doc.article.span
        for i, q in enumerate(doc.quotes):
            if wanted is not None and q.speaker not in wanted:
                continue
            rows.append({
                "article": doc.article.id, "index": i, "kind": q.kind.value, "date": day,
                "text": span(q.start, q.end), "start": q.start, "end": q.end,
                "cue": span(q.cue_start, q.cue_end) if q.cue_start is not None else "",
                "cue_start": q.cue_start, "cue_end": q.cue_end,
                "speaker_text": span(q.speaker_start, q.speaker_end) if q.speaker_start is not None else "",
                "speaker_start": q.speaker_start, "speaker_end": q.speaker_end,
                "speaker": q.speaker, "speaker_name": names.get(q.speaker or "", ""),
            })
    return sorted(rows, key=lambda r: (r["date"] or "9999", r["article"], r["start"]))


def list_claims(store: ReadStore, request: TimelineRequest = TimelineRequest(), *,
                status: str | None = None) -> list[dict[str, Any]]:
    """Claim groups (with their claims and source spans), largest first.

    The request's entity (the claimant), since and until (the claim's day) filter the claims.
    A conflict the grouping is not sure of (``shown`` false) is listed as
    ``related``: the desk never sets figures against each other on a guess.
    """
    since, until = request.since, request.until
    wanted = find_entities(store, request.entity) if request.entity else None
    groups = list(output.claim_groups(store).values())
    # the stage records who claims a figure by mention key; the entity linking keymap names them now
    entity_of = output.entity_of_keys(store, {c["claimant"] for g in groups for c in g["claims"] if c["claimant"]})
    out = []
    for group in groups:
        claims = [{**c, "claimant": entity_of.get(c["claimant"], "")} for c in group["claims"]]
        claims = [c for c in claims if in_range(c["date"], since, until) and (wanted is None or c["claimant"] in wanted)]
        shown = shown_status(group)
        if not claims or (status and shown != status):
            continue
        out.append({**group, "status": shown, "claims": claims})
    return sorted(out, key=lambda g: (-len(g["claims"]), g["id"]))


def list_articles(store: ReadStore, *, query: str | None = None, duplicates: bool = False) -> list[dict[str, Any]]:
    """Stored articles without their text (its length instead), in ingest order; with a query, those matching it."""
    wanted = set(store.search(query)) if query else None
    rows = []
    for a in store.iter_articles(include_duplicates=duplicates):
        if wanted is not None and a.id not in wanted:
            continue
        row = to_jsonable(a)
        row.pop("text")
        row["chars"] = len(a.text)
        rows.append(row)
    return rows


def list_stories(store: ReadStore) -> list[dict[str, Any]]:
    """Stories with their articles, threads and first and last publication dates, largest first."""
    members = output.story_articles(store)
    threads, in_thread = output.threads(store), output.thread_articles(store)
    rows = []
    for sid, s in output.stories(store).items():
        ids = members.get(sid, [])
        dates = sorted(a.published.isoformat() for i in ids if (a := store.get_article(i)) is not None and a.published)
        strands = [{"thread": t, "label": threads.get(t, {}).get("label", ""), "ids": in_thread.get(t, [])}
                   for t in s.get("threads", ())]
        rows.append({"story": sid, "articles": len(ids), "threads": len(strands), "first": dates[0] if dates else "",
                     "last": dates[-1] if dates else "", "label": s.get("label", ""), "ids": ids,
                     "thread_list": sorted(strands, key=lambda t: -len(t["ids"]))})
    return sorted(rows, key=lambda r: (-r["articles"], r["story"]))


def failure_rows(store: ReadStore) -> list[dict[str, Any]]:
    """Recorded stage failures (skipped stages left out), with the article's origin; corpus stages too."""
    rows = []
    for article_id, f in store.failures():
        if f.error == "skipped":
            continue
        a = store.get_article(article_id) if article_id else None
        rows.append({"article": article_id or "(corpus)", "origin": a.origin if a else "", "stage": f.stage,
                     "error": f.error, "message": f.message})
    return rows
