"""Plain text for a terminal: the timeline, and listings as tables that fit the terminal's width.

Untrusted text is cleaned (:func:`.base.clean`) and table cells are rich ``Text``
objects, never markup, so an article's ``[/caption]`` or ``[bold]`` prints as written.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..model import Disagreement, Timeline, TimelineEntry
from .base import (
    STATUS_WORDS,
    Column,
    clean,
    columns,
    entry_facts,
    figure_of,
    outlet,
    outlet_names,
    plain,
    readable_date,
)
from .wrap import wrap

KEY_WORD_CAP = 30  # a key column keeps its longest word whole up to this many cells
WRAP_WORD_CAP = 14  # other free-text columns fold below their longest word past this
ID_FOLD = 12  # a single long token in a figure or name column (a file named by an id) folds to this
WHOLE_CAP = 24  # cells a figure column keeps for its text, so "more than 1.4 million" is never folded
ID_PREFIX = 8  # shortest id prefix shown; `dateline show` takes any unique prefix


TIMELINE_WIDTH = 80  # when no width is given (a file, a pipe)
MAX_QUOTES = 2  # per entry in the terminal: the JSON and HTML carry them all
MAX_FIGURES = 3


def _cited(refs) -> str:
    return ", ".join(clean(o) for o in outlet_names(refs))


def _entry_lines(e: TimelineEntry, width: int) -> list[str]:
    """One entry: its heading, each line with its outlets, then who, what was said, which figures."""
    keep = [*(clean(o) for o in outlet_names(e.sources)), *(clean(p.name) for p in e.participants),
            *(clean(c.text) for c in e.claims), *(clean(q.speaker_name) for q in e.quotes)]
    out = wrap(" · ".join([readable_date(e.date), *entry_facts(e)]), width, keep=keep)
    for line in e.summary:
        out += wrap(f"{clean(line.shown)} — {_cited((line.source, *line.also))}", width, first="  • ", rest="    ",
                    keep=keep)
    if e.participants:
        who = ", ".join(clean(p.name) + (f" ({clean(p.role)})" if p.role else "") for p in e.participants)
        out += wrap(f"With {who}", width, first="  ", rest="    ", keep=keep)
    for q in e.quotes[:MAX_QUOTES]:
        speaker = clean(q.speaker_name) or "someone"
        out += wrap(f"{speaker}: “{clean(q.text)}” — {_cited((q.source,))}", width, first="  Said ",
                    rest="       ", keep=keep)
    if len(e.quotes) > MAX_QUOTES:
        out.append(f"       (+{len(e.quotes) - MAX_QUOTES} more quotes: --format json or html)")
    for c in e.claims[:MAX_FIGURES]:
        out += wrap(f"{clean(c.text)} ({figure_of(c)}) — {_cited((c.source,))}", width, first="  Figure ",
                    rest="         ", keep=keep)
    if len(e.claims) > MAX_FIGURES:
        out.append(f"         (+{len(e.claims) - MAX_FIGURES} more figures: --format json or html)")
    return out


def disagreement_lines(d: Disagreement, width: int) -> list[str]:
    """A disagreement as its label and status, then each side: figure or date, outlet, date."""
    keep = [clean(s.text) for s in d.sides] + [clean(outlet(s.source)) for s in d.sides]
    out = wrap(f"{clean(d.label)} — {STATUS_WORDS.get(d.status, d.status)}", width, keep=keep)
    for s in d.sides:
        when = f", {s.date}" if s.date else ""
        out += wrap(f"{clean(s.text or s.date)} ({clean(outlet(s.source))}{when}): {clean(s.sentence)}", width,
                    first="  • ", rest="    ", keep=keep)
    return out


def timeline_text(timeline: Timeline, *, width: int = TIMELINE_WIDTH) -> str:
    """The timeline for a terminal of ``width`` columns: each date with its lines, who, quotes and figures."""
    out: list[str] = []
    for e in timeline.entries:
        out += _entry_lines(e, width) + [""]
    if timeline.undated:
        out.append("Undated")
        for line in timeline.undated:
            out += wrap(f"{clean(line.shown)} — {_cited((line.source, *line.also))}", width, first="  • ",
                        rest="    ", keep=[clean(o) for o in outlet_names((line.source, *line.also))])
        out.append("")
    if timeline.disagreements:
        out.append("Where the sources disagree")
        for d in timeline.disagreements:
            out += disagreement_lines(d, width)
    if not out:
        out.append("Nothing on the timeline.")
    return "\n".join(out).rstrip() + "\n"


def short_ids(values: Sequence[str], least: int = ID_PREFIX) -> dict[str, str]:
    """Each id -> its prefix of one common length (at least ``least``) that tells them all apart."""
    ids = sorted({v for v in values if v})
    n, longest = least, max(map(len, ids), default=0)
    while n < longest and len({i[:n] for i in ids}) < len(ids):
        n += 1
    return {i: i[:n] for i in ids}


def rows_table(rows: Sequence[Mapping[str, Any]], spec: Sequence[Column | str], *, width: int,
               wide: bool = False, title: str = "") -> Table:
    """A table of ``rows`` no wider than ``width``; ``wide`` shows every column and whole ids."""
    cols = [c for c in columns(spec) if wide or not c.wide]
    cells = [[clean(plain(row.get(c.name))) for c in cols] for row in rows]
    for j, col in enumerate(cols):
        if col.short_id and not wide:
            short = short_ids([r[j] for r in cells])
            for r in cells:
                r[j] = short.get(r[j], r[j])
    folds = [wide or c.key or c.wrap for c in cols]
    widths = fit_widths(cols, cells, width - 3 * len(cols) - 1, wide=wide)  # borders and padding
    for j, col in enumerate(cols):
        if col.whole:  # folded here, between its units, so a figure's number or a short name never splits
            for r in cells:
                if cell_len(r[j]) > widths[j]:
                    r[j] = "\n".join(wrap(r[j], widths[j], keep=whole_units(r[j])))
    table = Table(title=Text(clean(title)) if title else None)
    for col, w, fold in zip(cols, widths, folds):
        table.add_column(Text(col.name), width=w, no_wrap=not fold, overflow="fold" if fold else "ellipsis")
    for r in cells:
        table.add_row(*(Text(v) for v in r))
    return table


_NUMBER = re.compile(r"(?<![\w.])[$€£]?\d[\d.,]*(?:\s*(?:%|percent|per cent|hundred|thousand|million|billion|"
                     r"trillion))?(?![\w])", re.I)
SHORT_NAME = 16  # a name up to this long stays on one line ("Harbour Courier"); a longer one folds at words


def whole_units(cell: str) -> list[str]:
    """What must not split in a figure or name cell: each number with its scale ("1.4 million"), else a
    short name whole; '' units for a long name, whose words are its units."""
    numbers = [m.group().strip() for m in _NUMBER.finditer(cell)]
    if numbers:
        return numbers
    return [cell] if cell_len(cell) <= SHORT_NAME else []


def fit_widths(cols: Sequence[Column], cells: Sequence[Sequence[str]], budget: int, *,
               wide: bool = False) -> list[int]:
    """Column widths within ``budget``, giving up least first: see the phases below."""
    natural = [max([cell_len(c.name), *(cell_len(r[j]) for r in cells)], default=1) for j, c in enumerate(cols)]
    words = [max([1, *(cell_len(w) for r in cells for w in r[j].split())]) for j in range(len(cols))]
    key = [j for j, c in enumerate(cols) if c.key]
    free = [j for j, c in enumerate(cols) if (c.wrap or wide) and not c.key and not c.whole]
    keep = [j for j, c in enumerate(cols) if c.whole and not c.key]
    codes = [j for j, c in enumerate(cols) if not (c.wrap or c.key or wide)]

    # a header keeps up to 8 cells whole; no column goes below 4 ("…" needs a letter before it);
    # a figure or a name keeps its words on one line (up to WHOLE_CAP cells), but a single long token
    # (a file named by an id, "003_beedb1abade82dd3.txt") is an identifier, not words: it may fold
    whole = [max([0, *(min(cell_len(u), WHOLE_CAP if " " in u else ID_FOLD) for r in cells for u in
                       whole_units(r[j]) or r[j].split())]) if c.whole else 0 for j, c in enumerate(cols)]
    floor = [min(natural[j], max(4, min(cell_len(c.name), 8), whole[j])) for j, c in enumerate(cols)]
    words = [whole[j] if c.whole else words[j] for j, c in enumerate(cols)]  # an id gives before a word breaks

    def words_up_to(cap: int) -> list[int]:
        """Per column: its longest word up to ``cap`` cells (never below its floor)."""
        return [min(natural[j], max(floor[j], min(words[j], cap))) for j in range(len(cols))]

    phases = [
        (free, words_up_to(KEY_WORD_CAP)),  # free text folds between its words, every word whole
        (key, words_up_to(KEY_WORD_CAP)),  # the key column too, down to its longest word
        (keep, floor),  # figures and names fold between their units ("more than" / "1.4 million")
        (free, words_up_to(WRAP_WORD_CAP)),  # a long word of free text folds
        (free, floor),  # free text folds inside words: still nothing lost
        (key, words_up_to(WRAP_WORD_CAP)),  # only an overlong word of the key column folds
        (codes, [min(natural[j], 4) for j in range(len(cols))]),  # dates, ids are cut (…) only when nothing else gives
    ]
    widths = list(natural)
    for group, least in phases:
        excess = sum(widths) - budget
        while excess > 0:
            # the column with the most room to give, so narrow ones keep their width
            j = max(group, key=lambda k: widths[k] - least[k], default=None)
            if j is None or widths[j] <= least[j]:
                break
            widths[j] -= 1
            excess -= 1
    return widths


def render_table(table: Table, width: int) -> str:
    """A rich table as plain text of at most ``width`` cells a line (for files and pages)."""
    console = Console(file=io.StringIO(), width=width, color_system=None, highlight=False)
    console.print(table)
    return console.file.getvalue()
