"""Readable lines: a line opening with a pronoun or a bare "the official" names who it means, in brackets.

Editors mark an insertion into a quoted sentence with square brackets
("[Blinken] is scheduled to visit Israel on Friday."); a timeline line is such a
quotation, lifted out of the paragraph that said who "he" was. The line's
``text`` stays the exact source span; only its ``display`` changes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from ..model import Document, SourceRef, SummaryLine

_OPENING = re.compile(r"(?P<word>he|she|they|his|her|their|the official)\b", re.I)
_POSSESSIVE = frozenset({"his", "her", "their"})


def readable_line(line: SummaryLine, docs: Mapping[str, Document], names: Mapping[str, str]) -> SummaryLine:
    """The line with a ``display`` naming the antecedent of its opening pronoun, when one is known."""
    # resolved where the primary source wrote it; when that article left it open, another outlet citing
    # the same sentence may have resolved it in its own copy
    opening = _OPENING.match(line.text)
    if opening is None:
        return line
    word = opening["word"].lower()
    who = None
    for ref in (line.source, *line.also):
        who = antecedent(docs.get(ref.article), ref, word, names)
        if who:
            break
    if not who:
        return line
    if word in _POSSESSIVE:
        who += "’s" if "’" in line.text else "'s"
    return replace(line, display=f"[{who}]{line.text[opening.end():]}")


def antecedent(doc: Document | None, ref: SourceRef, word: str, names: Mapping[str, str]) -> str | None:
    """The name the opening ``word`` of a cited span stands for, from the mention the extraction made there."""
    if doc is None:
        return None
    opening = _OPENING.match(doc.article.text, ref.start, ref.end)
    if opening is None or opening["word"].lower() != word:
        return None  # this outlet's sentence opens otherwise: its mentions say nothing of the line's word
    for m in doc.mentions:
        if m.start != ref.start:
            continue
        if m.antecedent_start is not None and m.antecedent_end is not None:
            return doc.article.span(m.antecedent_start, m.antecedent_end)
        if m.entity and names.get(m.entity):
            return names[m.entity]
    return None
