"""ECB+ reader and the mention-detection eval gate (dev topics, read from ../shared)."""

import json
from pathlib import Path

import pytest

from dateline.eval.ecb import data_files, evaluate, match_spans, read_ecb
from dateline.eval.gate import check_floors, checksum

from .conftest import SHARED

ECB = SHARED / "benchmarks" / "ecbplus"
BASELINE = Path(__file__).resolve().parents[1] / "eval_baselines" / "ecb_mentions.json"
needs_ecb = pytest.mark.skipif(not ECB.is_dir(), reason="shared ECB+ corpus not present")


@pytest.mark.parametrize("gold,pred,strict,tp", [
    ([(0, 5)], [(0, 5)], True, 1),
    ([(0, 5)], [(2, 4)], True, 0),
    ([(0, 5)], [(2, 4)], False, 1),
    ([(0, 5)], [(2, 4), (3, 5)], False, 1),  # one gold mention matches once
    ([(0, 5)], [(6, 9)], False, 0),  # negative row
])
def test_match_spans(gold, pred, strict, tp):
    assert match_spans(gold, pred, strict=strict) == tp


@needs_ecb
def test_reader_rebuilds_text_and_offsets():
    docs = read_ecb(ECB, [1])
    assert docs and all(d.topic == 1 for d in docs)
    for d in docs[:5]:
        for t in d.tokens:
            assert d.text[t.start:t.end] == t.text
        for m in d.mentions:
            assert d.text[m.start:m.end].split()[0] == next(t.text for t in d.tokens if t.t_id == m.token_ids[0])
    assert any(m.instance for d in docs for m in d.mentions)
    assert {d.subtopic for d in docs} == {"ecb", "ecbplus"}


@needs_ecb
def test_gate(nlp):
    baseline = json.loads(BASELINE.read_text())
    topics = baseline["topics"]
    if checksum(data_files(ECB, topics)) != baseline["checksum"]:
        pytest.skip("ECB+ data differs from the pinned checksum; re-pin the baseline")
    metrics = evaluate(ECB, topics, nlp)
    result = check_floors(metrics, BASELINE)
    assert result.ok, result.failures
