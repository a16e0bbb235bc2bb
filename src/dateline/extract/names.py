"""Person-name normalization: one key per name however it is transliterated.

News outlets spell Arabic, Persian and Slavic names many ways: with or without the
article prefix (al-/el-/Al /El-), with hyphens or spaces between parts, with
doubled consonants or not, "ou" or "u", final "y" or "i". :func:`name_tokens`
folds all of these generically, so that two spellings of one name compare equal;
:func:`same_name` then adds fuzzy matching (rapidfuzz) with guards against
joining two different people who share a surname.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz

# Arabic definite article and its assimilated forms when written as a separate
# part ("al-Assad", "el Baradei", "ash-Sharaa"); dropped from the key.
_ARTICLES = frozenset({"al", "el", "ul", "ad", "ash", "as", "an", "ar", "at", "az", "adh", "ath"})
# "Abdel", "Abdul", "Abd al-", "Abdal" are one prefix ("servant of").
_ABD = re.compile(r"^abd(?:el|ul|al|ol|il)?$")
_SPLIT = re.compile(r"[\s\-‐‑–—_.,/]+")
_POSSESSIVE = re.compile(r"['’]s?$")
_DOUBLED = re.compile(r"(\w)\1+")

SURNAME_MIN_RATIO = 88  # rapidfuzz ratio for two folded surnames to be one
GIVEN_MIN_RATIO = 80  # ...and for two folded first names


def fold(text: str) -> str:
    """Lower case, accents removed, apostrophes dropped: the base of every key."""
    if text.isascii():  # nothing to decompose (most names): the entity stage folds every key it regroups
        return text.replace("`", "'").lower()
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.replace("`", "'").lower()


def _fold_token(token: str) -> str:
    token = _POSSESSIVE.sub("", token).replace("'", "").replace("’", "")
    if _ABD.match(token):
        return "abd"
    # Transliteration variants that differ only in vowel spelling and doubling.
    token = _DOUBLED.sub(r"\1", token)
    token = token.replace("ou", "u").replace("ee", "i").replace("oo", "u")
    if len(token) > 3 and token.endswith("y"):
        token = token[:-1] + "i"
    return token


@lru_cache(maxsize=65536)
def name_tokens(name: str) -> tuple[str, ...]:
    """Folded parts of a person name, with article prefixes dropped.

    >>> name_tokens("Abdel-Fattah al-Sissi") == name_tokens("Abdel Fattah El-Sisi")
    True
    """
    parts = [p for p in _SPLIT.split(fold(name)) if p]
    out = []
    for i, part in enumerate(parts):
        # an article is a prefix of the next part, never the name's only part
        if part in _ARTICLES and i + 1 < len(parts):
            continue
        if "'" in part or "’" in part:
            head, _, tail = part.replace("’", "'").partition("'")
            if head in _ARTICLES and tail:  # "al'Assad"
                part = tail
        folded = _fold_token(part)
        if folded:
            out.append(folded)
    return tuple(out)


def name_key(name: str) -> str:
    """One string per name however spelled ("abd fatah sisi")."""
    return " ".join(name_tokens(name))


def surname(tokens: tuple[str, ...]) -> str:
    """The last folded part of a name."""
    return tokens[-1] if tokens else ""


def _given_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """First names agree: equal, an initial of the other, or a close variant."""
    if not a or not b:
        return True
    x, y = a[0], b[0]
    if x == y or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y)):
        return True
    return fuzz.ratio(x, y) >= GIVEN_MIN_RATIO


def same_name(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two folded full names can be one person (surname and first name agree).

    "Joe Biden" and "Hunter Biden" share a surname but not a first name: not one.
    """
    if not a or not b:
        return False
    if a == b:
        return True
    if fuzz.ratio(surname(a), surname(b)) < SURNAME_MIN_RATIO:
        return False
    return _given_compatible(a[:-1], b[:-1])


def is_short_form(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Whether ``short`` (e.g. a surname alone) abbreviates the longer ``full`` name."""
    if not short or len(short) >= len(full):
        return False
    if short[-1] != full[-1] and fuzz.ratio(short[-1], full[-1]) < SURNAME_MIN_RATIO:
        return False
    # every remaining part of the short form appears, in order, in the full name
    rest = iter(full[:-1])
    return all(any(p == q or fuzz.ratio(p, q) >= GIVEN_MIN_RATIO for q in rest) for p in short[:-1])
