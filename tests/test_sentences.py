import pytest

from dateline.extract.sentences import split_sentences

CASES = [
    # text, expected sentences
    ("The U.S. envoy met Mr. Smith on Oct. 7 in Cairo. They talked.",
     ["The U.S. envoy met Mr. Smith on Oct. 7 in Cairo.", "They talked."]),
    ("Headline without a period\n\nFirst paragraph starts here.",
     ["Headline without a period", "First paragraph starts here."]),
    ("One sentence per line\nAnother line here", ["One sentence per line", "Another line here"]),
    ("A line that wraps in the middle of\na clause is joined.", ["A line that wraps in the middle of\na clause is joined."]),
    ('"We will go," she said. "Soon."', ['"We will go," she said.', '"Soon."']),
    # negative rows: nothing to split
    ("", []),
    ("   \n\n  \t ", []),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_split(text, expected):
    got = [text[s.start:s.end] for s in split_sentences(text)]
    assert got == expected


def test_spans_are_trimmed_ordered_and_indexed():
    text = "  First one.   Second one.\n\nThird, in a new paragraph.  "
    sents = split_sentences(text)
    assert [s.index for s in sents] == [0, 1, 2]
    assert [s.paragraph for s in sents] == [0, 0, 1]
    for s in sents:
        assert text[s.start:s.end] == text[s.start:s.end].strip()
    assert all(a.end <= b.start for a, b in zip(sents, sents[1:]))
