"""Coreference metrics on hand-computed cases, and the ECB+ gate on the shipped clusterer (dev topics).

The gate cross-validates: the dev topics in GATE_FOLDS folds, each clustered by
the shipped stage with an event model trained on the other dev topics (the
shipped model was trained on these topics too, so scoring it here would score
its training data).
"""

import json
from pathlib import Path

import pytest
from conftest import REPO, SHARED

from dateline.eval.coref import b_cubed, ceaf_e, conll, muc
from dateline.eval.gate import check_floors, checksum

ECB = SHARED / "benchmarks" / "ecbplus"
BASELINE = REPO / "tests" / "eval_baselines" / "ecb_coref.json"
GATE_FOLDS = 4

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


def test_ceaf_e_aligns_clusters_one_to_one():
    # phi4: {a,b,c}~{a,b} = 2*2/5, {d,e}~{c,d,e} = 2*2/5; the best alignment sums 1.6 over 2 clusters each side
    assert ceaf_e(KEY, [{"a", "b"}, {"c", "d", "e"}]) == pytest.approx((0.8, 0.8, 0.8))
    # a response cluster may align to one key cluster only
    assert ceaf_e(KEY, [{"a", "b", "c", "d", "e"}]) == pytest.approx((2 * 3 / 8, 2 * 3 / 8 / 2, 0.5))


# -- the shipped clusterer on ECB+ ----------------------------------------------------------

@pytest.fixture(scope="module")
def ecb_runs(tmp_path_factory):
    """The gate topics through the ingest path once; both groupings of documents scored on that store."""
    if not ECB.is_dir():
        pytest.skip("../shared/benchmarks/ecbplus not available")
    from dateline.eval.ecb import data_files
    from dateline.eval.ecb_train import cross_validate
    from dateline.settings import Settings

    baseline = json.loads(BASELINE.read_text())
    topics = baseline["topics"]
    if checksum(data_files(ECB, topics)) != baseline["checksum"]:
        pytest.skip("ECB+ data differs from the pinned checksum; re-pin tests/eval_baselines/ecb_coref.json")
    workdir = tmp_path_factory.mktemp("ecb")
    settings = Settings(progress=False)
    runs = {mode: cross_validate(ECB, topics, settings, k=GATE_FOLDS, gold_documents=mode == "gold", workdir=workdir)
            for mode in ("predicted", "gold")}
    return baseline, runs, workdir, settings


def gate_metrics(runs: dict) -> dict[str, float]:
    """Flat metrics of the shipped clusterer per grouping, and its CoNLL F1 gain over the stem baseline."""
    out = {}
    for mode, result in runs.items():
        rows = {r["method"]: r for r in result["rows"]}
        for name in ("muc_f1", "b3_f1", "ceaf_e_f1", "conll_f1"):
            out[f"{mode}_{name}"] = rows["shipped"][name]
        out[f"{mode}_gain_over_stem"] = round(rows["shipped"]["conll_f1"] - rows["stem"]["conll_f1"], 4)
    return out


def test_response_holds_every_gold_mention_once(store):
    from dateline.eval.ecb_coref import EcbCorpus, GoldMention, shipped_response
    from dateline.model import Article

    def gold(mid, start):
        return GoldMention(mid, "doc", start, start + 4, "fire", mid, "1:ecb")

    # events are injected in text order: item "0" is m1, "1" is m2 (same span), "2" is m3, "3" is m4
    corpus = EcbCorpus([Article(id="doc", text="fire " * 8, source="1_1ecb.xml")],
                       [gold("m3", 10), gold("m1", 0), gold("m2", 0), gold("m4", 20)], [])
    store.add_article(corpus.articles[0])
    store.set_members("event", [("doc", "0", "e1"), ("doc", "2", "e1"), ("doc", "1", "e2"), ("doc", "s0:2025", "e3")])
    assert sorted(map(sorted, shipped_response(store, corpus))) == [["m1", "m3"], ["m2"], ["m4"]]


