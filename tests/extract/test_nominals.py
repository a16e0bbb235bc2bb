"""People named by a common noun or a pronoun, and the narrow pronoun resolution."""

import pytest

from dateline.corpus.entities import iter_linked
from dateline.extract.nominals import NOMINAL, PRONOUN, is_named, lexicon
from dateline.model import EntityKind


@pytest.mark.parametrize("example", lexicon().examples, ids=lambda e: e["text"][:30])
def test_lexicon_examples(make_doc, example):
    doc = make_doc(example["text"])
    found = [[doc.article.span(m.start, m.end) if not is_named(m) else doc.article.span(m.name_start, m.name_end),
              m.label] for m in doc.mentions if m.kind is not EntityKind.PLACE]
    assert found == example["mentions"]


@pytest.mark.parametrize("text", lexicon().negatives)
def test_lexicon_negatives(make_doc, text):
    assert make_doc(text).mentions == ()


@pytest.mark.parametrize("text,pronoun,antecedent", [
    # same-sentence subject
    ("Ana Ortiz said she would visit the harbour.", "she", "Ana Ortiz"),
    # subject of the previous sentence
    ("Tom Hale landed in Oslo. He met the mayor at noon.", "He", "Tom Hale"),
    # the only person named in the previous sentence, not its subject
    ("The trip was the third for Tom Hale this year. He flew home on Sunday.", "He", "Tom Hale"),
    # a relative pronoun takes the person it modifies
    ("Ana Ortiz, who chairs the council, left early.", "who", "Ana Ortiz"),
    # reflexive
    ("Tom Hale described himself as a builder.", "himself", "Tom Hale"),
    # negative rows: two people and no subject among them, a plural, a nominal antecedent
    ("The talks between Tom Hale and Ana Ortiz ended. He left first.", "He", None),
    ("Tom Hale met the unions. They asked for more time.", "They", None),
    ("The mayor, who chairs the council, left early.", "who", None),
])
def test_pronoun_resolution(make_doc, text, pronoun, antecedent):
    doc = make_doc(text)
    (m,) = [m for m in doc.mentions if m.label == PRONOUN and doc.article.span(m.start, m.end) == pronoun]
    got = doc.article.span(m.antecedent_start, m.antecedent_end) if m.antecedent_start is not None else None
    assert got == antecedent


def test_resolved_pronouns_join_the_entity_and_others_stay_out(make_doc):
    doc = make_doc("Tom Hale landed in Oslo. He met the mayor and an aide at noon.")
    (linked,) = iter_linked([doc])
    hale = {m.entity for m in linked.mentions if is_named(m) and m.kind is EntityKind.PERSON}
    he = [m for m in linked.mentions if m.label == PRONOUN]
    assert len(hale) == 1 and he[0].entity in hale
    assert all(m.entity is None for m in linked.mentions if m.label == NOMINAL)


def test_pronoun_participant_takes_the_entity(make_doc):
    doc = make_doc("Tom Hale landed in Oslo on Monday. He visited the port.")
    (linked,) = iter_linked([doc])
    (visit,) = [e for e in linked.events if linked.article.span(e.start, e.end) == "visited"]
    (agent,) = [p for p in visit.participants if p.role == "agent"]
    hale = next(m.entity for m in linked.mentions if is_named(m) and m.kind is EntityKind.PERSON)
    assert linked.article.span(agent.start, agent.end) == "He" and agent.entity == hale
