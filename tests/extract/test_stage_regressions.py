"""One test per distinct stage failure found by benchmarks/stage_probe.py on real text.

Each input is small, hand-written, and reproduces what broke the stage.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from dateline.extract.figures import figure_value
from dateline.extract.quotes import extract_quotes


def _doc(nlp, rows: list[tuple[str, str, int, str, str, str]]) -> Doc:
    """A parsed Doc built by hand: (word, trailing space, head, dep, pos, lemma) per token."""
    words, spaces, heads, deps, pos, lemmas = zip(*rows)
    return Doc(nlp.vocab, words=list(words), spaces=[s == " " for s in spaces], heads=list(heads),
               deps=list(deps), pos=list(pos), lemmas=list(lemmas))


def test_a_speech_verb_whose_complement_is_a_lone_mark(nlp):
    # "reader42 wrote: I'm pleased with the news." parsed with the apostrophe of
    # "I'm" as the clausal complement of "wrote": the clause had no words left
    doc = _doc(nlp, [
        ("reader42", " ", 1, "nsubj", "NOUN", "reader42"), ("wrote", "", 1, "ROOT", "VERB", "write"),
        (":", " ", 1, "punct", "PUNCT", ":"), ("I", "", 1, "dep", "PRON", "I"),
        ("'", "", 1, "ccomp", "VERB", "'"), ("m", " ", 1, "ccomp", "VERB", "be"),
        ("pleased", " ", 1, "acomp", "ADJ", "pleased"), ("with", " ", 6, "prep", "ADP", "with"),
        ("the", " ", 9, "det", "DET", "the"), ("news", "", 7, "pobj", "NOUN", "news"),
        (".", "", 1, "punct", "PUNCT", "."),
    ])
    assert doc.text == "reader42 wrote: I'm pleased with the news."
    assert extract_quotes(doc, []) == []


@pytest.mark.parametrize("figure,value", [
    ("21.10.2019", None),  # a German date read as a figure: float() raised
    ("3.8.1", None),  # a version number
    ("1.234.567", 1_234_567),  # dots grouping thousands
    ("1.234,5", 1234.5),  # a decimal comma after grouping dots
    ("1,234,567.89", 1_234_567.89),
    ("9" * 400, None),  # too large to be a finite float
])
def test_figures_with_odd_separators(figure, value):
    found = figure_value(figure)
    assert (found.value if found is not None else None) == value


def test_a_date_written_with_dots_is_no_claim(make_doc):
    doc = make_doc("The referendum of 21.10.2019 drew 1.234.567 voters to the polls.")
    text = doc.article.text
    assert "21.10.2019" not in [text[c.start:c.end] for c in doc.claims]
