"""`dateline eval pages`: publication dates and main text of real web pages, beside htmldate and trafilatura."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from .app import eval_app
from .common import (
    CheckOption,
    ROW_FORMATS,
    Format,
    FormatOption,
    OutputOption,
    SettingOption,
    WideOption,
    check_format,
    console,
    fail,
    gate,
    guard,
    render_rows,
    settings_for,
)

COLUMNS = ["part", "system", "precision", "recall", "f1", "accuracy", "pages"]


@eval_app.command("pages")
def eval_pages_cmd(
    webpages: Annotated[Path, typer.Option(
        "--webpages", help="The web pages benchmark folder (dates/ and text/, each with pages/ and gold.json).")]
        = Path("../shared/benchmarks/webpages"),
    workdir: Annotated[Path, typer.Option("--workdir", help="Where the stores of the ingested pages are written.")]
        = Path("build/pages"),
    part: Annotated[list[str] | None, typer.Option(
        "--part", help="dates or text (repeatable; default: both).")] = None,
    anchors: Annotated[bool, typer.Option(
        "--anchors/--no-anchors", help="Run htmldate (fast, extensive) and trafilatura on the same pages.")] = True,
    details: Annotated[Path | None, typer.Option(
        "--details", help="Write every page's result (gold, dateline, the libraries) to this JSON file.")] = None,
    check: CheckOption = None,
    fmt: FormatOption = Format.text,
    output: OutputOption = None,
    wide: WideOption = False,
    setting: SettingOption = None,
) -> None:
    """Score the publication dates and main text `dateline ingest` stores for real web pages, beside the libraries.

    The pages are ingested as `dateline ingest` reads them; htmldate (fast and extensive search), trafilatura
    (its benchmark settings) and a trivial baseline per part run on the same page bytes. Scored by each
    library's own protocol: a date is right when its day equals the gold day; a text snippet of the gold is
    found or not.

    Example: dateline eval pages --webpages ../shared/benchmarks/webpages --details build/pages.json
    """
    from ..eval.pages import evaluate_pages

    check_format(fmt, ROW_FORMATS)
    parts = part or ["dates", "text"]
    wrong = [p for p in parts if p not in ("dates", "text")]
    if wrong:
        fail(f"unknown part {wrong[0]!r}: use dates or text")
    missing = [p for p in parts if not (webpages / p / "gold.json").is_file()]
    if missing:
        fail(f"no {missing[0]}/gold.json under {webpages}: pass --webpages (see its README)")
    settings = settings_for(None, setting, progress=False)
    report = guard(lambda: evaluate_pages(webpages, workdir, settings, anchors=anchors, parts=parts))
    rows = []
    for name, systems, pages in (("dates", report.dates, report.date_pages), ("text", report.text, report.text_pages)):
        for system, counts in systems.items():
            rows.append({"part": name, "system": system, "pages": pages,
                         **{k: round(v, 4) for k, v in counts.scores().items()}})
    if details is not None:
        details.write_text(json.dumps(report.details, ensure_ascii=False, indent=1), encoding="utf-8")
    for rejected in report.rejected:
        console.print(f"rejected by dateline: {rejected}")
    render_rows(rows, COLUMNS, fmt, title="Web pages: publication dates and main text (F1)", output=output,
                wide=wide)
    if check is not None:
        gate(report.metrics(), check)
