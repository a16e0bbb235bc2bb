"""A sentence lying in page debris is evidence for its day, never a timeline line (invented text)."""

from __future__ import annotations

from conftest import make_document

from dateline.timeline.candidates import collect_candidates, debris_as_evidence
from dateline.timeline.learned import SummaryParams
from dateline.timeline.summarise import Summariser

DAY = "2025-03-05"
CAPTION = "Image caption Ferries stood idle in the harbour."
NEWS = "The harbour board closed the ferry pier after the storm."


def _doc():
    return make_document(f"{CAPTION}\n{NEWS}", published=DAY, source="Daily")


def _debris(doc):
    start = doc.article.text.index(CAPTION)
    return {doc.article.id: ("daily", [(start, start + len(CAPTION), "caption")])}


def test_a_caption_is_kept_as_evidence_but_never_stands_as_a_line():
    doc = _doc()
    plain = collect_candidates([doc])
    kept = debris_as_evidence(plain, _debris(doc))
    assert len(kept) == len(plain)  # the ranker still counts it for its day
    by_text = {c.text.strip(): c.line for c in kept}
    assert by_text[CAPTION] is False and by_text[NEWS] is True
    (entry,) = Summariser(params=SummaryParams())(kept, [DAY], 3)
    assert [line.text for line in entry.summary] == [NEWS]


def test_negative_without_debris_every_line_stays():
    doc = _doc()
    plain = collect_candidates([doc])
    assert debris_as_evidence(plain, None) == plain
    assert debris_as_evidence(plain, {doc.article.id: ("daily", [])}) == plain
    assert sum(c.line for c in plain) == 2


def test_a_line_found_only_because_the_outlet_printed_it_before_stays_a_line():
    doc = _doc()
    start = doc.article.text.index(NEWS)
    again = {doc.article.id: ("daily", [(start, start + len(NEWS), "repeated")])}
    assert all(c.line for c in debris_as_evidence(collect_candidates([doc]), again))

