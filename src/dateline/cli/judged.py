"""`dateline eval linedates`: the judged development set of line days, shipped method beside its baselines."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .app import eval_app
from .common import CheckOption, Format, FormatOption, OutputOption, SettingOption, WideOption, console, fail, gate, \
    guard, render_rows, settings_for

SHARED_BENCH = Path("../shared/benchmarks")
GROUPS = ("all", "half", "part", "stratum")
COLUMNS = ["method", "group", "items", "filed", "right", "precision", "coverage", "null_filed"]


@eval_app.command("linedates")
def eval_linedates_cmd(
    items: Annotated[Path, typer.Option("--items", help="The judged set's items.jsonl.")] =
        Path("benchmarks/judged/linedates/items.jsonl"),
    bench: Annotated[Path, typer.Option("--bench", help="The benchmarks folder the items' files are in.")] = SHARED_BENCH,
    workdir: Annotated[Path, typer.Option(
        "--workdir", help="Where the store of the items' articles is built and reused.")] = Path("build/linedates"),
    stores: Annotated[Path | None, typer.Option(
        "--stores", help="Read the articles from these T17 task stores (the --workdir of `dateline eval tls`) "
                         "instead of building a store.")] = None,
    halves: Annotated[list[str] | None, typer.Option("--half", help="Only this half: tune or check (repeatable).")] = None,
    every: Annotated[int, typer.Option(
        "--every", min=1, help="Only the articles whose CRC32 of the file name is a multiple of N "
                               "(the eval gate's subset: 5); 1: all.")] = 1,
    by: Annotated[list[str] | None, typer.Option(
        "--by", help="Row groups: all, half, part, stratum (repeatable; default: all of them).")] = None,
    check: CheckOption = None,
    fmt: FormatOption = Format.text,
    output: OutputOption = None,
    wide: WideOption = False,
    setting: SettingOption = None,
) -> None:
    """Score the day each judged sentence is filed under (linedates), shipped method beside "first date".

    The items' articles are ingested by the shipped pipeline; each item's sentence gets its line day
    from the attachment layer, as the timeline files it. Precision: lines filed under an acceptable day
    over lines filed; coverage: right lines over items that have a day; null_filed: lines filed for
    items an editor would put under no day. Baselines from the same documents: the sentence's first
    date, and the first date else the article's own day.

    Example: dateline eval linedates --by all --by half --format md
    """
    from ..eval import linedates

    if not items.is_file():
        fail(f"no judged items at {items}: pass --items")
    if not bench.is_dir():
        fail(f"no benchmarks folder at {bench}: pass --bench")
    if stores is not None and not stores.is_dir():
        fail(f"no folder of stores at {stores}")
    bad = sorted(set(halves or ()) - {"tune", "check"}) + sorted(set(by or ()) - set(GROUPS))
    if bad:
        fail(f"unknown value {bad[0]!r}: --half takes tune or check, --by takes {', '.join(GROUPS)}")
    settings = settings_for(None, setting, progress=False)
    judged, scored = guard(lambda: linedates.evaluate(items, bench, workdir, settings, stores=stores,
                                                      halves=halves or (), every=every))
    if scored.unmapped:
        console.print(f"{len(scored.unmapped)} item(s) not found in the stored text: {', '.join(scored.unmapped[:5])}",
                      highlight=False, markup=False)
    rows = linedates.report_rows(judged, scored, by or GROUPS)
    render_rows(rows, COLUMNS, fmt, title=f"linedates: {len(scored.days)} judged sentences", output=output, wide=wide)
    if check is not None:
        gate(linedates.gate_metrics(rows), check)
