"""The parts of the story, on state built by hand: readable lines, roles at a date, disagreements."""

from __future__ import annotations

import pytest
from conftest import make_article

from dateline.model import (
    Document,
    EntityKind,
    Mention,
    Role,
    Sentence,
    SourceRef,
    SummaryLine,
    TimeExpression,
    TimexType,
)
from dateline.timeline.disagreements import find_disagreements, quantity_label
from dateline.timeline.readable import readable_line
from dateline.timeline.story import role_at

FIRST = "Mayor Petra Osk opened the new pontoon on Monday. She is expected to visit the harbour on Friday."
SECOND = "The mayor toured the site. She is expected to visit the harbour on Friday, aides said."


def _doc(text: str, mentions=(), **fields) -> Document:
    return Document(article=make_article(text, **fields), mentions=tuple(mentions))


def _she(doc: Document, antecedent: tuple[int, int] | None) -> Mention:
    at = doc.article.text.index("She")
    start, end = antecedent or (None, None)
    return Mention(at, at + 3, EntityKind.PERSON, label="PRONOUN", antecedent_start=start, antecedent_end=end)


def _line(doc: Document) -> SummaryLine:
    at = doc.article.text.index("She")
    end = doc.article.text.index("Friday") + len("Friday.")
    return SummaryLine(text=doc.article.text[at:end], source=SourceRef(doc.article.id, at, end))


def test_a_pronoun_gets_its_antecedent_in_brackets_and_the_text_stays():
    doc = _doc(FIRST)
    doc = Document(article=doc.article, mentions=(_she(doc, (6, 15)),))
    line = readable_line(_line(doc), {doc.article.id: doc}, {})
    assert line.display == "[Petra Osk] is expected to visit the harbour on Friday."
    assert line.text == FIRST[FIRST.index("She"):]


def test_another_outlet_that_resolved_the_same_pronoun_names_it():
    unresolved = _doc(SECOND)
    unresolved = Document(article=unresolved.article, mentions=(_she(unresolved, None),))
    resolved = _doc(FIRST)
    resolved = Document(article=resolved.article, mentions=(_she(resolved, (6, 15)),))
    line = _line(unresolved)
    line = SummaryLine(text=line.text, source=line.source, also=(_line(resolved).source,))
    docs = {d.article.id: d for d in (unresolved, resolved)}
    assert readable_line(line, docs, {}).display.startswith("[Petra Osk] is expected")


@pytest.mark.parametrize("text", [
    "Heavy rain closed the harbour on Monday.",  # 'He' inside a word is no pronoun
    "The officials met on Monday.",  # a plural, not a bare 'the official'
    "Petra Osk opened the pontoon on Monday.",  # a name needs no help
])
def test_lines_that_do_not_open_with_a_pronoun_are_left_alone(text):
    doc = _doc(text)
    line = SummaryLine(text=text, source=SourceRef(doc.article.id, 0, len(text)))
    assert readable_line(line, {doc.article.id: doc}, {}).display == ""


def test_an_unresolved_pronoun_is_shown_as_written():
    doc = _doc(SECOND)
    doc = Document(article=doc.article, mentions=(_she(doc, None),))
    line = readable_line(_line(doc), {doc.article.id: doc}, {})
    assert line.display == "" and line.shown == line.text


NAMED = "Osk toured the flooded quay on Monday. He is expected back on Friday."
PEOPLE = {"ent_osk": {"name": "Petra Osk", "kind": "person"}, "ent_vel": {"name": "Velmora", "kind": "place"},
          "ent_rah": {"name": "Yusuf al-Rahmani", "kind": "person"}}


def _sentences_doc(text: str, mentions) -> Document:
    first = text.index(". ") + 1
    article = make_article(text)
    return Document(article=article, sentences=(Sentence(0, first, 0), Sentence(first + 1, len(text), 1)),
                    mentions=tuple(mentions))


def _he(text: str) -> SummaryLine:
    at = text.index("He ")
    return SummaryLine(text=text[at:], source=SourceRef(make_article(text).id, at, len(text)))


def test_unresolved_the_one_person_named_just_before_is_meant():
    # the tagger took the name for a place; linking knows the entity is a person
    mention = Mention(0, 3, EntityKind.PLACE, label="GPE", entity="ent_osk")
    doc = _sentences_doc(NAMED, [mention, Mention(NAMED.index("He "), NAMED.index("He ") + 2, EntityKind.PERSON)])
    assert readable_line(_he(NAMED), {doc.article.id: doc}, PEOPLE).display == "[Osk] is expected back on Friday."


@pytest.mark.parametrize("text,mentions", [
    ("Osk and Rahmani toured the quay on Monday. He is expected back on Friday.",
     [Mention(0, 3, EntityKind.PERSON, entity="ent_osk"), Mention(8, 15, EntityKind.PERSON, entity="ent_rah")]),
    ("Velmora flooded on Monday again, officials said. He is expected back on Friday.",
     [Mention(0, 7, EntityKind.PLACE, entity="ent_vel")]),
])
def test_two_people_or_none_just_before_leave_the_pronoun_as_written(text, mentions):
    doc = _sentences_doc(text, mentions)
    assert readable_line(_he(text), {doc.article.id: doc}, PEOPLE).display == ""


def test_the_role_at_a_date_prefers_that_days_title_then_the_most_cited():
    roles = [Role("minister", "", date="2025-03-02"), Role("interior minister", "Velmora", date="2025-03-05"),
             Role("interior minister", "Velmora"), Role("minister")]
    assert role_at(roles, "2025-03-02").title == "minister"
    assert role_at(roles, "2025-03-05") == Role("interior minister", "Velmora")
    assert role_at(roles, "2025-04-01") == Role("interior minister", "Velmora")
    assert role_at([], "2025-04-01") is None


