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
    r"(?:\s*,?\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"\s*(?:\(|-LRB-)\s*[A-Z][\w.&]*(?:\s+[A-Z][\w.&]*)?\s*(?:\)|-RRB-)\s*(?:--?|\u2014|\u2013)\s*"
    r"(?=[A-Z0-9`\"'])")
# A web page's timestamp before its lead: "Saturday 15 January 2005 16.16 GMT Troops from ...".
_TIMESTAMP = re.compile(
    r"\b\d{1,2}\s+[A-Z][a-z]{2,8}\.?\s+\d{4}\s+\d{1,2}[.:]\d{2}\s*(?:[ap]m\s+)?[A-Z]{2,4}T\s+(?=[A-Z`\"'])")
# A print page stamp: "Thursday, October 23, 2008; Page A01 Employers are ...".
_PAGE_STAMP = re.compile(
    r"\b[A-Z][a-z]+day\s*,\s*[A-Z][a-z]+\.?\s+\d{1,2}\s*,\s*\d{4}\s*;\s*Page\s+[A-Z]?\d+\s+(?=[A-Z`\"'])")
# A "last updated" line: "Page last updated at 08:58 GMT, Thursday, 24 June 2010 09:58 UK", "Last updated:
# 14 January, 2010 - 17:26 GMT", "28 September 2011 Last updated at 15:41 GMT".
_UPDATED = re.compile(
    r"\b(?:Page\s+)?[Ll]ast\s+updated(?:\s+at)?\s*:?\s*(?:\d{1,2}\s+[A-Z][a-z]+\s*,?\s*\d{4}\s*-\s*)?"
    r"\d{1,2}[:.]\d{2}\s*(?:GMT|BST|UK|ET|EST|EDT)"
    r"(?:\s*,\s*[A-Z][a-z]+day\s*,\s*\d{1,2}\s+[A-Z][a-z]+\s+\d{4}(?:\s+\d{1,2}[:.]\d{2}\s*(?:UK|GMT|BST))?)?\s+"
    r"(?=[A-Z`\"'])")
FRAMES = (_DATELINE, _TIMESTAMP, _PAGE_STAMP, _UPDATED)
DATELINE_WINDOW = 400  # characters: a dateline comes first, after at most a headline and a timestamp


def dateline_end(text: str) -> int:
    """Characters to skip so a sentence starts after its frame: wire dateline, timestamp, page stamp (0: none).

    The furthest frame in the window ends it (a timestamp is often followed by a dateline).

    >>> dateline_end("HOUSTON (Reuters) - BP said on Thursday the well was shut.")
    20
    >>> dateline_end("Sunday 26 April 2009 11.25 BST Health officials met in Geneva to weigh the alert.")
    31
    """
    head = text[:DATELINE_WINDOW]
    ends = [m.end() for pattern in FRAMES for m in pattern.finditer(head)]
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
