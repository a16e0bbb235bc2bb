"""Claim groups in words: what is counted, what happened, where and when, and what the figures do.

A desk shows a group by its label ("people injured in Qeshm, 27 November
2005"), never by its key, and says what its figures do in a short summary:
"rose from 12 to 31 between 3 and 6 May", "70 (softpedia.com) against 80
(nytimes.com) on 28 November 2005", "1 million to 1.5 million: can all be
true".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

from ..extract.entities import country_name
from ..model import ClaimStatus

# what happened, as words after what is counted
EVENT_WORDS = {"killed": "killed", "injured": "injured", "displaced": "displaced", "detained": "held",
               "infected": "infected", "protested": "marching", "destroyed": "destroyed", "damaged": "damaged",
               "affected": "affected", "spilled": "leaking", "recovered": "recovered", "deployed": "deployed",
               "worth": "in value"}
_DETERMINERS = re.compile(r"^(?:the|a|an|some|its|their|his|her|of)\s+", re.I)


def _what(part: Sequence[Any]) -> str:
    """What the group counts, as most of its claims write it ("displaced Palestinians", "deaths")."""
    forms = [_DETERMINERS.sub("", r.counted.strip()) for r in part if r.counted.strip()]
    if forms:
        votes = Counter(f.lower() for f in forms)
        best = votes.most_common(1)[0][0]
        return next(f for f in forms if f.lower() == best)  # as first written: names keep their capitals
    unit, noun, _, _ = part[0].parts
    if noun.startswith("people") or unit == "people":
        return "people"
    return noun or {"percent": "share", "km": "distance"}.get(unit, "figure")


def place_name(key: str) -> str:
    """A place key in words: a country code as its name, else the name capitalised."""
    if key.isupper() and len(key) == 2:
        return country_name(key) or key
    return " ".join(w.capitalize() for w in key.split())


def day_words(day: str) -> str:
    """'2010-05-05' -> '5 May 2010'."""
    try:
        d = date.fromisoformat(day)
    except ValueError:
        return day
    return f"{d.day} {d.strftime('%B')} {d.year}"


def days_words(days: Sequence[str]) -> str:
    """The days of a group in words: one day, or the first and last ("3 to 6 May 2010")."""
    known = sorted({d for d in days if d})
    if not known:
        return ""
    if len(known) == 1 or known[0] == known[-1]:
        return day_words(known[0])
    return f"{day_words(known[0])} to {day_words(known[-1])}"


def group_label(part: Sequence[Any], status: ClaimStatus) -> str:
    """The group in words: what is counted, what happened, where, and on which day(s)."""
    what = _what(part)
    _, _, event, place = part[0].parts
    words = [what]
    verb = EVENT_WORDS.get(event, "")
    if verb and verb not in what and not (event == "killed" and re.search(r"death|dead|toll|fatalit", what)):
        words.append(verb)
    places = [r.parts[3] for r in part if r.parts[3]]
    if places and place_name(places[0]).lower() not in what:
        words.append("in " + place_name(Counter(places).most_common(1)[0][0]))
    label = " ".join(words)
    when = days_words([r.date for r in part])
    return f"{label}, {when}" if when else label


def group_summary(group: dict[str, Any]) -> str:
    """What a group's figures do, in words (from its stored record)."""
    claims = group.get("claims", [])
    status = group.get("status", "")
    if status == ClaimStatus.UPDATE.value:
        days = sorted({c["date"] for c in claims if c["date"]})
        first = next(c for c in claims if c["date"] == days[0]) if days else claims[0]
        last = next(c for c in reversed(claims) if c["date"] == days[-1]) if days else claims[-1]
        move = "rose" if last["value"] > first["value"] else "fell" if last["value"] < first["value"] else "stood"
        when = f" between {day_words(days[0])} and {day_words(days[-1])}" if len(days) > 1 else ""
        return f"{move} from {first['text']} to {last['text']}{when}"
    if status == ClaimStatus.CONFLICT.value and group.get("conflicts"):
        i, j = group["conflicts"][0]
        a, b = claims[i], claims[j]
        when = f" on {day_words(a['date'])}" if a["date"] and a["date"] == b["date"] else ""
        return f"{a['text']} ({a.get('outlet', '')}) against {b['text']} ({b.get('outlet', '')}){when}"
    if status == ClaimStatus.CONSISTENT.value:
        values = sorted(claims, key=lambda c: c["value"])
        if values[0]["text"].lower() == values[-1]["text"].lower():
            return f"{values[0]['text']}: the sources agree"
        return f"{values[0]['text']} to {values[-1]['text']}: can all be true"
    if status == ClaimStatus.RELATED.value:
        return "related figures, not surely one quantity"
    return ""
