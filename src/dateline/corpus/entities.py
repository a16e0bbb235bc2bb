"""Entity linking: one :class:`Entity` per real-world person, organization or place, across articles.

Each mention's key (:mod:`dateline.extract.links`) is shared by spelling
variants; here keys group into entities: surnames alone join the full name they
abbreviate, organizations' short forms and acronyms their full name, and guards
keep apart people who only share a surname (two full names in one article, the
same title of different countries on one date).

The corpus stage (:mod:`.entity_stage`) keeps one ``entity_key`` object per
key and regroups only the blocks new articles touch. An entity's id is that of
the key first seen in ingest order, so it does not change when later articles
add spellings.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process

from ..extract.aliases import OrgKey, org_groups, org_key
from ..extract.entities import country_code, country_name
from ..extract.links import document_links, mention_key, mention_name, split_key
from ..extract.names import SURNAME_MIN_RATIO, is_short_form, same_name
from ..extract.names import name_tokens as _name_tokens
from ..model import Document, Entity, EntityKind, Role, add_layers
from ..store.codec import resolve

log = logging.getLogger(__name__)

# Pure functions of a string, called for every key each time a block is regrouped: remember them.
name_tokens = lru_cache(maxsize=1 << 17)(_name_tokens)


@lru_cache(maxsize=1 << 17)
def org_of(name: str) -> OrgKey:
    """The organization key of a spelling (remembered)."""
    return org_key(name, country_code)


def top_name(info: "KeyInfo") -> str:
    """A key's most frequent spelling (ties: the first in order)."""
    return max(info.names, key=lambda n: (info.names[n], n))


def entity_id(kind: EntityKind, key: str) -> str:
    """Stable id: a hash of the kind and the key it was first seen under."""
    return "ent_" + hashlib.sha1(f"{kind.value}:{key}".encode()).hexdigest()[:12]


@dataclass
class KeyInfo:
    """What the corpus knows of one mention key: its spellings, roles, articles, country."""

    kind: EntityKind
    key: str  # without the kind
    names: Counter = field(default_factory=Counter)
    roles: set[Role] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)
    country: str = ""
    first: tuple[int, int] = (0, 0)  # (ingest order, mention) of its first mention

    def to_json(self) -> dict[str, Any]:
        return {"names": dict(self.names), "country": self.country, "first": list(self.first),
                "roles": sorted([r.title, r.of, r.article, r.date] for r in self.roles),
                "articles": sorted(self.articles) if self.kind is EntityKind.PERSON else []}

    @classmethod
    def from_json(cls, full_key: str, data: Mapping[str, Any]) -> "KeyInfo":
        kind, key = split_key(full_key)
        return cls(kind, key, Counter(data["names"]), {Role(*r) for r in data["roles"]}, set(data["articles"]),
                   data["country"], tuple(data["first"]))


def contributions(doc: Document, order: int = 0) -> dict[str, KeyInfo]:
    """The key infos one article adds (keys from its links layer, else computed)."""
    links = doc.links if doc.links is not None and len(doc.links.mention_keys) == len(doc.mentions) \
        else document_links(doc)
    day = doc.article.published.isoformat() if doc.article.published else ""
    out: dict[str, KeyInfo] = {}
    for i, (m, full_key) in enumerate(zip(doc.mentions, links.mention_keys)):
        if not full_key:
            continue
        if full_key not in out:
            kind, key = split_key(full_key)
            out[full_key] = KeyInfo(kind, key, country=mention_key(doc, m)[1], first=(order, i))
        info = out[full_key]
        info.names[mention_name(doc, m)] += 1
        info.articles.add(doc.article.id)
        if m.role:
            info.roles.add(Role(title=m.role, of=m.role_of, article=doc.article.id, date=day))
    return out


def merge(into: dict[str, KeyInfo], more: Mapping[str, KeyInfo]) -> None:
    for k, info in more.items():
        have = into.get(k)
        if have is None:
            into[k] = KeyInfo(info.kind, info.key, Counter(info.names), set(info.roles), set(info.articles),
                              info.country, info.first)
            continue
        have.names.update(info.names)
        have.roles |= info.roles
        have.articles |= info.articles
        have.country = have.country or info.country
        have.first = min(have.first, info.first)


def retract(into: dict[str, KeyInfo], article: str, names: Mapping[str, Mapping[str, int]]) -> None:
    """Take back what ``article`` added: its name counts (``names``: key -> counts), roles and membership."""
    for k, counts in names.items():
        info = into.get(k)
        if info is None:
            continue
        info.names.subtract(counts)
        info.names = +info.names  # drop zero counts
        info.roles = {r for r in info.roles if r.article != article}
        info.articles.discard(article)
        if not info.names:
            del into[k]


