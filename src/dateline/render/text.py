"""Plain text for a terminal: the timeline, and listings as tables that fit the terminal's width.

Untrusted text is cleaned (:func:`.base.clean`) and table cells are rich ``Text``
objects, never markup, so an article's ``[/caption]`` or ``[bold]`` prints as written.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..model import Timeline
from .base import Column, clean, columns, outlets, plain

KEY_WORD_CAP = 30  # a key column keeps its longest word whole up to this many cells
WRAP_WORD_CAP = 12  # other free-text columns fold below their longest word past this
ID_PREFIX = 8  # shortest id prefix shown; `dateline show` takes any unique prefix


def timeline_text(timeline: Timeline) -> str:
    """Plain text for a terminal: one block per date, each line with its outlets."""
    out = []
    for e in timeline.entries:
        out.append(f"{clean(e.date)}{'  (background)' if e.background else ''}")
        for line in e.summary:
            out.append(f"  - {clean(line.shown)}  [{clean(outlets(line))}]")
        out.append("")
    if timeline.undated:
        out.append("Undated")
        out.extend(f"  - {clean(line.shown)}  [{clean(outlets(line))}]" for line in timeline.undated)
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
    table = Table(title=Text(clean(title)) if title else None)
    for col, w, fold in zip(cols, widths, folds):
        table.add_column(Text(col.name), width=w, no_wrap=not fold, overflow="fold" if fold else "ellipsis")
    for r in cells:
        table.add_row(*(Text(v) for v in r))
    return table


def fit_widths(cols: Sequence[Column], cells: Sequence[Sequence[str]], budget: int, *,
               wide: bool = False) -> list[int]:
    """Column widths within ``budget``, giving up least first: see the phases below."""
    natural = [max([cell_len(c.name), *(cell_len(r[j]) for r in cells)], default=1) for j, c in enumerate(cols)]
    words = [max([1, *(cell_len(w) for r in cells for w in r[j].split())]) for j in range(len(cols))]
    key = [j for j, c in enumerate(cols) if c.key]
    free = [j for j, c in enumerate(cols) if (c.wrap or wide) and not c.key]
    codes = [j for j, c in enumerate(cols) if not (c.wrap or c.key or wide)]

    # a header keeps up to 8 cells whole; no column goes below 4 ("…" needs a letter before it)
    floor = [min(natural[j], max(4, min(cell_len(c.name), 8))) for j, c in enumerate(cols)]

    def words_up_to(cap: int) -> list[int]:
        """Per column: its longest word up to ``cap`` cells (never below its floor)."""
        return [min(natural[j], max(floor[j], min(words[j], cap))) for j in range(len(cols))]

    phases = [
        (free, words_up_to(WRAP_WORD_CAP)),  # free text folds between its words
        (key, words_up_to(KEY_WORD_CAP)),  # the key column too, down to its longest word
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