def test_baselines_group_within_a_story():
    from dateline.eval.ecb_coref import GoldMention, baseline

    mentions = [GoldMention(mid, article, 0, len(trigger), trigger, instance, "1:ecb")
                for mid, article, trigger, instance in (("m1", "a", "arrested", "i"), ("m2", "b", "arrests", "i"),
                                                        ("m3", "c", "arrested", "j"), ("m4", "a", "quake", "k"))]
    story = {"a": "s1", "b": "s1", "c": "s2"}
    assert sorted(map(sorted, baseline("stem", mentions, story))) == [["m1", "m2"], ["m3"], ["m4"]]
    assert sorted(map(sorted, baseline("story", mentions, story))) == [["m1", "m2", "m4"], ["m3"]]
    assert len(baseline("singletons", mentions, story)) == 4
    with pytest.raises(ValueError):
        baseline("lemma", mentions, story)


def test_each_seminal_event_is_given_to_the_clusters_stage_as_one_story(ecb_runs):
    from dateline.corpus.output import story_articles, thread_articles
    from dateline.eval.ecb_coref import EcbStores
    from dateline.store import Store

    _, runs, workdir, _ = ecb_runs
    folders = list(Path(workdir).glob("ecb-*"))
    events = sorted((folders[0] / "events").glob("*.db"))
    assert len(folders) == 1 and len(events) == runs["gold"]["seminal_events"]
    for path in events:
        with Store(path) as one:
            assert len(story_articles(one)) == 1 and one.members("event")
    with Store(EcbStores(folders[0]).all) as every:
        assert len(thread_articles(every)) == runs["predicted"]["stories"]


@pytest.mark.slow
def test_gate(ecb_runs):
    baseline, runs, _, _ = ecb_runs
    result = check_floors(gate_metrics(runs), BASELINE)
    assert result.ok, result.failures


def test_entity_linking_gate(ecb_runs):
    """The shipped entity linking on the gate topics' entity mentions, from the same stores, beside same-head."""
    from dateline.eval.ecb_entities import evaluate

    baseline, _, workdir, settings = ecb_runs
    result = evaluate(ECB, baseline["topics"], settings, workdir=workdir)
    rows = {(r["mentions"], r["method"]): r for r in result["rows"]}
    metrics = {}
    for group in ("all", "participants", "locations", "times", "names"):
        metrics[f"{group}_conll_f1"] = rows[group, "shipped"]["conll_f1"]
        metrics[f"{group}_gain_over_same_head"] = round(
            rows[group, "shipped"]["conll_f1"] - rows[group, "same-head"]["conll_f1"], 4)
    gate = check_floors(metrics, REPO / "tests" / "eval_baselines" / "ecb_entities.json")
    assert gate.ok, gate.failures


def _random_clustering(rng, universe: list[str]) -> list[set[str]]:
    """A partition of a random subset of ``universe`` into random clusters."""
    chosen = [m for m in universe if rng.random() < 0.8]
    rng.shuffle(chosen)
    clusters: list[set[str]] = []
    for m in chosen:
        if clusters and rng.random() < 0.6:
            rng.choice(clusters).add(m)
        else:
            clusters.append({m})
    return clusters


@pytest.mark.filterwarnings("ignore:divide by zero:RuntimeWarning")  # scorch's harmonic mean of a zero score
def test_the_metrics_agree_with_scorch_on_random_clusterings_of_different_mentions():
    """MUC, B³ and CEAF-e beside an independent implementation (scorch), the mention sets of key and response
    differing as predicted mentions do."""
    import random
    import statistics

    scores = pytest.importorskip("scorch.scores", reason="scorch is in the test extra")
    rng = random.Random(2012)
    differing = 0
    for _ in range(600):
        universe = [f"m{i}" for i in range(rng.randint(2, 25))]
        key, response = _random_clustering(rng, universe), _random_clustering(rng, universe)
        if not key or not response:
            continue
        differing += set().union(*key) != set().union(*response)
        for ours, theirs in ((muc, scores.muc), (b_cubed, scores.b_cubed), (ceaf_e, scores.ceaf_e)):
            try:
                r, p, f = theirs(key, response)
            except statistics.StatisticsError:  # scorch cannot take the harmonic mean of two zero scores
                assert not any(k & c for k in key for c in response)  # which only nothing shared gives
                r = p = f = 0.0
            assert ours(key, response) == pytest.approx((p, r, f), abs=1e-9), (ours.__name__, key, response)
    assert differing > 500  # most pairs hold mentions only one side has


def test_a_key_mention_the_response_left_out_is_missed():
    p, r, _ = b_cubed([{"a", "b"}], [{"a"}])
    assert (p, r) == pytest.approx((1.0, 0.5 * 1 / 2))  # a: 1 of its 2 key partners found; b: missed
