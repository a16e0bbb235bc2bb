"""Penn-Treebank-tokenised text read as text: ```` `` ``, ``''``, ``-LRB-`` and spaced punctuation undone.

Corpora such as Timeline17 ship their articles as tokenizer output: every token
separated by a space (``It 's`` , ``do n't`` , ``say .``), double quotes written
as ```` `` ```` and ``''``, brackets as ``-LRB-`` ``-RRB-`` ``-LSB-`` ``-RSB-``
(``-LCB-`` ``-RCB-`` for braces), and ``/`` escaped as ``\\/``. Stored as they
are, the quote stage finds no quotation mark and names absorb bracket tokens.

:func:`looks_tokenised` decides per document, and only on strong evidence
(precision first: ordinary prose, code, or prose with a few spaced marks is
never touched); :func:`detokenise` then rewrites the text line by line. The
stored text is the rewritten one, so every offset the stages compute points
into it. Quotes become typographic marks (“ ” ‘ ’): the tokens say which side
they open or close, and straight marks would throw that away.

Written by hand rather than with NLTK's ``TreebankWordDetokenizer``: NLTK is
not part of the default install, its detokenizer works on a token list (our
line breaks are meaningful) and writes straight quotes.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

# Bracket and escape tokens of the Penn Treebank conventions.
BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}
_BRACKET = re.compile(r"-(?:LRB|RRB|LSB|RSB|LCB|RCB)-")
_ESCAPED = re.compile(r"\\([/*])")

# The clitics a tokenizer splits off their word, and the PTB quote tokens, read both as evidence and
# when the text is rewritten: written once here.
_CLITICS = r"'(?:s|re|ve|ll|d|m|S|RE|VE|LL|D|M)"
_OPEN = r"``(?<!\S``)"  # a `` token's start: the literal first, the lookbehind after it
_CLOSE = r"''(?<!\S'')"

# Evidence. A clitic or negation split off its word, as only a tokenizer writes it.
_CLITIC = re.compile(rf" (?<=\w )(?:{_CLITICS}|n't|N'T)(?=\s|$)")
# A PTB quote token standing alone between spaces (or at a line's edge).
_PTB_QUOTE = re.compile(rf"(?:{_OPEN}|{_CLOSE})(?!\S)")
# Sentence punctuation written as its own token after a word, and the same marks unspaced.
_SPACED_MARK = re.compile(r" ([,.;:?!])(?<=\w [,.;:?!])(?!\S)")
_TIGHT_MARK = re.compile(r"([,.;:?!])(?<=\w[,.;:?!])(?!\S)")

# Thresholds: a tokenizer spaces (nearly) every mark; a writer almost never does.
MIN_MARKS = 2
MIN_SPACED_SHARE = 0.8
MIN_PTB_SIGNS = 2  # clitics, quote or bracket tokens: at least this many, of any kind
# With fewer signs, spacing must be (nearly) total, and is counted on commas and
# periods only: French typography spaces ; : ? ! but never , or .
# (least signs, least commas and periods, least share spaced)
_SPACING_ONLY = ((1, 3, 1.0), (0, 4, 1.0), (0, 6, 0.95))


@dataclass(frozen=True)
class Evidence:
    """What :func:`looks_tokenised` decides on: sentence marks spaced or not, and PTB-only signs."""

    spaced: Counter[str]  # mark -> times written as a token of its own
    tight: Counter[str]  # mark -> times written against its word
    signs: int  # split clitics, quote and bracket tokens

    def share(self, marks: str) -> tuple[int, float]:
        """How many of ``marks`` there are, and the share of them written apart."""
        spaced = sum(self.spaced[m] for m in marks)
        total = spaced + sum(self.tight[m] for m in marks)
        return total, spaced / total if total else 0.0


# A tokenizer's output is tokenised throughout: the opening of a long text tells, and
# the cost of deciding stays flat however long the article.
SAMPLE_CHARS = 20_000


def evidence(text: str) -> Evidence:
    """The evidence :func:`looks_tokenised` weighs for ``text`` (its first :data:`SAMPLE_CHARS`)."""
    text = text[:SAMPLE_CHARS]
    signs = len(_CLITIC.findall(text)) + len(_PTB_QUOTE.findall(text)) + len(_BRACKET.findall(text))
    return Evidence(Counter(_SPACED_MARK.findall(text)), Counter(_TIGHT_MARK.findall(text)), signs)


def looks_tokenised(text: str) -> bool:
    """Whether ``text`` is Penn-Treebank tokenizer output rather than written text.

    Some sentence ends in a mark standing apart (`` .``), and either nearly
    every sentence mark stands apart as a token and signs only a
    PTB tokenizer leaves appear (split clitics ``'s`` ``n't``, ```` `` ```` /
    ``''`` tokens, ``-LRB-``), or, with one sign or none, every comma and period
    stands apart (nearly every one, in a longer text).
    """
    found = evidence(text)
    if not (found.spaced["."] or found.spaced["?"] or found.spaced["!"]):
        return False  # a tokenizer's sentences end in a mark of their own; code and lists do not
    marks, share = found.share(",.;:?!")
    if found.signs >= MIN_PTB_SIGNS and marks >= MIN_MARKS and share >= MIN_SPACED_SHARE:
        return True
    marks, share = found.share(",.")
    return any(found.signs >= signs and marks >= least and share >= needed
               for signs, least, needed in _SPACING_ONLY)


# -- rewriting (the order of the steps matters) -------------------------------------------

# (Each pattern opens with a literal, so the engine can skip to it; what must stand
# before the literal is checked by a lookbehind after it.)
_CONTRACTION = [
    # "do n't" -> "don't"; "ca n't" and "wo n't" join into "can't" and "won't" the same way
    (re.compile(r" (?<=\w )(n't|N'T)\b"), r"\1"),
    (re.compile(rf" (?<=\w )({_CLITICS})(?=\s|$|[^\w'])"), r"\1"),
    (re.compile(r" na\b(?<=\b[Gg]on na|\b[Ww]an na)"), "na"),
]
# Marks that lean on the word before them, and those that lean on the word after.
_NO_SPACE_BEFORE = re.compile(r" +(?=[,.;:?!%)\]}”’]|\.\.\.(?:\s|$))")
_NO_SPACE_AFTER = re.compile(r"([(\[{“‘$]) +")
# A sentence's closing period after an abbreviation's own: "the U.S. ." -> "the U.S."
_DOUBLE_PERIOD = re.compile(r" \.(?<=[A-Za-z]\. \.)(?!\S)")


_OPEN_DOUBLE = re.compile(rf"{_OPEN}(?!\S)")
_CLOSE_DOUBLE = re.compile(rf"{_CLOSE}(?!\S)")
_POSSESSIVE = re.compile(r" '(?<=s ')(?= |$)")


def _single_quotes(line: str) -> str:
    """A line's `` ` `` tokens as ‘, and each lone ``'`` that closes one opened before it as ’."""
    out, open_single = [], 0
    for token in line.split(" "):
        if token == "`":
            out.append("‘")
            open_single += 1
        elif token == "'" and open_single:
            out.append("’")
            open_single -= 1
        else:
            out.append(token)
    return " ".join(out)


def detokenise(text: str) -> str:
    """``text`` rewritten from PTB tokens to written text, line by line (line breaks kept).

    The substitutions run over the whole text at once (none crosses a line
    break); only the single quotes, paired within a line, go line by line.
    """
    text = _BRACKET.sub(lambda m: BRACKETS[m.group()], text)
    text = _ESCAPED.sub(r"\1", text)
    text = _OPEN_DOUBLE.sub("“", text)
    text = _CLOSE_DOUBLE.sub("”", text)
    if "`" in text:
        text = "\n".join(_single_quotes(line) if "`" in line else line for line in text.split("\n"))
    for pattern, replacement in _CONTRACTION:
        text = pattern.sub(replacement, text)
    text = _DOUBLE_PERIOD.sub("", text)
    text = _NO_SPACE_BEFORE.sub("", text)
    text = _NO_SPACE_AFTER.sub(r"\1", text)
    # a possessive apostrophe left alone after a plural ("the parents ' votes")
    return _POSSESSIVE.sub("'", text)


def detokenise_line(line: str) -> str:
    """One line of PTB tokens as written text."""
    return detokenise(line)


def read_as_text(text: str) -> str | None:
    """The written form of ``text`` when it is PTB-tokenised, else None (the text is left alone)."""
    return detokenise(text) if looks_tokenised(text) else None
