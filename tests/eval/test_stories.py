"""`dateline eval stories`: the scoring on hand-made groupings, and the pinned floors on the T17 gate topics."""

import json

import pytest
from conftest import REPO, SHARED, make_article

from dateline.eval import stories

T17 = SHARED / "benchmarks" / "t17"
BASELINE = REPO / "tests" / "eval_baselines" / "stories.json"


def test_gold_topic_is_the_folder_name_before_the_underscore():
    assert stories.gold_topic("bpoil_reuters") == stories.gold_topic("bpoil_bbc") == "bpoil"


def test_scores_count_articles_alone_in_their_story():
    gold = [{"a", "b", "c"}, {"d"}]
    figures = stories.score(gold, [{"a", "b"}, {"c"}, {"d"}])
    assert figures["b3_p"] == 1.0 and figures["stories"] == 3
    assert figures["singleton_share"] == 0.5  # c and d are alone
    assert stories.score(gold, [{"a", "b", "c", "d"}])["b3_p"] < 1.0


def test_baselines_group_the_same_articles_by_day_and_all_in_one(store):
    for text, day, ext in (("Oil reached the coast of the gulf.", "2010-05-01", "bpoil_x/2010-05-01/1.txt"),
                           ("The well was capped at last.", "2010-05-01", "bpoil_y/2010-05-01/2.txt"),
                           ("Flu cases rose in the city.", "2010-05-02", "H1N1_x/2010-05-02/3.txt")):
        store.add_article(make_article(text, published=day, external_id=ext))
    articles = stories.article_topics(store)
    assert sorted(t for t, _ in articles.values()) == ["H1N1", "bpoil", "bpoil"]
    groups = stories.groupings(store, articles)
    assert sorted(map(len, groups["one per day"])) == [1, 2]
    assert groups["all in one"] == [set(articles)]


def test_gate_metrics_hold_the_worst_folder():
    shipped = {"b3_p": 0.9, "b3_r": 0.8, "b3_f1": 0.85, "stories": 3, "singleton_share": 0.0}
    result = {"mixed": {"shipped": shipped},
              "per_folder": {"a": {"shipped": {**shipped, "singleton_share": 0.02}},
                             "b": {"shipped": {**shipped, "singleton_share": 0.1}}}}
    assert stories.gate_metrics(result)["worst_folder_not_alone"] == 0.9


@pytest.mark.slow
@pytest.mark.xdist_group("t17-gate")  # the tls gate's stores are reused: one ingest of each topic
@pytest.mark.stage_failures
@pytest.mark.skipif(not T17.is_dir(), reason="../shared/benchmarks/t17 not available")
def test_pinned_floors_on_the_gate_subset(t17_gate_work):
    """`dateline eval stories --check` on the gate topics: the mixed store's B³ and each folder's singletons."""
    from typer.testing import CliRunner

    from dateline.cli import app

    baseline = json.loads(BASELINE.read_text())
    args = ["eval", "stories", "--t17", str(T17), "--workdir", str(t17_gate_work), "--check", str(BASELINE),
            "--format", "json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["folders"] == sorted(baseline["topics"])
    rows = {(r["store"], r["method"]): r for r in out["rows"]}
    # the shipped stories beat both baselines of the same command on the mixed store
    assert rows["mixed", "shipped"]["b3_f1"] > max(rows["mixed", m]["b3_f1"] for m in ("one per day", "all in one"))
