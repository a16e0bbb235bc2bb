"""Short forms of organization and place names: one key for "State Department" and
"US Department of State", "UN" and "United Nations", "Rafah city" and "Rafah".

The rules are generic and their words are data (``data/organizations.toml``):
a leading country becomes the organization's country, "<institution> of <X>"
reads "<X> <institution>", an acronym is the initials of a full name. Joining is
guarded at corpus level by :func:`org_groups`: a key without a country joins the
one with a country only when a single country has that key, and an acronym joins
a full name only when one full name has those initials.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..resources import load_toml
from .names import fold

_ACRONYM = re.compile(r"^(?:[A-Z]\.?){2,6}$")
_WORD = re.compile(r"[^\w&.'-]+")


@dataclass(frozen=True)
class AliasRules:
    institutions: frozenset[str]
    drop: frozenset[str]
    minor: frozenset[str]
    place_generics: frozenset[str]
    examples: tuple[dict[str, Any], ...]


@lru_cache(maxsize=1)
def rules() -> AliasRules:
    """The rules of data/organizations.toml."""
    data = load_toml("organizations.toml")
    return AliasRules(frozenset(data["institutions"]), frozenset(data["drop"]), frozenset(data["minor"]),
                      frozenset(data["place_generics"]), tuple(data.get("examples", [])))


@dataclass(frozen=True)
class OrgKey:
    core: str  # "state department", "un"
    country: str = ""  # ISO code of a leading country ("US")
    acronym: bool = False

    @property
    def key(self) -> str:
        return f"{self.core}|{self.country}" if self.country else self.core


def is_acronym(text: str) -> bool:
    """"UN", "U.N.", "UNRWA": two to six capitals, dots allowed."""
    return bool(_ACRONYM.match(text.strip()))


def _words(text: str) -> list[str]:
    # "u.s." keeps its dots for the country lookup; a sentence-final "." goes
    words = [w if re.match(r"^(?:\w\.){2,}$", w) else w.rstrip(".") for w in _WORD.split(fold(text))]
    words = [w for w in words if w]
    while words and words[0] == "the":
        words.pop(0)
    if words and words[-1].endswith(("'s", "’s")):
        words[-1] = words[-1][:-2]
    return words


def _leading_country(words: list[str], country_of: Callable[[str], str]) -> tuple[str, list[str]]:
    """(ISO code, remaining words) when the name starts with a country or demonym ("US", "Egyptian")."""
    for n in (3, 2, 1):
        if len(words) > n:
            code = country_of(" ".join(words[:n]))
            if code:
                return code, words[n:]
    return "", words


def org_key(text: str, country_of: Callable[[str], str]) -> OrgKey:
    """The key of an organization name.

    >>> org_key("the US Department of State", lambda w: "US" if w == "us" else "").key
    'state department|US'
    """
    r = rules()
    bare = text.strip().removeprefix("the ").removeprefix("The ")
    if is_acronym(bare):
        return OrgKey(bare.replace(".", "").lower(), acronym=True)
    code, words = _leading_country(_words(text), country_of)
    words = [w for w in words if w not in r.drop]
    # "department of state" -> "state department"; only with the institution first,
    # so "international court of justice" keeps its order
    if len(words) >= 3 and words[0] in r.institutions and words[1] == "of":
        words = [*words[2:], words[0]]
    # British and American spellings of one name are one key ("organisation", "organization")
    core = " ".join(re.sub(r"isation$", "ization", w.replace(".", "")) for w in words)
    return OrgKey(core, code)


def initials(core: str) -> str:
    """Initials of a key's words outside the minor ones ("united nations" -> "un")."""
    return "".join(w[0] for w in core.split() if w not in rules().minor)


def org_groups(keys: Iterable[OrgKey]) -> dict[str, str]:
    """Map each organization key to the key it joins (itself when none or ambiguous)."""
    keys = set(keys)
    countries: dict[str, set[str]] = defaultdict(set)
    for k in keys:
        if k.country and not k.acronym:
            countries[k.core].add(k.country)
    out = {k.key: k.key for k in keys}
    for k in keys:
        if not k.country and not k.acronym and len(countries.get(k.core, ())) == 1:
            out[k.key] = f"{k.core}|{next(iter(countries[k.core]))}"
    by_initials: dict[str, set[str]] = defaultdict(set)
    for k in keys:
        if not k.acronym and len(k.core.split()) >= 2:
            by_initials[initials(k.core)].add(out[k.key])
    for k in keys:
        if k.acronym and len(by_initials.get(k.core, ())) == 1:
            out[k.key] = next(iter(by_initials[k.core]))
    return out


def place_name(text: str, known_city: Mapping[str, Any]) -> str:
    """A place name without a generic trailing word ("Rafah city" -> "Rafah") unless that is its name."""
    words = text.split()
    if len(words) >= 2 and fold(words[-1]) in rules().place_generics and fold(text) not in known_city:
        return " ".join(words[:-1])
    return text
