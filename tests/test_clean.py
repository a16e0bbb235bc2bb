"""Debris rules run their own examples; cleanup drops whole lines and nothing else."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from dateline.ingest.base import RawDoc
from dateline.ingest.cleanup import (
    clean_text,
    load_rules,
    parse_rules,
    remove_repeated_lines,
    repeated_lines,
)
from dateline.settings import Settings

RULES = load_rules()
REMOVE = [(rule.name, line) for rule in RULES.rules for line in rule.examples]
KEEP = [(rule.name, line) for rule in RULES.rules for line in rule.keep]


@pytest.mark.parametrize("rule,line", REMOVE, ids=[f"{r}:{line[:30]}" for r, line in REMOVE])
def test_rule_examples_are_removed_by_their_rule(rule, line):
    assert RULES.match(line) == rule
    assert RULES.match(f"  • {line}  ") == rule  # behind a bullet and indentation too


@pytest.mark.parametrize("rule,line", KEEP, ids=[f"{r}:{line[:30]}" for r, line in KEEP])
def test_rule_keep_rows_stay(rule, line):
    assert RULES.match(line) is None
    assert clean_text(line) == line


def test_every_rule_has_examples_and_keep_rows():
    for rule in RULES.rules:
        assert rule.examples and rule.keep, rule.name
    assert len({rule.name for rule in RULES.rules}) == len(RULES.rules)


@pytest.mark.parametrize("text,expected", [
    # debris lines go, blank runs fold to one blank line
    ("A first line of text.\n\n  • Oops!\n    Something went wrong.\n    Please try again later.\n\nNext line.",
     "A first line of text.\n\nNext line."),
    ("Body.\n•\n*\nMore body.", "Body.\nMore body."),  # lone bullets
    ("\n\nBody.\n\n\n\nEnd.\n\n", "Body.\n\nEnd."),  # blank runs and blank ends
    ("Body.\r\nAdvertisement\r\nEnd.", "Body.\nEnd."),  # Windows line ends
    # negative rows: nothing to remove, characters of kept lines untouched
    ("  Indented line keeps its indent.  \nSecond , tokenized line .", "  Indented line keeps its indent.  \nSecond , tokenized line ."),
    ("• A bullet item with real content stays.", "• A bullet item with real content stays."),
    ("- Share prices fell.\n- Talks resumed.", "- Share prices fell.\n- Talks resumed."),
    ("", ""),
])
def test_clean_text(text, expected):
    assert clean_text(text) == expected


def test_a_very_long_line_is_never_debris():
    line = "Advertisement " * 100
    assert clean_text(line) == line


def test_rules_parse_from_toml_text():
    rules = parse_rules('[[rule]]\nname = "x"\npattern = "zap+"\nexamples = ["zapp"]\nkeep = ["zip"]\n')
    assert rules.match("ZAPP") == "x" and rules.match("zip") is None


@hyp_settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([
    "", "  ", "•", "Oops!", "Advertisement", "Share", "A sentence that stays.", "  indented stays",
    "Share prices rose.", "Loading...", "- item stays here",
]), max_size=12))
def test_cleanup_only_drops_lines(lines):
    out = clean_text("\n".join(lines))
    kept = [line for line in out.split("\n") if line]
    remaining = iter(lines)
    assert all(line in remaining for line in kept)  # kept lines in order, unchanged
    assert "\n\n\n" not in out and out == out.strip("\n")


# -- lines repeated across one source's articles --------------------------------

def _doc(text: str, source: str = "Harbour Gazette") -> RawDoc:
    return RawDoc(origin="x", text=text, source=source)


SIGN_OFF = "Follow the Gazette for more harbour news ."


def test_repeated_lines_of_one_source_are_removed():
    docs = [_doc(f"Story number {i} about the pier.\n{SIGN_OFF}") for i in range(4)]
    docs.append(_doc("A story without the sign-off."))
    out = remove_repeated_lines(docs, Settings())
    assert [d.text for d in out[:4]] == [f"Story number {i} about the pier." for i in range(4)]
    assert out[4] is docs[4]  # untouched documents are passed through


@pytest.mark.parametrize("docs", [
    # negative rows: too few articles, too small a share, spread over sources
    [_doc(f"Story {i}.\n{SIGN_OFF}") for i in range(2)],
    [_doc(f"Story {i}.\n{SIGN_OFF}") for i in range(3)] + [_doc(f"Other {i}.") for i in range(4)],
    [_doc(f"Story {i}.\n{SIGN_OFF}", source=f"Outlet {i}") for i in range(5)],
], ids=["too-few", "too-small-a-share", "different-sources"])
def test_lines_not_repeated_enough_stay(docs):
    assert remove_repeated_lines(docs, Settings()) == docs


def test_repeated_lines_compare_words_not_spacing():
    texts = [f"Story {i}.\n{SIGN_OFF}{' ' * i}" for i in range(3)]
    assert repeated_lines(texts, Settings()) == {SIGN_OFF}
