from datetime import date

import pytest

from dateline.extract.events import event_types, negative_examples
from dateline.model import Modality, Precision, TimeExpression, TimexType, add_layers

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
    from dataclasses import replace

    from dateline.extract.events import EventStage
    from dateline.settings import Settings

    doc = make_doc(text, published=date(2024, 3, 6))
    untimed = EventStage(Settings())(replace(doc, timexes=(), layers=doc.layers - {"timexes"}))
    (e,) = [e for e in untimed.events if e.type == "CONSULT"]
    assert (e.time, e.date, e.precision) == (None, "2024-03", Precision.MONTH)
    start = text.index("Monday")
    timex = TimeExpression(start, start + 6, TimexType.DATE, "2024-03-04", precision=Precision.DAY)
    redone = EventStage(Settings())(add_layers(untimed, ("timexes",), timexes=(timex,)))
    (e,) = [e for e in redone.events if e.type == "CONSULT"]
    assert (e.time, e.date, e.precision) == (0, "2024-03-04", Precision.DAY)


def test_reported_event_keeps_its_quote(make_doc):
    doc = make_doc('"Our troops withdrew from the town last night," the spokesman Tom Hale said.')
    (e,) = [e for e in doc.events if e.type == "MOBILIZE"]
    assert e.reported_by is not None and doc.quotes[e.reported_by].start <= e.start


# Real pipeline output (sentences, timexes, parse): which timex dates which trigger.
# Wednesday 2024-02-07 is the publication date of every row.
WED = date(2024, 2, 7)


@pytest.mark.parametrize("text,trigger,day,precision,modality", [
    ("The council met on Tuesday to discuss the budget.", "met", "2024-02-06", Precision.DAY, Modality.HAPPENED),
    ("The envoy is expected in Oslo on Friday.", "expected", "2024-02-09", Precision.DAY, Modality.EXPECTED),
    ("The envoy is scheduled to visit Oslo on Friday.", "visit", "2024-02-09", Precision.DAY, Modality.PLANNED),
    ("Police arrested the driver late on Monday.", "arrested", "2024-02-05", Precision.DAY, Modality.HAPPENED),
    ("The ministry announced on Tuesday that a ferry strike had ended.", "announced", "2024-02-06",
     Precision.DAY, Modality.HAPPENED),
    ("A court ruling in January ordered the port reopened.", "ruling", "2024-01", Precision.MONTH, Modality.HAPPENED),
    # a timex inside a noun phrase dates the noun, and a relative clause inherits it
    ("Rebels have held the town since an October 3 raid in which nine guards were killed.", "raid", "2023-10-03",
     Precision.DAY, Modality.HAPPENED),
    ("Rebels have held the town since an October 3 raid in which nine guards were killed.", "killed", "2023-10-03",
     Precision.DAY, Modality.HAPPENED),
    # negative rows: a bounding preposition or another clause's timex dates nothing:
    # the publication month, at month precision
    ("This is her third visit to the region since the fifth of May.", "visit", "2024-02", Precision.MONTH,
     Modality.HAPPENED),
    ("The port reopened after two days of strikes.", "strikes", "2024-02", Precision.MONTH, Modality.HAPPENED),
    ("Crews reached the valley by Monday morning, the governor said.", "said", "2024-02", Precision.MONTH,
     Modality.HAPPENED),
    ("The minister said the talks would resume on Friday.", "said", "2024-02", Precision.MONTH, Modality.HAPPENED),
    ("Both sides discussed the 1990 borders at length.", "discussed", "2024-02", Precision.MONTH, Modality.HAPPENED),
])
def test_event_time_from_real_timexes(make_doc, text, trigger, day, precision, modality):
    doc = make_doc(text, published=WED)
    (e,) = [e for e in doc.events if doc.article.span(e.start, e.end) == trigger]
    assert (e.date, e.precision, e.modality) == (day, precision, modality)
    assert (e.time is not None) is (precision is not Precision.MONTH or e.date != "2024-02")


def test_undated_article_events_follow_the_dating_stage(make_doc):
    from dataclasses import replace

    from dateline.corpus.date_inference import refresh_times
    from dateline.extract.temporal import resolve

    text = "The envoy arrived in Oslo on Thursday. She is expected in Rome on Friday."
    doc = make_doc(text)  # undated: the weekdays wait for an anchor
    linked = {doc.article.span(e.start, e.end): e for e in doc.events}
    assert linked["arrived"].time is not None and linked["arrived"].date == ""
    # what the dating stage does once it has dated the article: re-anchor the timexes
    dated = replace(doc, article=replace(doc.article, published=date(2024, 3, 21)))
    dated = replace(dated, timexes=resolve(text, doc.timexes, date(2024, 3, 21), sentences=doc.sentences))
    events = {dated.article.span(e.start, e.end): e for e in refresh_times(dated).events}
    assert (events["arrived"].date, events["arrived"].precision) == ("2024-03-21", Precision.DAY)
    assert (events["expected"].date, events["expected"].modality) == ("2024-03-22", Modality.EXPECTED)


@pytest.mark.parametrize("text", ["Strike at the port on Monday", "Monday's vote in the council"])
def test_verbless_fragment_with_a_timex(make_doc, text):
    # the climb from a timex to what it dates must stop at a root that is a noun
    doc = make_doc(text, published=WED)
    assert all(e.date.startswith("2024-02") for e in doc.events)
