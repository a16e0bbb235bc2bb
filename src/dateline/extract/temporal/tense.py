"""The tense of the clause around a time expression, from lexical cues.

Cheap on purpose (no parser). The sentence is cut into clauses at
conjunctions, relative pronouns and complementizers ("that", "who", "when",
...); only cues inside the expression's own clause count: the nearest verb
group on the left decides, else the first on the right. So in "said a new
bridge would be built to withstand storms like the one that hit the coast on
March 2" the date belongs to "that hit the coast", which is past, and the
"would" of the main clause says nothing about it. "is expected in Israel on
Friday" is a plan; "travelled to Riyadh on Wednesday" happened. HeidelTime
makes the same call from part-of-speech tags (Strötgen & Gertz 2013,
"Multilingual and cross-domain temporal tagging", section 4.2).
"""

from __future__ import annotations

import re
from enum import Enum


class Tense(str, Enum):
    PAST = "past"
    PRESENT = "present"
    # a present-simple event verb or a present progressive: "the committee meets
    # Monday", "talks resume Tuesday", "she is flying to Oslo Friday"; with a bare
    # weekday, news means the coming one
    SCHEDULE = "schedule"
    FUTURE = "future"
    NONE = "none"


# a participle after a form of "be" is passive or adjectival, not a past tense;
# after a determiner or an adverb of degree it is an adjective ("a still unspecified date")
_NOT_PASSIVE = (
    r"(?<!\bbe )(?<!\bbeen )(?<!\bbeing )(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bwere )"
    r"(?<!\ba )(?<!\ban )(?<!\bthe )(?<!\bstill )(?<!\bits )(?<!\btheir )(?<!\bnewly )"
)
# event verbs in the present simple that news uses for what is scheduled ("meets",
# "resume"); plural nouns that look the same ("talks", "votes") are left out
_SCHEDULE_VERBS = (
    r"meets?|resumes?|begins?|opens?|reopens?|convenes?|reconvenes?|arrives?|departs?|travels?|flies|"
    r"goes|takes? office|kicks? off|testif(?:y|ies)|decides?|announces?|unveils?|launches?"
)
# irregular simple pasts that news uses most; regular ones are caught by "-ed".
# "could" is left out of the future cues: "could not be reached Friday" is past.
_IRREGULAR_PAST = (
    r"was|were|had|did|said|told|went|came|met|left|took|made|gave|got|began|fell|rose|won|lost|held|"
    r"led|ran|saw|sent|spoke|struck|drew|flew|broke|chose|wrote|sold|bought|brought|thought|found|kept|"
    r"paid|set|built|hit|shot|fought|caught|sought|heard|felt|meant|stood|sat|became|grew|knew|threw|drove|"
    r"rode|froze|woke|wore|tore|swore|hung|sank|swept|slid|spent|lent|bent|fled|fed|bled|withdrew|"
    r"overthrew|stole|forgot|understood|ate|beat|bore|shook|spun|stuck|dug|wound|laid|slew|"
    r"ago|last|yesterday|earlier|since|previously"
)
_CUES = re.compile(
    r"(?P<future>\b(?:will|won[’']t|shall|would|might|must|should|expected|scheduled|slated|"
    r"due (?:on|in|by|to be)|set to|plans? to|planned to|planning|payable|effective|(?:is|are|was|were) (?:planned|set|due|to)|"
    r"going to|intends?|intended|aims? to|hopes? to|to be held|upcoming|next(?! to)|forthcoming|tomorrow|"
    r"as (?:soon|early) as)\b|[’']ll\b)"
    r"|(?P<past>" + _NOT_PASSIVE + r"\b(?:" + _IRREGULAR_PAST + r"|(?-i:[a-z]{2,}ed))\b)"
    r"|(?P<schedule>\b(?:(?:is|are|am)\s+(?!being\b)[a-z]{2,}ing|(?<!\bthe )(?<!\ba )(?:" + _SCHEDULE_VERBS + r")(?!-|\s+of\b))\b)"
    r"|(?P<present>\b(?:is|are|am|says|remains|continues|now|currently)\b)",
    re.IGNORECASE,
)
# a deadline ("by Jan. 14", "until Nov. 20") says nothing of the clause's tense
_DEADLINE = re.compile(r"\b(?:by|until|till|through|to)\s+(?:the\s+)?$", re.IGNORECASE)
# where a clause starts or ends: punctuation, coordinators, subordinators and
# relative pronouns ("that" also as a complementizer: "said that ... would")
# ("and" between capitalised words joins a name, "Research and Development", not clauses)
_BOUNDARY = re.compile(
    r"[;:—()]|--|\band\b(?!\s+[A-Z])|\b(?:but|or|while|whereas|who|whom|whose|which|that|where|when|after|before|because|"
    r"although|though|if|unless|whether)\b"
)


def clause_tense(text: str, sent_start: int, sent_end: int, start: int, end: int) -> Tense:
    """Tense of the clause holding text[start:end], inside the sentence [sent_start, sent_end)."""
    left_from = sent_start
    for b in _BOUNDARY.finditer(text, max(sent_start, start - 200), start):
        left_from = b.end()
    last = None
    for m in _CUES.finditer(text, max(left_from, start - 120), start):
        last = m
    if last is None:
        stop = _BOUNDARY.search(text, end, sent_end)
        last = _CUES.search(text, end, stop.start() if stop else sent_end)
    if last is None:
        # a clause without a verb of its own ("... and chief executive in March") is
        # read with the nearest verb group before it in the sentence
        for m in _CUES.finditer(text, max(sent_start, start - 120), left_from):
            last = m
    if last is None:
        return Tense.NONE
    tense = Tense(last.lastgroup)
    if tense is Tense.PAST and _DEADLINE.search(text, max(sent_start, start - 12), start):
        return Tense.NONE  # "extended the offer to Nov. 20": the deadline may lie ahead
    return tense

