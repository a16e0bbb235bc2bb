"""Frames run into a lead: wire datelines, page timestamps, "last updated" lines, print page stamps.

Pages and wires put a headline, a timestamp and a dateline before the lead,
often on the lead's own line: "Mon Mar 4, 2013 9:40 am GMT HARBOURTON
(Reuters) - The ferry line ...". Split from the lead before its sentence is cut
(:mod:`dateline.extract.sentences`), they never make one sentence with it, so
a line is never dated by its page's timestamp nor cites a headline fragment.
The frames are rules as data (``data/frames.toml``: each a pattern, the text it
needs, where in a page it stands, and examples that run as tests); the patterns
take raw and Penn-Treebank-tokenised text alike ("-LRB- Reuters -RRB-").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..resources import load_toml

_WORD = re.compile(r"\w+")
MIN_WORDS = 5  # a frame is cut only when a lead of at least this many words follows it


@dataclass(frozen=True)
class Frame:
    """One rule of ``data/frames.toml``: its pattern, the text it cannot match without, its examples."""

    name: str
    pattern: re.Pattern[str]
    needs: re.Pattern[str]  # looked for before the pattern is run: most sentences hold none of it
    anywhere: bool  # a frame wherever it stands in a page, not only at its top
    examples: tuple[dict[str, Any], ...]  # {frame, lead[, groups]}: frame + lead is cut after frame
    keep: tuple[str, ...]  # texts the pattern must not match


def load_frames() -> tuple[Frame, ...]:
    """The frames of ``dateline/data/frames.toml``, compiled, in file order."""
    def joined(pattern: str | list[str]) -> str:
        return pattern if isinstance(pattern, str) else "".join(pattern)

    return tuple(Frame(r["name"], re.compile(joined(r["pattern"])), re.compile(r["needs"]),
                       bool(r.get("anywhere", False)), tuple(r.get("examples", ())), tuple(r.get("keep", ())))
                 for r in load_toml("frames.toml")["frame"])


# Compiled once at import: dateline_end runs on every sentence of a store, so it reads module constants
FRAMES = load_frames()
_BY_NAME = {frame.name: frame for frame in FRAMES}
_DATELINE, _CREDIT = _BY_NAME["wire-dateline"].pattern, _BY_NAME["credit"].pattern
# (pattern, needed text) of the frames looked for at the top of a page (all) and below it (``anywhere`` ones)
_CHECKED = {top: tuple((f.pattern, f.needs) for f in FRAMES if top or f.anywhere) for top in (True, False)}
DATELINE_WINDOW = 400  # characters: a dateline comes first, after at most a headline and a timestamp


def wire_date(text: str) -> tuple[str, int] | None:
    """The month and day of a dated wire dateline opening a text ("HOUSTON, April 29 (Reuters) -"), or None.

    >>> wire_date("LAKESIDE, March 4 (Reuters) -- The river rose."), wire_date("LONDON (Reuters) - Shares fell.")
    (('March', 4), None)
    """
    m = _DATELINE.match(text[:DATELINE_WINDOW].lstrip())
    return (m["month"], int(m["day"])) if m is not None and m["month"] else None


def dateline_end(text: str, top: bool = True) -> int:
    """Characters to skip so a sentence starts after its frame: wire dateline, timestamp, page stamp (0: none).

    The furthest frame in the window ends it (a timestamp is often followed by a dateline). Below the top
    of a page (``top`` false) only the frames that stand ``anywhere`` (credits, print stamps) are looked for.

    >>> dateline_end("LAKESIDE (Reuters) - The council said on Thursday the bridge was shut.")
    21
    >>> dateline_end("Sunday 2 March 2025 09.40 GMT Harbour officials met in Velmora to weigh the repairs.")
    30
    """
    head = text[:DATELINE_WINDOW]
    ends = [m.end() for pattern, needs in _CHECKED[top] if needs.search(head) for m in pattern.finditer(head)]
    for end in sorted(ends, reverse=True):
        if len(_WORD.findall(text[end:])) >= MIN_WORDS:
            return end
    return 0


# What a frame is followed by when it stands alone: a frame sentence is one this lead could follow.
_LEAD_PROBE = " The lead of the story follows it here."


def is_frame(text: str) -> bool:
    """Whether a whole sentence is a frame (a timestamp, page stamp or wire dateline split from its lead).

    >>> is_frame("LAKESIDE (Reuters) -"), is_frame("The council said on Thursday the bridge was shut.")
    (True, False)
    """
    end = dateline_end(text + _LEAD_PROBE)
    return end > 0 and end >= len(text.rstrip())


def is_credit(text: str) -> bool:
    """Whether a sentence opens with a photo credit: the sentence before it is then the photo's caption.

    >>> is_credit("Photograph: Jo Bloggs/Reuters The talks broke up at dawn."), is_credit("Photographs show it.")
    (True, False)
    """
    return _CREDIT.match(text + _LEAD_PROBE) is not None


_TOKEN = re.compile(r"\S+")
_LOWER_WORD = re.compile(r"^[a-z][a-z-]*$")
_CAPITAL_WORD = re.compile(r"^[A-Z][a-z]+$")
# Words a headline or caption does not end on: a lead's words after them are the same clause
_FUNCTION = frozenset(
    "a an the of to in on at by for from with and or but as than that which who is are was were be been has have had "
    "will would can could may might should must not no its their his her our your this these those said says "
    "while when between after before because if against about into over under".split())
# Words that open a sentence whatever follows them: "... last month The Houston clinic ..."
_OPENERS = frozenset("The A An It He She They We In On At For As With After".split())


def runin_end(sentence: str, article: str) -> int:
    """Where a headline or caption run into its lead without a stop ends (0: none).

    "Flood barriers fail in the north Residents of three towns were told ...": a
    lowercase word, then a capitalised one that the article writes lowercase
    elsewhere and never capitalised after a lowercase word (so it is not a name),
    with at least ``MIN_WORDS`` words on each side.

    >>> art = "Ferry sinks off the cape Rescuers saved all forty passengers on board. Two rescuers were hurt."
    >>> art[runin_end(art[:70], art):][:8]
    'Rescuers'
    >>> runin_end("Talks with Treasury officials broke up late on the second day.", "Treasury staff left.")
    0
    """
    toks = list(_TOKEN.finditer(sentence))
    for i in range(MIN_WORDS, len(toks) - MIN_WORDS + 1):
        prev, cur = toks[i - 1].group(), toks[i].group()
        if not (_LOWER_WORD.match(prev) and prev not in _FUNCTION and _CAPITAL_WORD.match(cur)):
            continue
        after = toks[i + 1].group() if i + 1 < len(toks) else ""
        if cur not in _OPENERS and after[:1].isupper():
            continue  # "between President Obama and ...": a title before a name
        if re.search(rf"\b{cur.lower()}\b", article) is None:
            continue
        named = re.compile(rf"\b[a-z][a-z-]*\s+{cur}\b")
        if sum(1 for _ in named.finditer(article)) > 1:
            continue  # written capitalised after a lowercase word elsewhere too: a name
        return toks[i].start()
    return 0
