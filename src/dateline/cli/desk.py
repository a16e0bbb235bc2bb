"""The desk's own commands: where the sources disagree, and following a story as it grows."""

from __future__ import annotations


from ..render import listings
from ..render.json import disagreement_json
from ..render.text import disagreement_lines
from ..timeline.story import StoryRequest, story_timeline
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
    emit,
    emit_json,
    guard,
    open_store,
    parse_bound,
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

    Each side shows the figure or date as written, its outlet, its date and its
    sentence. The filters are those of `dateline timeline`, and the list is the
    one its JSON carries under "disagreements".

    Example: dateline disagreements --query Rafah --format csv -o rafah.csv
    """
    check_format(fmt, ROW_FORMATS)
    request = StoryRequest(query=query, entity=entity, outlet=outlet, event_type=event_type, story=story,
                           since=parse_bound(since, "--since"), until=parse_bound(until, "--until"))
    settings = settings_for(db, setting)
    with open_store(db) as store:
        found = guard(lambda: story_timeline(store, settings, request)).disagreements
    if fmt is Format.json:
        emit_json([disagreement_json(d) for d in found], output)
    elif fmt is Format.text:
        width = terminal_width(output)
        lines = [line for d in found for line in [*disagreement_lines(d, width), ""]]
        emit("\n".join(lines).rstrip() if found else "The sources agree on every figure and date found.", output)
    else:
        render_rows(listings.disagreement_rows(found), listings.DISAGREEMENT_COLUMNS, fmt,
                    title="where the sources disagree", output=output, wide=wide)

