"""Entity linking: one :class:`Entity` per real-world person, organization or place, across articles.

Transliteration variants share a key (:mod:`dateline.extract.names`), surnames
alone link to the full name they abbreviate, and guards keep apart people who
only share a surname.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..extract.aliases import org_groups, org_key, place_name
from ..extract.entities import (
    cities,
    country_code,
    country_name,
    demonym_country,
    place_country,
    strip_article,
)
from ..extract.names import fold, is_short_form, name_key, name_tokens, same_name
from ..extract.nominals import is_named
from ..model import Document, Entity, EntityKind, Mention, Role
from ..settings import Settings

log = logging.getLogger(__name__)


# -- corpus-level identity --------------------------------------------------------------
def entity_id(kind: EntityKind, key: str) -> str:
    """Stable id: a hash of the kind and the canonical key."""
    return "ent_" + hashlib.sha1(f"{kind.value}:{key}".encode()).hexdigest()[:12]


def mention_name(doc: Document, m: Mention) -> str:
    """The name of a mention, titles stripped."""
    if m.name_start is not None:
        return doc.article.span(m.name_start, m.name_end)
    if m.antecedent_start is not None:  # a resolved pronoun goes by its antecedent's name
        return doc.article.span(m.antecedent_start, m.antecedent_end)
    return doc.article.span(m.start, m.end)


@dataclass
class _Cluster:
    """Mentions of one would-be entity while linking."""

    kind: EntityKind
    key: str
    names: Counter = field(default_factory=Counter)
    members: list[tuple[int, int]] = field(default_factory=list)  # (doc index, mention index)
    roles: set[Role] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)
    country: str = ""


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


def _person_groups(infos: dict[str, _Cluster]) -> dict[str, str]:
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
    for k in infos:
        if k in groups:
            continue
        groups[k] = _short_form_group(k, infos, groups) or k
    return groups


def _short_form_group(short: str, infos: dict[str, _Cluster], groups: dict[str, str]) -> str | None:
    """The group a short form ("Blinken") belongs to, or None when unknown or ambiguous."""
    st = tuple(short.split())
    candidates: dict[str, int] = defaultdict(int)
    for k, g in groups.items():
        if is_short_form(st, tuple(k.split())):
            candidates[g] += sum(infos[k].names.values())
    if len(candidates) <= 1:
        return next(iter(candidates), None)
    # ambiguous surname: prefer the person named in full in the same articles, then by role
    arts = infos[short].articles
    shared = {g for g in candidates if any(infos[k].articles & arts for k, gg in groups.items() if gg == g)}
    if len(shared) == 1:
        return shared.pop()
    titles_seen = {r.title for r in infos[short].roles if r.title}
    by_role = {g for g in candidates if any(r.title in titles_seen for k, gg in groups.items() if gg == g
                                            for r in infos[k].roles)}
    if titles_seen and len(by_role) == 1:
        return by_role.pop()
    return None


def _org_as_person(key: str, groups: dict[str, str]) -> str | None:
    """The person group an ORG-labelled name belongs to, when it is a known person's name."""
    tokens = name_tokens(key)
    if not tokens or len(tokens) > 4:
        return None
    if " ".join(tokens) in groups:
        return groups[" ".join(tokens)]
    found = {g for k, g in groups.items() if is_short_form(tokens, tuple(k.split()))}
    return found.pop() if len(found) == 1 else None


def _target(kind: EntityKind, key: str, c: _Cluster, groups: dict[str, str], persons: dict[str, _Cluster],
            others: dict[str, tuple[EntityKind, str]], org_map: dict[str, str]) -> tuple[EntityKind, str]:
    """The (kind, key) a cluster merges into, correcting NER labels by what the corpus knows.

    A person's surname tagged ORG or GPE ("El-Sisi" as ORG, "Blinken's" as GPE) joins
    the person; a lone capitalised word tagged PERSON that names no known person
    but is elsewhere a place or organization ("Rafah") joins that.
    """
    if kind is EntityKind.PERSON:
        group = groups[key]
        if group == key and len(key.split()) == 1 and not persons[key].roles and key in others:
            return others[key]
        return EntityKind.PERSON, group
    if kind in (EntityKind.ORG, EntityKind.PLACE) and not c.country:
        group = _org_as_person(key, groups)
        if group:
            return EntityKind.PERSON, group
    if kind is EntityKind.ORG:
        return kind, org_map.get(key, key)
    return kind, key


