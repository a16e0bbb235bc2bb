"""Story labels: the rules of data/labels.toml run their examples, and no label starts with page debris."""

import re

import pytest
from conftest import SHARED

from dateline.corpus.labels import cut_embedded, headline, is_furniture, label_rules, shorten, strip_front

RULES = label_rules()
EXAMPLES = [(r, e) for r in RULES for e in r.examples]
KEEPS = [(r, e) for r in RULES for e in r.keep]
T17 = SHARED / "benchmarks" / "t17"


@pytest.mark.parametrize("rule,text", EXAMPLES, ids=[f"{r.name}:{e[:25]}" for r, e in EXAMPLES])
def test_each_rule_acts_on_its_examples(rule, text):
    if rule.kind == "prefix":
        m = rule.pattern.match(text)
        assert m and m.end() > 0
    elif rule.kind == "skip":
        assert is_furniture(text)
    else:
        assert cut_embedded(text) != text


@pytest.mark.parametrize("rule,text", KEEPS, ids=[f"{r.name}:{e[:25]}" for r, e in KEEPS])
def test_each_rule_leaves_its_look_alikes(rule, text):
    if rule.kind == "prefix":
        m = rule.pattern.match(text)
        assert not (m and m.end() > 0)
    elif rule.kind == "skip":
        assert not rule.pattern.fullmatch(text)
    else:
        assert not rule.pattern.search(text)


def test_every_rule_has_examples_and_look_alikes():
    assert all(r.examples and r.keep for r in RULES)
    assert len({r.name for r in RULES}) == len(RULES)


@pytest.mark.parametrize("title,text,label", [
    ("", "OSLO | Tue Mar 3 , 2015 4:12 pm EST OSLO -LRB- Reuters -RRB- - Ferry crews walked out on Tuesday .",
     "Ferry crews walked out on Tuesday"),
    ("", "Full Article\nBy Ann Berg , Transport correspondent Ferry crews walked out on Tuesday .",
     "Ferry crews walked out on Tuesday"),
    ("", "Ferry strike spreads to Bergen OSLO | Tue Mar 3 , 2015 4:12 pm EST OSLO -LRB- Reuters -RRB- - Crews",
     "Ferry strike spreads to Bergen"),
    ("Ferry crews walk out", "Page last updated at 16:12 GMT\nBody text here .", "Ferry crews walk out"),
    ("", "Ferry crews walked out on Tuesday , leaving thousands of commuters on the quays of three cities .",
     "Ferry crews walked out on Tuesday"),  # cut at a clause boundary
    ("", "Help\nCan not play media .", ""),  # nothing but furniture: no label
])
def test_headline(title, text, label):
    assert headline(title, text) == label


def test_shorten_marks_a_cut_without_a_clause_boundary():
    assert shorten("one two three four five six seven eight nine ten eleven twelve thirteen") == \
        "one two three four five six seven eight nine ten eleven twelve…"
    assert strip_front("By noon the ferries had stopped") == "By noon the ferries had stopped"


# What a label must never start with, written apart from the rules that strip it: a wire dateline
# (capitalised place, then a bar or the agency's credit), a time of day, a weekday or day-month date,
# a byline, an update stamp, page furniture, a graphic's credit line, or an outlet's teaser for its own
# bulletin or newsletter (checked after any opening quote marks).
_BAD_START = re.compile(
    r"^(?:[A-Z][A-Z.,'/\\ -]+(?:\||\(Reuters\)|\(AP\))|\(Reuters\)|\d{1,2}[:.]\d\d\b|"
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b\s*,?\s*(?:\d|January|February|March|April|May|June|July|"
    r"August|September|October|November|December)|\d{1,2} (?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December) \d{4}|By [A-Z]|(?:Page )?[Ll]ast updated|Help(?:$|\s+[A-Z])|Full Article|"
    r"Can ?not play media|[*•|]|This Story\b|Skip to (?:content|main|navigation|a day)\b|(?:GRAPHIC|Graphic|Chart|Map)s?\s*(?:by\s*)?:|"
    r"The latest\b.{0,40}\b(?:bulletin|podcast)|Get\b.{0,60}\bdelivered to your inbox|.?ltima actualizaci)")


@pytest.mark.slow
@pytest.mark.skipif(not T17.is_dir(), reason="../shared/benchmarks/t17 is not available")
def test_no_label_of_a_development_article_starts_with_page_debris():
    """Every article of the 12 development folders, as the label of a story it were central to."""
    files = sorted(T17.glob("*/InputDocs/*/*.txt"))
    bad = []
    for path in files:
        label = headline("", path.read_text(encoding="utf-8", errors="replace"))
        if _BAD_START.match(label.lstrip("\"“' ")):
            bad.append(f"{path.relative_to(T17)}: {label}")
    assert len(files) > 2000
    assert not bad, f"{len(bad)} labels start with debris, e.g. {bad[:5]}"
