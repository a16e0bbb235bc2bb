"""Near-duplicate detection (syndicated copies) with MinHash LSH from datasketch.

A signature is the MinHash of an article's word 5-gram shingles (case-folded
words), stored as bytes so the store can keep it; the stored originals' LSH
bands are kept in the store (see :class:`NearDuplicateIndex`). Hash functions come from a fixed seed, so
signatures written by one run compare with those of the next.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol

import numpy as np
from datasketch import MinHash, MinHashLSH

from ..model import Article, content_id
from ..settings import Settings
from .base import RawDoc, to_article

log = logging.getLogger(__name__)

SHINGLE_WORDS = 5
SEED = 1  # fixed: stored signatures must stay comparable across runs
# Named, not left to the library default, for the same reason: datasketch 2
# refuses to compare MinHashes of different schemes.
SCHEME = "affine32"
_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """Word ``size``-grams of the case-folded words of ``text``, encoded for hashing."""
    words = _WORD.findall(text.casefold())
    if len(words) < size:  # a very short text is one shingle of all its words
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


class BandStore(Protocol):
    """Where the stored originals' LSH bands and signatures are kept (the store's minhash tables)."""

    def band_candidates(self, keys: Sequence[tuple[int, int]]) -> set[str]: ...

    def signatures_of(self, ids: Iterable[str]) -> dict[str, tuple[int, bytes]]: ...

    def band_originals(self, layout: str, bands: Callable[[bytes], Sequence[tuple[int, int]]]) -> int: ...


class NearDuplicateIndex:
    """Originals' signatures in an LSH index; finds the stored original a new text copies.

    With ``stored`` (a store), the originals stored before this run are looked up
    by their LSH bands in the store's ``minhash_bands`` table, banded once and
    kept up to date (:meth:`sync`), instead of an in-memory index rebuilt from
    every stored signature on each run: that rebuild grew with the store (8 s and
    343 MB at 100,000 articles, docs/scale.md). datasketch keeps its bands in
    memory, Redis or Cassandra only, so the table is written here; it uses
    datasketch's own band layout, so both sides find the same candidates.
    This run's originals go into the in-memory index.
    """

    def __init__(self, settings: Settings, stored: BandStore | None = None):
        self.num_perm = settings.minhash_perm
        self.threshold = settings.near_duplicate_threshold
        self._lsh = MinHashLSH(threshold=self.threshold, num_perm=self.num_perm)
        self._hashes: dict[str, MinHash] = {}
        self._order: dict[str, int] = {}  # insertion order, to break ties the same way every run
        # Deriving the permutations costs more than hashing a short article: do it once.
        self._permutations = MinHash(num_perm=self.num_perm, seed=SEED, scheme=SCHEME).permutations
        self._stored = stored
        self.layout = f"{self.num_perm}:{self._lsh.b}x{self._lsh.r}"

    def bands(self, signature: bytes) -> list[tuple[int, int]]:
        """The (band, key) rows of a signature: each band's slice of the hash values, hashed to 64 bits.

        Hashed rather than kept whole (13 values, 104 bytes a band at the default
        layout): a collision only adds a candidate, which the Jaccard check drops.
        """
        self._check(signature)
        width = 8 * self._lsh.r
        return [(i, int.from_bytes(hashlib.blake2b(signature[i * width:(i + 1) * width], digest_size=8).digest(),
                                   "little", signed=True)) for i in range(self._lsh.b)]

    def sync(self) -> int:
        """Band the stored originals not banded yet; returns how many were."""
        return self._stored.band_originals(self.layout, self.bands) if self._stored is not None else 0

    def __len__(self) -> int:
        return len(self._hashes)

    def signature(self, text: str) -> bytes:
        """The MinHash signature of ``text`` as bytes (``minhash_perm`` unsigned 64-bit values)."""
        minhash = MinHash(num_perm=self.num_perm, seed=SEED, scheme=SCHEME, permutations=self._permutations)
        minhash.update_batch(list(shingles(text)))
        return minhash.hashvalues.astype("<u8").tobytes()

    def _check(self, signature: bytes) -> None:
        if len(signature) != 8 * self.num_perm:
            raise ValueError(
                f"signature holds {len(signature) // 8} values, the index expects {self.num_perm} "
                "(minhash_perm changed since it was stored?)"
            )

    def _minhash(self, signature: bytes) -> MinHash:
        self._check(signature)
        values = np.frombuffer(signature, dtype="<u8").astype(np.uint64)
        return MinHash(num_perm=self.num_perm, seed=SEED, scheme=SCHEME, hashvalues=values,
                       permutations=self._permutations)

    def add(self, article_id: str, signature: bytes) -> None:
        """Index an original under its id; adding an id twice is a no-op."""
        if article_id in self._hashes:
            return
        minhash = self._minhash(signature)
        self._lsh.insert(article_id, minhash)
        self._hashes[article_id] = minhash
        self._order[article_id] = len(self._order)

    def query(self, signature: bytes) -> str | None:
        """Id of the most similar indexed original at or above the threshold, or None.

        Stored originals come first in their ingest order, then this run's: ties go
        to the earliest, as when every original was in one index.
        """
        minhash = self._minhash(signature)
        pool: list[tuple[str, MinHash]] = []
        if self._stored is not None:
            found = self._stored.band_candidates(self.bands(signature)) - self._hashes.keys()
            stored = self._stored.signatures_of(found) if found else {}
            pool += [(aid, self._minhash(sig)) for aid, (_, sig) in sorted(stored.items(), key=lambda x: x[1][0])]
        pool += [(aid, self._hashes[aid]) for aid in sorted(self._lsh.query(minhash), key=self._order.__getitem__)]
        best: str | None = None
        best_score = -1.0
        # LSH candidates are probable matches only; the estimated Jaccard decides.
        for candidate, other in pool:
            score = minhash.jaccard(other)
            if score >= self.threshold and score > best_score:
                best, best_score = candidate, score
        return best


class Verdict(Enum):
    EXACT = "exact"  # a copy of a stored or earlier input: skipped
    NEAR = "near"  # a near-duplicate: stored linked to its original, not analysed
    NEW = "new"  # an original: indexed, analysed, stored


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    original: str | None = None  # NEAR: the original it copies
    signature: bytes | None = None  # NEW: the signature it is indexed under


class Deduplicator:
    """The one dedup decision of an ingest, for every input (read, or analysed in a Parquet export).

    An exact copy of a stored or earlier input is skipped; a near-duplicate of an
    indexed original (or an input that says which stored original it copies)
    is linked to it; anything else is a new original, indexed so that later
    inputs are compared with it.
    """

    def __init__(self, index: NearDuplicateIndex, is_stored: Callable[[str], bool]):
        self.index = index
        self.is_stored = is_stored
        self.seen: set[str] = set()
        self.originals: set[str] = set()  # decided new in this run (stored by the time a copy of one is)

    def decide(self, article_id: str, text: str, *, signature: bytes | None = None,
               copies: str | None = None) -> Decision:
        """What to do with an input (``signature``: its MinHash when known; ``copies``: its original when known)."""
        if article_id in self.seen or self.is_stored(article_id):
            return Decision(Verdict.EXACT)
        self.seen.add(article_id)
        if copies and (copies in self.originals or self.is_stored(copies)):
            return Decision(Verdict.NEAR, original=copies)
        signature = signature or self.index.signature(text)
        original = self.index.query(signature)
        if original is not None:
            return Decision(Verdict.NEAR, original=original)
        self.index.add(article_id, signature)
        self.originals.add(article_id)
        return Decision(Verdict.NEW, signature=signature)


@dataclass
class Split:
    """Inputs split into new originals (with their signatures), near-duplicates and exact duplicates."""

    originals: list[tuple[Article, bytes]] = field(default_factory=list)
    near: list[Article] = field(default_factory=list)  # linked to their original, not analysed
    exact: int = 0  # copies of a stored or earlier input


def split_inputs(raws: Iterable[RawDoc], dedup: Deduplicator) -> Split:
    """Split read inputs by the one dedup decision.

    A run that reads its inputs in windows passes one ``dedup`` to every window,
    so the stored signatures are loaded once and later windows see the
    originals of earlier ones.
    """
    out = Split()
    for raw in raws:
        article_id = content_id(raw.text)
        decision = dedup.decide(article_id, raw.text)
        if decision.verdict is Verdict.EXACT:
            out.exact += 1
            log.info("%s: exact duplicate of %s", raw.origin, article_id)
        elif decision.verdict is Verdict.NEAR:
            log.info("%s: near-duplicate of %s", raw.origin, decision.original)
            out.near.append(to_article(raw, duplicate_of=decision.original))
        else:
            assert decision.signature is not None
            out.originals.append((to_article(raw), decision.signature))
    return out