def _mention_key(doc: Document, m: Mention) -> tuple[EntityKind, str, str]:
    """(kind, key, country) for a mention before grouping."""
    text = mention_name(doc, m)
    if m.kind is EntityKind.PLACE:
        text = place_name(text, cities())  # "Rafah city" is Rafah
        name, code = place_country(text)
        if code and (name == country_name(code)):
            return EntityKind.PLACE, f"country:{code}", code
        if code:
            return EntityKind.PLACE, f"{fold(name)}|{code}", code
        return EntityKind.PLACE, strip_article(text), ""
    if m.kind is EntityKind.PERSON:
        return EntityKind.PERSON, name_key(text), ""
    if m.kind is EntityKind.OTHER:
        return EntityKind.OTHER, strip_article(text), demonym_country(text)
    key = org_key(text, country_code)
    return m.kind, key.key, key.country


def link_entities(docs: Sequence[Document]) -> tuple[list[Entity], list[Document]]:
    """Canonical entities over ``docs`` and the documents with entity ids written in."""
    clusters: dict[tuple[EntityKind, str], _Cluster] = {}
    keys: dict[tuple[int, int], tuple[EntityKind, str]] = {}
    for di, doc in enumerate(docs):
        day = doc.article.published.isoformat() if doc.article.published else ""
        for mi, m in enumerate(doc.mentions):
            if not is_named(m) and m.antecedent_start is None:
                continue  # "the actress", an unresolved "he": no name to link by
            kind, key, code = _mention_key(doc, m)
            if not key:
                continue
            c = clusters.setdefault((kind, key), _Cluster(kind, key, country=code))
            c.names[mention_name(doc, m)] += 1
            c.members.append((di, mi))
            c.articles.add(doc.article.id)
            if m.role:
                c.roles.add(Role(title=m.role, of=m.role_of, article=doc.article.id, date=day))
            keys[(di, mi)] = (kind, key)
    persons = {k: c for (kind, k), c in clusters.items() if kind is EntityKind.PERSON}
    groups = _person_groups(persons)
    # organizations: short forms and acronyms join their full name when unambiguous
    org_keys = [org_key(next(iter(c.names)), country_code) for (kind, _), c in clusters.items()
                if kind is EntityKind.ORG]
    org_map = org_groups(org_keys)
    # places and organizations by their bare name ("rafah" for "rafah|PS")
    others = {key.split("|")[0]: (kind, key) for (kind, key), c in clusters.items()
              if kind in (EntityKind.PLACE, EntityKind.ORG)}
    merged: dict[tuple[EntityKind, str], list[_Cluster]] = defaultdict(list)
    for (kind, key), c in clusters.items():
        merged[_target(kind, key, c, groups, persons, others, org_map)].append(c)
    entities, assign = _build_entities(merged)
    out_docs = [_assign(doc, di, assign, clusters, keys) for di, doc in enumerate(docs)]
    return entities, out_docs


def _build_entities(merged: dict[tuple[EntityKind, str], list[_Cluster]]) -> tuple[list[Entity], dict]:
    entities = []
    assign: dict[tuple[EntityKind, str], str] = {}
    for (kind, _), parts in merged.items():
        names: Counter = Counter()
        roles: set[Role] = set()
        for c in parts:
            names.update(c.names)
            roles |= c.roles
        # the canonical name: the fullest spelling, then the most frequent
        canonical = max(names, key=lambda n: (len(name_tokens(n)) if kind is EntityKind.PERSON else 0,
                                              names[n], -len(n), n))
        country = next((c.country for c in parts if c.country), "")
        if kind is EntityKind.PLACE and country and all(c.key.startswith("country:") for c in parts):
            canonical = country_name(country)
        ckey = name_key(canonical) if kind is EntityKind.PERSON else strip_article(canonical)
        eid = entity_id(kind, ckey)
        entities.append(Entity(
            id=eid, kind=kind, name=canonical,
            aliases=tuple(sorted(n for n in names if n != canonical)),
            roles=tuple(sorted(roles, key=lambda r: (r.date, r.title, r.of, r.article))),
            country=country,
        ))
        for c in parts:
            assign[(c.kind, c.key)] = eid
    return sorted(entities, key=lambda e: (e.kind.value, e.name)), assign


