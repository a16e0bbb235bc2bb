"""Remove scraper debris from article text, line by line.

Two kinds of debris are removed:

* per-document debris ("Oops!", share bars, "Advertisement", cookie notices,
  lone bullets) found by the rules in ``data/debris.toml``, each rule with
  examples and counter-examples that run as tests;
* per-source boilerplate: lines that many articles of one outlet share
  (a sign-off, a newsletter plug), found by counting, not by rules.

Cleanup only ever drops whole lines. A line that is kept is kept character for
character, so offsets computed later point into text a reader can recognise.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from ..settings import Settings

if TYPE_CHECKING:  # a runtime import would cycle through dateline.ingest's orchestrator
    from .base import RawDoc

log = logging.getLogger(__name__)

# Debris lines are short; a longer line is always kept, which also keeps the
# per-line cost constant on very large files.
MAX_DEBRIS_CHARS = 400

# Characters that start a list item or stand alone where a list item was.
BULLETS = "•·◦▪▫●○■□‣⁃∙*–—-"
_BULLET_PREFIX = re.compile(rf"[\s{re.escape(BULLETS)}]+")


@dataclass(frozen=True)
class DebrisRule:
    """A named whole-line pattern with the lines it must and must not remove."""

    name: str
    pattern: re.Pattern[str]
    examples: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()


@dataclass(frozen=True)
class DebrisRules:
    """All debris rules, compiled once into a single alternation."""

    rules: tuple[DebrisRule, ...]
    combined: re.Pattern[str]

    def match(self, line: str) -> str | None:
        """Name of the rule that makes ``line`` debris (``"lone-bullet"`` included), or None."""
        core = line.strip()
        had_bullet = False
        if core and core[0] in BULLETS:
            core = _BULLET_PREFIX.sub("", core, count=1)
            had_bullet = True
        if not core:
            return "lone-bullet" if had_bullet else None
        if len(core) > MAX_DEBRIS_CHARS:
            return None
        found = self.combined.fullmatch(core)
        if found is None:
            return None
        # The alternation names its groups r0, r1, ...; exactly one took part.
        index = next(int(k[1:]) for k, v in found.groupdict().items() if v is not None)
        return self.rules[index].name


@cache
def load_rules() -> DebrisRules:
    """The debris rules of ``dateline/data/debris.toml``, compiled (cached)."""
    raw = resources.files("dateline").joinpath("data/debris.toml").read_text(encoding="utf-8")
    return parse_rules(raw)


def parse_rules(toml_text: str) -> DebrisRules:
    """Compile debris rules from TOML text (``[[rule]]`` tables with name, pattern, examples, keep)."""
    rules = []
    for entry in tomllib.loads(toml_text).get("rule", []):
        rules.append(DebrisRule(
            name=entry["name"],
            pattern=re.compile(entry["pattern"], re.IGNORECASE),
            examples=tuple(entry.get("examples", ())),
            keep=tuple(entry.get("keep", ())),
        ))
    combined = "|".join(f"(?P<r{i}>{rule.pattern.pattern})" for i, rule in enumerate(rules))
    return DebrisRules(tuple(rules), re.compile(combined, re.IGNORECASE))


def _is_blank(line: str) -> bool:
    return not line.strip()


def _join_collapsing_blanks(lines: Sequence[str]) -> str:
    """Join lines, folding every run of blank lines into one empty line and trimming the ends."""
    out: list[str] = []
    for line in lines:
        if _is_blank(line):
            if out and out[-1] != "":
                out.append("")
        else:
            out.append(line)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)


def clean_text(text: str, rules: DebrisRules | None = None) -> str:
    """Text with debris lines removed and blank runs folded to one blank line."""
    rules = rules or load_rules()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept = [line for line in lines if rules.match(line) is None]
    return _join_collapsing_blanks(kept)


def _line_key(line: str) -> str:
    # Compare lines by their words, so a trailing space or a different indent
    # does not hide a repeated sign-off.
    return " ".join(line.split())


def repeated_lines(texts: Sequence[str], settings: Settings) -> frozenset[str]:
    """Line keys present in enough of ``texts`` to count as one source's boilerplate."""
    if len(texts) < settings.boilerplate_min_articles:
        return frozenset()
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update({_line_key(line) for line in text.split("\n")} - {""})
    needed = max(settings.boilerplate_min_articles, settings.boilerplate_min_share * len(texts))
    return frozenset(key for key, n in counts.items() if n >= needed)


def remove_repeated_lines(docs: Sequence[RawDoc], settings: Settings) -> list[RawDoc]:
    """The same documents, in order, without the lines repeated across many articles of their source."""
    by_source: dict[str, list[int]] = defaultdict(list)
    for i, doc in enumerate(docs):
        by_source[doc.source.strip().casefold()].append(i)
    result = list(docs)
    for source, indexes in by_source.items():
        boiler = repeated_lines([docs[i].text for i in indexes], settings)
        if not boiler:
            continue
        log.info("source %r: %d boilerplate line(s) removed from %d articles",
                 source or "(unknown)", len(boiler), len(indexes))
        for i in indexes:
            lines = docs[i].text.split("\n")
            kept = [line for line in lines if _line_key(line) not in boiler]
            if len(kept) != len(lines):
                result[i] = replace(docs[i], text=_join_collapsing_blanks(kept))
    return result