@pytest.mark.parametrize("key,label", [
    ("count|people:PS|displaced|rafah", "people displaced in Rafah"),
    ("count|people|people/|", "people"),
    ("money|euro|euro/|", "euro"),
])
def test_quantity_labels_read_as_words(key, label):
    assert quantity_label(key) == label


MEETING_A = "Ministers met in Velmora on Tuesday to sign the bridge accord, officials said."
MEETING_B = "Ministers met in Velmora on Wednesday to sign the bridge accord, aides said."


def _dated(store, text: str, word: str, value: str, source: str):
    doc = _doc(text, published="2025-03-07", source=source)
    at = text.index(word)
    doc = Document(article=doc.article, sentences=(Sentence(0, len(text), 0),),
                   timexes=(TimeExpression(at, at + len(word), TimexType.DATE, value),),
                   layers=frozenset({"sentences", "timexes"}))
    store.add_article(doc.article, doc=doc)
    return doc


def _cluster(doc, day: str, type_: str = "CONSULT", centroid=None, names=("velmora", "ministers")):
    return {"date": day, "type": type_, "story": "s00001", "members": [[doc.article.id, 0, 0, len(doc.article.text)]],
            "centroid": centroid or {"minis": 0.6, "velmo": 0.5, "accor": 0.6}, "names": list(names)}


def test_one_event_two_outlets_date_differently(store):
    a = _dated(store, MEETING_A, "Tuesday", "2025-03-04", "Harbour Courier")
    b = _dated(store, MEETING_B, "Wednesday", "2025-03-05", "Valley Wire")
    store.put_objects("event_cluster", [("e1", _cluster(a, "2025-03-04")), ("e2", _cluster(b, "2025-03-05"))])
    (found,) = [d for d in find_disagreements(store) if d.kind.value == "date"]
    assert found.conflict and found.status == "dated-differently"
    assert {(s.text, s.date, s.source.source) for s in found.sides} == {
        ("Tuesday", "2025-03-04", "Harbour Courier"), ("Wednesday", "2025-03-05", "Valley Wire")}


@pytest.mark.parametrize("change", [
    {"day": "2025-03-20"},  # weeks apart: two events, not one dated twice
    {"type_": "TRAVEL"},  # another kind of event
    {"centroid": {"ferry": 1.0}},  # worded unlike the other
    {"names": ("harbour",)},  # other participants
])
def test_events_that_only_look_alike_are_no_date_disagreement(store, change):
    a = _dated(store, MEETING_A, "Tuesday", "2025-03-04", "Harbour Courier")
    b = _dated(store, MEETING_B, "Wednesday", change.get("day", "2025-03-05"), "Valley Wire")
    other = _cluster(b, change.pop("day", "2025-03-05"), **change)
    store.put_objects("event_cluster", [("e1", _cluster(a, "2025-03-04")), ("e2", other)])
    assert not [d for d in find_disagreements(store) if d.kind.value == "date"]


def test_statements_and_a_mere_today_are_no_date_disagreement(store):
    a = _dated(store, MEETING_A, "Tuesday", "2025-03-04", "Harbour Courier")
    b = _dated(store, MEETING_B, "Wednesday", "2025-03-05", "Valley Wire")
    # people speak every day: two statements days apart are two statements
    store.put_objects("event_cluster", [("e1", _cluster(a, "2025-03-04", "STATEMENT")),
                                        ("e2", _cluster(b, "2025-03-05", "STATEMENT"))])
    assert not find_disagreements(store)
    c = _dated(store, MEETING_A.replace("on Tuesday", "today"), "today", "2025-03-06", "Harbour Courier")
    d = _dated(store, MEETING_B.replace("on Wednesday", "today"), "today", "2025-03-07", "Valley Wire")
    # "today" only says when each article came out
    store.put_objects("event_cluster", [("e1", _cluster(c, "2025-03-06")), ("e2", _cluster(d, "2025-03-07"))],
                      replace_all=True)
    assert not find_disagreements(store)


def _group(claims, status="conflicting"):
    return {"id": "cg_1", "quantity": "count|people|evacuated|velmora", "status": status, "claims": claims}


def _claim(doc, figure: str, value: float):
    at = doc.article.text.index(figure)
    return {"article": doc.article.id, "index": 0, "start": at, "end": at + len(figure), "text": figure,
            "value": value, "qualifier": "exact", "date": "2025-03-03", "claimant": ""}


def test_figures_differ_only_between_outlets_that_give_different_figures(store):
    a = _dated(store, "Officials said 10,000 people were evacuated on Monday.", "Monday", "2025-03-03", "A")
    b = _dated(store, "Officials said 12,000 people were evacuated on Monday.", "Monday", "2025-03-03", "B")
    c = _dated(store, "Some 12,000 people were evacuated on Monday, officials said.", "Monday", "2025-03-03", "C")
    store.put_objects("claim_group", [("cg_1", _group([_claim(a, "10,000", 1e4), _claim(b, "12,000", 1.2e4)]))])
    (found,) = find_disagreements(store)
    assert found.conflict and [s.text for s in found.sides] == ["10,000", "12,000"]
    store.put_objects("claim_group", [("cg_1", _group([_claim(b, "12,000", 1.2e4), _claim(c, "12,000", 1.2e4)],
                                                      "consistent"))], replace_all=True)
    assert not find_disagreements(store)  # the same figure twice is agreement
