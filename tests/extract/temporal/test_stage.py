"""TemporalStage on hand-built documents, and its place in the pipeline."""

from __future__ import annotations

from datetime import date

from dateline.extract.temporal import TemporalStage
from dateline.model import Article, Document, Sentence, TimexType
from dateline.pipeline import STAGES
from dateline.settings import Settings


def _doc(text: str, published: date | None) -> Document:
    return Document(
        article=Article(id="a1", text=text, published=published),
        sentences=(Sentence(0, len(text), 0),),
        layers=frozenset({"sentences"}),
    )


def test_stage_assigns_timexes_against_the_publication_date():
    text = "The minister resigned on Tuesday after six weeks of protests."
    doc = TemporalStage(Settings())(_doc(text, date(2024, 3, 21)))
    assert "timexes" in doc.layers
    assert [(text[t.start : t.end], t.type, t.value) for t in doc.timexes] == [
        ("Tuesday", TimexType.DATE, "2024-03-19"),
        ("six weeks", TimexType.DURATION, "P6W"),
    ]
    assert doc.timexes[0].anchor == "dct"
    assert doc.timexes[0].underspecified == "=WD 2 0"


def test_stage_without_a_date_still_tags():
    doc = TemporalStage(Settings())(_doc("Talks resumed on Tuesday.", None))
    assert [t.value for t in doc.timexes] == ["XXXX-WXX-2"]


def test_stage_is_registered_after_sentences():
    names = [n for n, _ in STAGES]
    assert names.index("timexes") == names.index("sentences") + 1
    assert TemporalStage.requires == ("sentences",) and TemporalStage.assigns == ("timexes",)
