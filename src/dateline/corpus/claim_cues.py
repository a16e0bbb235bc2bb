"""What a figure's sentence says of it beyond its own phrase, for the desk's sure conflicts.

A figure's key (unit, counted thing, event, place) comes from its phrase, and
grouping by it is tuned for recall of one quantity. Whether two figures of a
group may be *shown* as a conflict is a stricter question, and the judged
conflicts of the development store went wrong on what the rest of the
sentence says (see ``data/claim_cues.toml``):

- the places it names: "Canadian health officials have confirmed 13" against
  the US count, "from a world population" against one country's;
- another kind of the thing counted: "H5N1 has infected 421" against swine flu
  infections, "seasonal flu kills 250,000" against this virus's deaths;
- a span of years: "since 2003";
- a change the text states ("109, up from 91 yesterday"), or a value it says came
  before ("BP had estimated 5,000 barrels"): an update, in the text's own words;
- an amount so far against a projection of the whole ("has so far cost $990m"
  against estimates of the total cost);
- a hedge: "flu can kill millions" counts nothing.

:func:`cues` reads them once per claim (stored with its group record);
:func:`cues_agree` says whether two figures' sentences agree on all of them.
Hand-written by pattern: no library reads these from a sentence, and each is a
short list of words kept as data with examples that run as tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..extract.entities import country_code
from ..resources import load_toml

# capitalised runs that may name a country ("the United States", "U.S.", "Canadian")
_CAPITALISED = re.compile(r"[A-Z][\w.'’-]*")
_MAX_NAME = 3  # words in the longest country name tried
# cues that make a figure no side of a sure conflict: a change or an earlier value the text states (an update in
# its own words), a typical year's or day's rate, one end of a spread of estimates, a multiplier, a range cut short
NEVER_SURE = frozenset({"change", "earlier", "rate", "bound", "multiplier", "truncated"})


@dataclass(frozen=True)
class CueRules:
    world: re.Pattern[str]  # matched on the lowercased sentence; each list of the file is one alternation
    world_as_written: re.Pattern[str]
    kinds: dict[str, re.Pattern[str]]
    patterns: dict[str, re.Pattern[str]]
    hedge_before: int  # words before and after a figure read for a hedge
    hedge_after: int
    kind_words: int  # words either side of a figure read for its kind
    hedge: re.Pattern[str]
    intent: re.Pattern[str]
    multiplier: re.Pattern[str]
    truncated: tuple[re.Pattern[str], ...]  # the figure's span ends a range, the rest starts one
    examples: tuple[dict[str, Any], ...]


@lru_cache(maxsize=1)
def rules() -> CueRules:
    """The cue rules of data/claim_cues.toml."""
    data = load_toml("claim_cues.toml")
    compiled = lambda ps: re.compile("|".join(f"(?:{p})" for p in ps))  # noqa: E731
    hedge = data["hedge"]
    return CueRules(
        world=compiled(data["world"]), world_as_written=compiled(data["world_as_written"]),
        kinds={k: compiled(v) for k, v in data["kinds"].items()},
        patterns={k: compiled(v) for k, v in data["patterns"].items()},
        hedge_before=int(hedge["before"]), hedge_after=int(hedge["after"]), kind_words=int(hedge["kind_words"]),
        hedge=re.compile(hedge["pattern"]), intent=re.compile(hedge["intent"]),
        multiplier=re.compile(hedge["multiplier"]), truncated=tuple(re.compile(p) for p in hedge["truncated"]),
        examples=tuple(data.get("examples", [])),
    )


@lru_cache(maxsize=1 << 16)
def _country(name: str) -> str:
    return country_code(name)  # a sentence's capitalised runs repeat across a story's articles: read each once


def countries(text: str) -> set[str]:
    """Country codes of the countries a text names, by name or demonym, longest name first."""
    words = list(_CAPITALISED.finditer(text))
    out, i = set(), 0
    while i < len(words):
        for n in range(min(_MAX_NAME, len(words) - i), 0, -1):
            run = words[i:i + n]
            # a run of adjacent words only ("United States", not "United ... States")
            if any(text[a.end():b.start()] not in (" ",) for a, b in zip(run, run[1:])):
                continue
            code = _country(text[run[0].start():run[-1].end()].removesuffix("'s").removesuffix("’s"))
            if code:
                out.add(code)
                i += n
                break
        else:
            i += 1
    return out


@lru_cache(maxsize=4096)
def _sentence_cues(sentence: str) -> frozenset[str]:
    """The cues of a whole sentence (its figures share them): its countries, the world, the named patterns."""
    r = rules()
    low = sentence.lower()
    found = {f"place:{c}" for c in countries(sentence)}
    if r.world.search(low) or r.world_as_written.search(sentence):
        found.add("place:world")
    return frozenset(found | {name for name, p in r.patterns.items() if p.search(low)})


def cues(sentence: str, start: int, end: int) -> tuple[str, ...]:
    """The cues of the figure at ``start:end`` (offsets into ``sentence``), sorted: ``place:XX`` for each
    country named, ``place:world``, ``kind:<kind>``, the names of the patterns that match, ``hedged`` (a hedge
    or a future near the figure) and ``multiplier``."""
    r = rules()
    low = sentence.lower()
    start, end = max(start, 0), max(end, start, 0)
    found = set(_sentence_cues(sentence))
    around = " ".join(low[:start].split()[-r.kind_words:] + [low[start:end]] + low[end:].split()[:r.kind_words])
    found |= {f"kind:{k}" for k, p in r.kinds.items() if p.search(around)}
    before = " ".join(low[:start].split()[-r.hedge_before:])
    if r.hedge.search(before + " " + " ".join(low[end:].split()[:r.hedge_after])) or r.intent.search(before):
        found.add("hedged")
    if r.multiplier.search(low[end:]):
        found.add("multiplier")
    if r.truncated[0].search(low[start:end]) or r.truncated[1].search(low[end:]):
        found.add("truncated")
    if _quoted(sentence, start, end):
        found.add("quoted")
    return tuple(sorted(found))


def _quoted(sentence: str, start: int, end: int) -> bool:
    """Whether the figure stands inside quotation marks: one opened before it and not closed, or (a quote that
    began in an earlier sentence) one closed after it that was not opened there."""
    before, after = sentence[:start], sentence[end:]
    if before.count("\u201c") > before.count("\u201d") or before.count('"') % 2:
        return True
    return after.count("\u201d") > after.count("\u201c") or (after.count('"') % 2 == 1 and '"' not in before)


def unsure_quote(a: tuple[str, ...], place_a: str, lead_a: Iterable[str], b: tuple[str, ...], place_b: str) -> bool:
    """Whether a quoted figure whose sentence names no place is set against a figure with one: "we have one
    confirmed case" is the speaker's count wherever the speaker is, so it is the other place's only when the
    article's lead names that place and no other (sure); else the pair is never shown as a conflict."""
    if "quoted" not in a or _places(a, place_a):
        return False
    other = _places(b, place_b)
    if not other:
        return False
    lead = {country_code(n) for n in lead_a} - {""}
    return not (len(lead) == 1 and lead <= other)


