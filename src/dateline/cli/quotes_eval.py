"""`dateline eval quotes`: who said what, on PolNeAR or the judged development set, beside a baseline."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from .app import eval_app
from .common import Format, FormatOption, OutputOption, WideOption, emit_json, fail, guard, render_rows

SHARED_BENCH = Path("../shared/benchmarks")
POLNEAR_COLUMNS = ["method", "set", "gold", "predicted", "content_exact_f1", "content_overlap_p",
                   "content_overlap_r", "content_overlap_f1", "source_exact_f1", "source_overlap_f1",
                   "cue_exact_f1", "cue_overlap_f1"]
JUDGED_COLUMNS = ["method", "half", "items", "found", "speaker_right", "speaker_right_of_found", "named_wrong",
                  "named_precision", "content_overlap_f1", "false_positives"]


class QuoteSet(str, Enum):
    polnear = "polnear"
    judged = "judged"


def flat_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """One flat row per method: role_metric columns."""
    rows = []
    for row in result["rows"]:
        flat = {"method": row["method"], "set": result["set"], "gold": row["gold"], "predicted": row["predicted"]}
        for role in ("content", "source", "cue"):
            flat.update({f"{role}_{k}": v for k, v in row[role].items()})
        rows.append(flat)
    return rows


@eval_app.command("quotes")
def eval_quotes_cmd(
    which: Annotated[QuoteSet, typer.Option("--set", help="polnear (PolNeAR attributions) or judged "
                                                           "(benchmarks/judged/quotes on Timeline17).")] = QuoteSet.polnear,
    split: Annotated[str, typer.Option("--split", help="PolNeAR split: dev or train.")] = "dev",
    bench: Annotated[Path, typer.Option("--bench", help="The benchmarks folder (../shared/benchmarks).")] = SHARED_BENCH,
    judged: Annotated[Path, typer.Option("--judged", help="The judged quotes folder.")] = Path("benchmarks/judged/quotes"),
    train: Annotated[bool, typer.Option(
        "--train", help="Refit the cue model on PolNeAR train and write it to --model-out (no scoring).")] = False,
    model_out: Annotated[Path, typer.Option("--model-out", help="Where --train writes the model.")] = Path(
        "src/dateline/data/quote_model.json"),
    workdir: Annotated[Path | None, typer.Option(
        "--workdir", help="Keep the store built for the eval here (it is rebuilt on every run).")] = None,
    fmt: FormatOption = Format.text,
    output: OutputOption = None,
    wide: WideOption = False,
) -> None:
    """Quotes and speakers of the shipped path (dateline ingest, then the stored quotes) against gold.

    PolNeAR: content, source (the speaker as written) and cue, exact and by word
    overlap; judged: the speaker right and the content found, per half. Each
    beside a baseline from the same run (quotation-mark spans credited to the
    nearest named person or organisation).

    --train refits the cue model (data/quote_model.json) on PolNeAR train.

    Example: dateline eval quotes --set polnear --split dev
    """
    from ..eval import judged_quotes, quotes
    from ..settings import Settings

    settings = Settings(progress=False)
    if train:
        from ..eval import quote_training

        if not (bench / "polnear" / "train.gold.jsonl").is_file():
            fail(f"no PolNeAR train split under {bench / 'polnear'}: pass --bench")
        emit_json(guard(lambda: quote_training.train(bench / "polnear", model_out, settings)), output)
        return
    if which is QuoteSet.polnear:
        folder = bench / "polnear"
        if split not in ("dev", "train"):
            fail(f"--split {split!r}: use dev or train (the test split is held out)")
        if not (folder / f"{split}.gold.jsonl").is_file():
            fail(f"no PolNeAR {split} split under {folder}: pass --bench")
        result = guard(lambda: quotes.evaluate_polnear(folder, split, settings, workdir=workdir))
        if fmt is Format.json:
            emit_json(result, output)
            return
        title = f"PolNeAR {split}: {result['articles']} articles ({result['not_analysed']} not analysed)"
        render_rows(flat_rows(result), POLNEAR_COLUMNS, fmt, title=title, output=output, wide=wide)
        return
    if not (judged / "items.jsonl").is_file():
        fail(f"no judged quotes set at {judged}: pass --judged")
    result = guard(lambda: judged_quotes.evaluate(judged, bench, settings, workdir=workdir))
    if fmt is Format.json:
        emit_json(result, output)
        return
    render_rows(result["rows"], JUDGED_COLUMNS, fmt, title=f"judged quotes: {result['items']} items",
                output=output, wide=wide)
