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
from typing import Any

from ..model import Document, EntityKind, SourceRef, SummaryLine, sentence_at

_OPENING = re.compile(r"(?P<word>he|she|they|his|her|their|the official)\b", re.I)
_POSSESSIVE = frozenset({"his", "her", "their"})
_PLURAL = frozenset({"they", "their"})


def readable_line(line: SummaryLine, docs: Mapping[str, Document],
                  entities: Mapping[str, Mapping[str, Any]]) -> SummaryLine:
    """The line with a ``display`` naming the antecedent of its opening pronoun, when one is known."""
    # resolved where the primary source wrote it; when that article left it open, another outlet citing
    # the same sentence may have resolved it in its own copy; failing both, the one person the sentence
    # before names (by the entity's kind, which linking knows even where the tagger took a name for a place)
    opening = _OPENING.match(line.text)
    if opening is None:
        return line
    word = opening["word"].lower()
    refs = (line.source, *line.also)
    who = next((w for ref in refs if (w := antecedent(docs.get(ref.article), ref, word, entities))), None)
    if not who and word not in _PLURAL:
        who = next((w for ref in refs if (w := only_person_before(docs.get(ref.article), ref, entities))), None)
    if not who:
        return line
    if word in _POSSESSIVE:
        who += "’s" if "’" in line.text else "'s"
    return replace(line, display=f"[{who}]{line.text[opening.end():]}")


def antecedent(doc: Document | None, ref: SourceRef, word: str, entities: Mapping[str, Mapping[str, Any]]
               ) -> str | None:
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
        if m.entity and entities.get(m.entity, {}).get("name"):
            return entities[m.entity]["name"]
    return None


def only_person_before(doc: Document | None, ref: SourceRef, entities: Mapping[str, Mapping[str, Any]]
                       ) -> str | None:
    """The name of the one person the sentence before a cited span names, as written; None if not one."""
    i = sentence_at(doc.sentences, ref.start) if doc is not None else None
    if doc is None or not i:
        return None
    before = doc.sentences[i - 1]
    people: dict[str, str] = {}
    for m in doc.mentions:
        if before.start <= m.start < before.end and m.entity and \
                entities.get(m.entity, {}).get("kind") == EntityKind.PERSON.value:
            start, end = (m.name_start, m.name_end) if m.name_start is not None else (m.start, m.end)
            people.setdefault(m.entity, doc.article.span(start, end))
    return next(iter(people.values())) if len(people) == 1 else None
