"""The value of a figure as an interval: what "nearly 1.5 million", "thousands" or "25,000 to 30,000" allow.

A figure's words set an interval, not a point (the rules and their sources are
in ``data/claims.toml``): a plain round figure allows its rounding ("120,000"
is 115,000..125,000), a scale word half a unit of its last digit ("1.5
million" is 1.45..1.55 million), "about" 10% or the rounding when wider,
"nearly" up to the value, "more than" no upper bound, a range both its ends,
and vague quantities a range of their own ("thousands" is 1,000..9,999, never
2,000). Two figures can both be true exactly when their intervals meet; that
is the whole of the comparison, so it is kept here and nowhere else.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..model import Qualifier
from ..resources import load_toml

log = logging.getLogger(__name__)

_NUMBER = re.compile(r"(?P<num>\d+(?:[.,]\d+)*)(?:\s*-?\s*(?P<scale>[a-z]+))?", re.I)
_RANGE = re.compile(r"^(?:between\s+)?(?P<a>.+?)\s*(?:-|–|to|and)\s*(?P<b>[\d$£€].*|\w+.*)$", re.I)


@dataclass(frozen=True)
class FigureLexicon:
    qualifiers: dict[str, str]  # words -> approx, approx_below, approx_above, at_least, at_most
    approx_band: float
    scales: dict[str, float]
    words: dict[str, float]
    vague: dict[str, tuple[float, float]]  # "thousands" -> (1000, 9999)
    units: dict[str, tuple[str, float]]  # word -> (unit, factor to it)
    currencies: dict[str, str]  # symbol or word -> ISO code


@lru_cache(maxsize=1)
def figure_lexicon() -> FigureLexicon:
    """The value rules of data/claims.toml."""
    data = load_toml("claims.toml")
    return FigureLexicon(
        qualifiers=dict(data["qualifiers"]), approx_band=float(data["approx_band"]),
        scales={k: float(v) for k, v in data["scales"].items()},
        words={k: float(v) for k, v in data["words"].items()},
        vague={k: (float(lo), float(hi)) for k, (lo, hi) in data["vague"].items()},
        units={k: (str(u), float(f)) for k, (u, f) in data["units"].items()},
        currencies=dict(data["currencies"]),
    )


@dataclass(frozen=True)
class Value:
    """What a figure's words allow: a representative value and the interval [low, high]."""

    value: float
    low: float
    high: float  # math.inf: no upper bound
    qualifier: Qualifier
    words: str = ""  # the qualifier as written ("more than"), "" when none


def number_value(num: str) -> float | None:
    """The value of digits with separators, or None when they are no single number.

    "1,200" -> 1200.0, "1.5" -> 1.5, "1,234.5" and "1.234,5" -> 1234.5, "1.234.567" -> 1234567.0;
    a date or a version ("21.10.2019", "3.8.1") -> None.
    """
    seps = [c for c in num if c in ".,"]
    groups = re.split(r"[.,]", num)
    if not seps:
        return float(num)
    if len(set(seps)) == 2:  # both marks: the last is the decimal mark, the other groups thousands
        if seps.count(seps[-1]) > 1 or any(len(g) != 3 for g in groups[1:-1]):
            return None
        return float("".join(groups[:-1]) + "." + groups[-1])
    if len(seps) == 1:
        # one comma groups thousands in English news ("1,200"); one dot is a decimal point
        return float("".join(groups)) if seps[0] == "," else float(num)
    # a repeated mark only ever groups thousands
    return float("".join(groups)) if all(len(g) == 3 for g in groups[1:]) else None


def split_qualifier(text: str) -> tuple[str, str]:
    """(qualifier word(s), rest) of a figure's text: "more than 1 million" -> ("more than", "1 million")."""
    low = text.lower()
    for q in sorted(figure_lexicon().qualifiers, key=len, reverse=True):
        if low.startswith(q + " "):
            return q, text[len(q) + 1:]
    return "", text


def _point(text: str) -> tuple[float, float] | None:
    """(value, half its rounding unit) of one number as written, or None."""
    lex = figure_lexicon()
    low = text.lower().strip()
    m = _NUMBER.search(low)
    if m is None:
        words = low.replace("-", " ").split()
        total = sum(lex.words.get(w, math.nan) for w in words if w not in ("a", "an", "and"))
        return (total, 0.0) if words and not math.isnan(total) else None
    value = number_value(m.group("num"))
    if value is None:
        log.debug("%r is not a single number (a date?); no claim", text)
        return None
    num, scale = m.group("num"), m.group("scale") or ""
    decimals = len(num.rsplit(".", 1)[1]) if "." in num and value != number_value(num.replace(".", "")) else 0
    if scale in lex.scales:
        unit = 10.0 ** -decimals * lex.scales[scale]  # "1.5 million": a unit of the last digit shown
        return value * lex.scales[scale], unit / 2
    if decimals:
        return value, 10.0 ** -decimals / 2
    digits = m.group("num").replace(",", "").replace(".", "")
    zeros = len(digits) - len(digits.rstrip("0"))
    # a plain round figure of 100 or more is rounded to its last non-zero digit ("120,000": 115,000..125,000)
    return value, (10.0 ** zeros / 2 if value >= 100 and zeros else 0.0)


