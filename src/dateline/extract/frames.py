"""Frames run into a lead: wire datelines, page timestamps, "last updated" lines, print page stamps.

Pages and wires put a headline, a timestamp and a dateline before the lead,
often on the lead's own line: "Tue Apr 28, 2009 12:49 am BST MEXICO CITY
(Reuters) - A new virus ...". Split from the lead before its sentence is cut
(:mod:`dateline.extract.sentences`), they never make one sentence with it, so
a line is never dated by its page's timestamp nor cites a headline fragment.
The patterns take raw and Penn-Treebank-tokenised text alike ("-LRB- Reuters
-RRB-").
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+")
MIN_WORDS = 5  # a frame is cut only when a lead of at least this many words follows it

# A wire dateline opening a lead: "WASHINGTON (Reuters) -", "VENICE, La. (AP) --",
# "MEXICO CITY, April 24 (Reuters) -", in raw or PTB-tokenised form ("-LRB- Reuters -RRB-").
# A place in capitals must precede the agency, so "the Organization (WHO) - which" is kept.
_DATELINE = re.compile(
    r"\b[A-Z]{3,}[A-Z.'\\/ -]*"
    r"(?:\s*,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)?"
    r"(?:\s*,?\s*(?P<month>[A-Z][a-z]{2,8})\.?\s+(?P<day>\d{1,2}))?"
    r"\s*(?:\(|-LRB-)\s*[A-Z][\w.&]*(?:\s+[A-Z][\w.&]*)?\s*(?:\)|-RRB-)\s*(?:--?|\u2014|\u2013)\s*"
    r"(?=[A-Z0-9`\"'])")
# A web page's timestamp before its lead: "Saturday 15 January 2005 16.16 GMT Troops from ...".
_TIMESTAMP = re.compile(
    r"\b\d{1,2}\s+[A-Z][a-z]{2,8}\.?\s+\d{4}\s+\d{1,2}[.:]\d{2}\s*(?:[ap]m\s+)?[A-Z]{2,4}T\s+(?=[A-Z`\"'])")
# A print page stamp: "Thursday, October 23, 2008; Page A01 Employers are ...", or the web edition's
# "Thursday, October 23, 2008; 10:13 AM Employers are ...".
_PAGE_STAMP = re.compile(
    r"\b[A-Z][a-z]+day\s*,\s*[A-Z][a-z]+\.?\s+\d{1,2}\s*,\s*\d{4}\s*;\s*"
    r"(?:Page\s+[A-Z]?\d+|\d{1,2}:\d{2}\s*[AaPp]\.?[Mm]\.?)\s+(?=[A-Z`\"'])")
# A "last updated" line: "Page last updated at 08:58 GMT, Thursday, 24 June 2010 09:58 UK", "Last updated:
# 14 January, 2010 - 17:26 GMT", "28 September 2011 Last updated at 15:41 GMT".
_UPDATED = re.compile(
    r"\b(?:Page\s+)?[Ll]ast\s+updated(?:\s+at)?\s*:?\s*(?:\d{1,2}\s+[A-Z][a-z]+\s*,?\s*\d{4}\s*-\s*)?"
    r"\d{1,2}[:.]\d{2}\s*(?:GMT|BST|UK|ET|EST|EDT)"
    r"(?:\s*,\s*[A-Z][a-z]+day\s*,\s*\d{1,2}\s+[A-Z][a-z]+\s+\d{4}(?:\s+\d{1,2}[:.]\d{2}\s*(?:UK|GMT|BST))?)?\s+"
    r"(?=[A-Z`\"'])")
# A print edition's stamp: "A version appeared on p17 of the Main section section of the Guardian on 00.38 BST on
# Saturday 2 May 2009", "This article appeared on p29 of ..." (the day it was printed, not an event's).
_PRINT_STAMP = re.compile(
    r"^\s*(?:A\s+version(?:\s+of\s+this\s+article)?|This\s+article)\s+appeared\s+on\s+p\s*\d+\s+of\s+the\s+"
    r"[\w ]{1,60}?\s+of\s+the\s+[A-Z]\w+\s+on"
    r"(?:\s+\d{1,2}[.:]\d{2}\s*[A-Z]{2,4}\s+on)?(?:\s+[A-Z][a-z]+day\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4})?\s*\.?\s+"
    r"(?=[A-Za-z`\"'])")
# A photo credit run into the next sentence: "Photograph: Jane Roe/Getty Images The White House is ...",
# "Photograph : Ann Lee\/pool\/EPA BP has ..." (raw or Penn-Treebank text): a name, then agencies after slashes.
_CREDIT = re.compile(
    r"^\s*(?:Photograph|Photo|Picture)\s*:\s*[^/\\.:]{1,60}?(?:\s*\\?/\s*[A-Za-z]+)+(?:\s+Images)?\s+"
    r"(?=[A-Z0-9`\"'])")
FRAMES = (_DATELINE, _TIMESTAMP, _PAGE_STAMP, _UPDATED, _PRINT_STAMP, _CREDIT)
# Frames that stand anywhere in a page (a credit under every photo, a print stamp at the end), not only on top
ANYWHERE = (_PRINT_STAMP, _CREDIT)
# Text each frame cannot match without: most sentences hold none, and looking for it is far cheaper than
# running the frame's pattern (a timeline tests every sentence of the store)
_NEEDS: dict[re.Pattern[str], re.Pattern[str]] = {
    _DATELINE: re.compile(r"\(|-LRB-"), _TIMESTAMP: re.compile(r"\d"), _PAGE_STAMP: re.compile(";"),
    _UPDATED: re.compile("updated"), _PRINT_STAMP: re.compile("appeared"), _CREDIT: re.compile("Photo|Picture"),
}
_CHECKED = {top: tuple((pattern, _NEEDS[pattern]) for pattern in (FRAMES if top else ANYWHERE)) for top in (True, False)}
DATELINE_WINDOW = 400  # characters: a dateline comes first, after at most a headline and a timestamp


def wire_date(text: str) -> tuple[str, int] | None:
    """The month and day of a dated wire dateline opening a text ("HOUSTON, April 29 (Reuters) -"), or None.

    >>> wire_date("HOUSTON, April 29 (Reuters) -- A spill grew."), wire_date("LONDON (Reuters) - Shares fell.")
    (('April', 29), None)
    """
    m = _DATELINE.match(text[:DATELINE_WINDOW].lstrip())
    return (m["month"], int(m["day"])) if m is not None and m["month"] else None


def dateline_end(text: str, top: bool = True) -> int:
    """Characters to skip so a sentence starts after its frame: wire dateline, timestamp, page stamp (0: none).

    The furthest frame in the window ends it (a timestamp is often followed by a dateline). Below the top
    of a page (``top`` false) only credits and print stamps are frames.

    >>> dateline_end("HOUSTON (Reuters) - BP said on Thursday the well was shut.")
    20
    >>> dateline_end("Sunday 26 April 2009 11.25 BST Health officials met in Geneva to weigh the alert.")
    31
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

    >>> is_frame("HOUSTON (Reuters) -"), is_frame("BP said on Thursday the well was shut.")
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
