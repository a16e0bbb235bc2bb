"""The rule tables: every example row runs as a test, negative rows must yield nothing."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.extract.temporal import extract_times
from dateline.extract.temporal.rules import RULE_FILES, _rule, load_rules

RULES = load_rules()
DCT = date.fromisoformat(RULES.dct)
EXAMPLES = [(r.name, ex) for r in RULES.rules for ex in r.examples]


@pytest.mark.parametrize("rule,example", EXAMPLES, ids=[f"{n}:{e.span}" for n, e in EXAMPLES])
def test_example_row(rule, example):
    found = extract_times(example.text, DCT)
    if RULES.rules[[r.name for r in RULES.rules].index(rule)].refuse:
        # a refusing rule's span yields nothing, not even a shorter expression inside it
        start = example.text.index(example.span)
        inside = [t for t in found if t.start < start + len(example.span) and t.end > start]
        assert example.value == "" and not inside, [(example.text[t.start : t.end], t.rule) for t in inside]
        return
    spans = {example.text[t.start : t.end]: t for t in found}
    assert example.span in spans, f"{rule}: {example.span!r} not found in {sorted(spans)}"
    assert spans[example.span].value == example.value
    # the row must be found by its own rule, or it tests another rule and this one may be dead
    assert spans[example.span].rule == rule, f"{example.span!r} is found by {spans[example.span].rule}"


@pytest.mark.parametrize("kind,text", RULES.negatives, ids=[f"{k}:{t[:30]}" for k, t in RULES.negatives])
def test_negative_row(kind, text):
    found = extract_times(text, DCT)
    assert not found, [(text[t.start : t.end], t.rule) for t in found]


def test_every_rule_has_examples():
    for rule in RULES.rules:
        assert rule.examples, f"rule {rule.name} has no example rows"


def test_the_loader_refuses_an_unnamed_group():
    raw = {"name": "bad", "pattern": "(Monday|Tuesday)", "type": "DATE", "value": "=WD {weekday} 0"}
    with pytest.raises(ValueError, match="unnamed group"):
        _rule("anchored", raw, {})
    assert _rule("anchored", dict(raw, pattern="(?P<weekday>Monday|Tuesday)"), {}).name == "bad"


def test_every_kind_has_rules_and_negative_rows():
    kinds = {r.kind for r in RULES.rules}
    assert kinds == set(RULE_FILES)
    assert {k for k, _ in RULES.negatives} == set(RULE_FILES)


def test_longest_match_wins():
    text = "The vote is set for Monday, March 25, officials said."
    (t,) = extract_times(text, DCT)
    assert text[t.start : t.end] == "Monday, March 25"


@pytest.mark.parametrize(
    "text",
    ["85% of the vote", "some 1,200 Israelis", "Route 66", "dial 555-1999 please"],
)
def test_numbers_that_are_not_times(text):
    assert not [t for t in extract_times(text, DCT) if t.type.value != "DURATION"]


def test_year_as_modifier_is_a_year():
    text = "a state on the 1967 borders"
    (t,) = extract_times(text, DCT)
    assert (text[t.start : t.end], t.value) == ("1967", "1967")
