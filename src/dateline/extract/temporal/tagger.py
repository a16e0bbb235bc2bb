"""Find time expressions in text: the extract half of extract-then-anchor.

The tagger never looks at a date: it returns each expression's span, type and
*underspecified* value (``XXXX-10-07``, ``=WD 4 0``, ``=OFF Y -1 dct``), which
:mod:`.resolve` anchors. Only word starts are visited, and at each only the
rules that can begin with its character (:mod:`.dispatch`), first through one
alternation of them (a single C-level test), then one by one where that
alternation matched; where matches overlap, the longest wins.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from ...model import TimeExpression
from .dispatch import key
from .normalize import render
from .rules import Rule, RuleSet, load_rules

log = logging.getLogger(__name__)

SUFFIX_MARK = " ~"  # separates a value template from the suffix its rule appends
_WORD_START = re.compile(r"(?<![\w'’])[\w'’]")


@dataclass(frozen=True, slots=True)
class _Match:
    start: int
    end: int
    index: int  # rule index in the rule set
    match: re.Match[str]


class Tagger:
    """Finds TIMEX3 expressions with the rule tables; compiled once per instance."""

    def __init__(self, rules: RuleSet | None = None):
        self.rules = rules or load_rules()

    def tag(self, text: str) -> list[TimeExpression]:
        """Time expressions of ``text`` in order, values underspecified (not yet anchored)."""
        out: list[TimeExpression] = []
        starts = self.rules.dispatch.starts.search
        pos = 0
        while (s := starts(text, pos)) is not None:
            at = s.start()
            if not self._gate(text, at):
                pos = at + 1
                continue
            chosen, end = self._cluster(text, at)
            for cand in chosen:
                out.extend(self._build(text, cand))
            pos = max(end, at + 1)
        return out

    def _gate(self, text: str, pos: int) -> bool:
        """Whether any rule that can start with the character at ``pos`` matches there."""
        ch = text[pos]
        gate = self.rules.gates.get(key(ch))
        if gate is None:
            if ch.isascii():
                gate = self.rules.gate_any
            else:  # a non-ASCII letter may case-fold into a rule's first letter: try every rule
                return self._longest_at(text, pos) is not None
        return gate is not None and gate.match(text, pos) is not None

    def _longest_at(self, text: str, pos: int) -> _Match | None:
        best: _Match | None = None
        compiled = self.rules.compiled
        for i in self.rules.dispatch.rules_at(text[pos]):
            m = compiled[i].match(text, pos)
            if m and m.end() > m.start() and (best is None or m.end() > best.end):
                best = _Match(m.start(), m.end(), i, m)
        return best

    def _cluster(self, text: str, start: int) -> tuple[list[_Match], int]:
        """Overlapping candidates from ``start`` on, reduced to the longest non-overlapping ones."""
        first = self._longest_at(text, start)
        if first is None:  # the gate matched an empty span only
            return [], start + 1
        cands = [first]
        end = first.end
        probe = start + 1
        # a candidate starting inside the span may reach past it ("on Tuesday night")
        while probe < end:
            w = _WORD_START.search(text, probe, end)
            if w is None:
                break
            cand = self._longest_at(text, w.start())
            if cand is not None and cand.end > end:
                cands.append(cand)
                end = cand.end
            probe = w.start() + 1
        cands.sort(key=lambda c: (-(c.end - c.start), c.start))
        chosen: list[_Match] = []
        for c in cands:
            if all(c.end <= o.start or c.start >= o.end for o in chosen):
                chosen.append(c)
        chosen.sort(key=lambda c: c.start)
        return chosen, end

    def _build(self, text: str, cand: _Match) -> list[TimeExpression]:
        rule: Rule = self.rules.rules[cand.index]
        if rule.refuse:
            return []
        groups = cand.match.groupdict()
        try:
            mod = render(rule.mod, groups) if rule.mod else ""
            suffix = render(rule.suffix, groups) if rule.suffix else ""
            if rule.split:
                spans = [cand.match.span(g) for g in rule.split]
                values = [render(rule.value, groups), render(rule.value2, groups)]
            else:
                spans = [(cand.start, cand.end)]
                values = [render(rule.value, groups)]
        except (KeyError, ValueError) as exc:  # a group the normalizer cannot read
            log.debug("rule %s could not normalize %r: %s", rule.name, text[cand.start : cand.end], exc)
            return []
        out = []
        for (s, e), value in zip(spans, values):
            if s < 0:
                continue
            if suffix:
                value += SUFFIX_MARK + suffix
            out.append(
                TimeExpression(
                    start=s,
                    end=e,
                    type=rule.type,
                    value=value,
                    rule=rule.name,
                    underspecified=value,
                    mod="" if mod == "X" else mod,
                )
            )
        return out


_DEFAULT: Tagger | None = None


def default_tagger() -> Tagger:
    """A shared Tagger over the packaged rules (built on first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Tagger()
    return _DEFAULT
