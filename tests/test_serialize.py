from datetime import date

from dateline.model import (
    Article,
    Claim,
    DateSource,
    Document,
    EntityKind,
    Event,
    Evidence,
    Mention,
    Modality,
    Participant,
    Precision,
    Qualifier,
    Quote,
    QuoteKind,
    Sentence,
    TimeExpression,
    TimexType,
)
from dateline.serialize import from_jsonable, to_jsonable


def test_article_round_trip_keeps_enums_dates_and_evidence():
    a = Article(id="x1", text="Some text.", published=date(2024, 3, 21), date_precision=Precision.DAY,
                date_source=DateSource.INFERRED, date_confidence=0.8,
                date_evidence=(Evidence(kind="event-count", detail="day 167", start=0, end=4),))
    data = to_jsonable(a)
    assert data["published"] == "2024-03-21" and data["date_source"] == "inferred"
    assert from_jsonable(Article, data) == a


def test_document_round_trip_drops_the_transient_parse():
    doc = Document(
        article=Article(id="x2", text="A met B in Cairo on Tuesday."),
        sentences=(Sentence(0, 28, 0),),
        timexes=(TimeExpression(20, 27, TimexType.DATE, "2024-02-06", precision=Precision.DAY),),
        mentions=(Mention(0, 1, EntityKind.PERSON, entity="e1"),),
        events=(Event(2, 5, "meet", 0, participants=(Participant("agent", 0, 1, "e1"),),
                      modality=Modality.PLANNED),),
        quotes=(Quote(0, 5, QuoteKind.INDIRECT, speaker="e1"),),
        claims=(Claim(0, 1, 1.5e6, Qualifier.APPROX),),
        layers=frozenset({"sentences", "timexes"}),
        parse=object(),
    )
    data = to_jsonable(doc)
    assert "parse" not in data
    back = from_jsonable(Document, data)
    assert back == doc and back.parse is None


def test_unknown_fields_from_a_newer_version_are_ignored():
    data = to_jsonable(Sentence(0, 3, 0)) | {"added_later": 1}
    assert from_jsonable(Sentence, data) == Sentence(0, 3, 0)
