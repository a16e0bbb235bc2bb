"""Options, store opening and rendering shared by every command."""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from ..errors import DatelineError
from ..settings import DEFAULT_DB, Settings
from ..store import Store

console = Console(stderr=True, highlight=False, soft_wrap=True)  # messages: one line each, never wrapped
out = Console(highlight=False, soft_wrap=True)  # results


class Format(str, Enum):
    text = "text"
    md = "md"
    json = "json"
    csv = "csv"
    html = "html"
    timelinejs = "timelinejs"


DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Store file (default: $DATELINE_DB, else ./dateline.db).", show_default=False),
]
SinceOption = Annotated[str | None, typer.Option("--since", help="Only dates on or after this (YYYY[-MM[-DD]]).")]
UntilOption = Annotated[str | None, typer.Option("--until", help="Only dates on or before this (YYYY[-MM[-DD]]).")]
OutputOption = Annotated[Path | None, typer.Option("-o", "--output", help="Write to this file instead of stdout.")]


def db_path(db: Path | None) -> Path:
    """The store path: --db, else $DATELINE_DB, else ./dateline.db."""
    return db or Path(os.environ.get("DATELINE_DB") or DEFAULT_DB)


def settings_for(db: Path | None, **changes: Any) -> Settings:
    return Settings(db_path=db_path(db), **changes)


@contextmanager
def open_store(db: Path | None, *, must_exist: bool = True) -> Iterator[Store]:
    """Open the store, failing with a clear message (exit 1) if it is missing."""
    path = db_path(db)
    if must_exist and not path.exists():
        fail(f"no store at {path}: run `dateline ingest PATH --db {path}` first (or set DATELINE_DB)")
    with Store(path) as store:
        yield store


def fail(message: str, code: int = 1) -> None:
    """Print an error line and exit; never a traceback for a user's mistake."""
    console.print(f"[bold red]error:[/] {message}", markup=True, highlight=False)
    raise typer.Exit(code)


def guard(fn: Callable[[], Any]) -> Any:
    """Run ``fn``, turning dateline errors into one-line messages."""
    try:
        return fn()
    except DatelineError as exc:
        fail(str(exc))


def parse_bound(value: str | None, name: str) -> str | None:
    """Validate a --since/--until value (YYYY, YYYY-MM or YYYY-MM-DD) and return it."""
    if value is None:
        return None
    parts = value.split("-")
    try:
        if len(parts) == 1 and len(parts[0]) == 4:
            int(parts[0])
        elif len(parts) == 2:
            date(int(parts[0]), int(parts[1]), 1)
        elif len(parts) == 3:
            date.fromisoformat(value)
        else:
            raise ValueError
    except ValueError:
        fail(f"{name} {value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
    return value


def configure_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


def emit(text: str, output: Path | None) -> None:
    """Write a rendered result to a file (announcing it) or to stdout."""
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    console.print(f"wrote {output}")


def emit_json(data: Any, output: Path | None = None) -> None:
    emit(json.dumps(data, ensure_ascii=False, indent=2), output)


def render_rows(rows: Sequence[dict[str, Any]], columns: Sequence[str], fmt: Format, *,
                title: str = "", output: Path | None = None) -> None:
    """Render flat rows as a rich table (text), Markdown, CSV or JSON."""
    if fmt is Format.json:
        emit_json(list(rows), output)
    elif fmt is Format.csv:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: _flat(row.get(c)) for c in columns})
        emit(buf.getvalue(), output)
    elif fmt is Format.md:
        lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        for row in rows:
            lines.append("| " + " | ".join(_flat(row.get(c)).replace("|", "\\|") for c in columns) + " |")
        emit("\n".join(lines), output)
    elif fmt is Format.text:
        table = Table(title=title or None, show_lines=False)
        for c in columns:
            # short fields stay on one line; long free text folds instead of squeezing the rest
            wide = c in {"title", "text", "summary", "name", "aliases", "quote", "detail"}
            table.add_column(c, no_wrap=not wide, overflow="fold" if wide else "ellipsis", min_width=4)
        for row in rows:
            table.add_row(*(_flat(row.get(c)) for c in columns))
        if output is None:
            out.print(table)
        else:
            cap = Console(file=io.StringIO(), width=160)
            cap.print(table)
            emit(cap.file.getvalue(), output)
    else:
        fail(f"--format {fmt.value} is not available for this command")


def _flat(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(_flat(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
