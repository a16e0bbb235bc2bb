"""`dateline entities|events|quotes|claims`: list what extraction found, with source spans."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from .. import query
from ..model import ClaimStatus, EntityKind, Modality
from ..render import Column, listings
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
    _render(rows, listings.entity_rows(rows), listings.ENTITY_COLUMNS, fmt, "entities", output, wide)


@app.command("events")
def events_cmd(db: DbOption = None, fmt: FormatOption = Format.text, entity: EntityOption = None,
               type: Annotated[str | None, typer.Option("--type", help="Event type code, e.g. CONSULT.")] = None,
               modality: Annotated[Modality | None, typer.Option("--modality", help="happened, planned, expected, hypothetical or negated.")] = None,
               since: SinceOption = None, until: UntilOption = None, output: OutputOption = None,
               wide: WideOption = False) -> None:
    """Event mentions: type, trigger, participants, date, modality and outlet.

    Example: dateline events --entity Blinken --type CONSULT --since 2024-03 --format md
    """
    request = parse_request(entity=entity, event_type=type, since=since, until=until)
    with open_store(db) as store:
        rows = query.list_events(store, request, modality=modality.value if modality else None)
        outlets = listings.article_outlets(listings.cited_articles(rows), store.get_article)
    _render(listings.with_outlets(rows, outlets), listings.event_rows(rows, outlets), listings.EVENT_COLUMNS, fmt,
            "events", output, wide)


@app.command("quotes")
def quotes_cmd(db: DbOption = None, fmt: FormatOption = Format.text, entity: EntityOption = None,
               since: SinceOption = None, until: UntilOption = None, output: OutputOption = None,
               wide: WideOption = False) -> None:
    """Direct and indirect quotes with their speakers and outlets.

    Example: dateline quotes --entity "Sameh Shoukry" --format csv
    """
    request = parse_request(entity=entity, since=since, until=until)
    with open_store(db) as store:
        rows = query.list_quotes(store, request)
        outlets = listings.article_outlets(listings.cited_articles(rows), store.get_article)
    _render(listings.with_outlets(rows, outlets), listings.quote_rows(rows, outlets), listings.QUOTE_COLUMNS, fmt,
            "quotes", output, wide)


@app.command("claims")
def claims_cmd(db: DbOption = None, fmt: FormatOption = Format.text, entity: EntityOption = None,
               status: Annotated[ClaimStatus | None, typer.Option("--status", help="single, consistent, conflicting or changing.")] = None,
               since: SinceOption = None, until: UntilOption = None, output: OutputOption = None,
               wide: WideOption = False) -> None:
    """Numeric claims grouped by what they count, each group consistent, conflicting or changing, with outlets.

    Example: dateline claims --status conflicting --format json
    """
    request = parse_request(entity=entity, since=since, until=until)
    with open_store(db) as store:
        rows = query.list_claims(store, request, status=status.value if status else None)
        outlets = listings.article_outlets(listings.cited_articles(rows), store.get_article)
    _render(listings.with_outlets(rows, outlets), listings.claim_rows(rows, outlets), listings.CLAIM_COLUMNS, fmt,
            "claims", output, wide)
