"""JSON views of stored articles and documents (for `dateline show` and the web API)."""

from __future__ import annotations

from typing import Any

from ..model import Article, Document
from ..serialize import to_jsonable
from ..store import LAYERS


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
