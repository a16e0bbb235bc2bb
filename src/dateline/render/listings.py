"""The rows of every listing, one definition for the CLI's tables and files and the web app's downloads.

The query functions (``dateline.query``) return nested records (the JSON shape);
a table or a CSV file needs flat rows and named columns. Both the CLI (``--format
text|md|csv``) and the web app (``?format=csv``) flatten here, so a download is
the same rows as the command's output. Rows name an outlet, never only an
article id, and a figure by what it counts in words, never by its machine key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from ..model import Article, Disagreement
from ..source_names import outlet_name
from ..timeline.disagreements import quantity_label
from .base import Column, columns, http_url, outlet
from .csv import write_csv

SPAN = (Column("start", wide=True), Column("end", wide=True))
ARTICLE = Column("article", short_id=True, wide=True)
OUTLET = Column("outlet", wrap=True, whole=True)  # an outlet's name on one line, like a figure

ENTITY_COLUMNS = (Column("id", wide=True), Column("kind"), Column("name", key=True), Column("aliases", wrap=True),
                  Column("roles", wrap=True), Column("mentions"), Column("articles"))
EVENT_COLUMNS = (Column("date"), Column("type", wrap=True), Column("trigger", key=True),
                 Column("participants", wrap=True), OUTLET, Column("modality", wide=True), ARTICLE, *SPAN)
QUOTE_COLUMNS = (Column("date"), Column("speaker", wrap=True), Column("cue", wide=True), Column("kind", wide=True),
                 Column("text", key=True), OUTLET, ARTICLE, *SPAN)
FIGURE = Column("figure", wrap=True, whole=True)
CLAIM_COLUMNS = (Column("label", key=True), FIGURE, Column("status"), OUTLET, Column("date"),
                 Column("confidence", wide=True), Column("group", short_id=True, wide=True), Column("quantity", wide=True),
                 Column("value", wide=True), Column("qualifier", wide=True), ARTICLE, *SPAN)
DISAGREEMENT_COLUMNS = (Column("label", key=True), Column("status"), FIGURE, OUTLET,
                        Column("date"), Column("confidence", wide=True), Column("sentence", wrap=True, wide=True), Column("kind", wide=True),
                        Column("value", wide=True), ARTICLE, *SPAN)
STORY_COLUMNS = (Column("story", short_id=True), Column("articles"), Column("threads", wide=True), Column("first"), Column("last"),
                 Column("label", key=True))
ARTICLE_COLUMNS = (Column("id", short_id=True), Column("external_id", wide=True), Column("published"),
                   Column("date_source", wide=True), Column("source", wrap=True), Column("title", key=True),
                   Column("duplicate_of", short_id=True, wide=True), Column("chars", wide=True))


def article_outlets(ids: Iterable[str], get_article: Callable[[str], Article | None]) -> dict[str, str]:
    """Article id -> what to call its outlet (:func:`dateline.source_names.outlet_name`), for the ids given."""
    out = {}
    for i in dict.fromkeys(ids):
        a = get_article(i)
        if a is not None:
            out[i] = outlet_name(a.source, a.url if http_url(a.url) else "", a.origin, a.title)
    return out


def cited_articles(rows: Iterable[Mapping[str, Any]]) -> list[str]:
    """The article ids a listing's records cite (claim groups: their claims'), in order."""
    ids: list[str] = []
    for r in rows:
        ids += [c["article"] for c in r.get("claims", ())] or ([r["article"]] if "article" in r else [])
    return ids


def with_outlets(rows: Sequence[dict[str, Any]], outlets: Mapping[str, str]) -> list[dict[str, Any]]:
    """Records (events, quotes, claim groups) with the ``outlet`` of each cited article added (JSON keeps all)."""
    def one(r: dict[str, Any]) -> dict[str, Any]:
        if "claims" in r:
            return {**r, "claims": [{**c, "outlet": outlets.get(c["article"], "")} for c in r["claims"]]}
        return {**r, "outlet": outlets.get(r.get("article", ""), "")} if "article" in r else r
    return [one(r) for r in rows]


def group_label(group: Mapping[str, Any]) -> str:
    """What a claim group counts, in words: the group's own label when the corpus stage gave one."""
    # groups stored before the claim-groups stage named them: the label is built here from the counted noun,
    # predicate and place of the group's quantity key ("people displaced in Rafah")
    return group.get("label") or quantity_label(group.get("quantity", ""))


def entity_rows(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{"id": r["id"], "kind": r["kind"], "name": r["name"], "aliases": r["aliases"],
             "roles": sorted({f"{x['title']} ({x['of']})" if x["of"] else x["title"] for x in r["roles"]}),
             "mentions": r["count"], "articles": r["articles"]} for r in rows]


def event_rows(rows: Sequence[Mapping[str, Any]], outlets: Mapping[str, str]) -> list[dict[str, Any]]:
    # participants by name: their role labels (agent, patient) are the parser's words, kept in the JSON;
    # an event not said to have happened says so beside its type, where a reader looks for what happened
    return [{**r, "participants": list(dict.fromkeys(p["name"] or p["text"] for p in r["participants"])),
             "type": r["type"] + (f" ({r['modality']})" if r["modality"] != "happened" else ""),
             "outlet": outlets.get(r["article"], "")} for r in rows]


def quote_rows(rows: Sequence[Mapping[str, Any]], outlets: Mapping[str, str]) -> list[dict[str, Any]]:
    return [{**r, "speaker": r["speaker_name"] or r["speaker_text"], "outlet": outlets.get(r["article"], "")}
            for r in rows]


def claim_rows(groups: Sequence[Mapping[str, Any]], outlets: Mapping[str, str]) -> list[dict[str, Any]]:
    return [{"label": group_label(g), "figure": c["text"], "status": g["status"],
             "outlet": outlets.get(c["article"], ""), "date": c["date"], "confidence": g.get("confidence", ""),
             "group": g["id"],
             "quantity": g["quantity"], "value": c["value"], "qualifier": c["qualifier"],
             "article": c["article"], "start": c["start"], "end": c["end"]}
            for g in groups for c in g["claims"]]


def disagreement_rows(disagreements: Sequence[Disagreement]) -> list[dict[str, Any]]:
    """One row per side: the figure or date as written beside its outlet, date and sentence."""
    return [{"label": d.label, "status": d.status, "figure": s.text or s.date, "outlet": outlet(s.source),
             "date": s.date, "confidence": d.confidence, "sentence": s.sentence, "kind": d.kind.value, "value": s.value,
             "article": s.source.article, "start": s.source.start, "end": s.source.end}
            for d in disagreements for s in d.sides]


def rows_csv(rows: Sequence[Mapping[str, Any]], spec: Sequence[Column | str]) -> str:
    """Flat rows as CSV with every column (what ``--format csv`` writes)."""
    cols = columns(spec)
    return write_csv([c.name for c in cols], ([row.get(c.name) for c in cols] for row in rows))


__all__ = ["ARTICLE_COLUMNS", "CLAIM_COLUMNS", "DISAGREEMENT_COLUMNS", "ENTITY_COLUMNS", "EVENT_COLUMNS",
           "QUOTE_COLUMNS", "STORY_COLUMNS", "article_outlets", "cited_articles", "claim_rows",
           "disagreement_rows", "entity_rows", "event_rows", "group_label", "quote_rows", "rows_csv",
           "with_outlets"]
