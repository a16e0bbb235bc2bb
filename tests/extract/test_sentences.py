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


def test_a_block_longer_than_the_sentencizer_takes_is_split_in_pieces():
    # over spaCy's max_length (1,000,000) in one line: it used to raise E088
    text = "The river rose again. " * 46_000
    sents = split_sentences(text)
    assert len(sents) == 46_000
    assert {text[s.start:s.end] for s in sents} == {"The river rose again."}


@pytest.mark.parametrize("chunk,limit,cuts", [
    ("One two. Three four. Five six.", 12, [(0, 9), (9, 21), (21, 30)]),  # after a full stop and its space
    ("aaaa bbbb cccc", 6, [(0, 5), (5, 10), (10, 14)]),  # no full stop: after a space
    ("abcdefghij", 4, [(0, 4), (4, 8), (8, 10)]),  # one endless token: at the limit
    ("short", 10, [(0, 5)]),  # negative row: nothing to cut
])
def test_pieces(chunk, limit, cuts):
    from dateline.extract.sentences import _pieces

    assert list(_pieces(chunk, limit)) == cuts


def test_many_short_lines_one_sentence_each():
    text = "\n".join(f"Entry {i} was logged." for i in range(2000))
    sents = split_sentences(text)
    assert [text[s.start:s.end] for s in sents[:2]] == ["Entry 0 was logged.", "Entry 1 was logged."]
    assert len(sents) == 2000


def test_hard_wraps_are_joined_without_looking_past_the_next_line():
    text = "the line goes on and\n   continues here\nNew line starts."
    assert [text[s.start:s.end] for s in split_sentences(text)] == \
        ["the line goes on and\n   continues here", "New line starts."]


# Headlines, captions, credits and print stamps split from the lead (invented text)
HEADLINE = ("Ferry runs aground off the northern cape Rescuers lifted all forty passengers from the deck before dawn. "
            "Two rescuers were treated for cold. The ferry had left port late.")


def test_a_headline_run_into_the_lead_is_its_own_sentence():
    got = [HEADLINE[s.start:s.end] for s in split_sentences(HEADLINE)]
    assert got[:2] == ["Ferry runs aground off the northern cape",
                       "Rescuers lifted all forty passengers from the deck before dawn."]


def test_a_title_before_a_name_is_not_a_headline_break():
    text = ("Crews met the delegation between Minister Okafor and her aides on the quay. "
            "The minister later toured the harbour.")
    assert len(split_sentences(text)) == 2


def test_a_capital_word_the_article_never_writes_lowercase_is_kept():
    text = "Talks on the harbour plan with Treasury officials broke up late on the second day. They resume soon."
    assert [text[s.start:s.end] for s in split_sentences(text)][0].startswith("Talks on the harbour plan with Treasury")


def test_a_photo_credit_is_cut_from_the_next_sentence_anywhere_in_the_page():
    text = ("The harbour reopened on Friday after a week of repairs and inspections by the port authority. "
            "Divers check the quay wall near the ferry berth. "
            "Photograph: Ana Silva/Reuters The port authority said the wall had held through the storm.")
    got = [text[s.start:s.end] for s in split_sentences(text)]
    assert "Photograph: Ana Silva/Reuters" in got
    assert "The port authority said the wall had held through the storm." in got


def test_a_print_stamp_is_cut_from_what_follows_it():
    text = ("The harbour reopened on Friday after a week of repairs and inspections by the port authority. "
            "A version appeared on p12 of the News section of the Courier on 09.10 GMT on Monday 7 March 2011 "
            "Readers sent in their own pictures of the storm.")
    got = [text[s.start:s.end] for s in split_sentences(text)]
    assert got[-1] == "Readers sent in their own pictures of the storm."
