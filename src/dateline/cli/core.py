"""Core commands: ingest, articles, show, timeline, run."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated

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
from ..pipeline import IngestReport, ingest
from ..render.json import article_json, document_json
from ..timeline.story import StoryRequest, story_timeline
from .app import app
from .common import (
    DbOption,
    Format,
    OutputOption,
    SinceOption,
    UntilOption,
    configure_logging,
    console,
    db_path,
    emit,
    emit_json,
    fail,
    guard,
    open_store,
    parse_bound,
    render_rows,
    settings_for,
)

PathsArg = Annotated[list[str], typer.Argument(help="Files or directories (recursive); '-' reads stdin.")]
JobsOption = Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes for the per-article stages.")]
StagesOption = Annotated[
    str | None, typer.Option("--stages", help="Comma-separated per-article stages to run (default: all).")
]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Log what each step does.")]


def _progress_bar() -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console, transient=True, disable=not console.is_terminal,
    )


def _ingest(paths: list[str], db: Path | None, jobs: int, stages: str | None) -> IngestReport:
    """Run an ingest with a progress bar; print rejections and the summary line."""
    names = tuple(s.strip() for s in stages.split(",") if s.strip()) if stages else ()
    settings = settings_for(db, jobs=jobs, stages=names)
    # a missing path among others is reported by the readers like any bad input
    if all(p != "-" and not Path(p).exists() for p in paths):
        fail(f"no such file or directory: {', '.join(paths)}")
    with open_store(db, must_exist=False) as store, _progress_bar() as bar:
        tasks: dict[str, int] = {}

        def progress(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(phase, total=total)
            bar.update(tasks[phase], completed=done, total=total)

        report = guard(lambda: ingest(paths, store, settings, progress=progress))
    for err in report.rejected:
        console.print(f"rejected: {err}", highlight=False, markup=False)
    console.print(report.summary(), highlight=False, markup=False)
    return report


@app.command("ingest")
def ingest_cmd(paths: PathsArg, db: DbOption = None, jobs: JobsOption = 1, stages: StagesOption = None,
               verbose: VerboseOption = False) -> None:
    """Read articles into the store: text, Markdown, HTML, JSONL/JSON, CSV, WARC, RSS/Atom.

    Bad items are reported one line each and skipped; exit code 0 = all good,
    3 = some rejected, 1 = nothing ingested. Re-ingesting the same input changes nothing.

    Example: dateline ingest news/ extra.jsonl --db story.db
    """
    configure_logging(verbose)
    raise typer.Exit(_ingest(paths, db, jobs, stages).exit_code)


@app.command("articles")
def articles_cmd(db: DbOption = None, query: Annotated[str | None, typer.Option("--query", "-q", help="Full-text filter.")] = None,
                 fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
                 duplicates: Annotated[bool, typer.Option("--duplicates", help="Include near-duplicates.")] = False,
                 output: OutputOption = None) -> None:
    """List stored articles: id, publication date (and where it came from), outlet, title.

    Example: dateline articles --query Rafah --format json
    """
    with open_store(db) as store:
        rows = guard(lambda: query_lib.list_articles(store, query=query, duplicates=duplicates))
    render_rows(rows, ["id", "external_id", "published", "date_source", "source", "title", "duplicate_of", "chars"], fmt,
                title=f"{len(rows)} articles", output=output)


@app.command("show")
def show_cmd(article_id: Annotated[str, typer.Argument(help="Article id (or a unique prefix).")], db: DbOption = None,
             fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.text) -> None:
    """Show one article with every annotation the pipeline made, each with its offsets.

    Example: dateline show 3f2a9c --format json
    """
    with open_store(db) as store:
        doc = store.load_document(article_id)
        if doc is None:
            fail(f"no article {article_id!r} in {store.path}: list them with `dateline articles`")
        data = document_json(doc, store.get_objects("entity"))
    if fmt is Format.json:
        emit_json(data)
        return
    a = doc.article
    console.print(f"[bold]{a.title or a.id}[/]", highlight=False)
    console.print(f"id {a.id} · {a.source or 'unknown outlet'} · published "
                  f"{a.published or 'unknown'} ({a.date_source.value}) · {a.origin}", highlight=False, markup=False)
    sys.stdout.write(a.text + "\n")
    counts = ", ".join(f"{len(data[k])} {k}" for k in ("sentences", "timexes", "mentions", "events", "quotes", "claims"))
    console.print(counts, highlight=False)


def _timeline(db: Path | None, request: StoryRequest, fmt: Format, output: Path | None) -> None:
    request = replace(request, since=parse_bound(request.since, "--since"), until=parse_bound(request.until, "--until"))
    settings = settings_for(db)
    with open_store(db) as store:
        timeline = guard(lambda: story_timeline(store, settings, request))
        if fmt is Format.html:
            entities = store.get_objects("entity")
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
        emit(render.timeline_text(timeline), output)


MaxDates = Annotated[int | None, typer.Option("--max-dates", min=1, help="Number of dates (default: 10).")]
PerDate = Annotated[int | None, typer.Option("--per-date", min=1, help="Summary sentences per date (default: 2).")]
QueryOption = Annotated[str | None, typer.Option("--query", "-q", help="Keyword or entity focus (full-text).")]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="text, md, json, csv, html or timelinejs.")]
EntityFilter = Annotated[str | None, typer.Option("--entity", "-e", help="Only dates naming this entity (id or any spelling).")]
OutletFilter = Annotated[str | None, typer.Option("--outlet", help="Only this outlet's articles (as the timeline names it).")]
TypeFilter = Annotated[str | None, typer.Option("--type", help="Only dates with an event of this type, e.g. CONSULT.")]
StoryFilter = Annotated[str | None, typer.Option("--story", help="Only this story's articles (see `dateline stories`).")]


@app.command("timeline")
def timeline_cmd(db: DbOption = None, query: QueryOption = None, since: SinceOption = None, until: UntilOption = None,
                 max_dates: MaxDates = None, per_date: PerDate = None, fmt: FormatOption = Format.text,
                 output: OutputOption = None, entity: EntityFilter = None, outlet: OutletFilter = None,
                 event_type: TypeFilter = None, story: StoryFilter = None) -> None:
    """Print the timeline of the stored articles; every line cites its source span.

    Example: dateline timeline --query ceasefire --since 2024-02 --format html -o timeline.html
    """
    _timeline(db, StoryRequest(query=query, entity=entity, outlet=outlet, event_type=event_type, story=story,
                               since=since, until=until, max_dates=max_dates, per_date=per_date), fmt, output)


@app.command("run")
def run_cmd(paths: PathsArg, db: DbOption = None, query: QueryOption = None, since: SinceOption = None,
            until: UntilOption = None, max_dates: MaxDates = None, per_date: PerDate = None,
            fmt: FormatOption = Format.text, output: OutputOption = None, jobs: JobsOption = 1,
            verbose: VerboseOption = False) -> None:
    """Ingest PATHs into the store and print the timeline, in one step (the main job).

    Example: dateline run examples/ --format html -o timeline.html
    """
    configure_logging(verbose)
    report = _ingest(paths, db, jobs, None)
    if report.exit_code == 1 and not db_path(db).exists():
        raise typer.Exit(1)
    _timeline(db, StoryRequest(query=query, since=since, until=until, max_dates=max_dates, per_date=per_date),
              fmt, output)
    raise typer.Exit(report.exit_code)
