from datetime import date

import pytest

from dateline.events import event_types, negative_examples
from dateline.model import Modality, Precision, TimeExpression, TimexType
from dateline.pipeline import add_layers

EXAMPLES = [(t.code, ex) for t in event_types() for ex in t.examples]


@pytest.mark.parametrize("code,example", EXAMPLES, ids=[f"{c}:{e['trigger']}" for c, e in EXAMPLES])
def test_ontology_examples(make_doc, code, example):
    doc = make_doc(example["text"])
    found = {(e.type, doc.article.span(e.start, e.end)) for e in doc.events}
    assert (code, example["trigger"]) in found


@pytest.mark.parametrize("text", negative_examples())
def test_negative_rows_yield_no_events(make_doc, text):
    assert make_doc(text).events == ()


@pytest.mark.parametrize("text,trigger,modality", [
    ("The army launched a raid on the village.", "raid", Modality.HAPPENED),
    ("An attack on the port would be a disaster.", "attack", Modality.HYPOTHETICAL),
    ("The minister did not visit the camp.", "visit", Modality.NEGATED),
    ("The envoy will meet the rebels in Geneva.", "meet", Modality.PLANNED),
    ("The envoy is scheduled to visit Oslo on Friday.", "visit", Modality.PLANNED),
    ("The envoy is expected in Oslo on Friday.", "expected", Modality.EXPECTED),
    ("If the talks fail, the strikes could resume.", "resume", None),  # not a trigger
    ("The union does not support a strike at the plant.", "strike", Modality.HYPOTHETICAL),
    ("Both sides called for a ceasefire.", "ceasefire", Modality.HYPOTHETICAL),
])
def test_modality(make_doc, text, trigger, modality):
    doc = make_doc(text)
    found = {doc.article.span(e.start, e.end): e.modality for e in doc.events}
    assert found.get(trigger) == modality


def test_participants(make_doc):
    doc = make_doc("Ana Ortiz met Tom Hale in Lisbon.")
    (e,) = [e for e in doc.events if e.type == "CONSULT"]
    roles = {p.role: doc.article.span(p.start, p.end) for p in e.participants}
    assert roles == {"agent": "Ana Ortiz", "patient": "Tom Hale", "place": "Lisbon"}


def test_time_from_timex_else_publication_month(make_doc):
    text = "Ana Ortiz met Tom Hale in Lisbon on Monday."
    doc = make_doc(text, published=date(2024, 3, 6))
    (e,) = [e for e in doc.events if e.type == "CONSULT"]
    assert (e.time, e.date, e.precision) == (None, "2024-03", Precision.MONTH)
    start = text.index("Monday")
    timex = TimeExpression(start, start + 6, TimexType.DATE, "2024-03-04", precision=Precision.DAY)
    from dateline.events import EventStage
    from dateline.settings import Settings
    redone = EventStage(Settings())(add_layers(doc, ("timexes",), timexes=(timex,)))
    (e,) = [e for e in redone.events if e.type == "CONSULT"]
    assert (e.time, e.date, e.precision) == (0, "2024-03-04", Precision.DAY)


def test_reported_event_keeps_its_quote(make_doc):
    doc = make_doc('"Our troops withdrew from the town last night," the spokesman Tom Hale said.')
    (e,) = [e for e in doc.events if e.type == "MOBILIZE"]
    assert e.reported_by is not None and doc.quotes[e.reported_by].start <= e.start