# -- grouping keys into entities ---------------------------------------------------------------
class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def _role_conflict(a: set[Role], b: set[Role]) -> bool:
    """Two people: the same title of different countries on the same date."""
    for r in a:
        for s in b:
            if r.title and r.title == s.title and r.of and s.of and r.of != s.of and r.date and r.date == s.date:
                return True
    return False


def _person_groups(infos: Mapping[str, KeyInfo]) -> dict[str, str]:
    """Map each person key (folded full name) to the key of its group."""
    uf = _UnionFind()
    full = sorted(k for k in infos if len(k.split()) >= 2)
    by_surname: dict[str, list[str]] = defaultdict(list)
    for k in full:
        by_surname[k.split()[-1][:3]].append(k)
    for bucket in by_surname.values():
        for i, a in enumerate(bucket):
            for b in bucket[i + 1:]:
                ta, tb = tuple(a.split()), tuple(b.split())
                if not same_name(ta, tb) and not is_short_form(ta, tb) and not is_short_form(tb, ta):
                    continue
                # two different full names in one article are two people
                if infos[a].articles & infos[b].articles and not (is_short_form(ta, tb) or is_short_form(tb, ta)):
                    continue
                if _role_conflict(infos[a].roles, infos[b].roles):
                    continue
                uf.union(a, b)
    groups = {k: uf.find(k) for k in full}
    index = _SurnameIndex(groups)
    for k in sorted(infos):
        if k not in groups:
            groups[k] = _short_form_group(k, infos, index) or k
    return groups


def surname_block(token: str) -> str:
    """The block of a folded surname (or a lone name word): its first three letters.

    Two full names join only within such a bucket; a surname alone joins a full
    name whose surname is near its own (rapidfuzz ratio of
    :data:`SURNAME_MIN_RATIO`), compared within the block too, which loses little
    (near surnames start alike: "sisi", "sissi") and lets the corpus stage regroup
    one block at a time.
    """
    return "n:" + token[:3]


class _SurnameIndex:
    """Full-name keys by surname, so a short form is compared only with names of its block whose
    surname is near its own (the surname test of :func:`is_short_form`, run by rapidfuzz)."""

    def __init__(self, groups: Mapping[str, str]):
        self.groups = dict(groups)
        self.by_surname: dict[str, list[str]] = defaultdict(list)
        for k in sorted(groups):
            self.by_surname[k.split()[-1]].append(k)
        self.by_block: dict[str, list[str]] = defaultdict(list)
        for s in self.by_surname:
            self.by_block[surname_block(s)].append(s)
        self.members: dict[str, list[str]] = defaultdict(list)
        for k, g in groups.items():
            self.members[g].append(k)

    def candidates(self, surname: str) -> list[str]:
        near = process.extract(surname, self.by_block.get(surname_block(surname), []), scorer=fuzz.ratio,
                               score_cutoff=SURNAME_MIN_RATIO, limit=None)
        return [k for s, _, _ in near for k in self.by_surname[s]]


def _short_form_group(short: str, infos: Mapping[str, KeyInfo], index: _SurnameIndex) -> str | None:
    """The group a short form ("Blinken") belongs to, or None when unknown or ambiguous."""
    st = tuple(short.split())
    candidates: dict[str, int] = defaultdict(int)
    for k in index.candidates(st[-1]) if st else ():
        if is_short_form(st, tuple(k.split())):
            candidates[index.groups[k]] += sum(infos[k].names.values())
    if len(candidates) <= 1:
        return next(iter(candidates), None)
    # ambiguous surname: prefer the person named in full in the same articles, then by role
    arts = infos[short].articles
    shared = {g for g in candidates if any(infos[k].articles & arts for k in index.members[g])}
    if len(shared) == 1:
        return shared.pop()
    titles_seen = {r.title for r in infos[short].roles if r.title}
    by_role = {g for g in candidates if any(r.title in titles_seen for k in index.members[g] for r in infos[k].roles)}
    if titles_seen and len(by_role) == 1:
        return by_role.pop()
    return None


def _org_as_person(key: str, groups: Mapping[str, str], index: _SurnameIndex) -> str | None:
    """The person group an ORG-labelled name belongs to, when it is a known person's name."""
    tokens = name_tokens(key)
    if not tokens or len(tokens) > 4:
        return None
    if " ".join(tokens) in groups:
        return groups[" ".join(tokens)]
    found = {index.groups[k] for k in index.candidates(tokens[-1]) if is_short_form(tokens, tuple(k.split()))}
    return found.pop() if len(found) == 1 else None


