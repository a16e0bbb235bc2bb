"""Core commands: ingest, articles, show, timeline, run."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)

from .. import query as query_lib
from .. import render
from ..corpus import output as corpus_output
from ..pipeline import IngestReport, ingest, stages_to_complete
from ..query import failure_rows
from ..render import Column, listings
from ..render.json import document_json
from ..request import TimelineRequest
from ..timeline.filters import apply_filters
from ..timeline.story import story_timeline
from .app import app
from .common import (
    DbOption,
    Format,
    FormatOption,
    OutputOption,
    SettingOption,
    SinceOption,
    UntilOption,
    WideOption,
    check_format,
    configure_logging,
    console,
    db_path,
    emit,
    emit_json,
    fail,
    guard,
    open_store,
    parse_request,
    render_rows,
    settings_for,
    terminal_width,
)


class Engine(str, Enum):
    local = "local"
    dask = "dask"


def engine_settings(engine: Engine, scheduler: str | None, workers: int | None) -> dict[str, Any]:
    """The settings of --engine, --scheduler and --workers; refuses the Dask options without --engine dask."""
    if engine is Engine.local and (scheduler or workers):
        fail("--scheduler and --workers are options of the Dask engine: add --engine dask")
    out: dict[str, Any] = {"engine": engine.value} if engine is not Engine.local else {}  # --setting may say it
    if scheduler:
        out["scheduler"] = scheduler
    if workers:
        out["workers"] = workers
    return out


PathsArg = Annotated[list[str], typer.Argument(help="Files or directories (recursive); '-' reads stdin.")]
JobsOption = Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes for the per-article stages.")]
StagesOption = Annotated[
    str | None, typer.Option("--stages", help="Comma-separated per-article stages to run (default: all).")
]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Log what each step does.")]
EngineOption = Annotated[Engine, typer.Option("--engine", help="What runs the per-article stages: local "
                                              "(--jobs processes) or dask (a Dask cluster; the scale extra).")]
SchedulerOption = Annotated[str | None, typer.Option(
    "--scheduler", help="Dask scheduler address, e.g. tcp://host:8786 (default: start a LocalCluster).")]
WorkersOption = Annotated[int | None, typer.Option(
    "--workers", min=1, help="Workers of the LocalCluster --engine dask starts (default: one per core).")]


def _progress_bar() -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console, transient=True, disable=not console.is_terminal,
    )


def _say_completion(missing: dict[str, int]) -> None:
    """Say up front that stored articles are analysed again, and why: it can take as long as their first ingest."""
    if not missing:
        return
    most = max(missing.values())
    console.print(f"{most} stored {'articles lack' if most != 1 else 'article lacks'} the stage(s) "
                  f"{', '.join(missing)} (added by an upgrade, or an interrupted run): they are completed "
                  "first, a one-time cost before the new input is read.", highlight=False, markup=False)


def _ingest(paths: list[str], db: Path | None, jobs: int, stages: str | None, *, retry_failed: bool = False,
            setting: list[str] | None = None, engine: dict[str, Any] | None = None) -> IngestReport:
    """Run an ingest with a progress bar; print rejections, failures and the summary line."""
    names = tuple(s.strip() for s in stages.split(",") if s.strip()) if stages else ()
    settings = settings_for(db, setting, jobs=jobs, **(engine or {}), **({"stages": names} if names else {}))
    # a missing path among others is reported by the readers like any bad input
    if all(p != "-" and not Path(p).exists() for p in paths) and not (retry_failed and not paths):
        fail(f"no such file or directory: {', '.join(paths)}")
    with open_store(db, must_exist=False, write=True) as store:
        _say_completion(stages_to_complete(store, settings))  # before the bar, which would hide it
        with _progress_bar() as bar:
            tasks: dict[str, int] = {}

            def progress(phase: str, done: int, total: int) -> None:
                if phase not in tasks:
                    tasks[phase] = bar.add_task(phase, total=total)
                bar.update(tasks[phase], completed=done, total=total)

            report = guard(lambda: ingest(paths, store, settings, progress=progress, retry_failed=retry_failed))
    for err in report.rejected:
        console.print(f"rejected: {err}", highlight=False, markup=False)
    for failure in report.failures:
        console.print(f"failed: {failure}", highlight=False, markup=False)
    for f in report.corpus.failed:
        console.print(f"failed: corpus stage {f.stage} ({f.error}: {f.message}); its work is kept pending "
                      "for the next run", highlight=False, markup=False)
    console.print(report.summary(), highlight=False, markup=False)
    return report


@app.command("ingest")
def ingest_cmd(paths: Annotated[list[str] | None, typer.Argument(
                   help="Files or directories (recursive); '-' reads stdin.")] = None,
               db: DbOption = None, jobs: JobsOption = 1, stages: StagesOption = None,
               retry_failed: Annotated[bool, typer.Option(
                   "--retry-failed", help="Also re-run the stages that failed on stored articles "
                                          "(e.g. after an upgrade).")] = False,
               engine: EngineOption = Engine.local, scheduler: SchedulerOption = None,
               workers: WorkersOption = None, setting: SettingOption = None, verbose: VerboseOption = False) -> None:
    """Read articles into the store: text, Markdown, HTML, JSONL/JSON, CSV, WARC, RSS/Atom, Parquet exports.

    Bad items are reported one line each and skipped; a stage that fails on one
    article is reported and stored with the article, which keeps the layers
    that succeeded (see `dateline articles --failed`). Exit code 0 = all good,
    3 = some items rejected or some stages failed, 1 = nothing ingested.
    Re-ingesting the same input changes nothing; an interrupted ingest is
    completed by the next one. A folder written by `dateline export --format
    parquet` comes in with its layers, without analysing the articles again.

    Example: dateline ingest news/ extra.jsonl --db story.db
    """
    configure_logging(verbose)
    if not paths and not retry_failed:
        fail("give files or folders to ingest (or --retry-failed to re-run failed stages)")
    report = _ingest(paths or [], db, jobs, stages, retry_failed=retry_failed, setting=setting,
                     engine=engine_settings(engine, scheduler, workers))
    raise typer.Exit(report.exit_code)


FAILURE_COLUMNS = (Column("article", short_id=True), Column("origin", wrap=True), Column("stage"),
                   Column("error", wrap=True), Column("message", key=True))
SHOW_FORMATS = (Format.text, Format.md, Format.json)


@app.command("articles")
def articles_cmd(db: DbOption = None, query: Annotated[str | None, typer.Option("--query", "-q", help="Full-text filter.")] = None,
                 fmt: FormatOption = Format.text,
                 duplicates: Annotated[bool, typer.Option("--duplicates", help="Include near-duplicates.")] = False,
                 failed: Annotated[bool, typer.Option("--failed", help="Only the stage failures: article, stage, "
                                                                       "error (corpus stages too).")] = False,
                 output: OutputOption = None, wide: WideOption = False) -> None:
    """List stored articles: id, publication date (and where it came from), outlet, title.

    Example: dateline articles --query Rafah --format json
    """
    if failed:
        with open_store(db) as store:
            rows = failure_rows(store)
        render_rows(rows, FAILURE_COLUMNS, fmt, title=f"{len(rows)} stage failures", output=output, wide=wide)
        return
    with open_store(db) as store:
        rows = guard(lambda: query_lib.list_articles(store, query=query, duplicates=duplicates))
    render_rows(rows, listings.ARTICLE_COLUMNS, fmt, title=f"{len(rows)} articles", output=output, wide=wide)


@app.command("show")
def show_cmd(article_id: Annotated[str, typer.Argument(help="Article id (or a unique prefix).")], db: DbOption = None,
             fmt: FormatOption = Format.text, output: OutputOption = None) -> None:
    """Show one article with every annotation the pipeline made, each with its offsets (text, md or json).

    Example: dateline show 3f2a9c --format md -o article.md
    """
    check_format(fmt, SHOW_FORMATS)
    with open_store(db) as store:
        doc = store.load_document(article_id)
        if doc is None:
            fail(f"no article {article_id!r} in {store.path}: list them with `dateline articles`")
        data = document_json(doc, corpus_output.entities(store))
    if fmt is Format.json:
        emit_json(data, output)
    elif fmt is Format.md:
        emit(render.document_md(data), output)
    else:
        emit(render.document_text(data, width=terminal_width(output)), output)


def _timeline(db: Path | None, request: TimelineRequest, fmt: Format, output: Path | None,
              setting: list[str] | None = None) -> None:
    settings = settings_for(db, setting)
    with open_store(db) as store:
        filtered = guard(lambda: apply_filters(store, story_timeline(store, settings, request), request))
        timeline = filtered.timeline
        if filtered.message:  # a filter that matched nothing says so, in one line, whatever the format
            console.print(filtered.message)
        if fmt is Format.html:
            entities = corpus_output.entities(store)
            names = lambda eid: [entities[eid]["name"], *entities[eid]["aliases"]] if eid in entities else []  # noqa: E731
            text = render.timeline_html(timeline, lambda i: (a.text if (a := store.get_article(i)) else None),
                                        title=f"Timeline{': ' + request.query if request.query else ''}",
                                        aliases=names)
    if fmt is Format.json:
        emit_json(render.timeline_json(timeline), output)
    elif fmt is Format.timelinejs:
        emit_json(render.timeline_timelinejs(timeline, title="Timeline" + (f": {request.query}" if request.query else "")),
                  output)
    elif fmt is Format.html:
        emit(text, output)
    elif fmt is Format.md:
        emit(render.timeline_md(timeline), output)
    elif fmt is Format.csv:
        emit(render.timeline_csv(timeline), output)
    else:
        emit(render.timeline_text(timeline, width=terminal_width(output)), output)


MaxDates = Annotated[int | None, typer.Option(
    "--max-dates", min=1, help="Number of days (default: 10); background months come on top.")]
CoarseOption = Annotated[bool | None, typer.Option(
    "--coarse/--no-coarse", help="Show the months the corpus names most as background entries "
                                 "(default: the coarse setting, on).", show_default=False)]
PerDate = Annotated[int | None, typer.Option("--per-date", min=1, help="Summary sentences per date (default: 2).")]
QueryOption = Annotated[str | None, typer.Option("--query", "-q", help="Keyword or entity focus (full-text).")]
EntityFilter = Annotated[str | None, typer.Option("--entity", "-e", help="Only dates naming this entity (id or any spelling).")]
OutletFilter = Annotated[str | None, typer.Option("--outlet", help="Only this outlet's articles (as the timeline names it).")]
TypeFilter = Annotated[str | None, typer.Option("--type", help="Only dates with an event of this type, e.g. CONSULT.")]
StoryFilter = Annotated[str | None, typer.Option("--story", help="Only this story's articles (see `dateline stories`).")]


@app.command("timeline")
def timeline_cmd(db: DbOption = None, query: QueryOption = None, since: SinceOption = None, until: UntilOption = None,
                 max_dates: MaxDates = None, per_date: PerDate = None, coarse: CoarseOption = None,
                 fmt: FormatOption = Format.text, output: OutputOption = None, entity: EntityFilter = None,
                 outlet: OutletFilter = None, event_type: TypeFilter = None, story: StoryFilter = None,
                 setting: SettingOption = None) -> None:
    """Print the timeline of the stored articles: the key days, every line citing its source span.

    Example: dateline timeline --query ceasefire --since 2024-02 --max-dates 20 --format html -o timeline.html
    """
    request = parse_request(query=query, entity=entity, outlet=outlet, event_type=event_type, story=story,
                            since=since, until=until, max_dates=max_dates, per_date=per_date, coarse=coarse)
    _timeline(db, request, fmt, output, setting)


@app.command("run")
def run_cmd(paths: PathsArg, db: DbOption = None, query: QueryOption = None, since: SinceOption = None,
            until: UntilOption = None, max_dates: MaxDates = None, per_date: PerDate = None,
            fmt: FormatOption = Format.text, output: OutputOption = None, jobs: JobsOption = 1,
            engine: EngineOption = Engine.local, scheduler: SchedulerOption = None, workers: WorkersOption = None,
            setting: SettingOption = None, verbose: VerboseOption = False) -> None:
    """Ingest PATHs into the store and print the timeline, in one step (the main job).

    Example: dateline run examples/ --format html -o timeline.html
    """
    configure_logging(verbose)
    request = parse_request(query=query, since=since, until=until, max_dates=max_dates, per_date=per_date)
    report = _ingest(paths, db, jobs, None, setting=setting, engine=engine_settings(engine, scheduler, workers))
    if report.exit_code == 1 and not db_path(db).exists():
        raise typer.Exit(1)
    _timeline(db, request, fmt, output, setting)
    raise typer.Exit(report.exit_code)
