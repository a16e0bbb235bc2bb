"""A plain figure finder over tokens, for drawing candidates (not the product's extractor).

It finds number expressions (digits, number words, vague quantities, ranges, scales,
currencies, percentages) in a token list and guesses a category (``quantity`` or one of
the never-a-claim kinds) and a head word, so the sampler can draw pairs the shipped
extractor would miss. Its guesses only choose candidates; every label is read by hand.

Tokens are ``(start, end, text)`` triples; T17 files are tokenised by whitespace (their
text is Penn-Treebank tokenised already), ECB+ files by their ``<token>`` elements (which
split "120,000" into "120 , 000" and "6.1" into "6 . 1": adjacent pieces are merged).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
    "million": 1e6, "billion": 1e9, "dozen": 12,
}
VAGUE = {"dozens", "hundreds", "thousands", "millions", "billions", "scores", "tens"}
SCALES = {"million", "millions", "billion", "billions", "trillion", "thousand", "m", "bn", "mn", "k"}
QUALIFIERS = (
    "more than", "less than", "fewer than", "at least", "at most", "up to", "as many as", "as much as",
    "nearly", "almost", "about", "around", "some", "over", "under", "roughly", "approximately",
    "an estimated", "just over", "just under", "close to", "upwards of", "no more than", "estimated",
)
CURRENCY = {"$", "us$", "£", "€", "#", "usd", "eur", "gbp"}  # "#" is the pound sign in T17 files
PERCENT = {"%", "percent", "per"}
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
          "sept", "oct", "nov", "dec"}
DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
ORDINAL_WORDS = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
                 "tenth", "eleventh", "twelfth", "twentieth", "hundredth"}
_NUM = re.compile(r"^[$£€]?\d[\d,.]*(?:m|bn|mn|k|%)?$", re.I)
_HYPHENATED = re.compile(r"^[$£€]?\d[\d,.]*-[a-z]", re.I)  # "10-metre", "61-year-old", "$137-million"
_COMPOUND = re.compile(r"^(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-"
                       r"(?:one|two|three|four|five|six|seven|eight|nine)$")  # "twenty-three"
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$", re.I)
_SCORE = re.compile(r"^\d{1,3}-\d{1,3}(?:-\d{1,3})?$")
_TIME = re.compile(r"^\d{1,2}[:.]\d{2}$")
_NOT_HEAD = {"was", "were", "is", "are", "has", "have", "had", "in", "on", "at", "when", "her", "his", "their",
             "its", "who", "which", "that", "for", "by", "with", "from", "as", "be", "been", "will", "would"}
_SKIP_HEAD = {"of", "the", "a", "an", "more", "to", "and", "-", "(", ")", ",", "per", "cent", "percent",
              "%", "-lrb-", "-rrb-", "''", "``", "new", "other", "additional", "such"}


@dataclass(frozen=True)
class Figure:
    first: int  # index of the first token of the expression
    last: int  # index of the last token (inclusive)
    category: str  # quantity, year, date, age, clock_time, ordinal, score, phone, byline_nav
    head: str  # the word the number seems to count (lowercased), "" when none


def _low(tokens, i):
    return tokens[i][2].lower() if 0 <= i < len(tokens) else ""


def _is_number_token(t: str) -> bool:
    low = t.lower()
    return bool(_NUM.match(t)) or bool(_SCORE.match(t)) or low in WORDS or low in VAGUE or bool(_HYPHENATED.match(t)) \
        or bool(_COMPOUND.match(low))


def merge_split_numbers(tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Join "120 , 000" and "6 . 1" (ECB+ tokenisation) back into one token each."""
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(tokens):
        s, e, t = tokens[i]
        while i + 2 < len(tokens) and re.fullmatch(r"\d[\d,.]*", t) and tokens[i + 1][2] in (",", ".") \
                and re.fullmatch(r"\d+", tokens[i + 2][2]) \
                and (tokens[i + 1][2] == "." or len(tokens[i + 2][2]) == 3):
            e, t = tokens[i + 2][1], t + tokens[i + 1][2] + tokens[i + 2][2]
            i += 2
        out.append((s, e, t))
        i += 1
    return out


