"""Sentence splitting: the first per-article stage.

Line structure is evidence: blank lines end paragraphs, and a line break ends a
sentence unless it looks like a hard wrap (the line ends mid-clause and the next
starts in lower case). Inside a block, spaCy's rule-based sentencizer splits on
terminal punctuation; its tokenizer exceptions keep "U.S.", "Oct." and "Mr."
whole, which a bare regex splitter gets wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from ..model import Document, Sentence, add_layers
from ..settings import Settings
from .frames import DATELINE_WINDOW, dateline_end, runin_end

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_WRAP_END = re.compile(r"[\w,;\-–]$")  # a line that stops mid-clause
_LOWER_START = re.compile(r"[ \t]*[a-z(]")  # matched in place where the next line starts
# Longest block handed to the sentencizer at once: its tokenizer refuses texts
# over nlp.max_length, and a bounded piece keeps its memory bounded too.
MAX_BLOCK_CHARS = 100_000
_PIECE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")


@lru_cache(maxsize=1)
def _inner_punct() -> re.Pattern[str]:
    """Matches a sentence-final character followed by more text: only then can a block split.

    Built from the sentencizer's own character list, so skipping it for other
    blocks never changes a result, and most news lines (one sentence each) skip it.
    """
    from spacy.pipeline import Sentencizer

    chars = "".join(re.escape(c) for c in sorted(Sentencizer.default_punct_chars))
    return re.compile(rf"[{chars}][^\w]*\s+\S")


@lru_cache(maxsize=1)
def _splitter() -> Any:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def _blocks(text: str) -> Iterator[tuple[int, int, int]]:
    """(start, end, paragraph) of the line blocks that no sentence may cross."""
    paragraph = 0
    pos = 0
    for brk in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = brk.start() if brk else len(text)
        yield from _lines(text, pos, end, paragraph)
        if brk is None:
            break
        pos = brk.end()
        paragraph += 1


def _lines(text: str, start: int, end: int, paragraph: int) -> Iterator[tuple[int, int, int]]:
    """Split a paragraph at line breaks that are not hard wraps."""
    block_start = start
    line_start = start
    while True:
        nl = text.find("\n", line_start, end)
        if nl < 0:
            break
        line = text[line_start:nl].rstrip()
        # only the start of the next line is looked at: copying the rest of the
        # paragraph here made a paragraph of many lines quadratic
        if not (_WRAP_END.search(line) and _LOWER_START.match(text, nl + 1, end)):
            yield block_start, nl, paragraph
            block_start = nl + 1
        line_start = nl + 1
    yield block_start, end, paragraph


def _pieces(chunk: str, limit: int = MAX_BLOCK_CHARS) -> Iterator[tuple[int, int]]:
    """(start, end) of consecutive pieces of at most ``limit`` characters covering ``chunk``.

    A piece ends after the last sentence-final mark that has room, else at the
    last space, else (one endless token) at the limit.
    """
    pos = 0
    while len(chunk) - pos > limit:
        cut = 0
        for m in _PIECE_END.finditer(chunk, pos, pos + limit):
            cut = m.end()
        if cut <= pos:
            cut = max(chunk.rfind(" ", pos, pos + limit), chunk.rfind("\n", pos, pos + limit)) + 1
        if cut <= pos:
            cut = pos + limit
        yield pos, cut
        pos = cut
    yield pos, len(chunk)


def _block_bounds(chunk: str) -> list[tuple[int, int]]:
    """Sentence bounds inside one block, relative to it."""
    if not _inner_punct().search(chunk):
        return [(0, len(chunk))]
    nlp = _splitter()
    bounds = []
    for a, b in _pieces(chunk):
        bounds += [(a + x.start_char, a + x.end_char) for x in nlp(chunk[a:b]).sents]
    return _fix_quotes(chunk, bounds)


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Sentences of ``text`` as offset spans (whitespace trimmed), in order."""
    out: list[Sentence] = []
    for start, end, paragraph in _blocks(text):
        chunk = text[start:end]
        if not chunk.strip():
            continue
        for s, e in _block_bounds(chunk):
            s, e = start + s, start + e
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            for a, b in _without_frame(text, s, e):
                out.append(Sentence(start=a, end=b, index=len(out), paragraph=paragraph))
    return tuple(out)


def _without_frame(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """A sentence cut where a frame (timestamp, wire dateline, credit) or, on top, a headline runs into the lead."""
    if e <= s:
        return []
    cut = dateline_end(text[s:e], top=s < DATELINE_WINDOW)
    if not cut and s < DATELINE_WINDOW:
        cut = runin_end(text[s:e], text)
    if not cut:
        return [(s, e)]
    head_end = s + cut
    while head_end > s and text[head_end - 1].isspace():
        head_end -= 1
    rest = _without_frame(text, s + cut, e) if s + cut < DATELINE_WINDOW else [(s + cut, e)]
    return [(s, head_end), *rest] if head_end > s else rest


_OPENING_QUOTE = re.compile(r"\s([\"“‘'])$")


def _fix_quotes(chunk: str, bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Give an opening quote mark that the sentencizer left at a sentence end to the next sentence."""
    fixed = list(bounds)
    for i in range(len(fixed) - 1):
        s, e = fixed[i]
        m = _OPENING_QUOTE.search(chunk[s:e].rstrip(" "))
        if m:
            cut = s + m.start(1)
            fixed[i] = (s, cut)
            fixed[i + 1] = (cut, fixed[i + 1][1])
    return fixed


class SentenceStage:
    """Assigns ``sentences``."""

    name = "sentences"
    requires: tuple[str, ...] = ()
    assigns = ("sentences",)

    def __init__(self, settings: Settings):
        self.settings = settings

    def __call__(self, doc: Document) -> Document:
        return add_layers(doc, self.assigns, sentences=split_sentences(doc.article.text))
