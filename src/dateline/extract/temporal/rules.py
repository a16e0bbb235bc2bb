"""Load the tagger's rules from the TOML tables in ``rules/`` and compile them once.

A rule file holds one kind of expression (absolute dates, anchored dates,
durations, ...). Each rule names a regex whose *named* groups mean something
(``month``, ``day``, ``n``, ``unit``, ...; see :mod:`.normalize`), a TIMEX3 type,
an underspecified value template and example rows that the test suite runs.
``{MACRO}`` in a pattern expands to an entry of ``vocab.toml``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ...model import TimexType
from .dispatch import Dispatch, build

RULE_FILES = ("absolute", "anchored", "parts", "reference", "time", "duration", "set", "event")

# word boundaries added to every rule, so that no rule can start or end inside a word
LEFT = r"(?<![\w\-/.,$£€])"
RIGHT = r"(?![\w]|-\w)"
_MACRO = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
# a rule's groups are renamed "<rule>__<group>" in the combined regex
_GROUP = re.compile(r"\(\?P<([a-z][a-z0-9_]*)>")


@dataclass(frozen=True, slots=True)
class Example:
    """One example row: a text, the span the rule must find there and its resolved value."""

    text: str
    span: str
    value: str


@dataclass(frozen=True, slots=True)
class Rule:
    """A tagging rule: a regex with named groups, a TIMEX3 type and a value template."""

    name: str
    kind: str  # the file it came from
    pattern: str  # macros expanded
    type: TimexType
    value: str  # template: "{year}-{month}-{day}", "=OFF D -{n} dct", ...
    mod: str = ""  # template for the TIMEX3 mod ("{part}", "APPROX", ...)
    suffix: str = ""  # appended to the resolved value ("TNI", "-WE")
    examples: tuple[Example, ...] = ()
    # a range rule names two groups, each a timex of its own ("May 1" and "3")
    split: tuple[str, ...] = ()
    value2: str = ""
    # a refusing rule takes its span (the longest match wins) and yields no timex:
    # what it matches must not be read as a shorter expression either
    refuse: bool = False


@dataclass(frozen=True)
class RuleSet:
    """All rules, each compiled alone, with the first-character prefilter that picks which to try."""

    rules: tuple[Rule, ...]
    compiled: tuple[re.Pattern[str], ...]
    dispatch: Dispatch  # which rules can start at a character
    # per dispatch key, one alternation of those rules: a single C-level test per position
    gates: dict[str, re.Pattern[str]]
    gate_any: re.Pattern[str] | None  # the gate of the rules that may start anywhere
    negatives: tuple[tuple[str, str], ...]  # (kind, text that must yield no timex)
    dct: str  # the DCT that the example rows are written against


def _expand(pattern: str, macros: dict[str, str], depth: int = 0) -> str:
    if depth > 8:
        raise ValueError(f"macro recursion too deep in {pattern[:60]!r}")
    if not _MACRO.search(pattern):
        return pattern
    expanded = _MACRO.sub(lambda m: macros[m.group(1)], pattern)
    return _expand(expanded, macros, depth + 1)


def load_table(name: str) -> dict[str, Any]:
    """One TOML table of the packaged ``rules/`` folder, parsed."""
    text = resources.files(__package__).joinpath("rules", f"{name}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _rule(kind: str, raw: dict[str, Any], macros: dict[str, str]) -> Rule:
    pattern = _expand(raw["pattern"], macros)
    # rules use named groups only: an unnamed capturing group is a mistake
    if re.search(r"\((?!\?)", pattern.replace("\\(", "")):
        raise ValueError(f"rule {raw['name']!r} has an unnamed group; use (?:...) or (?P<name>...)")
    examples = tuple(Example(*row) for row in raw.get("examples", ()))
    return Rule(
        name=raw["name"],
        kind=kind,
        pattern=pattern,
        type=TimexType(raw["type"]),
        value=raw["value"],
        mod=raw.get("mod", ""),
        suffix=raw.get("suffix", ""),
        examples=examples,
        split=tuple(raw.get("split", ())),
        value2=raw.get("value2", ""),
        refuse=bool(raw.get("refuse", False)),
    )


def _wrap(rule: Rule) -> str:
    # word boundaries are added here so that no rule can start or end inside a word
    inner = _GROUP.sub(lambda m: f"(?P<{rule.name}__{m.group(1)}>", rule.pattern)
    return f"(?P<{rule.name}>{inner})"


@lru_cache(maxsize=1)
def load_rules() -> RuleSet:
    """The compiled rule set (cached: the TOML files are read and compiled once)."""
    vocab = load_table("vocab")
    macros = {k: v for k, v in vocab["macros"].items()}
    rules: list[Rule] = []
    negatives: list[tuple[str, str]] = []
    for kind in RULE_FILES:
        data = load_table(kind)
        rules.extend(_rule(kind, raw, macros) for raw in data.get("rule", ()))
        negatives.extend((kind, text) for text in data.get("negatives", ()))
    names = [r.name for r in rules]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise ValueError(f"duplicate rule names: {sorted(dupes)}")
    compiled = tuple(re.compile(LEFT + f"(?:{r.pattern})" + RIGHT) for r in rules)
    dispatch = build([r.pattern for r in rules], LEFT)
    gates = {k: _gate(rules, idx) for k, idx in dispatch.by_key.items()}
    gate_any = _gate(rules, dispatch.anywhere) if dispatch.anywhere else None
    return RuleSet(tuple(rules), compiled, dispatch, gates, gate_any, tuple(negatives), vocab["examples"]["dct"])


def _gate(rules: list[Rule], indices: tuple[int, ...]) -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(_wrap(rules[i]) for i in indices) + ")" + RIGHT)
