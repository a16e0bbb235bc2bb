"""The entities corpus stage: the key grouping of :mod:`.entities`, kept incrementally.

How a key groups depends only on keys in a few *blocks* around it: people by
the first letters of their surname (a surname alone joins the full names whose
surname is near its own; two full names join only within a surname bucket);
places and organizations by the same letters of their last name word (an
organization may be a person's surname mis-tagged) and, for organizations, by
their core name and its initials (short forms and acronyms). A run reads the
blocks of the keys its articles changed and the blocks those keys depend on,
regroups the keys of the changed blocks, and rebuilds only the entities whose
members changed. Grouping a block is the same function whether it holds all of
the corpus or an update, so several ingests give what one gives.

Objects: ``entity_key`` (one per key: spellings, roles, articles, first seen),
``entity_key_block`` (one per key and block it sits in), ``entity``,
``entity_contrib`` (per article, what it added); keymaps ``entity`` (key ->
entity id) and ``entity_target`` (key -> its group).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..extract.aliases import OrgKey, initials
from ..model import EntityKind, Kind
from ..serialize import to_jsonable
from ..settings import Settings
from ..store.view import CorpusView
from .entities import (
    KeyInfo,
    contributions,
    group_keys,
    make_entity,
    merge,
    name_tokens,
    org_of,
    retract,
    surname_block,
    top_name,
)

log = logging.getLogger(__name__)

ENTITY_KEY = Kind.ENTITY_KEY
KEY_BLOCK = Kind.ENTITY_KEY_BLOCK
ENTITY = Kind.ENTITY
TARGET = Kind.ENTITY_TARGET
CONTRIB = Kind.ENTITY_CONTRIB


def _org(info: KeyInfo) -> OrgKey:
    return org_of(top_name(info))


def _org_blocks(info: KeyInfo) -> set[str]:
    if info.kind is not EntityKind.ORG:
        return set()
    org = _org(info)
    out = {f"oc:{org.core}"}
    if org.acronym:
        out.add(f"oi:{org.core}")
    elif len(org.core.split()) >= 2:
        out.add(f"oi:{initials(org.core)}")
    return out


def reads(info: KeyInfo) -> set[str]:
    """The blocks whose keys a key's own grouping reads."""
    if info.kind is EntityKind.PERSON:
        words = info.key.split()
        if not words:
            return set()
        # a lone word tagged as a person may be a place or organization of that name
        return {surname_block(words[-1])} | ({f"x:{words[0]}"} if len(words) == 1 else set())
    out = _org_blocks(info)
    tokens = name_tokens(info.key) if info.kind in (EntityKind.ORG, EntityKind.PLACE) else ()
    if tokens and not info.country:
        out.add(surname_block(tokens[-1]))  # a person's name tagged as a place or organization
    return out


def affects(info: KeyInfo) -> set[str]:
    """The blocks whose keys' grouping reads this key: what a change to it makes to regroup."""
    if info.kind is EntityKind.PERSON:
        return {surname_block(info.key.split()[-1])} if info.key.split() else set()
    out = _org_blocks(info)
    bare = info.key.split("|")[0]
    if info.kind in (EntityKind.ORG, EntityKind.PLACE) and bare and " " not in bare:
        out.add(f"x:{bare}")
    return out


def key_blocks(info: KeyInfo) -> set[str]:
    """Every block a key is listed under: those it reads and those it affects."""
    return reads(info) | affects(info)


def _shape(info: KeyInfo) -> Any:
    """What the grouping of other keys reads of a key, besides its articles (see :func:`_together`)."""
    if info.kind is EntityKind.PERSON:
        return frozenset(info.roles)
    if info.kind is EntityKind.ORG:
        return _org(info)
    return info.country


def _together(contribution: Mapping[str, Any]) -> set[str]:
    """The person keys of one article that share a block with another person key of it.

    Grouping reads a person's articles only to ask whether two keys of one block
    are named in the same article; an article naming one key of a block changes
    no such answer.
    """
    by_block: dict[str, list[str]] = {}
    for k in contribution:
        if k.startswith("person|") and k.split("|", 1)[1].split():
            by_block.setdefault(surname_block(k.split("|", 1)[1].split()[-1]), []).append(k)
    return {k for ks in by_block.values() if len(ks) > 1 for k in ks}


def _target_key(target: tuple[EntityKind, str]) -> str:
    return f"{target[0].value}|{target[1]}"


class _Keys:
    """The key infos of one run, loaded by id and by block as needed."""

    def __init__(self, view: CorpusView):
        self.view = view
        self.infos: dict[str, KeyInfo] = {}
        self.blocks: set[str] = set()

    def load(self, ids: Iterable[str]) -> None:
        missing = sorted(set(ids) - self.infos.keys())
        for k, v in self.view.objects(ENTITY_KEY, ids=missing).items():
            self.infos[k] = KeyInfo.from_json(k, v)

    def load_blocks(self, blocks: Iterable[str]) -> set[str]:
        """Load every key of the blocks; returns the keys in them."""
        wanted = set(blocks)
        fresh = wanted - self.blocks
        self.blocks |= fresh
        keys = {oid.split("\t", 1)[1] for oid in self.view.objects(KEY_BLOCK, blocks=wanted)} if wanted else set()
        self.load(keys)
        return keys


