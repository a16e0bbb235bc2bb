"""Coreference metrics on hand-computed cases, and the ECB+ scorer on one topic when the data is there."""

import pytest
from conftest import SHARED

from dateline.eval.coref import b_cubed, ceaf_e, conll, evaluate, muc

KEY = [{"a", "b", "c"}, {"d", "e"}]


def test_perfect_response_scores_one():
    for metric in (muc, b_cubed, ceaf_e):
        assert metric(KEY, KEY) == pytest.approx((1.0, 1.0, 1.0))


def test_all_singletons_have_no_muc_links_and_full_b3_precision():
    singletons = [{m} for c in KEY for m in c]
    assert muc(KEY, singletons)[1] == 0.0
    p, r, _ = b_cubed(KEY, singletons)
    assert p == 1.0 and r == pytest.approx((3 * 1 / 3 + 2 * 1 / 2) / 5)


def test_one_big_cluster_is_penalised_in_precision():
    merged = [{"a", "b", "c", "d", "e"}]
    assert muc(KEY, merged)[0] == pytest.approx(3 / 4)
    assert b_cubed(KEY, merged)[0] == pytest.approx((3 * 3 / 5 + 2 * 2 / 5) / 5)
    assert conll(KEY, merged)["conll"][2] < 1.0


@pytest.mark.skipif(not (SHARED / "benchmarks" / "ecbplus" / "1").is_dir(), reason="ECB+ not available")
def test_ecb_topic_one_scores_sensibly():
    result = evaluate(SHARED / "benchmarks" / "ecbplus", [1])
    assert result["mentions"] > 50
    assert 0.5 < result["metrics"]["conll"][2] <= 1.0
