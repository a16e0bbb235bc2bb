"""Options, store opening and rendering shared by every command."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from rich.console import Console
from rich.text import Text

from ..errors import DatelineError, RequestError
from ..render import Column, clean, dumps, md_table, render_table, rows_table, write_csv
from ..render.base import columns
from ..request import TimelineRequest
from ..settings import DEFAULT_DB, Settings, parse_setting
from ..store import Store


class _MessageConsole(Console):
    """The console for messages: a string is printed as written, cleaned of control sequences.

    Messages echo file names, ids and reasons that come from the input, so no string
    is read as rich markup (``[/caption]`` in a file name must not crash the CLI) and
    none can carry a terminal escape. Styled messages pass a ``Text``.
    """

    def print(self, *objects: Any, **kwargs: Any) -> None:
        """Print like rich, with every string shown literally and cleaned."""
        objects = tuple(Text(clean(o)) if isinstance(o, str) else o for o in objects)
        super().print(*objects, **{**kwargs, "markup": False})


console = _MessageConsole(stderr=True, highlight=False, soft_wrap=True)  # messages: one line each, never wrapped
FILE_WIDTH = 160  # a text table written with -o is laid out for this many columns


class Format(str, Enum):
    text = "text"
    md = "md"
    json = "json"
    csv = "csv"
    html = "html"
    timelinejs = "timelinejs"


# what a listing can be written as; html is only for the timeline (dateline timeline, run)
ROW_FORMATS = (Format.text, Format.md, Format.json, Format.csv)

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Store file (default: $DATELINE_DB, else ./dateline.db).", show_default=False),
]
SinceOption = Annotated[str | None, typer.Option("--since", help="Only dates on or after this (YYYY[-MM[-DD]]).")]
UntilOption = Annotated[str | None, typer.Option("--until", help="Only dates on or before this (YYYY[-MM[-DD]]).")]
SettingOption = Annotated[
    list[str] | None,
    typer.Option("--setting", help="Any setting as name=value (repeatable); see docs/settings.md.",
                 show_default=False),
]
OutputOption = Annotated[Path | None, typer.Option("-o", "--output", help="Write to this file instead of stdout.")]
FormatOption = Annotated[Format, typer.Option(
    "--format", "-f", help="text, md, json or csv (html and timelinejs: timeline and run only; show: text, md or "
                          "json).")]
CheckOption = Annotated[Path | None, typer.Option(
    "--check", help="Fail (exit 1) below the floors of this baseline file.")]
WideOption = Annotated[bool, typer.Option(
    "--wide", help="Tables: every column, whole ids, nothing cut (default: fit the terminal).")]


def db_path(db: Path | None) -> Path:
    """The store path: --db, else $DATELINE_DB, else ./dateline.db."""
    return db or Path(os.environ.get("DATELINE_DB") or DEFAULT_DB)


def settings_for(db: Path | None, items: Sequence[str] | None = None, **changes: Any) -> Settings:
    """Settings of a command: the store path, ``--setting`` items, $DATELINE_STAGE_ERRORS and
    $DATELINE_CHECK_READS, its own changes."""
    for item in items or ():
        try:
            name, value = parse_setting(item)
        except ValueError as exc:
            fail(f"--setting {exc}")
        changes.setdefault(name, value)
    env = os.environ.get("DATELINE_STAGE_ERRORS")
    if env and "stage_errors" not in changes:
        if env not in ("record", "raise"):
            fail(f"DATELINE_STAGE_ERRORS={env!r}: use 'record' or 'raise'")
        changes["stage_errors"] = env
    check = os.environ.get("DATELINE_CHECK_READS")
    if check and "check_reads" not in changes:
        changes["check_reads"] = check not in ("0", "")
    return Settings(db_path=db_path(db), **changes)


@contextmanager
def open_store(db: Path | None, *, must_exist: bool = True, write: bool = False) -> Iterator[Store]:
    """Open the store, failing with one clear line (exit 1) if it is missing or not a store.

    Read commands work on a read-only file: the store is opened read-only when it cannot be written.
    """
    path = db_path(db)
    if must_exist and not path.exists():
        fail(f"no store at {path}: run `dateline ingest PATH --db {path}` first (or set DATELINE_DB)")
    writable = not path.exists() or (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))
    if write and not writable:
        fail(f"{path} is read-only: this command writes to the store; copy it somewhere writable first")
    try:
        store = Store(path, readonly=not writable)
    except DatelineError as exc:
        fail(str(exc))
    with store:
        yield store


def fail(message: str, code: int = 1) -> None:
    """Print an error line and exit; never a traceback for a user's mistake."""
    console.print(Text.assemble(("error:", "bold red"), " ", clean(message)))
    raise typer.Exit(code)


