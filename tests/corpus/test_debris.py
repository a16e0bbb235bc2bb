"""Page debris corpus-wide: the rules of data/page_debris.toml run their examples; lines an outlet repeats
are found from their n-th article on, kept in the stored text and out of the stories and their labels."""

import pytest
from conftest import make_document

from dateline.corpus.cluster_stage import recluster
from dateline.corpus.clusters import document_text
from dateline.corpus.debris import FURNITURE, REPEATED, blank, debris_rules, find_debris, line_rule, lines
from dateline.corpus.output import debris_spans, stories
from dateline.pipeline import run_corpus_stages
from dateline.settings import Settings

RULES = debris_rules().lines
EXAMPLES = [(r, e) for r in RULES for e in r.examples]
KEEPS = [(r, e) for r in RULES for e in r.keep]
SETTINGS = Settings(stage_errors="raise")
TEASER = "Win a weekend of sailing lessons with our readers' offer today"


@pytest.mark.parametrize("rule,text", EXAMPLES, ids=[f"{r.name}:{e[:25]}" for r, e in EXAMPLES])
def test_each_line_rule_finds_its_examples(rule, text):
    assert line_rule(text) == rule.name


@pytest.mark.parametrize("rule,text", KEEPS, ids=[f"{r.name}:{e[:25]}" for r, e in KEEPS])
def test_each_line_rule_leaves_its_look_alikes(rule, text):
    assert line_rule(text) == ""


def test_navigation_and_a_byline_alone_are_furniture_and_a_dateline_before_news_is_not():
    assert line_rule("Full Article") == FURNITURE
    assert line_rule("By Ann Berg , Transport correspondent") == FURNITURE
    assert line_rule("OSLO (Reuters) - The ferries stopped for a week") == ""


def test_a_toolbar_or_credit_before_the_lead_leaves_the_line_in_the_text():
    # a label passes over the toolbar or the credit; the analysed text must keep the lead that follows it
    assert line_rule("'' This Story : Read + | Watch + | OSLO -- The ferries stopped for a week after talks failed") == ""
    assert line_rule("Illustration : Ola Dahl for the Daily Fjord The ferries stopped for a week after talks "
                     "between the union and the owners broke down") == ""
    assert line_rule("'' This Story : Read + | Watch + |") == FURNITURE
    assert line_rule("Illustration : Ola Dahl for the Daily Fjord") == FURNITURE


def test_a_repeated_line_is_debris_once_the_outlet_printed_it_often_enough():
    text = f"{TEASER}\nThe ferries stopped for a week.\n\nThe union met."
    keys = {k: i for i, (_, _, k) in enumerate(lines(text))}
    teaser = next(k for k, i in keys.items() if i == 0)
    least = debris_rules().min_articles
    assert find_debris(text, {teaser: least - 1}, least) == []
    assert find_debris(text, {teaser: least}, least) == [[0, len(TEASER), REPEATED]]


def test_the_lead_leaves_out_debris_sentences_and_blanking_keeps_offsets():
    doc = make_document(f"{TEASER}.\nThe ferries stopped for a week.")
    spans = [(0, len(TEASER) + 1, REPEATED)]
    assert "sailing" in document_text(doc) and "sailing" not in document_text(doc, spans)
    assert "ferries" in document_text(doc, spans)
    assert blank("ab\ncd", [(0, 2)]) == "  \ncd"


def _articles(source):
    bodies = ["The harbour council agreed a new cod quota with the fishermen after long talks.",
              "Fishermen and the harbour council signed the new cod quota for the coming season.",
              "The cod quota deal between the harbour council and fishermen holds, inspectors said.",
              "The chess federation crowned a new grandmaster champion in Vienna on Saturday.",
              "A new grandmaster champion was crowned in Vienna by the chess federation."]
    return [make_document(f"{TEASER}\n{body}", published=f"2025-03-0{i + 1}", source=source)
            for i, body in enumerate(bodies)]


def test_an_outlets_teaser_names_no_story_and_the_stored_text_keeps_it(store):
    docs = _articles("Harbour Post")
    for d in docs:
        store.add_article(d.article, doc=d, stages=["sentences"])
    run_corpus_stages(store, SETTINGS)
    found = debris_spans(store, [d.article.id for d in docs])
    least = debris_rules().min_articles
    for i, d in enumerate(docs):
        outlet, spans = found[d.article.id]
        assert outlet == "harbour post"
        assert spans == ([(0, len(TEASER), REPEATED)] if i + 1 >= least else [])
        assert store.get_article(d.article.id).text.startswith(TEASER)  # the stored article keeps it
    labels = [s["label"] for s in stories(store).values()]
    assert labels and not any(label.startswith("Win a weekend") for label in labels), labels


def test_another_outlets_line_is_counted_apart(store):
    least = debris_rules().min_articles  # each outlet prints the teaser one time too few; together enough
    docs = _articles("Harbour Post")[:least - 1] + _articles("Valley News")[2:2 + least - 1]
    assert len(docs) >= least
    for d in docs:
        store.add_article(d.article, doc=d, stages=["sentences"])
    recluster(store, SETTINGS)
    assert all(spans == [] for _, spans in debris_spans(store, [d.article.id for d in docs]).values())
