"""What the entity and article pages show, as plain data for their templates (all of it escaped there)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from .. import query
from ..corpus import output
from ..model import Document, sentence_at
from ..source_names import outlet_name
from ..protocols import ReadStore
from ..render.page import Segment
from ..request import TimelineRequest


@dataclass(frozen=True)
class Run:
    """A run of article text and what the layers found over it."""

    text: str
    classes: str = ""  # hl-time, hl-entity, hl-quote, hl-claim, hl-evidence, cited
    title: str = ""  # the time's value, the entity's name, the claim's figure
    anchor: str = ""  # id of the first run of the highlighted sentence


def _intervals(doc: Document, names: dict[str, str], highlight: tuple[int, int] | None) -> list[tuple[int, int, str, str]]:
    text = doc.article.text
    out = [(t.start, t.end, "hl-time", t.value) for t in doc.timexes]
    out += [(m.start, m.end, "hl-entity", names.get(m.entity or "", "")) for m in doc.mentions]
    out += [(q.start, q.end, "hl-quote", "") for q in doc.quotes]
    out += [(c.start, c.end, "hl-claim", c.quantity) for c in doc.claims]
    out += [(e.start, e.end, "hl-evidence", e.detail) for e in doc.article.date_evidence
            if e.start is not None and e.end is not None and e.article is None]
    if highlight is not None:
        out.append((*highlight, "cited", ""))
    return [(max(0, s), min(len(text), e), c, t) for s, e, c, t in out if 0 <= s < e]


def article_runs(doc: Document, names: dict[str, str], highlight: tuple[int, int] | None = None) -> list[Run]:
    """The article's text cut where any layer's span starts or ends, each run with the layers over it."""
    text = doc.article.text
    spans = _intervals(doc, names, highlight)
    cuts = sorted({0, len(text), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    runs = []
    anchored = False
    for a, b in zip(cuts, cuts[1:]):
        over = [(c, t) for s, e, c, t in spans if s <= a and b <= e]
        classes = " ".join(sorted({c for c, _ in over}))
        title = "; ".join(dict.fromkeys(t for _, t in over if t))
        anchor = ""
        if "cited" in classes and not anchored:
            anchor, anchored = f"s-{doc.article.id}-{highlight[0]}-{highlight[1]}", True
        runs.append(Run(text[a:b], classes, title, anchor))
    return runs


def parse_span(value: str | None, length: int) -> tuple[int, int] | None:
    """'120-164' -> (120, 164) when it is a span of the text; anything else -> None."""
    try:
        start, end = (int(x) for x in (value or "").split("-", 1))
    except ValueError:
        return None
    return (start, end) if 0 <= start < end <= length else None


def with_sentence(store: ReadStore, event: dict[str, Any]) -> dict[str, Any]:
    """An event with the sentence that tells it, its trigger marked, and that sentence's span (to link to)."""
    doc = store.load_document(event["article"], raw=True, layers=("sentences",))  # the sentence, nothing decided
    i = sentence_at(doc.sentences, event["start"]) if doc is not None else None
    if i is None:
        return {**event, "segments": (Segment(event["trigger"], True),), "hl": f"{event['start']}-{event['end']}"}
    sent = doc.sentences[i]
    text = doc.article.text
    segments = (Segment(text[sent.start:event["start"]]), Segment(text[event["start"]:event["end"]], True),
                Segment(text[event["end"]:sent.end]))
    return {**event, "segments": tuple(x for x in segments if x.text), "hl": f"{sent.start}-{sent.end}"}


def entity_view(store: ReadStore, entity_id: str) -> dict[str, Any] | None:
    """An entity with its roles over time, its events by date and its quotes."""
    entity = output.entities(store, ids=[entity_id]).get(entity_id)
    if entity is None:
        return None
    roles: dict[str, set[str]] = defaultdict(set)
    for r in entity.get("roles", ()):
        roles[r.get("date") or "undated"].add(r["title"] + (f", {r['of']}" if r.get("of") else ""))
    events = [with_sentence(store, e) for e in query.list_events(store, TimelineRequest(entity=entity["name"]))
              if any(p["entity"] == entity_id for p in e["participants"])]
    by_date: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in events:
        by_date[e["date"] or "undated"].append(e)
    quotes = [q for q in query.list_quotes(store, TimelineRequest(entity=entity["name"])) if q["speaker"] == entity_id]
    articles = (store.get_article(i) for i in {x["article"] for x in events + quotes})
    outlets = {a.id: outlet_name(a.source, a.url, a.origin, a.title) for a in articles if a is not None}
    return {"entity": entity, "roles": sorted((d, sorted(t)) for d, t in roles.items()),
            "events": sorted(by_date.items()), "quotes": quotes, "outlets": outlets}
