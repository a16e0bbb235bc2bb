"""Cross-document event coreference on ECB+ (Cybulska & Vossen 2014), scored with MUC, B³, CEAF-e and CoNLL F1.

The method is dateline's clustering in miniature: documents of a topic are
first grouped into stories (:func:`dateline.cluster.assign_stories`), the
documented way to split ECB+'s two seminal events per topic (Barhom et al.
2019 cluster documents before mentions too); inside a story, gold action
mentions are merged agglomeratively (average link) when their trigger lemmas
match or their sentences are alike. No training; it is a cheap, honest baseline.
Metrics follow the CoNLL-2012 scorer's definitions (Pradhan et al. 2014).
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment

from ..corpus.clusters import Story, assign_stories, cosine, terms, weigh

log = logging.getLogger(__name__)

TOPICS = tuple(t for t in range(1, 36) if t not in (15, 17))
SAME_LEMMA = 0.6  # similarity credited to mentions whose triggers share a stem
CONTEXT_WEIGHT = 0.4  # ... and to the cosine of their sentences
THRESHOLD = 0.5  # average-link similarity needed to merge two clusters
DOC_THRESHOLD = 0.12  # story granularity for ECB+'s short documents

Clusters = list[set[str]]


# -- metrics -----------------------------------------------------------------------

def _prf(p_num: float, p_den: float, r_num: float, r_den: float) -> tuple[float, float, float]:
    p = p_num / p_den if p_den else 0.0
    r = r_num / r_den if r_den else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def muc(key: Clusters, response: Clusters) -> tuple[float, float, float]:
    """MUC (Vilain et al. 1995): links recovered."""
    def side(a: Clusters, b: Clusters) -> tuple[int, int]:
        where = {m: i for i, c in enumerate(b) for m in c}
        num = den = 0
        for c in a:
            parts = {where.get(m, ("single", m)) for m in c}
            num += len(c) - len(parts)
            den += len(c) - 1
        return num, den
    rn, rd = side(key, response)
    pn, pd = side(response, key)
    return _prf(pn, pd, rn, rd)


def b_cubed(key: Clusters, response: Clusters) -> tuple[float, float, float]:
    """B³ (Bagga & Baldwin 1998): per-mention overlap of its key and response clusters."""
    k_of = {m: c for c in key for m in c}
    r_of = {m: c for c in response for m in c}
    mentions = set(k_of) | set(r_of)
    r = sum(len(k_of[m] & r_of.get(m, {m})) / len(k_of[m]) for m in k_of)
    p = sum(len(r_of[m] & k_of.get(m, {m})) / len(r_of[m]) for m in r_of)
    return _prf(p, len(r_of), r, len(k_of)) if mentions else (0.0, 0.0, 0.0)


def ceaf_e(key: Clusters, response: Clusters) -> tuple[float, float, float]:
    """Entity-based CEAF (Luo 2005): best one-to-one alignment of clusters by phi4."""
    if not key or not response:
        return 0.0, 0.0, 0.0
    sim = np.array([[2 * len(k & r) / (len(k) + len(r)) for r in response] for k in key])
    rows, cols = linear_sum_assignment(-sim)
    total = sim[rows, cols].sum()
    return _prf(total, len(response), total, len(key))


def conll(key: Clusters, response: Clusters) -> dict[str, tuple[float, float, float]]:
    """MUC, B³, CEAF-e and their mean F (the CoNLL F1)."""
    out = {"muc": muc(key, response), "b3": b_cubed(key, response), "ceaf_e": ceaf_e(key, response)}
    f = sum(v[2] for v in out.values()) / 3
    out["conll"] = (f, f, f)
    return out


# -- the method ----------------------------------------------------------------------

@dataclass(frozen=True)
class EventMention:
    """A gold action mention with what the method may look at."""

    id: str  # "doc:m_id"
    doc: str
    stem: str
    context: Mapping[str, float]
    gold: str  # gold cluster key (instance id, or the mention itself when a singleton)


def gold_mentions(docs: Sequence) -> list[EventMention]:
    """Gold action mentions of annotated sentences, with stems and sentence contexts."""
    from .ecb import EVENT_PREFIXES

    df: Counter[str] = Counter()
    sents: dict[tuple[str, int], str] = {}
    for d in docs:
        by_sent: dict[int, list[str]] = defaultdict(list)
        for t in d.tokens:
            by_sent[t.sentence].append(t.text)
        for i, words in by_sent.items():
            sents[(d.name, i)] = " ".join(words)
            df.update(set(terms(sents[(d.name, i)])))
    out = []
    for d in docs:
        for m in d.mentions_of(EVENT_PREFIXES):
            if d.annotated and m.sentence not in d.annotated:
                continue
            trigger = d.text[m.start:m.end].lower().split()
            stem = trigger[-1][:5] if trigger else ""
            mid = f"{d.name}:{m.m_id}"
            out.append(EventMention(mid, d.name, stem, weigh(terms(sents[(d.name, m.sentence)]), df, len(sents)),
                                    m.instance or mid))
    return out


def story_of_documents(docs: Sequence, *, threshold: float = DOC_THRESHOLD) -> dict[str, str]:
    """Document name -> story id, clustering each topic's documents on their text."""
    out = {}
    by_topic: dict[int, list] = defaultdict(list)
    for d in docs:
        by_topic[d.topic].append(d)
    for topic, items in by_topic.items():
        df: Counter[str] = Counter()
        for d in items:
            df.update(set(terms(d.text)))
        stories: list[Story] = []
        for d in items:
            assign_stories([_as_document(d)], stories, df, len(items), threshold=threshold)
        out.update({a: f"{topic}:{s.id}" for s in stories for a in s.articles})
    return out


