"""Corpus commands: stories, and the timeline benchmarks (eval tls, eval t17-jsonl, eval ecb)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ..render import Column
from .app import app, eval_app
from .common import (
    DbOption,
    Format,
    FormatOption,
    OutputOption,
    WideOption,
    console,
    emit_json,
    fail,
    guard,
    open_store,
    render_rows,
    settings_for,
)

SHARED_BENCH = Path("../shared/benchmarks")
STORY_COLUMNS = (Column("story", short_id=True), Column("articles"), Column("first"), Column("last"),
                 Column("label", key=True))


@app.command("stories")
def stories_cmd(db: DbOption = None,
                threshold: Annotated[float | None, typer.Option(
                    "--threshold", min=0.0, max=1.0,
                    help="Recluster at this story granularity (higher: more, tighter stories).")] = None,
                fmt: FormatOption = Format.text, output: OutputOption = None, wide: WideOption = False) -> None:
    """List the stories of a mixed corpus: unrelated stories apart, each with its articles.

    Example: dateline stories --db news.db --format json
    """
    from ..corpus.cluster_stage import recluster
    from ..query import list_stories

    settings = settings_for(db)
    with open_store(db, write=threshold is not None) as store:
        if threshold is not None:
            guard(lambda: recluster(store, settings.with_(story_threshold=threshold)))
        rows = list_stories(store)
    render_rows(rows, STORY_COLUMNS, fmt, title=f"{len(rows)} stories", output=output, wide=wide)


@eval_app.command("tls")
def eval_tls_cmd(
    t17: Annotated[Path, typer.Option("--t17", help="Timeline17 folder (one subfolder per topic).")] = SHARED_BENCH / "t17",
    topics: Annotated[list[str] | None, typer.Option("--topic", help="Only this topic folder (repeatable).")] = None,
    workdir: Annotated[Path, typer.Option("--workdir", help="Where the per-task stores are kept and reused.")] = Path("build/t17"),
    check: Annotated[Path | None, typer.Option("--check", help="Fail (exit 1) below the floors of this baseline file.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="text, md, json or csv.")] = Format.text,
    output: OutputOption = None,
) -> None:
    """Score timelines on Timeline17 (news-tls protocol): AR-1, AR-2, concat ROUGE and date F1 per task.

    Example: dateline eval tls --t17 ../shared/benchmarks/t17 --topic H1N1_bbc --format json
    """
    from ..eval import tls
    from ..eval.gate import check_floors
    from ..settings import Settings

    if not t17.is_dir():
        fail(f"no Timeline17 folder at {t17}: pass --t17")
    scores = guard(lambda: tls.evaluate(t17, workdir, Settings(progress=False), topics=topics))
    if not scores:
        fail(f"no reference timelines under {t17}")
    rows = tls.report_rows(scores)
    render_rows(rows, ["task", *tls.METRICS, "seconds"], fmt, title="Timeline17 (F1)", output=output)
    if check is not None:
        # the floors are pinned on the baseline's gate topics: compare the average over those
        gate = set(json.loads(check.read_text()).get("topics") or ())
        subset = [s for s in scores if not gate or s.task.split("/")[0] in gate]
        if not subset:
            fail(f"none of the topics of {check} were evaluated: add --topic for them")
        avg = tls.report_rows(subset)[-1]
        result = check_floors({m: avg[m] for m in tls.METRICS}, check)
        for failure in result.failures:
            console.print(f"below floor: {failure}", highlight=False, markup=False)
        if not result.ok:
            raise typer.Exit(1)


@eval_app.command("tls-score")
def eval_tls_score_cmd(
    predicted: Annotated[Path, typer.Argument(help="A timeline from `dateline timeline --format json`.")],
    reference: Annotated[Path, typer.Argument(help="A reference timeline in tilse format (t17/TOPIC/timelines/*.txt).")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="text, md, json or csv.")] = Format.text,
) -> None:
    """Score one timeline JSON against one reference: AR-1, AR-2, concat ROUGE, date F1.

    Closes the loop of the documented command line (t17-jsonl, ingest, timeline).

    Example: dateline eval tls-score timeline.json ../shared/benchmarks/t17/H1N1_bbc/timelines/bbc.txt
    """
    from ..eval import tls

    for path in (predicted, reference):
        if not path.is_file():
            fail(f"no file {path}")
    try:
        data = json.loads(predicted.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        fail(f"{predicted}: not a timeline JSON ({exc})")
    prf = guard(lambda: tls.score_task(tls.json_dates(data), tls.read_reference(reference)))
    rows = [{"metric": m, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}
            for m, (p, r, f) in prf.items()]
    render_rows(rows, ["metric", "precision", "recall", "f1"], fmt, title=f"{predicted.name} vs {reference.name}")


@eval_app.command("t17-jsonl")
def t17_jsonl_cmd(
    topic_dir: Annotated[Path, typer.Argument(help="One Timeline17 topic folder, e.g. t17/H1N1_bbc.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="JSON Lines file to write.")] = Path("corpus.jsonl"),
    timeline: Annotated[int, typer.Option("--timeline", min=0, help="Which reference timeline of the folder (0-based).")] = 0,
) -> None:
    """Write a T17 task's input as JSONL and print the L, K, --since and --until that reproduce its score.

    Example: dateline eval t17-jsonl ../shared/benchmarks/t17/H1N1_bbc -o corpus.jsonl
    """
    from ..eval import tls

    tasks = tls.topic_tasks(topic_dir) if (topic_dir / "timelines").is_dir() else []
    if timeline >= len(tasks):
        fail(f"{topic_dir} has {len(tasks)} reference timeline(s) under timelines/")
    task = tasks[timeline]
    n = tls.write_jsonl(task, output)
    ref = task.reference
    console.print(f"wrote {n} articles to {output}")
    emit_json({"task": task.name, "L": ref.l, "K": ref.k, "since": ref.start.isoformat(),
               "until": ref.end.isoformat()})


@eval_app.command("ecb")
def eval_ecb_cmd(
    ecb: Annotated[Path, typer.Option("--ecb", help="ECB+ folder (one subfolder per topic).")] = SHARED_BENCH / "ecbplus",
    topics: Annotated[str, typer.Option("--topics", help="Topic range, e.g. 1-35.")] = "1-35",
    gold_documents: Annotated[bool, typer.Option("--gold-documents", help="Cluster mentions within the gold seminal events instead of predicted stories.")] = False,
    output: OutputOption = None,
) -> None:
    """Cross-document event coreference on ECB+ gold action mentions: MUC, B³, CEAF-e, CoNLL F1 (JSON).

    Example: dateline eval ecb --ecb ../shared/benchmarks/ecbplus --topics 1-35
    """
    from ..eval import coref

    if not ecb.is_dir():
        fail(f"no ECB+ folder at {ecb}: pass --ecb")
    try:
        lo, _, hi = topics.partition("-")
        wanted = range(int(lo), int(hi or lo) + 1)
    except ValueError:
        fail(f"--topics {topics!r} is not a range like 1-35")
    result = guard(lambda: coref.evaluate(ecb, wanted, by_story=not gold_documents))
    emit_json(result, output)
