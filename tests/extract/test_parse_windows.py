"""The parse runs in windows yet reads as one Doc with the article's own offsets."""

from __future__ import annotations

import pytest

from dateline.extract.parse import ParseStage, unread_components, windows
from dateline.extract.sentences import split_sentences
from dateline.extract.windowed import WindowedParse, parse_windows
from dateline.model import Article, Document, content_id
from dateline.settings import Settings

PARAGRAPHS = [
    "Mayor Ana Ortiz opened the new bridge in Dunmere on Monday.",
    '"It took four years and 12 million euros," Ortiz said at the ceremony.',
    "Engineers from Port Calder inspected the supports last week.",
    "The council said about 3,000 vehicles would cross it each day.",
    "Tom Hale, who chairs the transport committee, praised the builders.",
    "A second bridge is planned for 2026, officials in Dunmere said.",
]
TEXT = "\n\n".join(PARAGRAPHS)


def _covers(text: str, spans: list[tuple[int, int]]) -> bool:
    return spans[0][0] == 0 and spans[-1][1] == len(text) and all(a[1] == b[0] for a, b in zip(spans, spans[1:]))


@pytest.mark.parametrize("text,size", [
    (TEXT, 150),
    (TEXT, 10_000),  # negative row: a short text is one window
    ("x" * 1000, 300),  # one endless token: cut at the limit
    ("word " * 400, 300),  # no sentence layer and no punctuation: cut after a space
    ("", 100),
])
def test_windows_cover_the_text_in_bounded_pieces(text, size):
    spans = windows(text, split_sentences(text), size)
    assert _covers(text, spans) or text == ""
    assert all(b - a <= size for a, b in spans)


def test_windows_end_where_paragraphs_start():
    sents = split_sentences(TEXT)
    spans = windows(TEXT, sents, 150)
    paragraph_starts = {s.start for i, s in enumerate(sents) if i and s.paragraph != sents[i - 1].paragraph}
    assert len(spans) > 2
    assert all(b in paragraph_starts for _, b in spans[:-1])


@pytest.fixture(scope="module")
def parser(stages):
    stage = ParseStage(Settings())
    stage.window_chars = 150  # many windows from a short text
    return stage


def _document(text: str) -> Document:
    return Document(article=Article(id=content_id(text), text=text), sentences=split_sentences(text),
                    layers=frozenset({"sentences"}))


def test_windowed_parse_keeps_article_offsets(parser):
    doc = parser(_document(TEXT))
    parse = doc.parse
    assert parse.text == TEXT
    assert all(TEXT[t.idx:t.idx + len(t.text)] == t.text for t in parse)
    assert all(TEXT[e.start_char:e.end_char] == e.text for e in parse.ents)
    assert all(TEXT[s.start_char:s.end_char] == s.text for s in parse.sents)


def test_windowed_parse_finds_what_the_whole_parse_finds(parser, stages):
    whole = next(s for s in stages if isinstance(s, ParseStage))(_document(TEXT)).parse
    windowed = parser(_document(TEXT)).parse
    assert [(e.start_char, e.end_char, e.label_) for e in windowed.ents] == \
        [(e.start_char, e.end_char, e.label_) for e in whole.ents]


def test_later_stages_read_a_windowed_parse(parser, stages):
    doc = _document(TEXT)
    for stage in stages[1:]:
        doc = parser(doc) if isinstance(stage, ParseStage) else stage(doc)
    mentions = [TEXT[m.start:m.end] for m in doc.mentions]
    assert {"Mayor Ana Ortiz", "Port Calder", "Tom Hale"} <= set(mentions)
    quotes = {TEXT[q.start:q.end]: TEXT[q.speaker_start:q.speaker_end] for q in doc.quotes if q.speaker_start}
    assert quotes["It took four years and 12 million euros"] == "Ortiz"
    assert [TEXT[c.start:c.end] for c in doc.claims] == ["12 million", "about 3,000"]
    assert all(doc.sentences[e.sentence].start <= e.start < doc.sentences[e.sentence].end for e in doc.events)


def test_pipe_gives_one_parse_per_input_in_order(parser):
    texts = [TEXT, "", "A short note from Lakemouth.", TEXT.upper()]
    docs = [_document(t) for t in texts]
    piped = list(parser.pipe(docs))
    assert [d.article.text for d in piped] == texts
    for one, many in zip((parser(d) for d in docs), piped):
        assert [(t.idx, t.tag_, t.dep_, t.head.i, t.lemma_) for t in one.parse] == \
            [(t.idx, t.tag_, t.dep_, t.head.i, t.lemma_) for t in many.parse]


class _FakeNlp:
    pipe_names = ["tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer", "ner", "textcat"]


def test_components_no_stage_reads_are_disabled():
    assert unread_components(_FakeNlp()) == ["senter", "textcat"]


@pytest.fixture(scope="module")
def apart(stages):
    stage = ParseStage(Settings())
    stage.window_chars, stage.join_chars = 150, 300  # TEXT is longer: its windows stay apart
    return stage


def test_a_long_article_keeps_its_windows_apart_and_packed(apart, parser):
    doc = apart(_document(TEXT))
    assert isinstance(doc.parse, WindowedParse)
    got = list(parse_windows(doc))
    assert [(w.start, w.end) for w in got] == windows(TEXT, doc.sentences, 150)
    joined = parser(_document(TEXT)).parse
    for w in got:
        assert w.doc.text == TEXT[w.start:w.end]
        mine = [(t.idx + w.start, t.text, t.tag_, t.pos_, t.lemma_, t.dep_, t.head.i - t.i, t.ent_type_) for t in w.doc]
        theirs = [(t.idx, t.text, t.tag_, t.pos_, t.lemma_, t.dep_, t.head.i - t.i, t.ent_type_)
                  for t in joined.char_span(w.start, w.end, alignment_mode="expand")]
        assert mine == theirs


def test_stages_over_windows_apart_find_what_they_find_over_the_joined_parse(apart, parser, stages):
    def run(parse_stage):
        doc = _document(TEXT)
        for stage in stages[1:]:
            doc = parse_stage(doc) if isinstance(stage, ParseStage) else stage(doc)
        return doc

    a, b = run(apart), run(parser)
    assert isinstance(a.parse, WindowedParse)
    for layer in ("mentions", "quotes", "events", "claims"):
        assert getattr(a, layer) == getattr(b, layer), layer
    assert a.events and a.quotes and a.claims
