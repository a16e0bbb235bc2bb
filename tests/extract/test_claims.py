import math

import pytest

from dateline.corpus.claim_groups import ClaimRef, group_claims, group_status
from dateline.extract.claims import bounds, lexicon, parse_value
from dateline.model import Claim, ClaimStatus, Qualifier


@pytest.mark.parametrize("text,value", [
    ("1.5 million", 1_500_000), ("1,200", 1200), ("85%", 0.85), ("12 percent", 0.12),
    ("3 billion", 3e9), ("40", 40), ("dozens", 24),
    ("many", None),  # negative row
])
def test_parse_value(text, value):
    assert parse_value(text) == value


@pytest.mark.parametrize("example", lexicon().examples, ids=lambda e: e["text"][:30])
def test_claim_examples(make_doc, example):
    doc = make_doc(example["text"])
    (c,) = doc.claims
    assert math.isclose(c.value, example["value"])
    assert c.qualifier.value == example["qualifier"]
    assert doc.article.span(c.counted_start, c.counted_end) == example["counted"]


@pytest.mark.parametrize("text", [
    "The talks lasted two days.",
    "The borders of 1967 were discussed.",
    "Two ministers met on Friday.",
])
def test_negative_rows_yield_no_claims(make_doc, text):
    assert make_doc(text).claims == ()


def _ref(value, q, day, article, words=""):
    return ClaimRef(article, 0, Claim(0, 1, value, q, quantity="count|people|displaced|ravenna"), "", day, words)


@pytest.mark.parametrize("refs,status", [
    ([_ref(1e6, Qualifier.AT_LEAST, "2024-03-01", "a"), _ref(1.4e6, Qualifier.AT_LEAST, "2024-03-02", "b")],
     ClaimStatus.CONSISTENT),
    ([_ref(1.5e6, Qualifier.APPROX, "2024-05-01", "a", "nearly"), _ref(1.4e6, Qualifier.AT_LEAST, "", "b")],
     ClaimStatus.CONSISTENT),
    ([_ref(100, Qualifier.EXACT, "2024-01-01", "a"), _ref(200, Qualifier.EXACT, "2024-02-01", "b"),
      _ref(300, Qualifier.EXACT, "2024-03-01", "c")], ClaimStatus.CHANGING),
    ([_ref(100, Qualifier.EXACT, "2024-01-01", "a"), _ref(200, Qualifier.EXACT, "2024-01-01", "b")],
     ClaimStatus.CONFLICTING),
    ([_ref(100, Qualifier.EXACT, "2024-01-01", "a")], ClaimStatus.SINGLE),
])
def test_group_status(refs, status):
    assert group_status(refs) is status


def test_bounds():
    assert bounds(100, Qualifier.APPROX, "nearly") == (90, 100)
    assert bounds(100, Qualifier.AT_LEAST) == (100, math.inf)


def test_grouping_keeps_different_groups_apart(make_doc):
    docs = [
        make_doc("More than 20,000 residents have fled to Ravenna since May.", article_id="x1"),
        make_doc("Some 25,000 people have taken shelter in Ravenna, officials said.", article_id="x2"),
        make_doc("At least 300 people were killed in Ravenna.", article_id="x3"),
    ]
    from dateline.corpus.claim_groups import claim_refs
    groups = group_claims(claim_refs(docs))
    sizes = sorted(len(g["claims"]) for g in groups)
    assert sizes == [1, 2], groups
    big = max(groups, key=lambda g: len(g["claims"]))
    assert big["status"] == "consistent"


def test_claims_naming_no_quantity_are_not_grouped():
    # "$5 million" and "$2 billion" with nothing counted, no verb and no place: no shared quantity
    def ref(article, value, quantity):
        return ClaimRef(article, 0, Claim(0, 1, value, Qualifier.EXACT, unit="USD", quantity=quantity), "", "", "")

    unnamed = [ref("a1", 5e6, "USD|||"), ref("a2", 2e9, "USD|||")]
    assert group_claims(unnamed) == []
    named = [ref("a1", 5e6, "USD|aid|pledged|"), ref("a2", 2e9, "USD|aid|pledged|")]
    (group,) = group_claims(unnamed + named)
    assert [c["article"] for c in group["claims"]] == ["a1", "a2"]
    assert group["status"] == "conflicting"


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
