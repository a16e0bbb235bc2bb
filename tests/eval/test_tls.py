"""T17 eval: reference reading, the protocol's numbers, and the pinned floors on a subset of tasks."""

import json

import pytest
from conftest import REPO, SHARED

from dateline.eval import tls
from dateline.settings import Settings

T17 = SHARED / "benchmarks" / "t17"
BASELINE = REPO / "tests" / "eval_baselines" / "tls.json"
needs_t17 = pytest.mark.skipif(not T17.is_dir(), reason="../shared/benchmarks/t17 not available")


def _has_tilse() -> bool:
    import importlib.util

    return importlib.util.find_spec("tilse") is not None


def test_reference_reader_skips_broken_date_lines(tmp_path):
    p = tmp_path / "tl.txt"
    p.write_text("2010-01-02\nOne thing happened .\nAnd more .\n--------------------------------\n"
                 "2010-01-0\nA broken date line .\n--------------------------------\n"
                 "2010-01-05\nAnother thing .\n--------------------------------\n")
    ref = tls.read_reference(p)
    assert [d.isoformat() for d in ref.dates] == ["2010-01-02", "2010-01-05"]
    assert (ref.l, ref.k) == (2, 2)  # 3 sentences over 2 dates, rounded


def test_averaging_is_over_precision_and_recall_then_f():
    a = tls.TaskScore("a", {m: (1.0, 0.0, 0.0) for m in tls.METRICS})
    b = tls.TaskScore("b", {m: (0.0, 1.0, 0.0) for m in tls.METRICS})
    assert tls.average([a, b])["ar1"] == pytest.approx((0.5, 0.5, 0.5))


def test_date_f1():
    from datetime import date

    d = [date(2010, 1, i) for i in range(1, 5)]
    assert tls.date_prf(d[:2], d[1:]) == pytest.approx((0.5, 1 / 3, 0.4))


@needs_t17
def test_task_input_is_limited_to_the_reference_range(tmp_path):
    task = tls.topic_tasks(T17 / "H1N1_guardian")[0]
    n = tls.write_jsonl(task, tmp_path / "c.jsonl")
    records = [json.loads(line) for line in (tmp_path / "c.jsonl").read_text().splitlines()]
    assert n == len(records) > 0
    assert all(task.reference.start.isoformat() <= r["published"] <= task.reference.end.isoformat() for r in records)


@needs_t17
@pytest.mark.slow
# the eval scores what the shipped, fault-isolated pipeline stores; stage failures on T17 are the soak test's
@pytest.mark.stage_failures
@pytest.mark.skipif(not _has_tilse(), reason="tilse (pip) and libxml-parser-perl (apt) are needed to score")
@pytest.mark.xdist_group("t17-gate")  # the stories gate reuses these stores
def test_pinned_floors_on_the_gate_subset(t17_gate_work):
    """`dateline eval tls --check`: cross-validated over the gate's stories, ingested with the default stages."""
    from typer.testing import CliRunner

    from dateline.cli import app

    baseline = json.loads(BASELINE.read_text())
    topics = baseline["topics"]
    assert tls.data_checksum(T17, topics) == baseline["data_checksum"], "T17 reference files changed"
    args = ["eval", "tls", "--t17", str(T17), "--workdir", str(t17_gate_work), "--check", str(BASELINE),
            "--baseline", "datewise", "--format", "json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    ours = [r for r in rows if r["method"] == "dateline-cv"]
    assert {r["task"] for r in ours} - {"average"} == set(topics)
    assert {r["fold"] for r in ours if r["task"] != "average"} == {t.rsplit("_", 1)[0] for t in topics}
    assert max(r["seconds"] for r in ours) <= baseline["max_seconds_per_timeline"]
    # the stores hold every default stage's layers: the eval scores what `dateline run` builds
    from dateline.pipeline import stage_names
    from dateline.store import Store

    with Store(next(t17_gate_work.glob("*.db"))) as store:
        assert store.pending(stage_names(Settings())) == []


@pytest.mark.skipif(not _has_tilse(), reason="tilse (the [eval] extra) is not installed")
def test_tls_score_cli_scores_a_timeline_json(tmp_path):
    from typer.testing import CliRunner

    from dateline.cli import app

    ref = tmp_path / "ref.txt"
    ref.write_text("2020-05-01\nThe city council approved the new harbour budget .\n--------------------------------\n"
                   "2020-05-03\nWorkers began repairing the old harbour wall .\n--------------------------------\n")
    pred = tmp_path / "pred.json"
    pred.write_text(json.dumps({"entries": [
        {"date": "2020-05-01", "summary": ["The city council approved the new harbour budget ."]},
        {"date": "2020-05", "summary": ["A month entry is not scored."]},
        {"date": "2020-05-04", "summary": ["Ferries resumed the crossing to the island ."]},
    ]}))
    result = CliRunner().invoke(app, ["eval", "tls-score", str(pred), str(ref), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["metric"]: r for r in json.loads(result.stdout)}
    assert rows["date"]["precision"] == 0.5 and rows["date"]["recall"] == 0.5
    assert 0 < rows["ar1"]["f1"] < 1
    bad = CliRunner().invoke(app, ["eval", "tls-score", str(ref), str(ref)])
    assert bad.exit_code == 1 and "not a timeline JSON" in bad.output


@needs_t17
def test_the_shipped_model_was_trained_on_every_development_timeline():
    from dateline.timeline.learned import load_model

    model = load_model()
    assert model.notes["data_checksum"] == tls.data_checksum(T17), "retrain: dateline eval tls --train"
    assert sorted(model.trained_on) == sorted(t.name for t in tls.all_tasks(T17))
