"""Time expressions: find them (:mod:`.tagger`), then anchor them (:mod:`.resolve`).

``extract_times`` is the library entry point; ``TemporalStage`` is the
per-article pipeline stage; :mod:`dateline.corpus.date_inference` dates undated articles over a corpus.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from ...model import Document, Sentence, TimeExpression, add_layers
from ...settings import Settings
from .extent import widen
from .resolve import resolve
from .tagger import Tagger, default_tagger


def extract_times(
    text: str,
    dct: date | None,
    *,
    sentences: Sequence[Sentence] = (),
    known: Mapping[str, str] | None = None,
    tagger: Tagger | None = None,
) -> tuple[TimeExpression, ...]:
    """Tag and resolve the time expressions of ``text`` against the publication date ``dct``.

    >>> [t.value for t in extract_times("The talks ended on Tuesday.", date(2024, 3, 21))]
    ['2024-03-19']
    """
    found = (tagger or default_tagger()).tag(text)
    # modifiers are taken in after anchoring: the resolver reads the words before a timex as context
    return widen(text, resolve(text, found, dct, sentences=sentences, known=known))


class TemporalStage:
    """Per-article stage: the article's time expressions, anchored to its publication date."""

    name = "timexes"
    requires = ("sentences",)
    assigns = ("timexes",)

    def __init__(self, settings: Settings | None = None):
        self.settings = settings
        self.tagger = Tagger()

    def compute(self, doc: Document) -> tuple[TimeExpression, ...]:
        """The time expressions of ``doc`` (no DCT: only what needs none is resolved)."""
        return extract_times(doc.article.text, doc.article.published, sentences=doc.sentences, tagger=self.tagger)

    def __call__(self, doc: Document) -> Document:
        """``doc`` with its ``timexes`` layer assigned."""
        return add_layers(doc, self.assigns, timexes=self.compute(doc))


__all__ = ["TemporalStage", "Tagger", "extract_times", "resolve"]
