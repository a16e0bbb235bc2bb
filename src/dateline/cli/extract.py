"""`dateline entities|events|quotes|claims`: list what extraction found, with source spans; `dateline eval claims`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from .. import query
from ..model import ClaimStatus, EntityKind, Modality
from ..render import Column, listings
from .app import app, eval_app
from .common import (
    DbOption,
    Format,
    FormatOption,
    OutputOption,
    SinceOption,
    UntilOption,
    WideOption,
    emit_json,
    fail,
    gate,
    guard,
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
               status: Annotated[ClaimStatus | None, typer.Option(
                   "--status", help="single, consistent, conflict, update or related.")] = None,
               since: SinceOption = None, until: UntilOption = None, output: OutputOption = None,
               wide: WideOption = False) -> None:
    """Numeric claims grouped by what they count, each group with its label in words, status and outlets.

    A group is a conflict (independent sources, same day, values that cannot
    both hold; only when the grouping is sure, else it is listed as related),
    an update (the value moved with time), consistent (the figures can all be
    true), related (grouped loosely, never set against each other) or single.

    Example: dateline claims --status conflict --format json
    """
    request = parse_request(entity=entity, since=since, until=until)
    with open_store(db) as store:
        rows = query.list_claims(store, request, status=status.value if status else None)
        outlets = listings.article_outlets(listings.cited_articles(rows), store.get_article)
    _render(listings.with_outlets(rows, outlets), listings.claim_rows(rows, outlets), listings.CLAIM_COLUMNS, fmt,
            "claims", output, wide)


EVAL_CLAIM_COLUMNS = (Column("method", key=True), Column("half"), Column("metric"), Column("precision"),
                      Column("recall"), Column("predicted"), Column("correct"), Column("gold"), Column("rate"),
                      Column("claims", wide=True), Column("items", wide=True))


@eval_app.command("claims")
def eval_claims_cmd(
    gold: Annotated[Path, typer.Option("--gold", help="The judged figure pairs (items.jsonl).")] =
        Path("benchmarks/judged/claimpairs/items.jsonl"),
    bench: Annotated[Path, typer.Option("--bench", help="The benchmarks folder the items point into.")] =
        Path("../shared/benchmarks"),
    workdir: Annotated[Path, typer.Option("--workdir", help="Where the store of the items' articles is built.")] =
        Path("build/eval-claims"),
    reuse: Annotated[bool, typer.Option("--reuse", help="Keep the articles stored in --workdir and run only the "
                                                        "claim grouping again (after a change to the grouping).")] = False,
    family: Annotated[str | None, typer.Option("--family", help="Only items of topic families starting with this "
                                                                "(ecb, H1N1, bpoil, ...).")] = None,
    check: Annotated[Path | None, typer.Option("--check", help="Fail when a figure is below the floors pinned in "
                                                               "this baseline file.")] = None,
    fmt: FormatOption = Format.text, output: OutputOption = None, wide: WideOption = False,
) -> None:
    """Score the shipped claims and claim groups on the judged figure pairs, beside a baseline.

    Ingests every article the judged set names with the shipped stages, maps
    each gold figure onto the shipped claim covering it (a figure not extracted
    is a miss), and reports precision and recall of "same quantity" and of
    "conflict" per half, beside the baseline "same unit + same head noun" on the
    same claims, and the share of never-a-claim figures made into claims.

    Example: dateline eval claims --workdir build/eval-claims --format md
    """
    from ..eval import claims as claims_eval
    from ..settings import Settings

    if not gold.is_file():
        fail(f"no judged set at {gold}: pass --gold")
    if not bench.is_dir():
        fail(f"no benchmarks folder at {bench}: pass --bench")
    result = guard(lambda: claims_eval.run(gold, bench, workdir, Settings(progress=False), reuse=reuse,
                                           only=family))
    if fmt is Format.json:
        emit_json(result, output)
    else:
        title = f"claim pairs of {gold}: figures {result['figures']}, ingest {result['seconds_ingest']} s"
        render_rows(result["rows"], EVAL_CLAIM_COLUMNS, fmt, title=title, output=output, wide=wide)
    if check is not None:
        gate(claims_eval.flat_metrics(result["rows"]), check)
