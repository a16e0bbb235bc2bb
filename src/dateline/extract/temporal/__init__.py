"""Time expressions: find them (:mod:`.tagger`), then anchor them (:mod:`.resolve`).

``extract_times`` is the library entry point; ``TemporalStage`` is the
per-article pipeline stage; :mod:`dateline.corpus.date_inference` dates undated articles over a corpus.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

from ...model import Document, Sentence, TimeExpression, add_layers
from ...settings import Settings
from ..frames import DATELINE_WINDOW, wire_date
from .extent import widen
from .normalize import MONTHS
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


WIRE_LAG_DAYS = 31  # a wire story is filed (and re-posted) up to a month after its dateline's day


def report_day(text: str, published: date | None) -> date | None:
    """The day a story's relative times count from: its wire dateline's day, else the publication date.

    "HOUSTON, April 29 (Reuters) -- ... officials said on Thursday" posted on 14 May says Thursday 29 April:
    the dateline is the story's own date (TimeML's document creation time), the page's date may be later.

    >>> report_day("HOUSTON, April 29 (Reuters) -- A spill grew.", date(2010, 5, 14))
    datetime.date(2010, 4, 29)
    >>> report_day("HOUSTON, May 20 (Reuters) -- A spill grew.", date(2010, 5, 14))  # after the page: a typo
    datetime.date(2010, 5, 14)
    """
    found = wire_date(text)
    if published is None or found is None or found[0][:3].lower() not in MONTHS:
        return published
    for year in (published.year, published.year - 1):
        try:
            day = date(year, MONTHS[found[0][:3].lower()], found[1])
        except ValueError:
            return published
        if 0 <= (published - day).days <= WIRE_LAG_DAYS:
            return day
    return published


def _stories(text: str, sentences: Sequence[Sentence], published: date | None) -> list[tuple[int, int, date | None]]:
    """The text cut where a dated wire dateline opens a story, each piece with the day its times count from.

    A page may carry several wire stories one after the other, each with its own dateline.
    """
    cuts = [s.start for s in sentences if s.start > 0 and wire_date(text[s.start:s.start + DATELINE_WINDOW]) is not None]
    bounds = [0, *cuts, len(text)]
    return [(a, b, report_day(text[a:b], published)) for a, b in zip(bounds, bounds[1:])]


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
        text, published = doc.article.text, doc.article.published
        pieces = _stories(text, doc.sentences, published)
        if all(day == published for _, _, day in pieces):
            return extract_times(text, published, sentences=doc.sentences, tagger=self.tagger)
        out: list[TimeExpression] = []
        for a, b, day in pieces:
            mine = [Sentence(s.start - a, s.end - a, s.index, s.paragraph) for s in doc.sentences if a <= s.start < b]
            found = extract_times(text[a:b], day, sentences=mine, tagger=self.tagger)
            out += [replace(t, start=t.start + a, end=t.end + a) for t in found]
        return tuple(out)

    def __call__(self, doc: Document) -> Document:
        """``doc`` with its ``timexes`` layer assigned."""
        return add_layers(doc, self.assigns, timexes=self.compute(doc))


__all__ = ["TemporalStage", "Tagger", "extract_times", "resolve"]
