"""Same-event linking: the lemma-pair table, the candidate pairs, average-link clustering, the model file."""

import json

import pytest

from dateline.corpus.clusters import Unit
from dateline.corpus.event_links import (
    FEATURES,
    EventModel,
    PairTable,
    average_link,
    candidate_pairs,
    fit,
    link_events,
    load_event_model,
    pair_features,
    ArticleInfo,
)


def mention(article, lemma, *, words=("harbour", "quota"), names=(), sentence=0, agent=()):
    vec = {w: 1 / len(words) ** 0.5 for w in words}
    return Unit(article, sentence, 0, 10, "", "OTHER", vec, frozenset(names), "0", lemma, lemma,
                agent=frozenset(agent))


def test_the_table_keeps_pairs_seen_coreferent_and_same_lemma_rates():
    table = PairTable.count([("kill", "murder", True), ("murder", "kill", False), ("say", "say", False),
                             ("kill", "say", False)])
    assert table.get("murder", "kill") == (1, 2)  # either order
    assert table.get("say", "say") == (0, 1)  # a lemma's own rate is kept even when it never corefers
    assert table.get("kill", "say") == (0, 0)  # a pair that never corefered scores as unseen
    assert table.linked("kill", "murder") and table.linked("quake", "quake") and not table.linked("kill", "say")


def test_only_mentions_whose_lemmas_may_name_one_event_are_compared():
    table = PairTable({"kill|murder": (3, 4)})
    units = [mention("a", "kill"), mention("b", "murder"), mention("c", "kill"), mention("d", "elect")]
    assert candidate_pairs(units, table) == [(0, 1), (0, 2), (1, 2)]


def test_average_link_merges_down_to_the_threshold():
    scores = {(0, 1): 0.9, (1, 2): 0.6, (0, 2): 0.1, (3, 4): 0.2}
    # {0,1} first; then {0,1}+{2} has mean (0.6 + 0.1) / 2 = 0.35
    assert average_link(5, scores, 0.3) == [[0, 1, 2], [3], [4]]
    assert average_link(5, scores, 0.4) == [[0, 1], [2], [3], [4]]
    assert average_link(3, {}, 0.3) == [[0], [1], [2]]


def test_average_link_does_not_depend_on_the_order_of_the_scores():
    scores = {(0, 1): 0.5, (2, 3): 0.5, (1, 2): 0.45, (0, 3): 0.45}
    shuffled = dict(reversed(list(scores.items())))
    assert average_link(4, scores, 0.3) == average_link(4, shuffled, 0.3)


def test_features_follow_the_declared_order():
    a = mention("a", "kill", agent=("gunman",), names=("ortiz",))
    b = mention("b", "kill", agent=("gunman",), names=("ortiz",), sentence=5)
    info = ArticleInfo({"harbo": 1.0}, frozenset({"ortiz"}))
    row = dict(zip(FEATURES, pair_features(a, b, info, info, PairTable())))
    assert len(row) == len(FEATURES)
    assert row["same_lemma"] == 1 and row["agent"] == 1 and row["article_cosine"] == pytest.approx(1.0)
    assert row["same_article"] == 0 and row["both_lead"] == 0 and row["pair_rate"] == 0


def test_a_fitted_model_round_trips_and_separates_its_training_pairs(tmp_path):
    table = PairTable({"kill|kill": (5, 6)})
    same = pair_features(mention("a", "kill", names=("ortiz",)), mention("b", "kill", names=("ortiz",)),
                         ArticleInfo({"x": 1.0}, frozenset()), ArticleInfo({"x": 1.0}, frozenset()), table)
    other = pair_features(mention("a", "kill", words=("chess",)), mention("b", "kill", words=("quota",)),
                          ArticleInfo({"x": 1.0}, frozenset()), ArticleInfo({"y": 1.0}, frozenset()), table)
    model = fit([same, other] * 5, [True, False] * 5, table, threshold=0.5)
    path = tmp_path / "m.json"
    path.write_text(json.dumps(model.to_json()))
    loaded = load_event_model(str(path))
    assert loaded == model
    p_same, p_other = loaded.probabilities([same, other])
    assert p_same > 0.5 > p_other


def test_a_model_of_other_features_is_refused():
    data = load_event_model().to_json()
    data["features"] = data["features"][:-1]
    with pytest.raises(ValueError, match="eval ecb --train"):
        EventModel.from_json(data)


def test_the_shipped_model_links_a_learned_synonym_pair_and_keeps_apart_unrelated_triggers():
    model = load_event_model()
    linked = [(k, v) for k, v in model.table.counts.items() if k.split("|")[0] != k.split("|")[1] and v[0] >= 5]
    assert linked, "the shipped table holds lemma pairs seen coreferent"
    a, b = linked[0][0].split("|")
    units = [mention("x", a, names=("ortiz",)), mention("y", b, names=("ortiz",)), mention("z", "zzzunseen")]
    info = {u.article: ArticleInfo({"harbo": 1.0}, frozenset({"ortiz"})) for u in units}
    groups = link_events(units, info, model)
    assert [2] in groups  # a trigger no training pair links is never compared
