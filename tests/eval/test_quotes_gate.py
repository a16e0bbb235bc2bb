"""The quotes gates: PolNeAR dev and the judged development set, through the ingest path, beside the baseline."""

import json

import pytest
from conftest import REPO, SHARED

from dateline.eval.gate import check_floors, checksum

POLNEAR = SHARED / "benchmarks" / "polnear"
JUDGED = REPO / "benchmarks" / "judged" / "quotes"


def _baseline(name):
    return json.loads((REPO / "tests" / "eval_baselines" / name).read_text())


@pytest.fixture(scope="module")
def polnear(tmp_path_factory):
    if not (POLNEAR / "dev.gold.jsonl").is_file():
        pytest.skip("../shared/benchmarks/polnear not available")
    from dateline.eval.quotes import evaluate_polnear, read_polnear
    from dateline.settings import Settings

    pinned = _baseline("quotes_polnear.json")
    files = [g.path for g in read_polnear(POLNEAR, "dev")] + [POLNEAR / "dev.gold.jsonl"]
    if checksum(files) != pinned["checksum"]:
        pytest.skip("PolNeAR dev differs from the pinned checksum; re-pin tests/eval_baselines/quotes_polnear.json")
    return pinned, evaluate_polnear(POLNEAR, "dev", Settings(progress=False),
                                    workdir=tmp_path_factory.mktemp("polnear"))


def polnear_metrics(result):
    rows = {r["method"]: r for r in result["rows"]}
    out = {}
    for method in ("shipped", "baseline"):
        for role in ("content", "source", "cue"):
            for m in ("exact_f1", "overlap_f1"):
                out[f"{method}_{role}_{m}"] = rows[method][role][m]
    out["gain_content_overlap_f1"] = round(out["shipped_content_overlap_f1"] - out["baseline_content_overlap_f1"], 4)
    out["gain_source_exact_f1"] = round(out["shipped_source_exact_f1"] - out["baseline_source_exact_f1"], 4)
    return out


def test_polnear_gate(polnear):
    pinned, result = polnear
    assert result["articles"] >= 80  # every dev article stored and analysed (a few near-duplicates at most)
    gate = check_floors(polnear_metrics(result), REPO / "tests" / "eval_baselines" / "quotes_polnear.json")
    assert gate.ok, gate.failures


@pytest.fixture(scope="module")
def judged(tmp_path_factory):
    bench = SHARED / "benchmarks"
    if not (bench / "t17").is_dir():
        pytest.skip("../shared/benchmarks/t17 not available")
    from dateline.eval.judged_quotes import evaluate
    from dateline.settings import Settings

    return evaluate(JUDGED, bench, Settings(progress=False), workdir=tmp_path_factory.mktemp("judged"))


def test_judged_gate(judged):
    rows = {(r["method"], r["half"]): r for r in judged["rows"]}
    assert judged["items"] == sum(r["items"] for (m, _), r in rows.items() if m == "shipped")
    metrics = {f"{m}_{h}_{k}": rows[m, h][k] for (m, h) in rows
               for k in ("speaker_right", "content_overlap_f1", "named_precision")}
    gate = check_floors(metrics, REPO / "tests" / "eval_baselines" / "quotes_judged.json")
    assert gate.ok, gate.failures
