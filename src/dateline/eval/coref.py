"""Coreference metrics: MUC, B³, CEAF-e and their mean, the CoNLL F1.

Definitions follow the CoNLL-2012 reference scorer (Pradhan et al. 2014,
"Scoring coreference partitions of predicted mentions"). A key and a response
are partitions of mention ids into clusters, and need not cover the same
mentions: a key mention the response left out is missed (no recall credit), a
response mention the key does not hold earns no precision, as the reference
scorer counts them. (The ECB+ eval gives every gold mention a response
cluster, a singleton when the clusterer left it out, so its sets are the
same.) A test checks all three metrics against an independent implementation,
scorch, on random clusterings.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

Clusters = Sequence[set[str]]
PRF = tuple[float, float, float]
METRICS = ("muc", "b3", "ceaf_e", "conll")


def _prf(p_num: float, p_den: float, r_num: float, r_den: float) -> PRF:
    p = p_num / p_den if p_den else 0.0
    r = r_num / r_den if r_den else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def muc(key: Clusters, response: Clusters) -> PRF:
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


def b_cubed(key: Clusters, response: Clusters) -> PRF:
    """B³ (Bagga & Baldwin 1998): per-mention overlap of its key and response clusters.

    A mention only one side holds shares nothing with the other side: it adds
    nothing to the numerator and counts in the denominator.
    """
    k_of = {m: c for c in key for m in c}
    r_of = {m: c for c in response for m in c}
    if not k_of and not r_of:
        return 0.0, 0.0, 0.0
    r = sum(len(k_of[m] & r_of[m]) / len(k_of[m]) for m in k_of if m in r_of)
    p = sum(len(r_of[m] & k_of[m]) / len(r_of[m]) for m in r_of if m in k_of)
    return _prf(p, len(r_of), r, len(k_of))


def ceaf_e(key: Clusters, response: Clusters) -> PRF:
    """Entity-based CEAF (Luo 2005): best one-to-one alignment of clusters by phi4."""
    if not key or not response:
        return 0.0, 0.0, 0.0
    # overlaps counted from the mentions, not over all pairs: thousands of clusters stay cheap
    where = {m: j for j, r in enumerate(response) for m in r}
    overlap = np.zeros((len(key), len(response)))
    for i, k in enumerate(key):
        for m in k:
            if m in where:
                overlap[i, where[m]] += 1
    sizes = np.add.outer([len(k) for k in key], [len(r) for r in response])
    sim = 2 * overlap / sizes
    rows, cols = linear_sum_assignment(-sim)
    total = sim[rows, cols].sum()
    return _prf(total, len(response), total, len(key))


def conll(key: Clusters, response: Clusters) -> dict[str, PRF]:
    """MUC, B³, CEAF-e and their mean F (the CoNLL F1, reported as its own P = R = F)."""
    out = {"muc": muc(key, response), "b3": b_cubed(key, response), "ceaf_e": ceaf_e(key, response)}
    f = sum(v[2] for v in out.values()) / 3
    out["conll"] = (f, f, f)
    return out
