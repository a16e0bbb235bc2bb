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
