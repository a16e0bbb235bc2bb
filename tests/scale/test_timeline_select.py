"""A timeline built from the streamed selection equals the one built from every matching document."""

from __future__ import annotations

import json

import pytest

from dateline.extract.sentence_dates import lead_only, own_date
from dateline.render import timeline_json
from dateline.settings import Settings
from dateline.store import Store
from dateline.timeline import TimelineRequest, build_timeline, timeline_from_documents
from dateline.timeline.baselines import BASELINES
from dateline.timeline.build import (
    default_roles,
    entity_aliases,
    event_clusters,
    matching_ids,
    query_terms,
    select_documents,
)

from .corpus import build_store, make_corpus

REQUESTS = [
    TimelineRequest(),
    TimelineRequest(max_dates=2, per_date=1),
    TimelineRequest(max_dates=3, coarse=False),
    TimelineRequest(query="quay", max_dates=2),
    TimelineRequest(query="Mara Ilic"),
    TimelineRequest.parse(since="2025-03-08", until="2025-03-15", max_dates=2),
    TimelineRequest(query="no such word anywhere"),
]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    root = tmp_path_factory.mktemp("select")
    build_store(root / "t.db", [make_corpus(root, generated=30)], batch_size=8)
    return root / "t.db"


def _from_everything(store: Store, settings: Settings, request: TimelineRequest, roles_for=default_roles):
    """What build_timeline computed before the selection: every matching document, loaded whole."""
    aliases = entity_aliases(store, request.query) if request.query else []
    ids = matching_ids(store, request.query, aliases)
    docs = list(store.iter_documents(ids))
    roles = roles_for(settings, event_clusters(store, [d.article.id for d in docs]))
    return timeline_from_documents(docs, settings, request, roles=roles, terms=query_terms(request.query, aliases))


@pytest.mark.parametrize("request_", REQUESTS, ids=[str(i) for i in range(len(REQUESTS))])
def test_the_selection_changes_nothing(store_path, request_):
    settings = Settings(db_path=store_path)
    with Store(store_path, readonly=True) as store:
        built = json.dumps(timeline_json(build_timeline(store, settings, request_)), sort_keys=True)
        expected = json.dumps(timeline_json(_from_everything(store, settings, request_)), sort_keys=True)
    assert built == expected


def test_few_dates_load_few_documents(store_path):
    with Store(store_path, readonly=True) as store:
        every = len(store.article_ids())
        settings = Settings(db_path=store_path)
        few, _ = select_documents(store, settings, TimelineRequest(max_dates=1))
        assert 0 < len(few) < every
        assert len(select_documents(store, settings, TimelineRequest(max_dates=10))[0]) <= every


def test_entity_aliases_found_through_sql_equal_a_scan_of_every_entity(store_path):
    with Store(store_path, readonly=True) as store:
        entities = store.get_objects("entity")
        names = sorted({n for e in entities.values() for n in [e["name"], *e.get("aliases", ())]})
        assert len(names) > 5
        for query in [*names, *(n.upper() for n in names[:5]), "harbour", "nobody at all", "100%_"]:
            q = query.strip().lower()
            scanned: list[str] = []
            for e in entities.values():
                every = [e["name"], *e.get("aliases", ())]
                if any(n.lower() == q for n in every if n):
                    scanned += [n for n in every if n and n not in scanned]
            assert entity_aliases(store, query) == scanned, query


def test_an_articles_lead_tells_its_own_day(store_path):
    with Store(store_path, readonly=True) as store:
        docs = list(store.iter_documents())
    assert any(own_date(d) not in (None, d.article.published.isoformat()) for d in docs)  # leads that name a day
    assert [own_date(lead_only(d)) for d in docs] == [own_date(d) for d in docs]


@pytest.mark.parametrize("name", sorted(BASELINES))
@pytest.mark.parametrize("request_", REQUESTS[:3], ids=["0", "1", "2"])
def test_the_selection_changes_nothing_for_the_baselines(store_path, request_, name):
    roles = BASELINES[name]
    settings = Settings(db_path=store_path)
    with Store(store_path, readonly=True) as store:
        built = json.dumps(timeline_json(build_timeline(store, settings, request_, roles=roles)), sort_keys=True)
        expected = json.dumps(timeline_json(_from_everything(store, settings, request_, roles)), sort_keys=True)
    assert built == expected
