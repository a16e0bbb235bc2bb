"""The desk's own commands: where the sources disagree, and following a story as it grows."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..pipeline import stage_names
from ..render import listings
from ..render.json import disagreement_json
from ..render.text import disagreements_text
from ..model import Timeline
from ..timeline.filters import Filtered, apply_filters
from ..timeline.story import story_disagreements, story_timeline
from .app import app
from .common import (
    ROW_FORMATS,
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
from .core import EntityFilter, OutletFilter, QueryOption, StoryFilter, TypeFilter


@app.command("disagreements")
def disagreements_cmd(db: DbOption = None, query: QueryOption = None, entity: EntityFilter = None,
                      outlet: OutletFilter = None, event_type: TypeFilter = None, story: StoryFilter = None,
                      since: SinceOption = None, until: UntilOption = None, fmt: FormatOption = Format.text,
                      output: OutputOption = None, wide: WideOption = False, setting: SettingOption = None) -> None:
    """Where the sources disagree: figures and dates outlets give differently, conflicts first.

    Each group shows its label in words, its status (conflict, changed over
    time, differ but can all be true) and confidence; each side the figure or
    date as written, its outlet, its date and its sentence. Groupings too
    unsure to set side by side follow, folded, as related figures. The filters are those of `dateline timeline`, and the list is the
    one its JSON carries under "disagreements".

    Example: dateline disagreements --query Rafah --format csv -o rafah.csv
    """
    check_format(fmt, ROW_FORMATS)
    request = parse_request(query=query, entity=entity, outlet=outlet, event_type=event_type, story=story,
                            since=since, until=until)
    settings = settings_for(db, setting)
    with open_store(db) as store:
        if any((request.query, request.entity, request.outlet, request.event_type, request.story, request.since,
                request.until)):
            filtered = guard(lambda: apply_filters(store, story_timeline(store, settings, request), request))
        else:  # nothing asked: the list is the store's, and the timeline it would ride on need not be built
            filtered = Filtered(Timeline(entries=(), disagreements=tuple(guard(lambda: story_disagreements(store)))))
    if filtered.message:
        console.print(filtered.message)
    found = filtered.timeline.disagreements
    if fmt is Format.json:
        emit_json([disagreement_json(d) for d in found], output)
    elif fmt is Format.text:
        text = disagreements_text(found, terminal_width(output))
        emit(text if found else "The sources agree on every figure and date found.", output)
    else:
        render_rows(listings.disagreement_rows(found), listings.DISAGREEMENT_COLUMNS, fmt,
                    title="where the sources disagree", output=output, wide=wide)



@app.command("watch")
def watch_cmd(targets: Annotated[list[str], typer.Argument(
                  help="RSS/Atom feed or sitemap URLs (http/https), and folders or files to watch.")],
              db: DbOption = None,
              interval: Annotated[float, typer.Option("--interval", min=1.0, help="Seconds between polls.")] = 300.0,
              max_polls: Annotated[int, typer.Option("--max-polls", min=0, help="Stop after this many polls "
                                                     "(default 0: until Ctrl-C).")] = 0,
              setting: SettingOption = None,
              verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what each step does.")] = False
              ) -> None:
    """Follow a story: poll feeds, sitemaps and folders every --interval seconds and ingest what is new.

    New pages are fetched and ingested as `dateline ingest` does (dedup as
    always); each poll prints one line, and one line per failure. A source that
    fails is asked again after a growing pause. `dateline serve` on the same
    store shows new entries on the open page without a reload.

    Example: dateline watch https://example.org/news.rss news-folder/ --db story.db --interval 600
    """
    import time

    from ..pipeline.engines.local import LocalEngine
    from ..pipeline.watch import watch

    configure_logging(verbose)
    settings = settings_for(db, setting, progress=False)
    for target in targets:
        if not target.lower().startswith(("http://", "https://")) and not Path(target).exists():
            fail(f"{target}: neither an http(s) URL nor a file or folder")

    def report(r) -> None:
        for line in r.lines():
            console.print(line)

    with open_store(db, must_exist=False, write=True) as store:
        try:
            guard(lambda: watch(targets, store, settings, interval=interval, max_polls=max_polls,
                                clock=time.monotonic, sleep=time.sleep, on_report=report,
                                engine=LocalEngine(settings, stage_names(settings))))
        except KeyboardInterrupt:
            console.print("stopped")
