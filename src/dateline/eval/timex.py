"""Score time expressions against TimeML gold, the TempEval-3 way.

Spans: strict (same offsets) and relaxed (overlap) precision, recall and F1,
each gold and each system timex used in at most one match. Attributes: on
relaxed matches, the share with the gold type / value (accuracy), and the
attribute F1 = relaxed F1 x accuracy, as TE3 reports it (UzZaman et al. 2013,
"SemEval-2013 Task 1: TempEval-3", section 5). The DCT is not scored: it sits
outside ``<TEXT>`` and the system receives it as input.
"""

from __future__ import annotations

import logging
import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..extract.temporal import extract_times
from ..extract.temporal.timeml_extent import timeml_view
from ..extract.temporal.tagger import Tagger
from ..extract.temporal.timeml import GoldTimex, TimeMLDocument, read_timeml
from ..model import TimeExpression

log = logging.getLogger(__name__)


@dataclass
class TimexCounts:
    """Match counts summed over documents."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0

    def add(self, other: "TimexCounts") -> None:
        """Add another document's counts to these."""
        for k, v in asdict(other).items():
            setattr(self, k, getattr(self, k) + v)


@dataclass(frozen=True)
class TimexReport:
    """Scores of one run over a directory of TimeML files."""

    documents: int
    counts: TimexCounts
    chars: int
    seconds: float
    # (gold type, gold value's shape, system value's shape) -> relaxed matches with the wrong value
    value_errors: Counter = field(default_factory=Counter)

    def metrics(self) -> dict[str, float]:
        """Named metrics, as the eval gate's floors name them."""
        c = self.counts
        p_s, r_s = _div(c.strict, c.system), _div(c.strict, c.gold)
        p_r, r_r = _div(c.relaxed, c.system), _div(c.relaxed, c.gold)
        f_r = _f1(p_r, r_r)
        type_acc, value_acc = _div(c.type_ok, c.relaxed), _div(c.value_ok, c.relaxed)
        return {
            "strict_precision": p_s,
            "strict_recall": r_s,
            "strict_f1": _f1(p_s, r_s),
            "relaxed_precision": p_r,
            "relaxed_recall": r_r,
            "relaxed_f1": f_r,
            "type_accuracy": type_acc,
            "type_f1": f_r * type_acc,
            "value_accuracy": value_acc,
            "value_f1": f_r * value_acc,
            "chars_per_second": _div(self.chars, self.seconds),
        }


def _div(a: float, b: float) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def relaxed_pairs(gold: Sequence[GoldTimex], system: Sequence[TimeExpression]) -> Iterator[tuple[GoldTimex, TimeExpression]]:
    """Each gold timex with the system timex it matches, relaxed (overlap): the exact span first, else the
    first overlapping one not yet used; each system timex used once."""
    used: set[int] = set()
    for g in gold:
        best = None
        for i, s in enumerate(system):
            if i in used or s.end <= g.start or s.start >= g.end:
                continue
            if (s.start, s.end) == (g.start, g.end):
                best = i
                break
            if best is None:
                best = i
        if best is not None:
            used.add(best)
            yield g, system[best]


def score_document(gold: Sequence[GoldTimex], system: Sequence[TimeExpression]) -> TimexCounts:
    """Counts for one document: strict and relaxed matches, type and value agreement."""
    c = TimexCounts(gold=len(gold), system=len(system))
    strict_spans = {(g.start, g.end) for g in gold}
    c.strict = sum(1 for s in system if (s.start, s.end) in strict_spans)
    for g, s in relaxed_pairs(gold, system):
        c.relaxed += 1
        c.type_ok += s.type.value == g.type
        c.value_ok += s.value == g.value
    return c


def value_shape(value: str | None) -> str:
    """A value with its digits as 9: the class of a value error ("1998-Q4" -> "9999-Q9").

    >>> value_shape("1998-02-04TNI"), value_shape("P2Y"), value_shape(None)
    ('9999-99-99TNI', 'P9Y', '-')
    """
    return re.sub(r"\d", "9", value) if value else "-"


def value_errors(gold: Sequence[GoldTimex], system: Sequence[TimeExpression]) -> Counter:
    """The relaxed matches of one document whose value is wrong, by (gold type, gold shape, system shape)."""
    return Counter((g.type, value_shape(g.value), value_shape(s.value))
                   for g, s in relaxed_pairs(gold, system) if s.value != g.value)


def iter_timeml(directory: Path) -> Iterable[Path]:
    """The .tml files under ``directory``, sorted."""
    return sorted(Path(directory).rglob("*.tml"))


def evaluate_timex(directory: Path, *, tagger: Tagger | None = None) -> TimexReport:
    """Tag and resolve every TimeML file under ``directory`` and score against its gold."""
    tagger = tagger or Tagger()
    docs: list[TimeMLDocument] = [read_timeml(p) for p in iter_timeml(directory)]
    total = TimexCounts()
    errors: Counter = Counter()
    chars = 0
    seconds = 0.0
    for doc in docs:
        t0 = time.perf_counter()
        # scored as TimeML output shows them (the guidelines' extent, timeml_extent.timeml_view)
        system = timeml_view(doc.text, extract_times(doc.text, doc.dct, tagger=tagger), doc.dct, tagger=tagger)
        seconds += time.perf_counter() - t0
        chars += len(doc.text)
        total.add(score_document(doc.timexes, system))
        errors.update(value_errors(doc.timexes, system))
    log.info("scored %d TimeML documents from %s", len(docs), directory)
    return TimexReport(len(docs), total, chars, seconds, errors)
