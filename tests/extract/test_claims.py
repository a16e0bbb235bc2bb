"""Claims: values as intervals, what is counted, what is no claim (sentences written for these tests)."""

import math

import pytest

from dateline.extract.claims import lexicon
from dateline.extract.figures import apart, figure_value, overlaps, unit_of


@pytest.mark.parametrize("text,low,high", [
    ("1.5 million", 1_450_000, 1_550_000),  # half a unit of the last digit shown
    ("10 million", 9_500_000, 10_500_000),
    ("120,000", 115_000, 125_000),  # a round figure allows its rounding
    ("612", 612, 612),
    ("85%", 0.85, 0.85),
    ("12 per cent", 0.12, 0.12),
    ("$2.3bn", 2.25e9, 2.35e9),
    ("1.5m", 1_450_000, 1_550_000),
    ("thousands", 1000, 9999),  # a vague quantity is a range, never 2,000
    ("tens of thousands", 10_000, 99_999),
    ("hundreds of thousands", 100_000, 999_999),
    ("dozens", 20, 99),
    ("a dozen", 10, 14),
    ("25,000 to 30,000", 24_500, 35_000),  # a range keeps both ends, each with its rounding
    ("between 40 and 80 percent", 0.4, 0.8),
    ("1.2 to 1.5 million", 1_150_000, 1_550_000),
    ("nearly 300", 270, 300),
    ("about 200,000", 150_000, 250_000),  # the rounding is wider than 10%
    ("about 50", 45, 55),
    ("more than 300", 300, math.inf),
    ("up to 19,000", 0, 19_000),
    ("as many as 20,000", 0, 20_000),
    ("just over 40", 40, 44),
    ("seven", 7, 7),
    ("twenty-five", 25, 25),
])
def test_values_are_intervals(text, low, high):
    v = figure_value(text)
    assert v is not None
    assert v.low == pytest.approx(low) and v.high == pytest.approx(high)


@pytest.mark.parametrize("text", ["many", "21.10.2019", "3.8.1", ""])
def test_no_single_number_no_value(text):
    assert figure_value(text) is None


def test_units_are_normalised():
    assert unit_of("miles") == ("km", pytest.approx(1.609344))
    assert unit_of("kilometres")[0] == unit_of("km")[0] == "km"
    assert unit_of("gallons")[0] == "barrel"
    assert unit_of("bananas") is None


def test_intervals_compare_with_a_rounding_margin():
    assert overlaps((1000, 9999), (5000, 5000))
    assert not apart((270, 300), (300, math.inf), 0.05)  # "nearly 300" and "more than 300" meet
    assert not apart((1000, 9999), (10_000, 99_999), 0.05)  # "thousands" against "tens of thousands": a near miss
    assert apart((115_000, 125_000), (150_000, 250_000), 0.05)  # 120,000 against about 200,000


@pytest.mark.parametrize("example", lexicon().examples, ids=lambda e: e["text"][:30])
def test_claim_examples(make_doc, example):
    doc = make_doc(example["text"])
    (c,) = doc.claims
    assert math.isclose(c.value, example["value"])
    assert c.qualifier.value == example["qualifier"]
    assert doc.article.span(c.counted_start, c.counted_end) == example["counted"]
    assert c.low == pytest.approx(example["low"])
    assert (c.high is None) == ("high" not in example) and (c.high is None or c.high == pytest.approx(example["high"]))
    assert c.unit == example.get("unit", c.unit)  # what is counted, when the example says


def test_a_tagged_percent_with_no_percent_word_counts_its_noun():
    # the tagger may call a count of weapons ("Seven AK-47s") a PERCENT: with no sign or word of percent, the
    # figure counts its noun
    import spacy
    from spacy.tokens import Span

    from dateline.extract.claims import _unit

    doc = spacy.blank("en")("Seven rifles were found aboard the skiff.")
    doc[1].lemma_ = "rifle"
    assert _unit(Span(doc, 0, 2, label="PERCENT"), doc[1])[0] == "rifle"
    pct = spacy.blank("en")("Seven percent were found.")
    assert _unit(Span(pct, 0, 2, label="PERCENT"), None)[0] == "percent"


@pytest.mark.parametrize("text", [
    "The talks lasted two days.",
    "The borders of 1967 were discussed.",
    "A 35-year-old fisherman was rescued at 11:30 on Tuesday.",
    "The visitors won 3-1 in the second round.",
    "Call the helpline on 0845 555 0199 for advice.",
    "She finished fourth in the 81st edition of the race.",
    "Read more at www.example.org/news/2024/1266.html",
    "Earlier, one of the marchers, a teacher from the valley, said the port must close.",
    "The alert level is now at three and may move to four next week.",
    "Level four would mean the fever spreads from person to person.",
])
def test_what_is_no_claim(make_doc, text):
    assert make_doc(text).claims == ()


