"""A range is one figure: both its ends one interval (sentences written for these tests)."""

import pytest
import spacy
from spacy.tokens import Span

from dateline.extract.claims import _unit, join_ranges
from dateline.extract.figures import figure_value


@pytest.mark.parametrize("text,figure,low,high", [
    ("Officials said from 200 to 300 villagers were moved out of the valley.", "200 to 300", 150, 350),
    ("The storm killed 25 to 30 people across the delta.", "25 to 30", 25, 30),
    ("Between 20 and 30 people were hurt when the roof gave way.", "Between 20 and 30", 20, 30),
    ("Police held 40-50 marchers overnight.", "40-50", 40, 50),
    ("The mill will shed 5,000 to 6,000 jobs.", "5,000 to 6,000", 4_500, 6_500),
])
def test_a_written_range_is_one_claim_with_both_ends(make_doc, text, figure, low, high):
    doc = make_doc(text)
    found = {doc.article.span(c.start, c.end): c for c in doc.claims}
    assert figure in found, found
    assert (found[figure].low, found[figure].high) == pytest.approx((low, high))


@pytest.mark.parametrize("text,kept", [
    ("The toll rose from 12 to 31 on Tuesday.", "12"),  # a change is an update, never a range
    ("The pact was signed by a ratio of 30 to 1 among members.", None),  # high to low: no range
])
def test_a_change_or_a_ratio_is_no_range(make_doc, text, kept):
    doc = make_doc(text)
    spans = [doc.article.span(c.start, c.end) for c in doc.claims]
    assert not any(" to " in s for s in spans)
    if kept:
        assert kept in spans


def _blank(text):
    return spacy.blank("en")(text)


@pytest.mark.parametrize("other", [(7, 9), (7, 8), None])  # the other end: an entity, a bare number, nothing
def test_an_entity_cut_after_and_takes_the_range_end(other):
    # the small model may end "between 92 million and 182 million gallons" at "and"
    doc = _blank("The well spilled between 92 million and 182 million gallons last year.")
    cut = Span(doc, 3, 7, label="MONEY")
    assert cut.text == "between 92 million and"
    [joined] = join_ranges([cut] + ([Span(doc, *other, label="CARDINAL")] if other else []))
    assert joined.text == "between 92 million and 182 million"
    v = figure_value(joined.text)
    assert (v.low, v.high) == pytest.approx((91_500_000, 182_500_000))


def test_ends_of_two_kinds_are_not_joined():
    doc = _blank("Shares fell 31 percent to $4.76 and vouchers of $25 and $50 went out.")
    spans = [Span(doc, 2, 4, label="PERCENT"), Span(doc, 5, 7, label="MONEY"), Span(doc, 10, 12, label="MONEY"),
             Span(doc, 13, 15, label="MONEY")]
    assert [s.text for s in join_ranges(spans)] == [s.text for s in spans]


def test_a_scale_after_the_second_end_applies_to_both_before_a_unit():
    v = figure_value("1.2 to 1.5 million acres")
    assert (v.low, v.high) == pytest.approx((1_150_000, 1_550_000))


def test_a_volume_tagged_as_money_keeps_its_unit():
    doc = _blank("It spilled 92 million gallons.")
    assert _unit(Span(doc, 2, 5, label="MONEY"), None)[0] != "money"
    money = _blank("It paid 92 million dollars.")
    assert _unit(Span(money, 2, 5, label="MONEY"), None)[0] == "USD"
