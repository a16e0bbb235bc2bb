"""dateline export: the store as Parquet tables, for a cluster job, another tool or another store."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..exchange import export_parquet
from .app import app
from .common import DbOption, console, fail, guard, open_store


class ExportFormat(str, Enum):
    parquet = "parquet"


@app.command("export")
def export_cmd(output: Annotated[Path | None, typer.Option(
                   "-o", "--output", help="Folder to write the tables in (created if missing).")] = None,
               fmt: Annotated[ExportFormat, typer.Option(
                   "--format", "-f", help="parquet: one table per annotation layer, offsets included.")]
               = ExportFormat.parquet,
               db: DbOption = None) -> None:
    """Write every stored article, annotation layer and stage failure as Parquet tables under a folder.

    One table per layer (sentences, timexes, mentions, events, quotes, claims,
    links), a row per item with its offsets; articles.parquet and
    failures.parquet beside them. `dateline ingest FOLDER` reads it back
    without analysing the articles again.

    Example: dateline export --format parquet -o story-tables/
    """
    if output is None:
        fail("give the folder to write to: -o FOLDER")
    with open_store(db) as store:
        counts = guard(lambda: export_parquet(store, output))
    tables = ", ".join(f"{name} {n}" for name, n in counts.items())
    console.print(f"wrote {fmt.value} tables to {output}: {tables} rows")