def gate(metrics: dict[str, float], baseline: Path) -> None:
    """Exit 1, naming each metric below its floor, when ``metrics`` fall below ``baseline``'s pinned floors."""
    from ..eval.gate import check_floors  # the eval room loads only when a gate is asked for

    outcome = check_floors(metrics, baseline)
    for failure in outcome.failures:
        console.print(f"below floor: {failure}", highlight=False, markup=False)
    if not outcome.ok:
        raise typer.Exit(1)


def check_format(fmt: Format, allowed: Sequence[Format]) -> None:
    """Refuse, in one line, a format this command cannot write (rather than print another one)."""
    if fmt not in allowed:
        ctx = click.get_current_context(silent=True)
        command = f"`dateline {ctx.info_name}` " if ctx is not None and ctx.info_name else ""
        names = [f.value for f in allowed]
        fail(f"{command}cannot write --format {fmt.value}: use {', '.join(names[:-1])} or {names[-1]}")


def guard(fn: Callable[[], Any]) -> Any:
    """Run ``fn``, turning dateline errors into one-line messages."""
    try:
        return fn()
    except DatelineError as exc:
        fail(str(exc))


def parse_request(**options: Any) -> TimelineRequest:
    """The request of a command's options (``TimelineRequest.parse``), or its one-line refusal (exit 1).

    The web app builds its request through the same parse: a value is refused with the same line.
    """
    try:
        return TimelineRequest.parse(**options)
    except RequestError as exc:
        fail(str(exc))
        raise  # fail() exits; this line is never reached


def configure_logging(verbose: bool) -> None:
    """Log to stderr: INFO with --verbose, else warnings only."""
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
    if output.is_dir():
        fail(f"-o {output} is a directory: give a file name inside it, e.g. -o {output / 'out.txt'}")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}: choose another -o path")
    console.print(f"wrote {output}")


def emit_json(data: Any, output: Path | None = None) -> None:
    """Write data as JSON (exact text; control characters escaped)."""
    emit(dumps(data), output)


def render_rows(rows: Sequence[dict[str, Any]], spec: Sequence[Column | str], fmt: Format, *,
                title: str = "", output: Path | None = None, wide: bool = False) -> None:
    """Render flat rows as a table fitted to the terminal (text), Markdown, CSV or JSON.

    Markdown, CSV and JSON carry every column and whole ids; ``wide`` does the same for the table.
    """
    check_format(fmt, ROW_FORMATS)
    cols = columns(spec)
    if fmt is Format.json:
        emit_json(list(rows), output)
    elif fmt is Format.csv:
        emit(write_csv([c.name for c in cols], ([row.get(c.name) for c in cols] for row in rows)), output)
    elif fmt is Format.md:
        emit(md_table([c.name for c in cols], ([row.get(c.name) for c in cols] for row in rows)), output)
    elif output is None:
        screen = Console(highlight=False)  # made per call: the width is read from the terminal (or $COLUMNS) now
        screen.print(rows_table(rows, cols, width=screen.width, wide=wide, title=title))
    else:
        emit(render_table(rows_table(rows, cols, width=FILE_WIDTH, wide=wide, title=title), FILE_WIDTH), output)


def terminal_width(output: Path | None) -> int:
    """The width to lay tables out for: the terminal's, or FILE_WIDTH when writing a file."""
    return FILE_WIDTH if output is not None else Console().width
