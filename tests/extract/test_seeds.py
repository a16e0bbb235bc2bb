"""The five seed articles (read from ../shared at run time; skipped when absent)."""

import re
from datetime import date

import pytest

from dateline.corpus.claim_groups import claim_refs, group_claims
from dateline.corpus.date_inference import (
    apply_decision,
    date_corpus,
    known_days,
    refresh_times,
)
from dateline.corpus.entities import link_entities
from dateline.model import EntityKind, Modality, Precision

from .conftest import SHARED

SEEDS = SHARED / "examples" / "seeds"
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seed corpus not present")
_HEADER = re.compile(r"\s*date (\d{4}-\d\d-\d\d) ")


@pytest.fixture(scope="module")
def seeds(make_doc):
    docs = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        m = _HEADER.match(text)
        published = date.fromisoformat(m.group(1)) if m else None
        docs.append(make_doc(text[m.end():] if m else text, published, path.stem))
    # the corpus stages in their order: dating, then entities (which refreshes event dates)
    known = known_days(docs)
    decisions = {d.article: d for d in date_corpus(docs)}
    docs = [apply_decision(d, decisions[d.article.id], known) if d.article.id in decisions else d for d in docs]
    entities, linked = link_entities(docs)
    return {e.id: e for e in entities}, [refresh_times(d) for d in linked]


def _entity_of(seeds, pattern):
    entities, docs = seeds
    ids = {m.entity for d in docs for m in d.mentions
           if m.name_start is not None and re.search(pattern, d.article.span(m.name_start, m.name_end), re.I)}
    return ids


def test_one_entity_per_person(seeds):
    entities, docs = seeds
    sisi = _entity_of(seeds, r"sis+i")
    assert len(sisi) == 1
    spellings = {d.article.span(m.name_start, m.name_end) for d in docs for m in d.mentions if m.entity in sisi}
    assert len(spellings) >= 7, spellings
    assert len(_entity_of(seeds, r"blinken")) == 1
    assert len(_entity_of(seeds, r"shoukry")) == 1
    atty = _entity_of(seeds, r"atty")
    assert len(atty) == 1 and atty.isdisjoint(_entity_of(seeds, r"shoukry"))


def test_no_titles_inside_names(seeds):
    entities, _ = seeds
    people = [e for e in entities.values() if e.kind is EntityKind.PERSON]
    assert len(people) >= 3  # Sisi, Blinken, Shoukry at least: an empty list would pass the loop below
    for e in people:
        names = [e.name, *e.aliases]
        assert not any(re.search(r"\b(president|minister|secretary|chief)\b", n, re.I) for n in names), names


@pytest.mark.parametrize("start,who", [
    ("It is necessary for Israel", "shoukry"),
    ("We continue to push", "blinken"),
    ("We’ve been very clear", "blinken"),
    ("the repercussions of Israel", "shoukry"),
    ("as soon as possible", "shoukry"),
])
def test_quote_attribution(seeds, start, who):
    entities, docs = seeds
    quotes = [q for d in docs for q in d.quotes if d.article.span(q.start, q.end).startswith(start)]
    assert quotes, start
    for q in quotes:
        assert q.speaker and who in entities[q.speaker].name.lower()


def test_rafah_figures_one_consistent_group(seeds):
    _, docs = seeds
    groups = group_claims(claim_refs(docs))
    rafah = [g for g in groups if g["quantity"].endswith("|rafah") and "displaced" in g["quantity"]]
    assert len(rafah) == 1
    (group,) = rafah
    assert len(group["claims"]) == 3 and len({c["article"] for c in group["claims"]}) == 3
    assert group["status"] == "consistent"
    lower_bounds = [c for c in group["claims"] if c["qualifier"] == "at_least"]
    assert len(lower_bounds) == 2


def test_conditional_ground_operation_not_happened(seeds):
    _, docs = seeds
    ops = [e for d in docs for e in d.events
           if d.article.span(e.start, e.end) == "operation"
           and "ground operation" in d.article.text[e.start - 7:e.end]]
    assert ops and all(e.modality is not Modality.HAPPENED for e in ops)


def test_planned_trip_is_expected(seeds):
    _, docs = seeds
    expected = [e for d in docs for e in d.events if e.type == "TRAVEL" and e.modality is Modality.EXPECTED]
    assert expected


def _events(seeds, prefix, trigger, type_):
    _, docs = seeds
    return [(d, e) for d in docs if d.article.id.startswith(prefix) for e in d.events
            if e.type == type_ and d.article.span(e.start, e.end) == trigger]


@pytest.mark.parametrize("prefix,trigger,type_,day,precision,modality", [
    ("002", "met", "CONSULT", "2024-02-06", Precision.DAY, Modality.HAPPENED),  # "on Tuesday", published Wed 7th
    # the phone call: no day in the text, so the publication month, not the publication day
    ("000", "call", "CALL", "2024-05", Precision.MONTH, Modality.HAPPENED),
    # undated, dated by the corpus (day 167 of the war); its weekdays follow
    ("003", "arrived", "TRAVEL", "2024-03-21", Precision.DAY, Modality.HAPPENED),
    ("003", "visit", "TRAVEL", "2024-03-22", Precision.DAY, Modality.PLANNED),
    # undated, dated through the same Cairo meeting that 003 reports: its "Friday" follows
    ("001", "expected", "TRAVEL", "2024-03-22", Precision.DAY, Modality.EXPECTED),
])
def test_event_dates(seeds, prefix, trigger, type_, day, precision, modality):
    found = _events(seeds, prefix, trigger, type_)
    assert found, (prefix, trigger)
    for _, e in found:
        assert (e.date, e.precision, e.modality) == (day, precision, modality)


def test_bounded_times_do_not_date_events(seeds):
    # "... trip ... since the seventh of October": the trip is not dated October 7
    (doc, trip), = _events(seeds, "002", "trip", "TRAVEL")
    assert trip.date == "2024-02" and trip.precision is Precision.MONTH
