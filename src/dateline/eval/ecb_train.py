"""Training the same-event model on ECB+ (:mod:`dateline.corpus.event_links`), and its cross-validation by topic.

The training data are the event mentions the clusters stage stored for the
ECB+ articles (``event_unit`` objects, built from ECB+'s gold action mentions,
see :mod:`.ecb_coref`), labelled by their gold cross-document instance. Pairs
are taken within a topic, as the clusterer compares mentions within a story.
A pair's lemma-pair features are counted on the *other* training topics, so
the model learns how much a pair seen elsewhere is worth, as it will be used on
topics it has not seen.
"""

from __future__ import annotations

import json
import logging
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..corpus.cluster_stage import _unit, recluster
from ..corpus.clusters import Unit
from ..corpus.output import event_articles, event_units, story_articles, thread_articles
from ..corpus.event_links import (
    ArticleInfo,
    EventModel,
    PairTable,
    candidate_pairs,
    fit,
    pair_features,
    pair_key,
)
from ..protocols import CorpusReader
from ..settings import Settings
from ..store import Store
from .ecb_coref import (
    BASELINES,
    TOPICS,
    EcbCorpus,
    ecb_corpus,
    gold_settings,
    in_order,
    report,
    shipped_response,
    stores_for,
)

log = logging.getLogger(__name__)

# The average-link threshold of the shipped model: the best of 0.25-0.4 in 5-fold cross-validation
# by topic on ECB+ topics 1-35 (gold seminal events and predicted stories alike; see docs/evaluation.md).
THRESHOLD = 0.3


@dataclass(frozen=True)
class Labelled:
    """A stored event mention with its gold instance and topic."""

    unit: Unit
    instance: str
    topic: int


def labelled_units(store: CorpusReader, corpus: EcbCorpus) -> list[Labelled]:
    """The stored event mentions of the corpus' articles, each with its gold mention's instance."""
    gold = {a: in_order(ms) for a, ms in corpus.by_article().items()}
    out = []
    for o in event_units(store).values():
        mentions = gold.get(o["article"], [])
        if not o.get("trigger") or not o["item"].isdigit() or int(o["item"]) >= len(mentions):
            continue
        m = mentions[int(o["item"])]
        out.append(Labelled(_unit(o), m.instance, int(m.seminal.split(":")[0])))
    return sorted(out, key=lambda x: (x.unit.article, int(x.unit.item)))


def topic_counts(units: Sequence[Labelled]) -> tuple[Counter[str], Counter[str]]:
    """(coreferent, all) mention pairs per lemma pair within one topic, counted from lemma frequencies."""
    per_lemma = Counter(u.unit.lemma for u in units if u.unit.lemma)
    per_instance: dict[str, Counter[str]] = defaultdict(Counter)
    for u in units:
        if u.unit.lemma:
            per_instance[u.instance][u.unit.lemma] += 1
    return _pairs(per_instance.values()), _pairs([per_lemma])


def _pairs(groups: Iterable[Counter[str]]) -> Counter[str]:
    out: Counter[str] = Counter()
    for counts in groups:
        lemmas = sorted(counts)
        for i, a in enumerate(lemmas):
            out[pair_key(a, a)] += counts[a] * (counts[a] - 1) // 2
            for b in lemmas[i + 1:]:
                out[pair_key(a, b)] += counts[a] * counts[b]
    return +out


def table_of(counts: Mapping[int, tuple[Counter[str], Counter[str]]], topics: Iterable[int]) -> PairTable:
    """The lemma-pair table of some topics."""
    pos: Counter[str] = Counter()
    tot: Counter[str] = Counter()
    for t in topics:
        pos.update(counts[t][0])
        tot.update(counts[t][1])
    return PairTable({k: (pos[k], n) for k, n in sorted(tot.items())
                      if pos[k] or k.split("|")[0] == k.split("|")[1]})


