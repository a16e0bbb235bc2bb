"""The tense of the clause around a time expression, from lexical cues.

Cheap on purpose (no parser): the nearest cue on the left inside the clause
decides, else the first on the right. "is expected in Israel on Friday" is a
plan; "travelled to Riyadh on Wednesday" happened. HeidelTime makes the same
call from part-of-speech tags (Strötgen & Gertz 2013, "Multilingual and
cross-domain temporal tagging", section 4.2).
"""

from __future__ import annotations

import re
from enum import Enum


class Tense(str, Enum):
    PAST = "past"
    PRESENT = "present"
    FUTURE = "future"
    NONE = "none"


# a participle after a form of "be" is passive or adjectival, not a past tense
_NOT_PASSIVE = r"(?<!\bbe )(?<!\bbeen )(?<!\bbeing )(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bwere )"
_CUES = re.compile(
    r"(?P<future>\b(?:will|won[’']t|shall|would|could|might|must|should|expected|scheduled|slated|"
    r"due (?:on|in|by|to be)|set to|plans? to|(?:is|are|was|were) (?:planned|set|due)|planning|"
    r"going to|intends?|intended|aims? to|hopes? to|to be held|upcoming|next|forthcoming|tomorrow|"
    r"as (?:soon|early) as)\b|[’']ll\b)"
    r"|(?P<past>" + _NOT_PASSIVE + r"\b(?:was|were|had|did|said|told|went|came|met|left|took|made|"
    r"gave|got|began|fell|rose|won|lost|held|led|ran|saw|sent|spoke|struck|drew|flew|broke|chose|"
    r"wrote|sold|bought|brought|thought|found|kept|paid|built|ago|last|yesterday|earlier|since|"
    r"(?-i:[a-z]{2,}ed))\b)"
    r"|(?P<present>\b(?:is|are|am|says|remains|continues|now|currently)\b)",
    re.IGNORECASE,
)
# a deadline ("by Jan. 14", "until Nov. 20") says nothing of the clause's tense
_DEADLINE = re.compile(r"\b(?:by|until|till|through|to)\s+(?:the\s+)?$", re.IGNORECASE)
_BOUNDARY = re.compile(r"[;:—]|--|\b(?:and|but|while|whereas|who|which|where|when|after|before|because)\b")


def clause_tense(text: str, sent_start: int, sent_end: int, start: int, end: int) -> Tense:
    """Tense of the clause holding text[start:end], inside the sentence [sent_start, sent_end)."""
    left_from = sent_start
    for b in _BOUNDARY.finditer(text, sent_start, start):
        left_from = b.end()
    last = None
    for m in _CUES.finditer(text, left_from, start):
        last = m
    if last is None:
        stop = _BOUNDARY.search(text, end, sent_end)
        last = _CUES.search(text, end, stop.start() if stop else sent_end)
    if last is None:
        return Tense.NONE
    tense = Tense(last.lastgroup)
    if tense is Tense.PAST and _DEADLINE.search(text, max(sent_start, start - 12), start):
        return Tense.NONE  # "extended the offer to Nov. 20": the deadline may lie ahead
    return tense
