"""One stored article with its annotations, as a page: text for a terminal, or Markdown.

Both views are built from :func:`.json.document_json` data, whose spans already
carry their derived text, so each annotation is listed with its offsets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .base import Column, clean
from .markdown import md_link, md_paragraphs, md_table, md_text
from .text import render_table, rows_table

_SPAN = (Column("start"), Column("end"))


@dataclass(frozen=True)
class Listing:
    """A titled table of one annotation layer."""

    title: str
    columns: tuple[Column, ...]
    rows: list[dict[str, Any]] = field(default_factory=list)


def document_listings(data: dict[str, Any]) -> list[Listing]:
    """The non-empty annotation layers of a document as listings, each row with its span."""
    names = {e["id"]: e["name"] for e in data.get("entities", ())}

    def participants(event: dict[str, Any]) -> list[str]:
        """Each participant as role=name (the entity's canonical name where linked)."""
        return [f"{p['role']}={names.get(p.get('entity') or '', p['text'])}" for p in event["participants"]]

    listings = [
        Listing("Times", (Column("text", key=True), Column("type"), Column("value"), *_SPAN), data["timexes"]),
        Listing("Mentions", (Column("text", key=True), Column("kind"), Column("entity", wrap=True),
                             Column("role", wrap=True), *_SPAN),
                [{**m, "entity": names.get(m.get("entity") or "", ""),
                  "role": " of ".join(x for x in (m.get("role"), m.get("role_of")) if x)} for m in data["mentions"]]),
        Listing("Events", (Column("text", key=True), Column("type"), Column("date"), Column("modality"),
                           Column("participants", wrap=True), *_SPAN),
                [{**e, "participants": participants(e)} for e in data["events"]]),
        Listing("Quotes", (Column("speaker", wrap=True), Column("text", key=True), Column("kind"), *_SPAN),
                [{**q, "speaker": names.get(q.get("speaker") or "", q.get("speaker_text", ""))}
                 for q in data["quotes"]]),
        Listing("Claims", (Column("text", key=True), Column("counted", wrap=True), Column("quantity", wrap=True),
                           Column("date"), *_SPAN),
                [{**c, "counted": c.get("counted_text", "")} for c in data["claims"]]),
    ]
    return [x for x in listings if x.rows]


def _meta(article: dict[str, Any]) -> list[tuple[str, str]]:
    published = f"{article.get('published') or 'unknown'} ({article.get('date_source', 'unknown')})"
    return [("id", article["id"]), ("outlet", article.get("source") or "unknown"), ("published", published),
            ("origin", article.get("origin", ""))]


def document_text(data: dict[str, Any], *, width: int) -> str:
    """The article for a terminal: heading, facts, text, then a table per annotation layer."""
    article = data["article"]
    out = [clean(article.get("title") or article["id"])]
    out.append(" · ".join(f"{k} {clean(v)}" for k, v in _meta(article) if v))
    if article.get("url"):
        out.append(f"url {clean(article['url'])}")
    out += ["", clean(article["text"], multiline=True).rstrip(), ""]
    for listing in document_listings(data):
        table = rows_table(listing.rows, listing.columns, width=width, title=f"{listing.title} ({len(listing.rows)})")
        out.append(render_table(table, width))
    return "\n".join(out).rstrip() + "\n"


def document_md(data: dict[str, Any]) -> str:
    """The article as a Markdown page: heading, facts, paragraphs, then a table per annotation layer."""
    article = data["article"]
    out = [f"# {md_text(article.get('title') or article['id'])}", ""]
    out += [f"- **{k}:** {md_text(v)}" for k, v in _meta(article) if v]
    if article.get("url"):
        out.append(f"- **url:** {md_link(article['url'], article['url'])}")  # a link only if http(s)
    out += ["", "## Text", "", md_paragraphs(article["text"]), ""]
    for listing in document_listings(data):
        out += [f"## {listing.title} ({len(listing.rows)})", ""]
        out.append(md_table([c.name for c in listing.columns],
                            ([row.get(c.name) for c in listing.columns] for row in listing.rows)))
    return "\n".join(out).rstrip() + "\n"