def _as_document(d):
    from ..model import Article, Document

    return Document(article=Article(id=d.name, text=d.text))


def similarity(a: EventMention, b: EventMention) -> float:
    return SAME_LEMMA * (a.stem == b.stem) + CONTEXT_WEIGHT * cosine(a.context, b.context)


def cluster_mentions(mentions: Sequence[EventMention], *, threshold: float = THRESHOLD) -> Clusters:
    """Average-link agglomerative clustering of one story's mentions."""
    sim = np.array([[similarity(a, b) for b in mentions] for a in mentions]) if mentions else np.zeros((0, 0))
    members = [[i] for i in range(len(mentions))]
    while len(members) > 1:
        best, pair = threshold, None
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                s = sim[np.ix_(members[i], members[j])].mean()
                if s >= best:
                    best, pair = s, (i, j)
        if pair is None:
            break
        i, j = pair
        members[i] += members.pop(j)
    return [{mentions[i].id for i in c} for c in members]


def evaluate(directory: str | Path, topics: Iterable[int] = TOPICS, *, by_story: bool = True) -> dict:
    """Scores of cross-document event coreference over the gold action mentions of ``topics``."""
    from .ecb import read_ecb

    docs = read_ecb(directory, topics)
    mentions = gold_mentions(docs)
    story = story_of_documents(docs) if by_story else {d.name: f"{d.topic}:{d.subtopic}" for d in docs}
    groups: dict[str, list[EventMention]] = defaultdict(list)
    for m in mentions:
        groups[story[m.doc]].append(m)
    response = [c for g in groups.values() for c in cluster_mentions(g)]
    key_map: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        key_map[m.gold].add(m.id)
    scores = conll(list(key_map.values()), response)
    docs_key = _doc_clusters({d.name: f"{d.topic}:{d.subtopic}" for d in docs})
    docs_resp = _doc_clusters(story)
    return {"documents": len(docs), "mentions": len(mentions), "metrics": scores,
            "document_clustering": {"b3": b_cubed(docs_key, docs_resp), "stories": len(docs_resp),
                                    "seminal_events": len(docs_key)}}


def _doc_clusters(assignment: Mapping[str, str]) -> Clusters:
    out: dict[str, set[str]] = defaultdict(set)
    for doc, c in assignment.items():
        out[c].add(doc)
    return list(out.values())
