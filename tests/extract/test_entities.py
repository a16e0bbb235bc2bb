from datetime import date

import pytest

from dateline.corpus.entities import link_entities
from dateline.extract.entities import load_toml, place_country
from dateline.extract.nominals import is_named
from dateline.model import EntityKind


def _persons(doc):
    return [m for m in doc.mentions if m.kind is EntityKind.PERSON and is_named(m)]


@pytest.mark.parametrize("example", load_toml("titles.toml")["examples"], ids=lambda e: e["text"][:30])
def test_title_examples(make_doc, example):
    doc = make_doc(example["text"])
    (m,) = _persons(doc)
    assert doc.article.span(m.name_start, m.name_end) == example["name"]
    assert m.role == example["role"]
    assert m.role_of == example.get("of", "")


@pytest.mark.parametrize("text", [
    "The weather was mild and the park was green.",
    "Prices rose again in the spring.",
])
def test_negative_rows_yield_no_mentions(make_doc, text):
    assert make_doc(text).mentions == ()


@pytest.mark.parametrize("text,name,code", [
    ("Cairo", "Cairo", "EG"),
    ("the United States", "United States", "US"),
    ("U.S.", "United States", "US"),
    ("Egyptian", "Egypt", "EG"),
    ("Lisbon", "Lisbon", "PT"),
    ("Narnia", "", ""),  # negative row
])
def test_place_country(text, name, code):
    assert place_country(text) == (name, code)


def test_linking_across_articles(make_doc):
    docs = [
        make_doc("Jordanian Foreign Minister Khaled al-Masri met aid groups in Amman on Monday.",
                 date(2024, 1, 8), "a1"),
        make_doc("Khaled El-Masri told reporters that talks would resume. Masri later left for Paris.",
                 date(2024, 1, 9), "a2"),
        make_doc("Police chief Rami Haddad and his deputy Ali Haddad visited the site.", date(2024, 1, 9), "a3"),
    ]
    entities, linked = link_entities(docs)
    by_name = {e.name: e for e in entities if e.kind is EntityKind.PERSON}
    masri = [e for e in by_name.values() if "Masri" in e.name]
    assert len(masri) == 1, by_name
    assert {"Khaled El-Masri", "Masri"} <= set(masri[0].aliases) | {masri[0].name}
    assert any(r.title == "foreign minister" and r.of == "Jordan" and r.date == "2024-01-08" for r in masri[0].roles)
    # same surname, different first names: two people
    assert {"Rami Haddad", "Ali Haddad"} <= set(by_name)
    ids = {m.entity for d in linked[:2] for m in d.mentions if m.kind is EntityKind.PERSON and is_named(m)}
    assert ids == {masri[0].id}
    # stable ids: linking again gives the same ids
    assert [e.id for e in link_entities(docs)[0]] == [e.id for e in entities]


def test_short_forms_join_across_articles(make_doc):
    docs = [
        make_doc("The United Nations sent tents to Velmora city.", date(2024, 1, 8), "b1"),
        make_doc("The UN said the State Department had paid for the tents sent to Velmora.", date(2024, 1, 9), "b2"),
        make_doc("The US Department of State denied it.", date(2024, 1, 9), "b3"),
    ]
    entities, linked = link_entities(docs)

    def entity_of(doc, text):
        start = doc.article.text.index(text)
        return {m.entity for m in doc.mentions if m.start <= start < m.end and m.entity}

    assert entity_of(linked[0], "United Nations") == entity_of(linked[1], "UN")
    assert entity_of(linked[1], "State Department") == entity_of(linked[2], "Department of State")
    assert entity_of(linked[0], "Velmora") == entity_of(linked[1], "Velmora")
    # negative: the UN and the State Department stay apart
    assert entity_of(linked[1], "UN") != entity_of(linked[1], "State Department")


def test_brackets_are_never_part_of_a_name_and_a_defined_acronym_joins_it(make_doc):
    doc = make_doc("The Coastal Safety Agency (CSA) closed the beach. The CSA said it would reopen on Friday.")
    keys = {doc.article.span(m.start, m.end): k for m, k in zip(doc.mentions, doc.links.mention_keys) if k}
    assert not any("(" in name for name in keys)
    assert keys.get("CSA") and keys["CSA"] == next(k for n, k in keys.items() if "Coastal Safety Agency" in n)


def test_an_acronym_the_article_does_not_define_keeps_its_own_key(make_doc):
    doc = make_doc("The Coastal Safety Agency closed the beach. The UN said it would send help.")
    keys = {doc.article.span(m.start, m.end): k for m, k in zip(doc.mentions, doc.links.mention_keys) if k}
    assert "coastal" not in keys.get("UN", "")


def test_the_outlet_is_not_a_participant_of_its_own_report():
    from dateline.extract.links import document_links
    from dateline.model import Article, Document, EntityKind, Mention

    text = "The mayor told Harbour Radio that Harbour Radio News had the story first."
    first, second = text.index("Harbour Radio"), text.index("Harbour Radio News")
    doc = Document(article=Article(id="a", text=text, source="Harbour Radio"),
                   mentions=(Mention(first, first + 13, EntityKind.ORG, "ORG", first, first + 13),
                             Mention(second, second + 18, EntityKind.ORG, "ORG", second, second + 18)),
                   layers=frozenset({"mentions"}))
    assert document_links(doc).mention_keys == ("", "")
    other = Document(article=Article(id="b", text=text, source="Tidewater Times"), mentions=doc.mentions,
                     layers=doc.layers)
    assert all(document_links(other).mention_keys)


@pytest.mark.parametrize("example", load_toml("organizations.toml")["kind_examples"], ids=lambda e: e["text"][:30])
def test_organization_noun_examples(make_doc, example):
    doc = make_doc(example["text"])
    kinds = {doc.article.span(m.start, m.end): m.kind.value for m in doc.mentions if is_named(m)}
    assert any(name.endswith(example["name"]) and kind == example["kind"] for name, kind in kinds.items()), kinds


def test_a_longer_name_does_not_bridge_two_people(make_doc):
    # "Michael Joseph Harper" may be Michael Harper or Joseph Harper; it joins the better-attested one and
    # never makes the son and his father one person
    docs = [make_doc("Michael Harper opened the new bakery on the square.", date(2024, 1, 8), "c1"),
            make_doc("Michael Harper said the bread sold out by noon.", date(2024, 1, 9), "c2"),
            make_doc("Joseph Harper, his father, runs the flower stall next door.", date(2024, 1, 9), "c3"),
            make_doc("The deed names the owner as Michael Joseph Harper.", date(2024, 1, 10), "c4")]
    entities, _ = link_entities(docs)
    groups = [{e.name, *e.aliases} for e in entities if e.kind is EntityKind.PERSON]
    son = next(g for g in groups if "Michael Harper" in g)
    assert "Joseph Harper" not in son and "Michael Joseph Harper" in son, groups