def train_model(store: CorpusReader, corpus: EcbCorpus, topics: Iterable[int], *, trained_on: str = "") -> EventModel:
    """The event model trained on the stored mentions of ``topics`` (pairs within each topic)."""
    topics = sorted(set(topics))
    by_topic: dict[int, list[Labelled]] = defaultdict(list)
    for u in labelled_units(store, corpus):
        if u.topic in topics:
            by_topic[u.topic].append(u)
    articles = {i: ArticleInfo.from_json(o) for i, o in event_articles(store).items()}
    counts = {t: topic_counts(by_topic[t]) for t in topics}
    rows: list[list[float]] = []
    labels: list[bool] = []
    empty = ArticleInfo({}, frozenset())
    for t in topics:
        table = table_of(counts, [o for o in topics if o != t])  # what the other topics say of these lemmas
        units = by_topic[t]
        for i, j in candidate_pairs([u.unit for u in units], table):
            a, b = units[i], units[j]
            rows.append(pair_features(a.unit, b.unit, articles.get(a.unit.article, empty),
                                      articles.get(b.unit.article, empty), table))
            labels.append(a.instance == b.instance)
    if not rows or len(set(labels)) < 2:
        raise ValueError(f"ECB+ topics {topics}: too few mention pairs to train an event model")
    log.info("event model: %d pairs (%d coreferent) from %d topics", len(rows), sum(labels), len(topics))
    present = [t for t in topics if by_topic[t]]
    return fit(rows, labels, table_of(counts, topics), threshold=THRESHOLD,
               trained_on=trained_on or f"ECB+ topics {','.join(map(str, present))}")


def folds(topics: Sequence[int], k: int) -> list[list[int]]:
    """``k`` folds of topics, every k-th topic in one (each fold mixes early and late topics)."""
    ordered = sorted(set(topics))
    return [ordered[i::k] for i in range(k) if ordered[i::k]]


def cross_validate(directory: str | Path, topics: Iterable[int] = TOPICS, settings: Settings | None = None, *,
                   k: int = 5, gold_documents: bool = False, workdir: Path | None = None,
                   baselines: Sequence[str] = BASELINES) -> dict[str, Any]:
    """``dateline eval ecb --folds k``: each fold's topics clustered by the shipped stage with a model trained
    on the other folds' topics; scored together, beside the baselines on the same mentions and stories."""
    settings = settings or Settings(progress=False)
    topics = sorted(set(topics))
    corpus = ecb_corpus(directory, topics)
    response: list[set[str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        stores = stores_for(corpus, settings, workdir or Path(tmp), reuse=workdir is not None)
        with Store(stores.all) as store:
            predicted = {a: sid for sid, arts in thread_articles(store).items() for a in arts}
            grouped = {a: sid for sid, arts in story_articles(store).items() for a in arts}
            for n, fold in enumerate(folds(topics, k)):
                model = train_model(store, corpus, [t for t in topics if t not in fold])
                path = Path(tmp) / f"fold-{n}.json"
                path.write_text(json.dumps(model.to_json()), encoding="utf-8")
                fold_settings = settings.with_(event_model=str(path))
                test = corpus.of_topics(fold)
                if not gold_documents:
                    recluster(store, fold_settings)
                    response += shipped_response(store, test)
                    continue
                for event in sorted(set(test.seminal_events().values())):
                    with Store(stores.event(event)) as one:
                        recluster(one, gold_settings(fold_settings))
                        response += shipped_response(one, test.of_articles(one.article_ids()))
    result = report(corpus, response, predicted, gold_documents=gold_documents, baselines=baselines,
                    stories=grouped)
    result["folds"] = k
    return result


def train(directory: str | Path, out: Path, topics: Iterable[int] = TOPICS, settings: Settings | None = None, *,
          workdir: Path | None = None) -> EventModel:
    """``dateline eval ecb --train``: the event model of all ``topics``, written to ``out``."""
    settings = settings or Settings(progress=False)
    topics = sorted(set(topics))
    corpus = ecb_corpus(directory, topics)
    with tempfile.TemporaryDirectory() as tmp:
        stores = stores_for(corpus, settings, workdir or Path(tmp), reuse=workdir is not None)
        with Store(stores.all) as store:
            model = train_model(store, corpus, topics)
    out.write_text(json.dumps(model.to_json(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return model
