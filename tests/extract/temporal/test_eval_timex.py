"""TE3-style timex scoring, TimeML in and out, and the eval gate on TBAQ."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from dateline.eval.gate import check_floors, checksum
from dateline.eval.timex import TimexReport, evaluate_timex, iter_timeml, score_document, value_errors
from dateline.extract.temporal import extract_times
from dateline.extract.temporal.timeml import GoldTimex, read_timeml, to_timeml
from dateline.model import TimeExpression, TimexType

REPO = Path(__file__).resolve().parents[3]
TBAQ = REPO.parent / "shared" / "benchmarks" / "tempeval3" / "tbaq-cleaned"
BASELINE = REPO / "tests" / "eval_baselines" / "timex.json"

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>x</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2024-03-21" functionInDocument="CREATION_TIME">2024-03-21</TIMEX3></DCT>
<TEXT>Rain fell <TIMEX3 tid="t1" type="DATE" value="2024-03-19">Tuesday</TIMEX3> for <TIMEX3 tid="t2" type="DURATION" value="P3H">three hours</TIMEX3> &amp; more.</TEXT>
</TimeML>
"""


def test_read_timeml(tmp_path):
    p = tmp_path / "x.tml"
    p.write_text(TML)
    doc = read_timeml(p)
    assert doc.dct == date(2024, 3, 21)
    assert doc.text == "Rain fell Tuesday for three hours & more."
    assert [(doc.text[g.start : g.end], g.type, g.value) for g in doc.timexes] == [
        ("Tuesday", "DATE", "2024-03-19"),
        ("three hours", "DURATION", "P3H"),
    ]


def test_timeml_round_trip(tmp_path):
    text = "Rain fell Tuesday for three hours & more."
    p = tmp_path / "y.tml"
    p.write_text(to_timeml(text, extract_times(text, date(2024, 3, 21)), date(2024, 3, 21)))
    doc = read_timeml(p)
    assert doc.text == text
    assert [g.value for g in doc.timexes] == ["2024-03-19", "PT3H"]


def _t(start, end, value="2024-03-19", type=TimexType.DATE):
    return TimeExpression(start, end, type, value)


def test_score_document_strict_relaxed_and_attributes():
    gold = [GoldTimex(0, 7, "DATE", "2024-03-19"), GoldTimex(20, 31, "DURATION", "P3H")]
    system = [_t(0, 7), _t(16, 31, "P3H", TimexType.DURATION), _t(40, 45)]
    c = score_document(gold, system)
    assert (c.gold, c.system, c.strict, c.relaxed, c.type_ok, c.value_ok) == (2, 3, 1, 2, 2, 2)
    m = TimexReport(1, c, 100, 1.0).metrics()
    assert m["strict_precision"] == pytest.approx(1 / 3) and m["strict_recall"] == 0.5
    assert m["relaxed_f1"] == pytest.approx(0.8) and m["value_f1"] == pytest.approx(0.8)


def test_value_errors_are_classed_by_type_and_value_shapes():
    gold = [GoldTimex(0, 7, "DATE", "2024-03-19"), GoldTimex(20, 31, "DURATION", "P3H"), GoldTimex(50, 55, "DATE", "2024")]
    system = [_t(0, 13, "2024-03-19TNI"), _t(16, 31, "P3H", TimexType.DURATION), _t(50, 55, "2023")]
    assert value_errors(gold, system) == {("DATE", "9999-99-99", "9999-99-99TNI"): 1, ("DATE", "9999", "9999"): 1}
    assert not value_errors(gold[1:2], system[1:2])


def test_eval_gate_on_tbaq():
    if not TBAQ.is_dir():
        pytest.skip("../shared/benchmarks/tempeval3/tbaq-cleaned is not available")
    baseline = json.loads(BASELINE.read_text())
    assert checksum(iter_timeml(TBAQ)) == baseline["checksum"], "the benchmark data changed: re-pin the floors"
    metrics = evaluate_timex(TBAQ).metrics()
    result = check_floors(metrics, BASELINE)
    assert result.ok, result.failures
