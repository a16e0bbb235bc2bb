import pytest

from dateline.corpus.entities import iter_linked
from dateline.model import QuoteKind


def _attributions(doc):
    t = doc.article.text
    return [(q.kind, t[q.start:q.end], t[q.speaker_start:q.speaker_end] if q.speaker_start is not None else None)
            for q in doc.quotes]


@pytest.mark.parametrize("text,content,speaker", [
    # speaker after the quote
    ('"We will rebuild the bridge before winter," Mayor Ana Ortiz said on Monday.',
     "We will rebuild the bridge before winter", "Mayor Ana Ortiz"),
    # speaker before, curly marks
    ("Ana Ortiz said: “The bridge will be rebuilt before the first snow falls.”",
     "The bridge will be rebuilt before the first snow falls.", "Ana Ortiz"),
    # pronoun resolved to the named subject a sentence away
    ("Ana Ortiz toured the damaged harbour. “Nobody here has ever seen water this high,” she said.",
     "Nobody here has ever seen water this high", "Ana Ortiz"),
    # quote with no cue of its own, speaker named in the sentence before
    ("Ana Ortiz spoke to the crowd at the harbour on Monday evening. "
     "“Every family that lost a home will get help from the town.”",
     "Every family that lost a home will get help from the town.", "Ana Ortiz"),
])
def test_direct_quotes(make_doc, text, content, speaker):
    found = _attributions(make_doc(text))
    assert (QuoteKind.DIRECT, content, speaker) in found


def test_split_quote_keeps_one_speaker(make_doc):
    doc = make_doc('"The water came fast," Tom Hale said, "and by noon the whole street was a river."')
    speakers = {s for k, _, s in _attributions(doc) if k is QuoteKind.DIRECT}
    assert speakers == {"Tom Hale"}
    assert len([1 for k, *_ in _attributions(doc) if k is QuoteKind.DIRECT]) == 2


@pytest.mark.parametrize("text,content,speaker", [
    ("Tom Hale said the dam had held through the night.", "the dam had held through the night", "Tom Hale"),
    ("According to a statement by the Harbour Authority, the port will reopen next week.",
     "the port will reopen next week", "the Harbour Authority"),
])
def test_indirect_quotes(make_doc, text, content, speaker):
    assert (QuoteKind.INDIRECT, content, speaker) in _attributions(make_doc(text))


@pytest.mark.parametrize("text", [
    "The so-called “green plan” was shelved in May.",  # scare quotes
    "The river rose two metres overnight.",
    "She read “War and Peace” twice.",
])
def test_negative_rows_yield_no_quotes(make_doc, text):
    assert make_doc(text).quotes == ()


def test_speaker_entity_linked(make_doc):
    doc = make_doc("Mayor Ana Ortiz visited the dam. “We were lucky this time,” Ortiz said.")
    (linked,) = iter_linked([doc])
    q = [q for q in linked.quotes if q.kind is QuoteKind.DIRECT][0]
    person = next(m for m in linked.mentions if linked.article.span(m.name_start, m.name_end) == "Ana Ortiz")
    assert q.speaker == person.entity
