"""`dateline entities|events|quotes|claims`: list what extraction found, with source spans."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from .. import query
from ..model import ClaimStatus, EntityKind, Modality
from ..render import Column
from .app import app
from .common import (
    DbOption,
    Format,
    FormatOption,
    OutputOption,
    SinceOption,
    UntilOption,
    WideOption,
    open_store,
    parse_request,
    render_rows,
)

EntityOption = Annotated[str | None, typer.Option("--entity", "-e", help="Only items about this entity (any spelling).")]
# the columns of each listing; at 80 columns a terminal table shows the key column's words
# whole and leaves the `wide` ones to --wide (Markdown, CSV and JSON always carry them all)
SPAN = (Column("start", wide=True), Column("end", wide=True))
ARTICLE = Column("article", short_id=True)
ENTITY_COLUMNS = (Column("id", wide=True), Column("kind"), Column("name", key=True), Column("aliases", wrap=True),
                  Column("roles", wrap=True), Column("mentions"), Column("articles"))
EVENT_COLUMNS = (Column("date"), Column("type"), Column("trigger", key=True), Column("modality"),
                 Column("participants", wrap=True), ARTICLE, *SPAN)
QUOTE_COLUMNS = (Column("date"), Column("speaker", wrap=True), Column("cue", wide=True), Column("kind", wide=True),
                 Column("text", key=True), ARTICLE, *SPAN)
CLAIM_COLUMNS = (Column("group", short_id=True, wide=True), Column("quantity", key=True), Column("status"),
                 Column("text", wrap=True), Column("value", wide=True), Column("qualifier", wide=True),
                 Column("date"), ARTICLE, *SPAN)


def _render(rows: list[dict[str, Any]], flat: list[dict[str, Any]], columns: tuple[Column, ...], fmt: Format,
            title: str, output: Any, wide: bool) -> None:
    # JSON keeps the nested records (documented in docs/extraction.md); tables get flat rows
    render_rows(rows if fmt is Format.json else flat, columns, fmt, title=title, output=output, wide=wide)


@app.command("entities")
def entities_cmd(db: DbOption = None, fmt: FormatOption = Format.text, entity: EntityOption = None,
                 kind: Annotated[EntityKind | None, typer.Option("--kind", help="person, org, place or other.")] = None,
                 since: SinceOption = None, until: UntilOption = None, output: OutputOption = None,
                 wide: WideOption = False) -> None:
    """People, organizations and places with aliases, roles and mentions.

    Example: dateline entities --kind person --entity "Sisi" --format json
    """
    request = parse_request(entity=entity, since=since, until=until)
    with open_store(db) as store:
        rows = query.list_entities(store, request, kind=kind.value if kind else None)
    flat = [{"id": r["id"], "kind": r["kind"], "name": r["name"], "aliases": r["aliases"],
             "roles": sorted({f"{x['title']} ({x['of']})" if x["of"] else x["title"] for x in r["roles"]}),
             "mentions": r["count"], "articles": r["articles"]} for r in rows]
    _render(rows, flat, ENTITY_COLUMNS, fmt, "entities", output, wide)


@app.command("events")
def events_cmd(db: DbOption = None, fmt: FormatOption = Format.text, entity: EntityOption = None,
               type: Annotated[str | None, typer.Option("--type", help="Event type code, e.g. CONSULT.")] = None,
               modality: Annotated[Modality | None, typer.Option("--modality", help="happened, planned, expected, hypothetical or negated.")] = None,
               since: SinceOption = None, until: UntilOption = None, output: OutputOption = None,
               wide: WideOption = False) -> None:
    """Event mentions: type, trigger, participants, date and modality.

    Example: dateline events --entity Blinken --type CONSULT --since 2024-03 --format md
    """
    request = parse_request(entity=entity, event_type=type, since=since, until=until)
    with open_store(db) as store:
        rows = query.list_events(store, request, modality=modality.value if modality else None)
    flat = [{**r, "participants": [f"{p['role']}={p['name'] or p['text']}" for p in r["participants"]]}
            for r in rows]
    _render(rows, flat, EVENT_COLUMNS, fmt, "events", output, wide)


@app.command("quotes")
def quotes_cmd(db: DbOption = None, fmt: FormatOption = Format.text, entity: EntityOption = None,
               since: SinceOption = None, until: UntilOption = None, output: OutputOption = None,
               wide: WideOption = False) -> None:
    """Direct and indirect quotes with their speakers.

    Example: dateline quotes --entity "Sameh Shoukry" --format csv
    """
    request = parse_request(entity=entity, since=since, until=until)
    with open_store(db) as store:
        rows = query.list_quotes(store, request)
    flat = [{**r, "speaker": r["speaker_name"] or r["speaker_text"]} for r in rows]
    _render(rows, flat, QUOTE_COLUMNS, fmt, "quotes", output, wide)


@app.command("claims")
def claims_cmd(db: DbOption = None, fmt: FormatOption = Format.text, entity: EntityOption = None,
               status: Annotated[ClaimStatus | None, typer.Option("--status", help="single, consistent, conflicting or changing.")] = None,
               since: SinceOption = None, until: UntilOption = None, output: OutputOption = None,
               wide: WideOption = False) -> None:
    """Numeric claims grouped by quantity, each group consistent, conflicting or changing.

    Example: dateline claims --status conflicting --format json
    """
    request = parse_request(entity=entity, since=since, until=until)
    with open_store(db) as store:
        rows = query.list_claims(store, request, status=status.value if status else None)
    flat = [{"group": g["id"], "quantity": g["quantity"], "status": g["status"], **c}
            for g in rows for c in g["claims"]]
    _render(rows, flat, CLAIM_COLUMNS, fmt, "claims", output, wide)
