"""Reading a parse window by window, and running an extraction over one window in its own offsets.

A joined parse (most articles) is one window over the whole text, and the
stages read it as they always did. A very long article's parse is a
:class:`WindowedParse`: a stage runs its extraction on each window with a local
view of the layers it needs (offsets relative to the window) and moves what it
finds back into article offsets with :func:`shifted`.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import fields, is_dataclass, replace
from functools import lru_cache
from typing import Any, NamedTuple, TypeVar

from ..model import Document, Sentence

T = TypeVar("T")


class Window(NamedTuple):
    """One parsed window of an article: its span in the article and its Doc (offsets from ``start``)."""

    start: int
    end: int
    doc: Any


class WindowedParse:
    """The parse of a very long article: each window's Doc compressed (spaCy DocBin), read back one at a time."""

    def __init__(self, vocab: Any, spans: Sequence[tuple[int, int]], blobs: Sequence[bytes]):
        self.vocab = vocab
        self.spans = list(spans)
        self.blobs = list(blobs)

    @staticmethod
    def pack(doc: Any) -> bytes:
        """A window Doc compressed with every annotation a stage reads (DocBin's default attributes)."""
        from spacy.tokens import DocBin

        return DocBin(docs=[doc]).to_bytes()

    def windows(self) -> Iterator[Window]:
        """Each window with its Doc, unpacked on demand: only one is in memory at a time."""
        from spacy.tokens import DocBin

        for (start, end), blob in zip(self.spans, self.blobs):
            (doc,) = DocBin().from_bytes(blob).get_docs(self.vocab)
            yield Window(start, end, doc)


def parse_windows(doc: Document) -> Iterator[Window]:
    """The windows of a document's parse; a joined parse is one window over the whole text."""
    if isinstance(doc.parse, WindowedParse):
        yield from doc.parse.windows()
    else:
        yield Window(0, len(doc.article.text), doc.parse)


def is_whole(doc: Document, window: Window) -> bool:
    """Whether a window is the whole article (offsets need no moving)."""
    return window.start == 0 and window.end == len(doc.article.text)


@lru_cache(maxsize=None)
def _offset_fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls) if f.name in ("start", "end") or f.name.endswith(("_start", "_end")))


def shifted(item: T, delta: int) -> T:
    """A copy of an annotation with every offset moved by ``delta``, nested ones (participants) too."""
    if delta == 0:
        return item
    changes: dict[str, Any] = {}
    for name in _offset_fields(type(item)):
        value = getattr(item, name)
        if value is not None:
            changes[name] = value + delta
    for f in fields(item):
        value = getattr(item, f.name)
        if isinstance(value, tuple) and value and is_dataclass(value[0]):
            changes[f.name] = tuple(shifted(v, delta) for v in value)
        elif f.name == "parts" and value:  # a quote's content fragments: (start, end) pairs
            changes[f.name] = tuple((s + delta, e + delta) for s, e in value)
    return replace(item, **changes)


def inside(items: Sequence[Any], window: Window) -> list[int]:
    """Positions of the items (sorted by start) that lie wholly inside a window."""
    lo = bisect_left(items, window.start, key=lambda x: x.start)
    hi = bisect_left(items, window.end, key=lambda x: x.start)
    return [i for i in range(lo, hi) if items[i].end <= window.end]


def local(items: Sequence[T], window: Window) -> list[T]:
    """The items (sorted by start) inside a window, in the window's offsets."""
    return [shifted(items[i], -window.start) for i in inside(items, window)]


def _local_sentences(sentences: Sequence[Sentence], window: Window) -> list[Sentence]:
    # a sentence longer than a window is cut by it: its pieces keep its index
    lo = bisect_right(sentences, window.start, key=lambda s: s.start)
    lo = lo - 1 if lo and sentences[lo - 1].end > window.start else lo
    hi = bisect_left(sentences, window.end, key=lambda s: s.start)
    return [replace(s, start=max(s.start, window.start) - window.start, end=min(s.end, window.end) - window.start)
            for s in sentences[lo:hi]]


def local_document(doc: Document, window: Window) -> tuple[Document, list[int], list[int]]:
    """A document of one window in its offsets, and the article positions of its timexes and quotes."""
    timexes, quotes = inside(doc.timexes, window), inside(doc.quotes, window)
    view = replace(
        doc,
        article=replace(doc.article, text=doc.article.text[window.start:window.end]),
        sentences=tuple(_local_sentences(doc.sentences, window)),
        timexes=tuple(shifted(doc.timexes[i], -window.start) for i in timexes),
        mentions=tuple(local(doc.mentions, window)),
        quotes=tuple(shifted(doc.quotes[i], -window.start) for i in quotes),
        parse=window.doc,
    )
    return view, timexes, quotes