def _category(tokens, first, last) -> str:
    text = " ".join(t[2] for t in tokens[first:last + 1]).lower()
    core = tokens[last][2]
    prev, nxt, nxt2 = _low(tokens, first - 1), _low(tokens, last + 1), _low(tokens, last + 2)
    if _ORDINAL.match(core) or core.lower() in ORDINAL_WORDS:
        return "ordinal"
    after = " ".join(_low(tokens, j) for j in range(last + 1, last + 5))
    if re.search(r"-years?-old", text) or re.match(r"(?:- )?years? (?:- )?old", after) or prev == "aged" \
            or prev == "," and nxt == "," and re.fullmatch(r"\d{2}", core):  # "Gary Gomes , 35 ,"
        return "age"
    if prev in ("no.", "number", "no") and re.fullmatch(r"\d{1,3}", core):
        return "ordinal"
        return "age"
    if _SCORE.match(core):
        return "score"
    if _TIME.match(core) or nxt in ("a.m.", "p.m.", "am", "pm", "gmt", "bst", "hrs", "hours") and \
            re.fullmatch(r"\d{1,4}", core):
        return "clock_time"
    if re.fullmatch(r"(?:1[89]|20)\d\d", core) and "," not in core:
        return "year"
    if prev in MONTHS or nxt in MONTHS or (prev in DAYS and re.fullmatch(r"\d{1,2}", core)):
        return "date"
    if re.fullmatch(r"\d{3,5}", core) and re.fullmatch(r"\d{3,5}", nxt or "x"):
        return "phone"
    return "quantity"


def _head(tokens, last) -> str:
    for j in range(last + 1, min(last + 5, len(tokens))):
        w = tokens[j][2].lower()
        if w in _SKIP_HEAD or w in SCALES or _is_number_token(tokens[j][2]):
            continue
        if re.fullmatch(r"[a-z][a-z-]*", w):
            return "" if w in _NOT_HEAD else w
        break
    return ""


def find_figures(tokens: list[tuple[int, int, str]]) -> list[Figure]:
    """Number expressions of a token list (tokens merged as by :func:`merge_split_numbers`)."""
    out: list[Figure] = []
    i = 0
    n = len(tokens)
    while i < n:
        t = tokens[i][2]
        low = t.lower()
        is_num = _is_number_token(t) or _ORDINAL.match(t) or low in ORDINAL_WORDS
        if not is_num or (low == "one" and _low(tokens, i + 1) in ("of", "another", "day", "'s")):
            i += 1
            continue
        if low == "tens" and _low(tokens, i + 1) != "of":
            i += 1
            continue
        first, last = i, i
        # qualifier and currency before the number
        if _low(tokens, first - 1) in CURRENCY:
            first -= 1
        for q in QUALIFIERS:
            words = q.split()
            k = len(words)
            if [_low(tokens, first - k + j) for j in range(k)] == words:
                first -= k
                break
        # the rest of the number: scales, number words, "tens of thousands", ranges, percent
        while last + 1 < n:
            nxt = _low(tokens, last + 1)
            if nxt in SCALES or nxt in WORDS or nxt in VAGUE and _low(tokens, last) == "of" or nxt == "of" and \
                    _low(tokens, last) in ("tens", "hundreds") and _low(tokens, last + 2) in VAGUE | SCALES:
                last += 1
            elif nxt in ("to", "-", "and") and last + 2 < n and _is_number_token(tokens[last + 2][2]) \
                    and (nxt != "and" or _low(tokens, first - 1) == "between"):
                last += 2
            elif nxt in ("%", "percent") or nxt == "per" and _low(tokens, last + 2) == "cent":
                last += 2 if nxt == "per" else 1
            else:
                break
        cat = _category(tokens, i, last)
        out.append(Figure(first, last, cat, _head(tokens, last)))
        i = last + 1
    return out


def whitespace_tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, token) of a Penn-Treebank-tokenised text."""
    return [(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", text)]
