"""Every per-article stage takes any text: no exception, and every span lies inside the text.

The text is built from fragments that have broken text pipelines before:
unbalanced and nested quotes, lone punctuation, one-token sentences,
right-to-left and zero-width characters, long sentences, runs of newlines,
digits with odd separators and dates that cannot exist.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.extract.parse import ParseStage
from dateline.extract.windowed import WindowedParse, parse_windows
from dateline.model import Article, Document, content_id
from dateline.settings import Settings

WORDS = ["the", "minister", "said", "Ana", "Ortiz", "met", "in", "Cairo", "on", "Tuesday", "people", "fled",
         "according", "to", "officials", "he", "added", "more", "than", "million", "were", "killed", "talks"]
ODD = [
    '"', "“", "”", "‘", "’", "«", "»", "'", '"“', "”'", ".", "!", "?", ",", ";", ":", "—", "-", "(", ")", "…",
    "\u200b", "\u200d", "\ufeff", "\u200f", "\u202e", "\u2066", "مرحبا", "שלום", "قال الوزير",
    "\n", "\n\n", "\n" * 12, "\t", " ", "   ",
    "1.2.3", "12,34,5", "1 000", "21.10.2019", "3/4/5/6", "1,5", "1.234,5", "٣٠", "9" * 40, "85%", "$4bn",
    "February 30, 2024", "2024-13-01", "30/02/2024", "Feb. 29, 2023", "the 167th day", "Oct. 7",
    '"We will stay," she said.', '“Nested ‘inner’ words here,” he said.', '"unclosed quote',
]
FRAGMENT = st.one_of(st.sampled_from(WORDS), st.sampled_from(ODD), st.text(max_size=3))
TEXT = st.lists(FRAGMENT, max_size=40).map(" ".join)
# one long sentence, no full stop: windows and sentence pieces must cut inside it
LONG = st.tuples(st.sampled_from(WORDS), st.integers(200, 1500)).map(lambda p: " ".join([p[0]] * p[1]))
DCT = st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
SPAN_LAYERS = ("sentences", "timexes", "mentions", "quotes", "events", "claims")


def _offsets(item) -> list[tuple[int, int]]:
    """Every (start, end) pair of an annotation, nested participants included."""
    out = []
    for f in fields(item):
        value = getattr(item, f.name)
        if f.name == "start" or f.name.endswith("_start"):
            end = getattr(item, f.name[: -len("start")] + "end")
            if value is not None or end is not None:
                out.append((value, end))
        elif isinstance(value, tuple):
            out += [p for sub in value if is_dataclass(sub) for p in _offsets(sub)]
    return out


def _check(stages, text: str, published: date | None) -> None:
    doc = Document(article=Article(id=content_id(text), text=text, published=published))
    for stage in stages:
        doc = stage(doc)
        if stage.name == "parse":
            for w in parse_windows(doc):
                assert w.doc.text == text[w.start:w.end]
                assert all(text[w.start + t.idx:w.start + t.idx + len(t.text)] == t.text for t in w.doc)
                assert all(text[w.start + e.start_char:w.start + e.end_char] == e.text for e in w.doc.ents)
    n = len(text)
    for layer in SPAN_LAYERS:
        for item in getattr(doc, layer):
            for start, end in _offsets(item):
                assert start is not None and end is not None, (layer, item)
                assert 0 <= start <= end <= n, (layer, item)
    for i, s in enumerate(doc.sentences):
        assert s.index == i and text[s.start:s.end] == text[s.start:s.end].strip() != ""
    for e in doc.events:
        assert 0 <= e.sentence < len(doc.sentences) or not doc.sentences
        assert e.time is None or 0 <= e.time < len(doc.timexes)
        assert e.reported_by is None or 0 <= e.reported_by < len(doc.quotes)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, DCT)
def test_fragments_of_hostile_text(stages, text, published):
    _check(stages, text, published)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300), DCT)
def test_any_unicode(stages, text, published):
    _check(stages, text, published)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LONG, TEXT)
def test_very_long_sentences(stages, long_sentence, tail):
    _check(stages, long_sentence + " " + tail, None)


@pytest.fixture(scope="module")
def windowed_stages(stages):
    """The stages with a parse that keeps tiny windows apart, as it does for very long articles."""
    parse = ParseStage(Settings())
    parse.window_chars, parse.join_chars = 80, 120
    return [parse if isinstance(s, ParseStage) else s for s in stages]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(TEXT, LONG.map(lambda s: s[:400])), min_size=2, max_size=4).map("\n\n".join), DCT)
def test_fragments_over_windows_kept_apart(windowed_stages, text, published):
    _check(windowed_stages, text, published)
    if len(text) > 120:
        split, parse = windowed_stages[0], next(s for s in windowed_stages if isinstance(s, ParseStage))
        assert isinstance(parse(split(Document(article=Article(id="x", text=text)))).parse, WindowedParse)