class EntityLinkingStage:
    """Corpus stage: adds new articles' mention keys, regroups the blocks they touch, rewrites what changed."""

    name = "entities"
    reads = ("layer:mentions", "layer:links")
    writes = (f"objects:{ENTITY_KEY}", f"objects:{KEY_BLOCK}", f"objects:{ENTITY}", f"objects:{CONTRIB}",
              f"keymap:{ENTITY}", f"keymap:{TARGET}")

    def __init__(self, settings: Settings):
        self.settings = settings

    def run(self, view: CorpusView, ids: Sequence[str]) -> None:
        keys = _Keys(view)
        changed, touched = self._contribute(view, keys, ids)
        # the keys whose grouping may change: those reading a touched block, and the new ones
        grouped = view.keymap(TARGET, changed)
        focus = keys.load_blocks(touched) | {k for k in changed if k in keys.infos and k not in grouped}
        # what the focus keys' grouping reads: their blocks, and the core blocks of the organizations
        # an acronym's initials name
        keys.load_blocks({b for k in focus for b in reads(keys.infos[k])})
        named = keys.load_blocks({b for k in focus if keys.infos[k].kind is EntityKind.ORG
                                  for b in reads(keys.infos[k]) if b.startswith("oi:")})
        keys.load_blocks({f"oc:{_org(keys.infos[k]).core}" for k in named if keys.infos[k].kind is EntityKind.ORG})
        targets = {k: _target_key(t) for k, t in group_keys(keys.infos).items() if k in focus}
        self._rebuild(view, keys, targets, changed)
        log.info("entities: %d articles, %d keys changed, %d keys regrouped", len(ids), len(changed), len(focus))

    def _contribute(self, view: CorpusView, keys: _Keys, ids: Sequence[str]) -> tuple[set[str], set[str]]:
        """Take back and add the articles' contributions; returns the keys changed and the blocks touched."""
        previous = view.objects(CONTRIB, ids=ids)
        seqs = view.seqs(ids)
        added: dict[str, dict[str, dict[str, int]]] = {}
        mine: dict[str, KeyInfo] = {}
        for i in range(0, len(ids), 200):
            for doc in view.documents(ids[i:i + 200], ["mentions", "links"]):
                got = contributions(doc, seqs[doc.article.id])
                merge(mine, got)
                added[doc.article.id] = {k: dict(v.names) for k, v in got.items()}
        changed = set(mine) | {k for c in previous.values() for k in c}
        keys.load(changed)
        known = set(keys.infos)
        before = {k: (key_blocks(keys.infos[k]), _shape(keys.infos[k]), affects(keys.infos[k]))
                  if k in keys.infos else (set(), None, set())
                  for k in changed}
        for aid, contrib in previous.items():
            retract(keys.infos, aid, contrib)
        merge(keys.infos, mine)
        after = {k: (key_blocks(keys.infos[k]), _shape(keys.infos[k]), affects(keys.infos[k]))
                 if k in keys.infos else (set(), None, set())
                 for k in changed}
        view.put_objects(CONTRIB, added.items())
        view.delete_objects(ENTITY_KEY, [k for k in changed if k not in keys.infos])
        view.put_objects(ENTITY_KEY, [(k, keys.infos[k].to_json()) for k in sorted(changed) if k in keys.infos])
        view.delete_objects(KEY_BLOCK, [f"{b}\t{k}" for k in changed for b in before[k][0] - after[k][0]])
        rows = {f"{b}\t{k}": b for k in changed for b in after[k][0] - before[k][0]}
        view.put_objects(KEY_BLOCK, [(oid, {}) for oid in rows], block=rows)
        # what others' grouping reads of a key: that it exists, a person's roles and articles, an
        # organization's core name; the rest (name counts) is only its own entity's content
        regroup = {k for k in changed if before[k][1:] != after[k][1:] or k not in known or k not in keys.infos}
        regroup |= {k for c in [*previous.values(), *added.values()] for k in _together(c)}
        return changed, {b for k in regroup for b in before[k][2] | after[k][2]}

    def _rebuild(self, view: CorpusView, keys: _Keys, new: Mapping[str, str], changed: set[str]) -> None:
        """Record the regrouped keys' groups; rebuild every entity whose members or content changed."""
        gone = changed - keys.infos.keys()
        old = view.keymap(TARGET, set(new) | changed)
        affected = {t for k, t in new.items() if old.get(k) != t} | {t for k, t in old.items() if new.get(k) != t
                                                                     and (k in new or k in gone)}
        affected |= {new.get(k, old.get(k)) for k in changed if k in keys.infos} - {None}
        members: dict[str, set[str]] = {t: set() for t in affected}
        for k, t in new.items():
            if t in members:
                members[t].add(k)
        for k, t in view.keys_of(TARGET, affected).items():
            if k not in new and k not in gone:  # keys outside this run's blocks keep their group
                members[t].add(k)
        for k in changed - gone - set(new):  # a new key that regrouping did not reach is its own group
            if k not in old:
                t = _target_key((keys.infos[k].kind, keys.infos[k].key))
                members.setdefault(t, set()).add(k)
                new = {**new, k: t}
        keys.load({k for ks in members.values() for k in ks})
        old_ids = set(view.keymap(ENTITY, {k for ks in members.values() for k in ks} | gone).values())
        fresh, assign = {}, {}
        for t, ks in members.items():
            parts = [keys.infos[k] for k in sorted(ks)]
            if parts:
                entity = make_entity(EntityKind(t.split("|", 1)[0]), parts)
                fresh[entity.id] = to_jsonable(entity)
                assign.update({f"{p.kind.value}|{p.key}": entity.id for p in parts})
        stored = view.objects(ENTITY, ids=old_ids | fresh.keys())
        view.delete_objects(ENTITY, [i for i in old_ids if i not in fresh])
        view.put_objects(ENTITY, [(i, e) for i, e in fresh.items() if stored.get(i) != e])
        view.set_keys(ENTITY, assign)
        view.set_keys(TARGET, {k: t for k, t in new.items() if old.get(k) != t})
        view.delete_keys(ENTITY, gone)
        view.delete_keys(TARGET, gone)