def _assign(doc: Document, di: int, assign: dict, clusters: dict, keys: dict) -> Document:
    mentions = tuple(
        replace(m, entity=assign.get(keys[(di, mi)])) if (di, mi) in keys else m
        for mi, m in enumerate(doc.mentions)
    )
    return replace(doc, mentions=mentions)


def _span_entity(mentions: Sequence[Mention], start: int | None, end: int | None) -> str | None:
    """The entity of the mention overlapping a span (the widest overlap wins)."""
    if start is None or end is None:
        return None
    best, size = None, 0
    for m in mentions:
        overlap = min(end, m.end) - max(start, m.start)
        if overlap > size and m.entity:
            best, size = m.entity, overlap
    return best


def attach_entities(doc: Document) -> Document:
    """Write entity ids into quote speakers, event participants and claim claimants."""
    quotes = tuple(replace(q, speaker=_span_entity(doc.mentions, q.speaker_start, q.speaker_end))
                   for q in doc.quotes)
    events = tuple(replace(e, participants=tuple(
        replace(p, entity=_span_entity(doc.mentions, p.start, p.end)) for p in e.participants))
        for e in doc.events)
    claims = tuple(replace(c, claimant=_claimant(doc, c, quotes)) for c in doc.claims)
    return replace(doc, quotes=quotes, events=events, claims=claims)


def _claimant(doc: Document, claim: Any, quotes: Sequence[Any]) -> str:
    """Who makes a claim: the speaker of the quote holding the figure, else of an attribution
    in the figure's sentence ("..., according to the UN", "..., officials said"); else ""
    (the outlet itself)."""
    q = next((q for q in quotes if q.start <= claim.start and claim.end <= q.end), None)
    if q is not None:
        return q.speaker or ""
    sent = next((s for s in doc.sentences if s.start <= claim.start < s.end), None)
    if sent is None:
        return ""
    # "according to X" anywhere in the sentence, or "..., X said" after the figure; a cue
    # before the figure ("X stressed ..., as 1.5 million shelter in Y") may not cover it
    cued = [q for q in quotes if q.speaker and q.cue_start is not None and sent.start <= q.cue_start < sent.end
            and (doc.article.span(q.cue_start, q.cue_end).lower() == "according" or q.cue_start > claim.end)]
    # the attribution nearest the figure, when several share the sentence
    best = min(cued, key=lambda q: abs(q.cue_start - claim.start), default=None)
    return best.speaker if best is not None else ""


class EntityLinkingStage:
    """Builds canonical entities over all stored documents (recomputed: it is fast)."""

    name = "entities"

    def __init__(self, settings: Settings):
        self.settings = settings

    def run(self, store: Any, new_ids: Sequence[str], settings: Settings) -> None:
        docs = [d for d in store.iter_documents() if "mentions" in d.layers]
        entities, linked = link_entities(docs)
        for before, after in zip(docs, linked):
            after = attach_entities(after)
            if after != before:
                store.save_document(after)
        store.put_objects("entity", [(e.id, e) for e in entities], replace_all=True)
        log.info("linked %d mentions in %d articles to %d entities",
                 sum(len(d.mentions) for d in docs), len(docs), len(entities))




def iter_linked(docs: Iterable[Document]) -> Iterable[Document]:
    """Link ``docs`` among themselves (no store): for tests and one-off runs."""
    docs = list(docs)
    _, linked = link_entities(docs)
    return [attach_entities(d) for d in linked]
