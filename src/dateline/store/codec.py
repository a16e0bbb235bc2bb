"""Rows to model objects and back, and the links resolved when a document is read.

Layers are stored as written by their stages. What corpus stages decide about
an article (which entity a mention names, which claim group a figure joins,
which event cluster an event belongs to) lives in tables of its own and is
filled into the Document here, on reading, so that no corpus stage ever
rewrites another stage's layer.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from ..model import (
    Article,
    Attachments,
    Claim,
    DateSource,
    Document,
    Event,
    Evidence,
    Kind,
    Links,
    Mention,
    Precision,
    Quote,
    Sentence,
    SentenceVectors,
    TimeExpression,
)
from ..serialize import from_jsonable, to_jsonable

# Annotation layers kept per article: layer name -> (Document field, item type)
LAYERS: dict[str, tuple[str, type]] = {
    "sentences": ("sentences", Sentence),
    "timexes": ("timexes", TimeExpression),
    "mentions": ("mentions", Mention),
    "events": ("events", Event),
    "quotes": ("quotes", Quote),
    "claims": ("claims", Claim),
}
# Layers holding one object rather than a tuple of items
SINGLE_LAYERS: dict[str, tuple[str, type]] = {"links": ("links", Links), "attachments": ("attachments", Attachments),
                                              "vectors": ("vectors", SentenceVectors)}

# What corpus stages decided about an article's items, resolved into the Document on reading:
# members Kind.CLAIM_GROUP (item: claim index) and Kind.EVENT_MEMBER (item: event index, or
# "s<sentence>" for a dated sentence); keymap Kind.ENTITY (mention key -> entity id)

ARTICLE_COLS = (
    "id, url, source, title, text, language, published, date_precision, date_source, "
    "date_confidence, date_evidence, origin, duplicate_of, external_id"
)


def article_row(a: Article) -> tuple:
    """The column values of ``ARTICLE_COLS`` for an article."""
    return (
        a.id, a.url, a.source, a.title, a.text, a.language,
        a.published.isoformat() if a.published else None,
        a.date_precision.value if a.date_precision else None,
        a.date_source.value, a.date_confidence,
        json.dumps(to_jsonable(a.date_evidence), ensure_ascii=False), a.origin, a.duplicate_of, a.external_id,
    )


def article_from_row(row: Sequence[Any]) -> Article:
    (aid, url, source, title, text, language, published, precision, dsource,
     confidence, evidence, origin, duplicate_of, external_id) = row
    return Article(
        id=aid, text=text, title=title, url=url, source=source, language=language,
        published=date.fromisoformat(published) if published else None,
        date_precision=Precision(precision) if precision else None,
        date_source=DateSource(dsource), date_confidence=confidence,
        date_evidence=from_jsonable(tuple[Evidence, ...], json.loads(evidence)),
        origin=origin, duplicate_of=duplicate_of, external_id=external_id,
    )


def layer_rows(doc: Document, only: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """(layer, JSON data) of the document's stored layers (or of the named ones)."""
    names = doc.layers & (LAYERS.keys() | SINGLE_LAYERS.keys())
    if only is not None:
        names &= set(only)
    out = []
    for layer in sorted(names):
        field_name, _ = LAYERS.get(layer) or SINGLE_LAYERS[layer]
        value = to_jsonable(getattr(doc, field_name))
        out.append((layer, json.dumps(value, ensure_ascii=False, separators=(",", ":"))))
    return out


def document_from_rows(article: Article, rows: Iterable[tuple[str, str]]) -> Document:
    """A Document from its article and stored (layer, JSON) rows; unknown layers are ignored."""
    values: dict[str, Any] = {}
    layers = set()
    for layer, data in rows:
        if layer in LAYERS:
            field_name, item = LAYERS[layer]
            values[field_name] = from_jsonable(tuple[item, ...], json.loads(data))
        elif layer in SINGLE_LAYERS:
            field_name, item = SINGLE_LAYERS[layer]
            values[field_name] = from_jsonable(item, json.loads(data))
        else:
            continue  # written by a newer version; ignore rather than fail
        layers.add(layer)
    return Document(article=article, layers=frozenset(layers), **values)


def _pick(items: Sequence[str | None], i: int) -> str | None:
    return items[i] if 0 <= i < len(items) else None


def resolve(doc: Document, entity_of_key: Mapping[str, str], members: Mapping[tuple[str, str], str]) -> Document:
    """``doc`` with entity ids, claim groups, claim dates and event clusters filled in.

    ``entity_of_key`` maps mention keys to entity ids (the entity linking stage's
    keymap); ``members`` maps (kind, item) to the corpus object an item of this
    article belongs to.
    """
    links = doc.links
    ents: list[str | None] = [None] * len(doc.mentions)
    if links is not None and len(links.mention_keys) == len(doc.mentions):
        ents = [entity_of_key.get(k) if k else None for k in links.mention_keys]
    mentions = tuple(replace(m, entity=e) if m.entity != e else m for m, e in zip(doc.mentions, ents))
    quotes, events, claims = doc.quotes, doc.events, doc.claims
    if links is not None:
        quotes = tuple(replace(q, speaker=_pick(ents, i)) for q, i in zip(doc.quotes, links.speakers)) \
            if len(links.speakers) == len(doc.quotes) else doc.quotes
        if len(links.participants) == len(doc.events):
            events = tuple(replace(e, participants=tuple(
                replace(p, entity=_pick(ents, i)) for p, i in zip(e.participants, refs)))
                for e, refs in zip(doc.events, links.participants))
        if len(links.claimants) == len(doc.claims):
            claims = tuple(replace(c, claimant=_pick(ents, i) or "") for c, i in zip(doc.claims, links.claimants))
    day = doc.article.published.isoformat() if doc.article.published else ""
    claims = tuple(replace(c, group=members.get((Kind.CLAIM_GROUP, str(i))), date=day) for i, c in enumerate(claims))
    events = tuple(replace(e, cluster=members.get((Kind.EVENT_MEMBER, str(i)))) for i, e in enumerate(events))
    return replace(doc, mentions=mentions, quotes=quotes, events=events, claims=claims)
