"""Readable story labels: a headline-like phrase from an article's title or first lines.

Scraped news often starts with what the page put before the headline: a wire
dateline ("OSLO | Tue Mar 3 , 2015 4:12 pm EST OSLO (Reuters) -"), a
timestamp ("Page last updated at 16:12 GMT"), a byline ("By Ann Berg,
Transport correspondent"), summary bullets, or a line of navigation. A label
strips them (the rules of ``data/labels.toml``, each with examples that run as
tests), skips a first line that is only page furniture, ends where a headline
ran into its dateline, and keeps the first dozen words, cut at a clause
boundary when there is one. Pure functions of the text.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

MAX_WORDS = 12  # a headline is rarely longer; a label is read at a glance
MIN_WORDS = 3  # fewer than this after stripping: try the next line
LINES = 4  # first lines of the text tried when there is no usable title

# Penn-Treebank spacing of tokenised text ("it 's", "-LRB-"), folded back for reading
_PTB = ((re.compile(r"-LRB-"), "("), (re.compile(r"-RRB-"), ")"), (re.compile(r"``\s*|\s*''"), '"'),
        (re.compile(r"(?<=\w) (?=(?:'s|n't|'re|'ve|'ll|'d|'m)\b)"), ""), (re.compile(r"\s+(?=[,.;:!?%)])"), ""),
        (re.compile(r"(?<=[($])\s+"), ""), (re.compile(r"` ?| ' ?(?=\W|$)"), "'"))
_CLAUSE = re.compile(r"\s(?:-|–|—|:|;)\s|,\s")


@dataclass(frozen=True)
class LabelRule:
    """A named pattern: ``prefix`` (stripped from the start), ``skip`` (a whole line to pass over) or
    ``cut`` (the label ends where it begins)."""

    name: str
    kind: str
    pattern: re.Pattern[str]
    examples: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()


@cache
def label_rules() -> tuple[LabelRule, ...]:
    """The rules of ``dateline/data/labels.toml``, compiled (cached)."""
    raw = tomllib.loads(resources.files("dateline").joinpath("data/labels.toml").read_text(encoding="utf-8"))
    return tuple(LabelRule(r["name"], kind, re.compile(r["pattern"], re.IGNORECASE), tuple(r.get("examples", ())),
                           tuple(r.get("keep", ()))) for kind in ("prefix", "skip", "cut") for r in raw.get(kind, []))


def _of(kind: str) -> list[LabelRule]:
    return [r for r in label_rules() if r.kind == kind]


def tidy(text: str) -> str:
    """Text with tokenised spacing folded back and runs of white space made one space."""
    text = " ".join(text.split())
    for pattern, repl in _PTB:
        text = pattern.sub(repl, text)
    return text.strip()


def strip_front(text: str) -> str:
    """``text`` without the datelines, timestamps, bylines and bullets it starts with."""
    text = text.strip()
    changed = True
    while changed and text:
        changed = False
        for rule in _of("prefix"):
            m = rule.pattern.match(text)
            if m and m.end() > 0:
                text = text[m.end():].lstrip(" -–—:,|")
                changed = True
    return text


def is_furniture(line: str) -> bool:
    """Whether a whole line is page navigation, a player notice or a comments notice."""
    core = " ".join(line.split())
    return any(r.pattern.fullmatch(core) for r in _of("skip"))


def cut_embedded(text: str) -> str:
    """``text`` up to where a dateline or timestamp the headline ran into begins."""
    ends = [m.start() for r in _of("cut") if (m := r.pattern.search(text))]
    return text[:min(ends)].strip() if ends else text


def shorten(text: str, max_words: int = MAX_WORDS) -> str:
    """At most ``max_words`` words: up to a clause boundary when one falls past the first third, else an
    ellipsis; a sentence's final full stop is dropped."""
    words = text.split()
    if len(words) <= max_words:
        return text.rstrip(" .")
    head = " ".join(words[:max_words])
    bounds = [m.start() for m in _CLAUSE.finditer(head) if m.start() >= len(head) // 3]
    return head[:bounds[-1]].rstrip(" ,;:-") if bounds else head.rstrip(" ,;:-") + "…"


def headline(title: str, text: str) -> str:
    """A headline-like label for an article: its title, else its first usable line, cleaned and shortened."""
    return headline_at(title, text)[0]


def headline_at(title: str, text: str) -> tuple[str, int]:
    """:func:`headline`, and where its line starts in ``text`` (-1: the title, or no usable line)."""
    candidates = [(title, -1)] if title.strip() else []
    start = 0
    for raw in text.split("\n"):
        if len(candidates) >= LINES + (1 if title.strip() else 0):
            break
        if raw.strip():
            candidates.append((raw, start))
        start += len(raw) + 1
    fallback = ("", -1)
    for raw, at in candidates:
        line = tidy(raw)
        if is_furniture(line):
            continue
        line = cut_embedded(strip_front(line))
        if is_furniture(line):
            continue
        label = shorten(line)
        if len(label.split()) >= MIN_WORDS:
            return label, at
        fallback = fallback if fallback[0] else (label, at)
    return fallback
