"""The store as one corpus stage may see it: only what the stage declares it reads and writes.

A corpus stage declares ``reads`` and ``writes`` as ``"<room>:<name>"`` strings:

* ``layer:<name>`` — an annotation layer of articles (``layer:timexes``);
* ``objects:<kind>``, ``members:<kind>``, ``keymap:<kind>`` — corpus-stage tables;
* ``article:date`` — writing the publication date of articles (every stage may read it);
* ``meta:<key>`` — a value in the store's meta table;
* ``progress`` — making articles pending again for later corpus stages.

Every access goes through this view, which refuses what was not declared, so
the declarations stay true as the code changes (as spaCy checks what a pipe
assigns). Reading documents with their entity ids resolved counts as reading
``keymap:entity``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any

from ..errors import PipelineError
from ..model import DateSource, Document, Evidence, Kind, Precision
from . import Store


class CorpusView:
    """A corpus stage's access to the store (see the module docstring)."""

    def __init__(self, store: Store, stage: str, reads: Sequence[str], writes: Sequence[str]):
        self._store = store
        self.stage = stage
        self._reads = set(reads) | set(writes)  # what a stage writes it may read back
        self._writes = set(writes)
        self._seq: dict[str, int] = {}

    def _need(self, what: str, *, write: bool = False) -> None:
        if what not in (self._writes if write else self._reads):
            verb = "writes" if write else "reads"
            raise PipelineError(f"corpus stage {self.stage!r} {verb} {what} without declaring it")

    # -- articles and layers ---------------------------------------------------------------
    def documents(self, ids: Iterable[str], layers: Sequence[str], *, resolved: bool = False) -> Iterator[Document]:
        """Documents of ``ids`` with the ``layers`` asked for and no others.

        Decoding a layer costs more than reading its row: every corpus stage reads
        every new article, so decoding all of its layers for each stage was most of
        what loading cost (a stage that reads a layer it did not ask for finds it empty).
        """
        for layer in layers:
            self._need(f"layer:{layer}")
        if resolved:
            self._need(f"keymap:{Kind.ENTITY}")  # entity ids come from the entity linking stage's keymap
        return self._store.iter_documents(ids, raw=not resolved, layers=layers)

    def published(self, ids: Iterable[str]) -> dict[str, date | None]:
        """Publication dates of articles (any stage may read them: every article has one or none)."""
        return {a: (art.published if (art := self._store.get_article(a)) else None) for a in ids}

    def seq(self, article_id: str) -> int:
        """An article's place in ingest order (what one pass over the corpus would follow)."""
        if article_id not in self._seq:
            self._seq.update(self._store.article_seqs([article_id]))
        return self._seq.get(article_id, 0)

    def seqs(self, ids: Iterable[str]) -> dict[str, int]:
        missing = [i for i in ids if i not in self._seq]
        if missing:
            self._seq.update(self._store.article_seqs(missing))
        return {i: self._seq.get(i, 0) for i in ids}

    def save_layers(self, doc: Document, layers: Sequence[str]) -> None:
        for layer in layers:
            self._need(f"layer:{layer}", write=True)
        self._store.save_document(doc, layers=layers)

    def set_date(self, article_id: str, published: date | None, precision: Precision | None, source: DateSource,
                 confidence: float, evidence: tuple[Evidence, ...]) -> None:
        self._need("article:date", write=True)
        self._store.update_article_date(article_id, published, precision, source, confidence, evidence)

    def reopen(self, stages: Iterable[str], ids: Iterable[str]) -> None:
        """Make articles pending again for later corpus stages (their input changed)."""
        self._need("progress", write=True)
        self._store.reopen_corpus(list(stages), list(ids))

    # -- corpus tables -------------------------------------------------------------------
    def objects(self, kind: Kind, *, ids: Iterable[str] | None = None,
                blocks: Iterable[str] | None = None) -> dict[str, Any]:
        self._need(f"objects:{kind}")
        return self._store.get_objects(kind, ids=ids, blocks=blocks)

    def get_objects(self, kind: Kind, *, ids: Iterable[str] | None = None,
                    blocks: Iterable[str] | None = None) -> dict[str, Any]:
        """As :meth:`objects`: so a stage reads another stage's objects through :mod:`dateline.corpus.output`."""
        return self.objects(kind, ids=ids, blocks=blocks)

    def put_objects(self, kind: Kind, items: Iterable[tuple[str, Any]], *,
                    block: str | Mapping[str, str] = "") -> None:
        self._need(f"objects:{kind}", write=True)
        self._store.put_objects(kind, items, block=block)

    def delete_objects(self, kind: Kind, ids: Iterable[str] | None = None) -> None:
        self._need(f"objects:{kind}", write=True)
        self._store.delete_objects(kind, ids)

    def members(self, kind: Kind, *, articles: Iterable[str] | None = None,
                targets: Iterable[str] | None = None) -> list[tuple[str, str, str]]:
        self._need(f"members:{kind}")
        return self._store.members(kind, articles=articles, targets=targets)

    def set_members(self, kind: Kind, rows: Iterable[tuple[str, str, str]]) -> None:
        self._need(f"members:{kind}", write=True)
        self._store.set_members(kind, rows)

    def drop_members(self, kind: Kind, articles: Iterable[str]) -> None:
        self._need(f"members:{kind}", write=True)
        self._store.drop_members(kind, articles)

    def keymap(self, kind: Kind, keys: Iterable[str] | None = None) -> dict[str, str]:
        self._need(f"keymap:{kind}")
        return self._store.keymap(kind, keys)

    def set_keys(self, kind: Kind, mapping: Mapping[str, str]) -> None:
        self._need(f"keymap:{kind}", write=True)
        self._store.set_keys(kind, mapping)

    def delete_keys(self, kind: Kind, keys: Iterable[str]) -> None:
        self._need(f"keymap:{kind}", write=True)
        self._store.delete_keys(kind, keys)

    def keys_of(self, kind: Kind, targets: Iterable[str]) -> dict[str, str]:
        """Key -> target of the keys mapped to any of ``targets``."""
        self._need(f"keymap:{kind}")
        return self._store.keys_of(kind, targets)

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        self._need(f"meta:{key}")
        return self._store.get_meta(key, default)

    def set_meta(self, key: str, value: str) -> None:
        self._need(f"meta:{key}", write=True)
        self._store.set_meta(key, value)
