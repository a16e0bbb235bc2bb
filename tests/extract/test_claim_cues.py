"""Cues of a figure's sentence (data/claim_cues.toml) and the sure-conflict check that reads them.

Every sentence here is written for these tests (places and outlets invented)."""

import pytest

from dateline.corpus.claim_cues import countries, cues, cues_agree, rules


@pytest.mark.parametrize("example", rules().examples, ids=lambda e: e["text"][:30])
def test_cue_examples(example):
    text, figure = example["text"], example["figure"]
    assert list(cues(text, text.index(figure), text.index(figure) + len(figure))) == sorted(example["cues"])


def test_countries_by_name_and_demonym_longest_first():
    assert countries("The United States and Canadian officials met in Lima.") == {"US", "CA"}
    assert countries("the U.S. said") == {"US"}
    assert countries("Officials in Alberta said") == set()


@pytest.mark.parametrize("a, b, agree", [
    # one country's count against another's, or against the world's
    (("place:CA",), ("place:US",), False),
    (("place:US",), ("place:world",), False),
    (("place:MX", "place:US"), ("place:MX",), True),
    (("place:world", "place:MX"), ("place:MX",), False),  # the world's count, naming Mexico among others
    (("place:world",), ("place:world",), True),
    ((), ("place:US",), True),  # a side naming no place is not held apart
    # another strain, or the ordinary season's flu, on one side only
    (("kind:h5n1", "since"), (), False),
    (("kind:seasonal",), ("kind:seasonal",), True),
    # the text states the change, or an earlier value: an update, not a conflict
    (("change",), (), False),
    (("earlier", "projection"), ("projection",), False),
    # a hedge on one side only; an amount so far against a projection of the whole
    (("hedged",), (), False),
    (("projection", "so_far"), ("projection",), False),
    (("so_far",), (), True),
    (("rate",), ("rate",), False),  # a typical year's rate is a statistic
    (("multiplier",), (), False),
    ((), (), True),
])
def test_cues_agree(a, b, agree):
    assert cues_agree(a, b) is agree
    assert cues_agree(b, a) is agree


def test_own_place_counts_beside_the_sentence():
    assert not cues_agree((), ("place:PE",), "CL", "")
    assert cues_agree(("place:PE",), (), "", "PE")


@pytest.mark.parametrize("sentence, figure, quoted", [
    ("\u201cWe have two sick pupils,\u201d the head teacher said.", "two", True),
    ('"We counted 40 boats," a skipper said.', "40", True),
    ("The ferry carried 40 boats, a skipper said.", "40", False),
    ("and there are 12 more in the ward\u201d, she added.", "12", True),  # a quote opened in an earlier sentence
    ("\u201cIt is calm,\u201d she said, as 12 more arrived.", "12", False),
])
def test_a_figure_inside_quotation_marks_is_quoted(sentence, figure, quoted):
    start = sentence.index(figure)
    assert ("quoted" in cues(sentence, start, start + len(figure))) is quoted


def test_a_quoted_figure_naming_no_place_is_unsure_against_a_placed_one():
    from dateline.corpus.claim_cues import unsure_quote

    assert unsure_quote(("quoted",), "", (), ("place:PE",), "")  # "we have one case" against Peru's 3
    assert unsure_quote(("quoted",), "", (), (), "lima")  # placed by its phrase
    assert not unsure_quote(("quoted",), "", ("peru", "lima"), ("place:PE",), "")  # its lead names Peru only
    assert unsure_quote(("quoted",), "", ("peru", "chile"), ("place:PE",), "")  # two places: not sure
    assert not unsure_quote(("quoted", "place:PE"), "", (), ("place:PE",), "")  # the quote names its place
    assert not unsure_quote((), "", (), ("place:PE",), "")  # not quoted: the sentence is the outlet's own
    assert not unsure_quote(("quoted",), "", (), (), "")  # neither side placed
