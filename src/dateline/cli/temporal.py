"""`dateline times` and `dateline eval timex`: time expressions of a file, and their score."""

from __future__ import annotations

from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..eval.timex import evaluate_timex, iter_timeml
from ..extract.temporal import extract_times
from ..extract.temporal.timeml_extent import timeml_view
from ..extract.temporal.timeml import to_timeml
from .app import app, eval_app
from .common import (
    ROW_FORMATS,
    Format,
    FormatOption,
    OutputOption,
    WideOption,
    check_format,
    emit,
    emit_json,
    fail,
    render_rows,
)


class TimesFormat(str, Enum):
    json = "json"
    timeml = "timeml"


def _parse_dct(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"--dct {value!r} is not a date: use YYYY-MM-DD (the article's publication date)")
    return None


def _read_text(path: Path) -> str:
    # bytes decoded as they are: offsets must point into the file's exact text (no newline translation)
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        fail(f"no such file: {path}")
    except IsADirectoryError:
        fail(f"{path} is a directory: give one text file")
    except UnicodeDecodeError as exc:
        fail(f"{path} is not UTF-8 text ({exc.reason} at byte {exc.start}): convert it to UTF-8 first")
    return ""


@app.command("times")
def times_cmd(
    file: Annotated[Path, typer.Argument(help="A UTF-8 text file.")],
    dct: Annotated[
        str | None, typer.Option("--dct", help="Publication date YYYY-MM-DD; without it only absolute times resolve.")
    ] = None,
    fmt: Annotated[TimesFormat, typer.Option("--format", "-f", help="json or timeml.")] = TimesFormat.json,
    output: OutputOption = None,
) -> None:
    """Time expressions of a text file, with character offsets and TIMEX3 values.

    Example: dateline times article.txt --dct 2024-03-21 --format json
    """
    day = _parse_dct(dct)
    text = _read_text(file)
    timexes = extract_times(text, day)
    if fmt is TimesFormat.timeml:
        # TimeML shows the guidelines' extent: an amount counted from an event is its amount
        emit(to_timeml(text, timeml_view(text, timexes, day), day, name=file.stem), output)
        return
    rows = [
        {"start": t.start, "end": t.end, "text": text[t.start : t.end], "type": t.type.value, "value": t.value}
        for t in timexes
    ]
    emit_json(rows, output)


@eval_app.command("timex")
def eval_timex_cmd(
    directory: Annotated[Path, typer.Argument(help="A folder of TimeML (.tml) gold files, searched recursively.")],
    fmt: FormatOption = Format.text,
    output: OutputOption = None,
    wide: WideOption = False,
    errors: Annotated[int, typer.Option("--errors", min=0, help="List the N most frequent classes of value "
                                        "errors (gold type, gold and system value with digits as 9) instead of the scores.")] = 0,
) -> None:
    """Score time expressions against TimeML gold as TempEval-3 does (strict/relaxed spans, type, value).

    Example: dateline eval timex ../shared/benchmarks/tempeval3/tbaq-cleaned --format json
    """
    check_format(fmt, ROW_FORMATS)
    if not directory.is_dir():
        fail(f"no such folder: {directory}")
    if not any(True for _ in iter_timeml(directory)):
        fail(f"no .tml files under {directory}")
    report = evaluate_timex(directory)
    if errors:
        _value_errors(report, errors, fmt, output, wide)
        return
    metrics = report.metrics()
    if fmt is Format.json:
        emit_json({"documents": report.documents, "counts": vars(report.counts), "metrics": metrics}, output)
        return
    rows = []
    for name in ("strict", "relaxed"):
        rows.append({
            "measure": f"{name} span",
            "precision": f"{metrics[f'{name}_precision']:.3f}",
            "recall": f"{metrics[f'{name}_recall']:.3f}",
            "f1": f"{metrics[f'{name}_f1']:.3f}",
            "accuracy": "",
        })  # fmt: skip
    for name in ("type", "value"):
        rows.append({"measure": name, "precision": "", "recall": "", "f1": f"{metrics[f'{name}_f1']:.3f}",
                     "accuracy": f"{metrics[f'{name}_accuracy']:.3f}"})  # fmt: skip
    title = f"{report.documents} documents, {report.counts.gold} gold timexes, {metrics['chars_per_second']:,.0f} chars/s"
    render_rows(rows, ["measure", "precision", "recall", "f1", "accuracy"], fmt, title=title, output=output, wide=wide)


def _value_errors(report, most: int, fmt: Format, output: Path | None, wide: bool) -> None:
    total = sum(report.value_errors.values())
    rows = [{"gold_type": t, "gold_value": g, "system_value": v, "errors": n, "share": f"{n / total:.3f}"}
            for (t, g, v), n in report.value_errors.most_common(most)]
    if fmt is Format.json:
        emit_json({"relaxed": report.counts.relaxed, "value_errors": total, "classes": rows}, output)
        return
    title = f"{total} wrong values of {report.counts.relaxed} relaxed matches; the {len(rows)} most frequent classes"
    render_rows(rows, ["gold_type", "gold_value", "system_value", "errors", "share"], fmt, title=title,
                output=output, wide=wide)

