"""Claim groups: numeric claims about one quantity across articles, consistent, changing or conflicting.

Claims are bucketed by their quantity key (unit, what is counted, predicate,
place); within a bucket, counted nouns that can be one quantity ("people",
"people displaced") share a group. The corpus stage stores each group with the
bucket as its block, so new claims regroup only the buckets they fall in.
"""

from __future__ import annotations

import hashlib
import logging
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..extract.claims import bounds, split_qualifier
from ..model import Claim, ClaimStatus, Document, Kind, Qualifier
from ..settings import Settings
from ..store.view import CorpusView

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


def _parts(key: str) -> tuple[str, str, str, str]:
    """(unit, noun, predicate, place) of a quantity key; a malformed key never raises."""
    parts = (key.split("|", 3) + ["", "", "", ""])[:4]
    return parts[0], parts[1], parts[2], parts[3]


def _bucket(key: str) -> tuple[str, str, str]:
    unit, noun, pred, place = _parts(key)
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


def names_a_quantity(key: str) -> bool:
    """Whether a quantity key says what was measured: a counted noun, a predicate or a place.

    "$5 million" or "40 percent" with nothing counted, no verb and no place could
    be any amount in any story; grouping such claims would set every dollar
    figure of the corpus against every other as one "conflicting" quantity.
    """
    _, noun, pred, place = _parts(key)
    return bool(noun or pred or place)


def group_claims(refs: Sequence[ClaimRef]) -> list[dict[str, Any]]:
    """Groups of claims about one quantity, each with its status and members (claims naming no quantity
    stay out: see :func:`names_a_quantity`)."""
    buckets: dict[tuple[str, str, str], list[ClaimRef]] = defaultdict(list)
    for r in refs:
        if names_a_quantity(r.claim.quantity):
            buckets[_bucket(r.claim.quantity)].append(r)
    groups = []
    for bucket, members in buckets.items():
        for part in _split_by_noun(members):
            nouns = sorted({_parts(r.claim.quantity)[1] for r in part}, key=lambda n: (n == "people", n))
            key = "|".join([bucket[0], nouns[0], *bucket[1:]])
            groups.append(_group_record(key, part))
    return sorted(groups, key=lambda g: (-len(g["claims"]), g["id"]))


def _split_by_noun(members: list[ClaimRef]) -> list[list[ClaimRef]]:
    """Parts whose counted nouns are pairwise compatible, each claim in the first part it fits."""
    parts: list[list[ClaimRef]] = []
    nouns: list[set[str]] = []  # the distinct nouns of each part: compatibility is about nouns only
    for r in members:
        noun = _parts(r.claim.quantity)[1]
        for part, seen in zip(parts, nouns):
            if noun in seen or all(_compatible(noun, n) for n in seen):
                part.append(r)
                seen.add(noun)
                break
        else:
            parts.append([r])
            nouns.append({noun})
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
            "quantity": r.claim.quantity, "words": r.qualifier_words,
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


def _ref_of_record(c: dict[str, Any]) -> ClaimRef:
    """The ClaimRef a stored group record was made from."""
    claim = Claim(start=c["start"], end=c["end"], value=c["value"], qualifier=Qualifier(c["qualifier"]),
                  unit=c["unit"], quantity=c["quantity"], claimant=c["claimant"], date=c["date"])
    return ClaimRef(c["article"], c["index"], claim, c["text"], c["date"], c["words"])


def _keyed_refs(doc: Document) -> list[ClaimRef]:
    """The claims of a stored (unresolved) document; the claimant is its mention key, which the
    entity keymap turns into an entity when read (so the record never goes stale)."""
    links = doc.links
    keys = links.mention_keys if links is not None else ()
    refs = claim_refs([doc])
    if links is None or len(links.claimants) != len(refs):
        return [replace(r, claim=replace(r.claim, claimant="")) for r in refs]
    return [replace(r, claim=replace(r.claim, claimant=keys[i] if 0 <= i < len(keys) else ""))
            for r, i in zip(refs, links.claimants)]


class ClaimGroupingStage:
    """Corpus stage: regroups the quantity buckets the new articles' claims fall in."""

    name = "claim-groups"
    reads = ("layer:claims", "layer:links")
    writes = (f"objects:{Kind.CLAIM_GROUP}", f"members:{Kind.CLAIM_GROUP}")

    def __init__(self, settings: Settings):
        self.settings = settings

    def run(self, view: CorpusView, ids: Sequence[str]) -> None:
        mine = set(ids)
        # claims these articles had before (processed again: e.g. their date changed) come out first
        old_groups = {g for _, _, g in view.members(Kind.CLAIM_GROUP, articles=ids)}
        view.drop_members(Kind.CLAIM_GROUP, ids)
        refs: list[ClaimRef] = []
        for i in range(0, len(ids), 200):
            for doc in view.documents(ids[i:i + 200], ["claims", "links"]):
                refs += _keyed_refs(doc)
        blocks = {_block(r.claim.quantity) for r in refs}
        stored = view.objects(Kind.CLAIM_GROUP, ids=old_groups) | view.objects(Kind.CLAIM_GROUP, blocks=blocks)
        blocks |= {_group_block(g) for g in stored.values()}
        stored |= view.objects(Kind.CLAIM_GROUP, blocks=blocks)
        refs += [_ref_of_record(c) for g in stored.values() for c in g["claims"] if c["article"] not in mine]
        seqs = view.seqs({r.article for r in refs})
        refs.sort(key=lambda r: (seqs[r.article], r.index))  # the order one pass over the corpus sees
        groups = group_claims(refs)
        view.delete_objects(Kind.CLAIM_GROUP, [g for g in stored if g not in {x["id"] for x in groups}])
        view.put_objects(Kind.CLAIM_GROUP, [(g["id"], g) for g in groups],
                         block={g["id"]: _group_block(g) for g in groups})
        view.set_members(Kind.CLAIM_GROUP, [(c["article"], str(c["index"]), g["id"]) for g in groups
                                         for c in g["claims"]])
        log.info("claim groups: %d claims of %d articles regrouped into %d groups", len(refs), len(ids), len(groups))


def _block(quantity: str) -> str:
    return "|".join(_bucket(quantity))


def _group_block(group: dict[str, Any]) -> str:
    # every claim of a group shares its bucket; the group's own key may not parse back to it
    return _block(group["claims"][0]["quantity"]) if group["claims"] else ""
