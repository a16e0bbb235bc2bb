"""Lines for a terminal of a given width, broken between words and never inside a name or a figure.

rich wraps text too, but only between words: "40 million" or "Harbour Courier"
can still be split over two lines. Here the caller names the units that must
stay whole (figures, outlets, names); they move to the next line together. Only
a single word longer than the whole line is folded, since nothing else can show it.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len

_GLUE = "\x00"  # never in cleaned text (render.base.clean drops control characters)


def _glued(text: str, keep: Iterable[str]) -> str:
    """``text`` with the spaces inside every kept unit replaced by the glue character."""
    for unit in sorted({k for k in keep if k and " " in k}, key=len, reverse=True):
        text = text.replace(unit, unit.replace(" ", _GLUE))
    return text


def _fold(word: str, width: int) -> list[str]:
    """A word longer than a line, cut into pieces of at most ``width`` cells."""
    out, piece = [], ""
    for ch in word:
        if piece and cell_len(piece + ch) > width:
            out.append(piece)
            piece = ""
        piece += ch
    return out + ([piece] if piece else [])


def wrap(text: str, width: int, *, first: str = "", rest: str | None = None, keep: Iterable[str] = ()) -> list[str]:
    """``text`` as lines of at most ``width`` cells: the first starts with ``first``, the others with ``rest``.

    >>> wrap("Crews cleared 40 million tonnes of silt", 20, first="- ", rest="  ", keep=["40 million"])
    ['- Crews cleared', '  40 million tonnes', '  of silt']
    """
    rest = " " * cell_len(first) if rest is None else rest
    tokens = [t.replace(_GLUE, " ") for t in _glued(" ".join(text.split()), keep).split(" ") if t]
    tokens.reverse()  # a stack: a kept unit too long for any line goes back on it as words
    lines: list[str] = []
    line, prefix = "", first
    while tokens:
        token = tokens.pop()
        room = max(1, width - cell_len(prefix))
        candidate = f"{line} {token}" if line else token
        if cell_len(candidate) <= room:
            line = candidate
        elif line and cell_len(token) <= max(1, width - cell_len(rest)):
            lines.append(prefix + line)
            prefix, line = rest, token
        elif " " in token:
            tokens.extend(reversed(token.split(" ")))
        else:  # one word longer than a line: folded, nothing else can show it
            if line:
                lines.append(prefix + line)
                prefix, line = rest, ""
            *pieces, line = _fold(token, max(1, width - cell_len(prefix)))
            for piece in pieces:
                lines.append(prefix + piece)
                prefix = rest
    lines.append(prefix + line)
    return lines
