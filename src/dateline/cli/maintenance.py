"""`dateline verify`: check that everything the store holds points into its articles."""

from __future__ import annotations

from typing import Annotated

import typer

from ..verify import verify_store
from .app import app
from .common import (
    DbOption,
    Format,
    OutputOption,
    console,
    guard,
    open_store,
    render_rows,
    settings_for,
)


@app.command("verify")
def verify_cmd(db: DbOption = None,
               timeline: Annotated[bool, typer.Option("--timeline/--no-timeline",
                                                      help="Also build the timeline and check its citations.")] = True,
               fmt: Annotated[Format, typer.Option("--format", "-f", help="text, md, json or csv.")] = Format.text,
               output: OutputOption = None) -> None:
    """Re-read the store and check every stored span: inside its article, derived text equal to it.

    Checks sentences, times, mentions, quotes, events, claims, date evidence,
    claim groups, event clusters and the timeline's citations, after SQLite's
    own integrity check. Exit code 0 only when everything holds.

    Example: dateline verify --db story.db
    """
    settings = settings_for(db)
    with open_store(db) as store:
        report = guard(lambda: verify_store(store, settings, timeline=timeline))
    rows = [{"checked": kind, "count": n} for kind, n in sorted(report.checked.items())]
    render_rows(rows, ["checked", "count"], fmt, title="spans checked", output=output)
    for problem in report.problems:
        console.print(f"mismatch: {problem}", highlight=False, markup=False)
    if report.more:
        console.print(f"... and {report.more} more mismatches", highlight=False, markup=False)
    total = sum(report.checked.values())
    if report.ok:
        console.print(f"ok: {total} spans checked, all inside their articles", highlight=False, markup=False)
    raise typer.Exit(0 if report.ok else 1)