def group_keys(infos: Mapping[str, KeyInfo]) -> dict[str, tuple[EntityKind, str]]:
    """Each full key ("person|sisi") -> the (kind, group key) of its entity.

    A person's surname tagged ORG or GPE ("El-Sisi" as ORG) joins the person; a
    lone capitalised word tagged PERSON that names no known person but is
    elsewhere a place or organization ("Rafah") joins that.
    """
    persons = {i.key: i for i in infos.values() if i.kind is EntityKind.PERSON}
    groups = _person_groups(persons)
    index = _SurnameIndex({k: g for k, g in groups.items() if len(k.split()) >= 2})
    orgs = {fk: org_of(top_name(i))
            for fk, i in infos.items() if i.kind is EntityKind.ORG}
    org_map = org_groups(orgs.values())
    # a bare name that is a place or an organization: the greatest full key wins (as the last of a sorted pass)
    others: dict[str, tuple[EntityKind, str]] = {}
    widest: dict[str, str] = {}
    for fk, i in infos.items():
        if i.kind in (EntityKind.PLACE, EntityKind.ORG):
            head = i.key.split("|")[0]
            if head not in widest or fk > widest[head]:
                widest[head], others[head] = fk, (i.kind, i.key)
    out = {}
    for fk, i in infos.items():
        kind, key = i.kind, i.key
        if kind is EntityKind.PERSON:
            group = groups[key]
            if group == key and len(key.split()) == 1 and not persons[key].roles and key in others:
                out[fk] = others[key]
            else:
                out[fk] = (EntityKind.PERSON, group)
            continue
        group = _org_as_person(key, groups, index) if kind in (EntityKind.ORG, EntityKind.PLACE) and not i.country \
            else None
        if group:
            out[fk] = (EntityKind.PERSON, group)
        elif kind is EntityKind.ORG:
            out[fk] = (kind, org_map.get(orgs[fk].key, key))
        else:
            out[fk] = (kind, key)
    return out


def make_entity(kind: EntityKind, parts: Sequence[KeyInfo]) -> Entity:
    """The entity of a group of keys: its fullest, most frequent spelling; the id of the key seen first."""
    names: Counter = Counter()
    roles: set[Role] = set()
    for c in parts:
        names.update(c.names)
        roles |= c.roles
    canonical = max(names, key=lambda n: (len(name_tokens(n)) if kind is EntityKind.PERSON else 0,
                                          names[n], -len(n), n))
    country = next((c.country for c in sorted(parts, key=lambda c: (c.first, c.key)) if c.country), "")
    if kind is EntityKind.PLACE and country and all(c.key.startswith("country:") for c in parts):
        canonical = country_name(country)
    first = min(parts, key=lambda c: (c.first, c.kind.value, c.key))
    return Entity(
        id=entity_id(first.kind, first.key), kind=kind, name=canonical,
        aliases=tuple(sorted(n for n in names if n != canonical)),
        roles=tuple(sorted(roles, key=lambda r: (r.date, r.title, r.of, r.article))),
        country=country,
    )


def build_entities(infos: Mapping[str, KeyInfo]) -> tuple[list[Entity], dict[str, str]]:
    """The entities of the key infos, and each full key's entity id."""
    merged: dict[tuple[EntityKind, str], list[KeyInfo]] = defaultdict(list)
    for fk, target in sorted(group_keys(infos).items()):
        merged[target].append(infos[fk])
    entities, assign = [], {}
    for (kind, _), parts in merged.items():
        entity = make_entity(kind, parts)
        entities.append(entity)
        assign.update({f"{c.kind.value}|{c.key}": entity.id for c in parts})
    return sorted(entities, key=lambda e: (e.kind.value, e.name)), assign


# -- in memory: for tests and one-off runs ------------------------------------------------------
def link_entities(docs: Sequence[Document]) -> tuple[list[Entity], list[Document]]:
    """Canonical entities over ``docs`` and the documents with entity ids written in."""
    infos: dict[str, KeyInfo] = {}
    linked = []
    for order, doc in enumerate(docs):
        if doc.links is None:
            doc = add_layers(doc, ["links"], links=document_links(doc))
        merge(infos, contributions(doc, order))
        linked.append(doc)
    entities, assign = build_entities(infos)
    return entities, [resolve(d, assign, {}) for d in linked]


def iter_linked(docs: Iterable[Document]) -> list[Document]:
    """Link ``docs`` among themselves (no store)."""
    return link_entities(list(docs))[1]