def test_fact_box_numbering_is_no_claim(make_doc):
    doc = make_doc("Key dates\n\n12: Protests begin in the capital.\n\n15: The cabinet resigns.")
    assert [doc.article.span(c.start, c.end) for c in doc.claims] == []


@pytest.mark.parametrize("text,figure,key", [
    # the event a figure counts, from the predicate (with no noun of its own: "injuring 80")
    ("A strong quake hit the island on Sunday, killing 10 people and injuring 80.", "80", "people|people|injured|"),
    # the place of a relative clause
    ("Shelling hit Velmora, where more than 1.4 million people have taken refuge.", "more than 1.4 million",
     "people|people|displaced|velmora"),
    # the place under the verb that governs the counted phrase
    ("Some 1.2 million displaced people are sheltering in Velmora.", "Some 1.2 million",
     "people|people|displaced|velmora"),
    # a noun that names what happened ("deaths" are people killed)
    ("The ministry has confirmed 20 deaths from the fever.", "20", "people|people|killed|"),
    ("The spill grew as the well leaked 5,000 barrels a day.", "5,000 barrels", "barrel/day|barrel|spilled|"),
])
def test_what_is_counted(make_doc, text, figure, key):
    doc = make_doc(text)
    found = {doc.article.span(c.start, c.end): c for c in doc.claims}
    assert found[figure].quantity == key


def test_scope_narrows_what_is_counted(make_doc):
    doc = make_doc("The ministry confirmed 20 deaths and said 40 other possible deaths were being examined.")
    scopes = {doc.article.span(c.start, c.end): c.scope for c in doc.claims}
    assert scopes == {"20": "confirmed", "40": "other+suspected"}


def test_a_part_of_a_counted_set_is_not_the_set(make_doc):
    doc = make_doc("Crews sealed one of three breaches in the dam, and 12 of the 40 injured workers went home.")
    scopes = {doc.article.span(c.start, c.end): c.scope for c in doc.claims}
    assert scopes == {"three": "", "12": "part", "40": ""}  # "one of" picks a member out: no claim


def test_a_claim_is_dated_by_its_own_sentence(make_doc):
    from datetime import date

    from dateline.corpus.claim_groups import claim_refs

    doc = make_doc("Police said on Monday that 18 people were injured in the clashes.\n\n"
                   "Hospital staff said 30 people had been treated.\n\n"
                   "The same port saw 167 workers die in a fire in 1988.", published=date(2025, 6, 11))
    days = {r.text: r.date for r in claim_refs([doc])}
    # the day its sentence names; else the article's day; an earlier year named is not the day's news
    assert days == {"18": "2025-06-09", "30": "2025-06-11", "167": "1988"}


@pytest.mark.parametrize("text,claimant", [
    ('"We counted 3,000 tents in the camp," Ana Ortiz said.', "Ana Ortiz"),  # inside a direct quote
    ("Ana Ortiz said more than 2,000 homes were flooded.", "Ana Ortiz"),  # inside indirect speech
    ("More than 2,000 homes were flooded in Velmora, according to the United Nations.", "United Nations"),
    ("According to the World Health Organization, about 300 clinics have closed.", "World Health Organization"),
    ("More than 2,000 homes were flooded in Velmora, the Red Cross said.", "Red Cross"),
    # negative rows: the outlet's own figure; a cue before the figure does not cover it
    ("More than 2,000 homes were flooded in Velmora.", ""),
    ("Ana Ortiz stressed the need for calm, as nearly 4,000 people sheltered in Velmora.", ""),
])
def test_claimant(make_doc, text, claimant):
    from dateline.corpus.entities import iter_linked, link_entities

    doc = make_doc(text)
    (linked,) = iter_linked([doc])
    names = {e.id: e.name for e in link_entities([doc])[0]}
    (c,) = linked.claims
    assert names.get(c.claimant, c.claimant) == claimant


def test_a_unit_written_onto_its_figure_is_read(make_doc):
    # "21-inch" and "53cm" are one size in two units: both normalised to kilometres, within rounding
    doc = make_doc("Robots fed a tube into the 21-inch pipe on Friday.\n\nEngineers said the leaking 53cm pipe held.")
    sizes = {doc.article.span(c.start, c.end): (c.unit, c.value) for c in doc.claims}
    assert sizes["21-inch"][0] == sizes["53cm"][0] == "km"
    assert abs(sizes["21-inch"][1] - sizes["53cm"][1]) / sizes["53cm"][1] < 0.05
