"""The query prefilter of timeline candidates finds every sentence a per-sentence search finds."""

from __future__ import annotations

from conftest import make_document
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.timeline.candidates import _combined, _maybe_naming, query_terms

WORDS = ["oil", "spill", "the", "rig", "Oil", "spilled", "BP", "well", "capped", "gulf"]


@st.composite
def texts(draw):
    sentences = []
    for _ in range(draw(st.integers(1, 6))):
        words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8))
        sentences.append(" ".join(words).capitalize() + draw(st.sampled_from([".", "!", "?"])))
    return " ".join(sentences)


@settings(max_examples=200, deadline=None)
@given(texts(), st.sampled_from(["oil spill", "oil", "rig well", "spill capped gulf"]),
       st.lists(st.sampled_from(["oil spill", "the rig", "well capped"]), max_size=2))
def test_every_sentence_a_search_finds_is_kept(text, query, aliases):
    doc = make_document(text)
    terms = query_terms(query, aliases)
    searched = {s.index for s in doc.sentences if any(t.search(text[s.start:s.end]) for t in terms)}
    kept = _maybe_naming(doc, terms, _combined(terms))
    assert searched <= kept
    assert kept <= {s.index for s in doc.sentences}


def test_an_alias_across_a_sentence_boundary_still_finds_a_shorter_term_inside():
    from dataclasses import replace

    from dateline.model import Sentence

    text = "The crew saw the oil spill grow. Nothing else."
    # a boundary inside "oil spill" (a splitter cutting an overlong line at a space can do that)
    doc = replace(make_document(text), sentences=(Sentence(0, 20, 0), Sentence(21, 32, 1), Sentence(33, 46, 2)))
    terms = query_terms("spill", ["oil spill"])
    assert _combined(terms).search(text).group(0) == "oil spill"  # the alias wins the one pass over the text
    assert _maybe_naming(doc, terms, _combined(terms)) == {1}
