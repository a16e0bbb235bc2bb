"""JSON views: the timeline (the stable, documented shape) and stored articles and documents.

The timeline's JSON shape is a contract (docs/formats.md): fields may be added,
never renamed or removed. ``sources[i]`` with ``"line": j`` cites summary line
``j``; the first source of each line is the span whose text equals the line.
"""

from __future__ import annotations

import json
from typing import Any

from ..model import (
    Article,
    Disagreement,
    Document,
    EntryClaim,
    EntryParticipant,
    EntryQuote,
    SourceRef,
    SummaryLine,
    Timeline,
    TimelineEntry,
)
from ..serialize import to_jsonable
from ..store import LAYERS
from .base import outlet, outlet_names

# JSON escapes C0 controls itself; these others would still reach a terminal raw with
# ensure_ascii=False (C1 controls such as the 8-bit CSI, bidi overrides, invisible
# characters), so they are written as \u escapes: the parsed text stays exact.
_ESCAPE = {c: f"\\u{c:04x}" for c in [*range(0x7f, 0xa0), *range(0x202a, 0x202f), *range(0x2066, 0x206a),
                                      0x200b, 0x2028, 0x2029, 0x2060, 0xfeff]}


def dumps(data: Any) -> str:
    """JSON text, readable (UTF-8, indented), with nothing a terminal would act on left raw."""
    # these characters can only occur inside JSON strings, where a \u escape means the same
    return json.dumps(data, ensure_ascii=False, indent=2).translate(_ESCAPE)


def article_json(article: Article, *, with_text: bool = True) -> dict[str, Any]:
    """The article's fields as JSON data (text optional for listings)."""
    data = to_jsonable(article)
    if not with_text:
        data.pop("text")
    return data


def _with_text(item: dict[str, Any], text: str) -> dict[str, Any]:
    """Add the derived ``text`` of every ``*start``/``*end`` offset pair in an annotation."""
    out = dict(item)
    for key in list(item):
        if key.endswith("start") and item[key] is not None:
            prefix = key[: -len("start")]
            end = item.get(prefix + "end")
            if isinstance(end, int):
                out[(prefix or "") + "text"] = text[item[key]:end]
    for key, value in item.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            out[key] = [_with_text(v, text) for v in value]
    return out


def document_json(doc: Document, entities: dict[str, Any] | None = None) -> dict[str, Any]:
    """The article with every annotation layer; each span carries its offsets and derived text."""
    text = doc.article.text
    data: dict[str, Any] = {"article": article_json(doc.article), "layers": sorted(doc.layers)}
    for layer, (field_name, _) in LAYERS.items():
        items = to_jsonable(getattr(doc, field_name))
        data[field_name] = [_with_text(i, text) for i in items]
    if entities is not None:
        wanted = {m.entity for m in doc.mentions if m.entity}
        data["entities"] = [entities[e] for e in sorted(wanted) if e in entities]
    return data


JSON_VERSION = 2


def source_json(ref: SourceRef, *, line: int | None = None, primary: bool = True) -> dict:
    """A cited span: its article, where it came from, what to call its source, and its offsets."""
    out = {"article": ref.article, "title": ref.title, "url": ref.url, "source": ref.source,
           "published": ref.published or None, "start": ref.start, "end": ref.end,
           "origin": ref.origin, "outlet": outlet(ref)}
    if line is not None:
        out["line"] = line
        out["primary"] = primary
    return out


def _line_sources(lines: tuple[SummaryLine, ...]) -> list[dict]:
    out = []
    for j, line in enumerate(lines):
        out.append(source_json(line.source, line=j, primary=True))
        out.extend(source_json(ref, line=j, primary=False) for ref in line.also)
    return out


def _span(text: str, ref: SourceRef, **fields: Any) -> dict[str, Any]:
    """An extracted item: its fields, its text as written and the span it was read from."""
    return {**fields, "text": text, **source_json(ref)}


def _participant(p: EntryParticipant) -> dict[str, Any]:
    return {"entity": p.entity, "name": p.name, "kind": p.kind.value, "role": p.role, "role_of": p.role_of}


def _quote(q: EntryQuote) -> dict[str, Any]:
    return _span(q.text, q.source, speaker=q.speaker, speaker_name=q.speaker_name, kind=q.kind.value)


def _claim(c: EntryClaim) -> dict[str, Any]:
    return _span(c.text, c.source, value=c.value, qualifier=c.qualifier.value, unit=c.unit, quantity=c.quantity,
                 group=c.group, status=c.status.value if c.status else None, label=c.label or None)


def _story_fields(e: TimelineEntry) -> dict[str, Any]:
    """The version-2 fields of an entry: who, where, what kind of event, what was said, which figures."""
    return {
        "display": [line.shown for line in e.summary],
        "outlets": outlet_names(e.sources),
        "participants": [_participant(p) for p in e.participants],
        "place": _span(e.place.text, e.place.source, name=e.place.name, entity=e.place.entity) if e.place else None,
        "event_type": e.event_type or None,
        "modality": e.modality.value if e.modality else None,
        "event_types": list(e.event_types),
        "entities": list(e.entities),
        "quotes": [_quote(q) for q in e.quotes],
        "claims": [_claim(c) for c in e.claims],
        "story": {"id": e.story.id, "label": e.story.label} if e.story else None,
    }


def disagreement_json(d: Disagreement) -> dict[str, Any]:
    """A disagreement with each side's figure or date, outlet, date and sentence."""
    sides = [_span(s.text, s.source, date=s.date or None, value=s.value, sentence=s.sentence,
                   sentence_start=s.sentence_start, sentence_end=s.sentence_end) for s in d.sides]
    return {"kind": d.kind.value, "status": d.status, "conflict": d.conflict, "label": d.label, "group": d.group,
            "confidence": d.confidence, "summary": d.summary, "folded": d.folded, "sides": sides}


def timeline_json(timeline: Timeline) -> dict:
    """The timeline as plain JSON data (the version-2 contract of docs/formats.md)."""
    entries = []
    for e in timeline.entries:
        entries.append({
            "date": e.date,
            "precision": e.precision.value,
            "summary": [line.text for line in e.summary],
            "sources": _line_sources(e.summary),
            "background": e.background,
            "score": round(e.score, 6),
            **_story_fields(e),
        })
    undated = [{"text": line.text, "display": line.shown, **source_json(line.source)} for line in timeline.undated]
    return {"version": JSON_VERSION, "entries": entries, "undated": undated,
            "disagreements": [disagreement_json(d) for d in timeline.disagreements]}
