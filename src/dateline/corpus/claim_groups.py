"""Claim groups: numeric claims about one quantity across articles, consistent, changing or conflicting."""

from __future__ import annotations

import hashlib
import logging
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..extract.claims import bounds, split_qualifier
from ..model import Claim, ClaimStatus, Document
from ..settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ClaimRef:
    """A claim with where it was made, as grouping sees it."""

    article: str
    index: int
    claim: Claim
    text: str
    date: str
    qualifier_words: str = ""


def _compatible(a: str, b: str) -> bool:
    """Two counted-noun classes can be one quantity: equal, or one is people in general."""
    return a == b or (a == "people" and b.startswith("people")) or (b == "people" and a.startswith("people"))


def _bucket(key: str) -> tuple[str, str, str]:
    unit, noun, pred, place = key.split("|")
    # without a predicate and a place, only identical keys are one quantity
    return (unit, pred, place) if pred and place else (unit, noun + "/" + pred, place)


def group_status(refs: Sequence[ClaimRef]) -> ClaimStatus:
    """Single, consistent (all intervals overlap), changing (moving over time) or conflicting."""
    if len(refs) < 2:
        return ClaimStatus.SINGLE
    spans = [bounds(r.claim.value, r.claim.qualifier, r.qualifier_words) for r in refs]
    if max(lo for lo, _ in spans) <= min(hi for _, hi in spans):
        return ClaimStatus.CONSISTENT
    by_date: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for r, s in zip(refs, spans):
        by_date[r.date].append(s)
    if "" in by_date or len(by_date) < 2:
        return ClaimStatus.CONFLICTING
    days = sorted(by_date)
    # changing: same-day figures agree, and successive days move one way
    if any(max(lo for lo, _ in by_date[d]) > min(hi for _, hi in by_date[d]) for d in days):
        return ClaimStatus.CONFLICTING
    mids = [min(lo for lo, _ in by_date[d]) for d in days]
    if all(x <= y for x, y in zip(mids, mids[1:])) or all(x >= y for x, y in zip(mids, mids[1:])):
        return ClaimStatus.CHANGING
    return ClaimStatus.CONFLICTING


def group_id(key: str) -> str:
    """Stable id of a claim group: a hash of its quantity key."""
    return "cg_" + hashlib.sha1(key.encode()).hexdigest()[:12]


def group_claims(refs: Sequence[ClaimRef]) -> list[dict[str, Any]]:
    """Groups of claims about one quantity, each with its status and members."""
    buckets: dict[tuple[str, str, str], list[ClaimRef]] = defaultdict(list)
    for r in refs:
        buckets[_bucket(r.claim.quantity)].append(r)
    groups = []
    for bucket, members in buckets.items():
        for part in _split_by_noun(members):
            nouns = sorted({r.claim.quantity.split("|")[1] for r in part}, key=lambda n: (n == "people", n))
            key = "|".join([bucket[0], nouns[0], *bucket[1:]])
            groups.append(_group_record(key, part))
    return sorted(groups, key=lambda g: (-len(g["claims"]), g["id"]))


def _split_by_noun(members: list[ClaimRef]) -> list[list[ClaimRef]]:
    parts: list[list[ClaimRef]] = []
    for r in members:
        noun = r.claim.quantity.split("|")[1]
        for part in parts:
            if all(_compatible(noun, p.claim.quantity.split("|")[1]) for p in part):
                part.append(r)
                break
        else:
            parts.append([r])
    return parts


def _group_record(key: str, part: list[ClaimRef]) -> dict[str, Any]:
    part = sorted(part, key=lambda r: (r.date or "9999", r.article, r.claim.start))
    return {
        "id": group_id(key), "quantity": key, "status": group_status(part).value,
        "claims": [{
            "article": r.article, "index": r.index, "start": r.claim.start, "end": r.claim.end,
            "text": r.text, "value": r.claim.value, "qualifier": r.claim.qualifier.value,
            "low": bounds(r.claim.value, r.claim.qualifier, r.qualifier_words)[0],
            "high": _finite(bounds(r.claim.value, r.claim.qualifier, r.qualifier_words)[1]),
            "unit": r.claim.unit, "date": r.date, "claimant": r.claim.claimant or "",
        } for r in part],
    }


def _finite(x: float) -> float | None:
    return None if math.isinf(x) else x


def claim_refs(docs: Sequence[Document]) -> list[ClaimRef]:
    """Every claim of the documents, with its article, text and date."""
    refs = []
    for doc in docs:
        day = doc.article.published.isoformat() if doc.article.published else ""
        for i, c in enumerate(doc.claims):
            text = doc.article.span(c.start, c.end)
            refs.append(ClaimRef(doc.article.id, i, replace(c, date=day), text, day, split_qualifier(text)[0]))
    return refs


class ClaimGroupingStage:
    """Groups claims about the same quantity across all stored articles."""

    name = "claims"

    def __init__(self, settings: Settings):
        self.settings = settings

    def run(self, store: Any, new_ids: Sequence[str], settings: Settings) -> None:
        docs = [d for d in store.iter_documents() if "claims" in d.layers]
        groups = group_claims(claim_refs(docs))
        member = {(c["article"], c["index"]): g["id"] for g in groups for c in g["claims"]}
        for doc in docs:
            day = doc.article.published.isoformat() if doc.article.published else ""
            claims = tuple(replace(c, group=member.get((doc.article.id, i)), date=day)
                           for i, c in enumerate(doc.claims))
            if claims != doc.claims:
                store.save_document(replace(doc, claims=claims))
        store.put_objects("claim_group", [(g["id"], g) for g in groups], replace_all=True)
        log.info("grouped %d claims into %d quantities", len(member), len(groups))