def _places(c: tuple[str, ...], own: str) -> set[str]:
    out = {x.removeprefix("place:") for x in c if x.startswith("place:")}
    if own:
        out.add(own)
        out.add(country_code(own) or own)
    return out


def names_place(c: tuple[str, ...], place: str) -> bool:
    """Whether a figure's sentence (its cues ``c``) names ``place``, the place of another figure's phrase, and
    not the world: "a second person has died in the United States" gives its figure the US as surely as "2
    deaths in the US" does."""
    return bool(place) and "place:world" not in c and bool({place, country_code(place)} & _places(c, ""))


def cues_agree(a: tuple[str, ...], b: tuple[str, ...], place_a: str = "", place_b: str = "") -> bool:
    """Whether two figures' sentences may be set against each other as one quantity at one time: places that
    meet (or one side names none), the world's on both sides or neither, the same kinds, both over years or
    neither, hedged on both sides or neither, none of NEVER_SURE, and not an amount so far against a
    projection of the whole.
    ``place_a`` and ``place_b`` are the places of the figures' own phrases."""
    pa, pb = _places(a, place_a), _places(b, place_b)
    if pa and pb and not pa & pb:
        return False
    sa, sb = set(a), set(b)
    if NEVER_SURE & (sa | sb):
        return False
    for flag in ("since", "hedged", "place:world"):
        if (flag in sa) != (flag in sb):
            return False
    if {x for x in sa if x.startswith("kind:")} != {x for x in sb if x.startswith("kind:")}:
        return False
    projected = lambda s: "projection" in s and "so_far" not in s  # noqa: E731
    return not (("so_far" in sa and projected(sb)) or ("so_far" in sb and projected(sa)))