def figure_value(text: str, qualifier_words: str = "") -> Value | None:
    """The interval a figure's text allows, its qualifier read from the text or given (the words before it).

    None when the text holds no single finite number ("many", "21.10.2019").
    """
    lex = figure_lexicon()
    words, rest = split_qualifier(text)
    words = words or qualifier_words
    core = re.sub(r"[$£€%]|\b(?:us|usd|per\s*cent|percent|pc)\b", " ", rest.lower()).strip()
    vague = lex.vague.get(re.sub(r"\s+", " ", core.removeprefix("some ").strip()))
    if vague is not None:
        low, high, value, half = vague[0], vague[1], vague[0], 0.0
    else:
        span = _range(core)
        if span is None:
            return None
        low, high, value, half = span
    if any(m in rest.lower() for m in ("%", "percent", "per cent")):
        low, high, value, half = low / 100, high / 100, value / 100, half / 100
    if not all(math.isfinite(x) for x in (low, high, value)):
        return None
    return _qualified(value, (low, high), half, lex.qualifiers.get(words, ""), words)


def _range(core: str) -> tuple[float, float, float, float] | None:
    """(low, high, value, half rounding) of a number or a range ("25,000 to 30,000", "5-6")."""
    m = _RANGE.match(core) if re.search(r"\d.*(?:-|–|\bto\b|\band\b).*\d", core) else None
    if m is not None:
        a, b = _point(m.group("a")), _point(m.group("b"))
        if a is not None and b is not None:
            scale = re.search(r"\d\s*-?\s*([a-z]+)", m.group("b"))  # "1.5 million acres": the word after its number
            # "1.2 to 1.5 million": the scale written once applies to both ends
            factor = figure_lexicon().scales.get(scale.group(1), 0.0) if scale else 0.0
            if factor and not re.search(r"[a-z]", m.group("a")):
                a = (a[0] * factor, a[1] * factor)
            if a[0] <= b[0]:
                return a[0] - a[1], b[0] + b[1], a[0], 0.0
    p = _point(core)
    return None if p is None else (p[0], p[0], p[0], p[1])


def _qualified(value: float, ends: tuple[float, float], half: float, kind: str, words: str) -> Value:
    """The interval of a value written between ``ends`` with ``half`` its rounding, bounded by its qualifier."""
    band = figure_lexicon().approx_band
    low, high = ends
    if kind == "at_least":  # "more than 300": 300 and up; its rounding says nothing more
        return Value(value, low, math.inf, Qualifier.AT_LEAST, words)
    if kind == "at_most":  # "up to 20,000": 20,000 at most
        return Value(value, 0.0, high, Qualifier.AT_MOST, words)
    if kind == "approx_below":
        return Value(value, value * (1 - band), value, Qualifier.APPROX, words)
    if kind == "approx_above":
        return Value(value, value, value * (1 + band), Qualifier.APPROX, words)
    if kind == "approx":
        return Value(value, min(low - half, value * (1 - band)), max(high + half, value * (1 + band)),
                     Qualifier.APPROX, words)
    return Value(value, low - half, high + half, Qualifier.EXACT, words)


def overlaps(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether two intervals meet: the two figures can both be true."""
    return max(a[0], b[0]) <= min(a[1], b[1])


def apart(a: tuple[float, float], b: tuple[float, float], margin: float) -> bool:
    """Whether two intervals stay apart even when each is widened by ``margin`` of its own ends.

    The rubric's near misses ("nearly 300" against "more than 300", "200"
    against "160") are reporters rounding, not contradictions: a conflict is
    called only past this margin.
    """
    (la, ha), (lb, hb) = a, b
    return max(la * (1 - margin), lb * (1 - margin)) > min(ha * (1 + margin), hb * (1 + margin))


def unit_of(words: str) -> tuple[str, float] | None:
    """(unit, factor) a unit word names ("miles" -> ("km", 1.609344)), or None."""
    units = figure_lexicon().units
    w = words.lower().strip()
    w = re.sub(r"^\d[\d.,]*-?", "", w) or w  # a figure written with its unit: "21-inch", "53cm"
    return units.get(w) or units.get(w.rstrip("s")) or (units.get(w[:-2]) if w.endswith("es") else None)


def currency(text: str) -> str:
    """The ISO code of the currency a money figure names ("$" -> USD, "euros" -> EUR), "" when none."""
    low = text.lower()
    found = ""
    for mark, code in sorted(figure_lexicon().currencies.items(), key=lambda kv: -len(kv[0])):
        if mark in low if not mark.isalpha() else re.search(rf"\b{re.escape(mark)}s?\b", low):
            found = code
            break
    return found


def describe(v: Any) -> str:
    """An interval in words for logs and docs: "270..300"."""
    return f"{v.low:g}..{'' if math.isinf(v.high) else f'{v.high:g}'}"
