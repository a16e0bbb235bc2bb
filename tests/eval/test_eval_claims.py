"""`dateline eval claims`: the judged figure pairs scored on the shipped path, and the pinned floors on a subset."""

import json
from pathlib import Path

import pytest

from dateline.eval import claims as claims_eval
from dateline.eval.claims import Found, Prediction, Scores, baseline_predict
from dateline.model import Claim, Document, Qualifier

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared" / "benchmarks"
GOLD = REPO / "benchmarks" / "judged" / "claimpairs" / "items.jsonl"
BASELINE = REPO / "tests" / "eval_baselines" / "claims.json"
needs_bench = pytest.mark.skipif(not (SHARED / "t17").is_dir() or not (SHARED / "ecbplus").is_dir(),
                                 reason="../shared/benchmarks (t17, ecbplus) not available")


def _found(text, figure, counted, value, unit="people"):
    from conftest import make_article

    article = make_article(text)
    at, c_at = text.index(figure), text.index(counted)
    claim = Claim(at, at + len(figure), value, Qualifier.EXACT, unit=unit, counted_start=c_at,
                  counted_end=c_at + len(counted), low=value, high=value)
    return Found(article=article.id, index=0, claim=claim, doc=Document(article=article))


def test_baseline_is_same_unit_and_head_noun():
    a = _found("Officials said 40 boats sank.", "40", "boats", 40, "boat")
    b = _found("Some 55 boats sank in the storm.", "55", "boats", 55, "boat")
    c = _found("About 55 people were rescued.", "55", "people", 55)
    assert baseline_predict(a, b) == Prediction(True, True)
    assert baseline_predict(b, c) == Prediction(False, False)


def test_scores_count_conflicts_by_acceptable_labels_and_recall_by_relation():
    s = Scores()
    s.add({"same_quantity": True, "relation": "compatible", "acceptable": ["compatible", "conflict"]},
          Prediction(True, True))
    s.add({"same_quantity": True, "relation": "conflict", "acceptable": ["conflict"]}, Prediction(True, False))
    s.add({"same_quantity": False, "relation": "different", "acceptable": ["different"]}, Prediction(True, True))
    assert s.conflict.scores()["precision"] == 0.5 and s.conflict.scores()["recall"] == 0.0
    assert s.same.scores()["precision"] == round(2 / 3, 4) and s.same.scores()["recall"] == 1.0


def test_ecb_numbers_are_written_as_printed():
    from dateline.eval.ecb import EcbDocument, EcbToken, news_text

    words = ["Home", "to", "120", ",", "000", "people", "and", "a", "5", ".", "9", "quake", "."]
    toks, pos = [], 0
    for i, w in enumerate(words):
        toks.append(EcbToken(i + 1, 0, w, pos, pos + len(w)))
        pos += len(w) + 1
    doc = EcbDocument("x.xml", 1, "ecb", toks, " ".join(words))
    assert news_text(doc, join_numbers=True).text == "Home to 120,000 people and a 5.9 quake."
    assert news_text(doc).text.startswith("Home to 120, 000")


@needs_bench
def test_every_gold_item_is_loaded_and_located_in_the_benchmarks():
    items = claims_eval.load_items(GOLD)
    srcs = claims_eval.sources(items, SHARED.resolve())
    assert len(items) == 302 and {f["file"] for f in claims_eval.figures(items)} == set(srcs)


@needs_bench
@pytest.mark.slow
def test_pinned_floors_on_the_gate_subset(tmp_path):
    """`dateline eval claims --family H1N1 --check`: the H1N1 items, ingested with the shipped stages."""
    from typer.testing import CliRunner

    from dateline.cli import app

    baseline = json.loads(BASELINE.read_text())
    assert claims_eval.gold_checksum(GOLD) == baseline["gold_checksum"], "the judged set changed: re-pin"
    args = ["eval", "claims", "--gold", str(GOLD), "--bench", str(SHARED), "--workdir", str(tmp_path),
            "--family", baseline["gate_family"], "--check", str(BASELINE), "--format", "json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["rows"]
    assert {r["method"] for r in rows} == {"dateline", "baseline-unit-head"}
