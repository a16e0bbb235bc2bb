"""Timeline roles on hand-built documents: dates from mentions, one entry per event citing every outlet."""

from dataclasses import replace

import pytest
from conftest import make_document

from dateline.extract.sentence_dates import dateline_end, own_date
from dateline.model import TimeExpression, TimexType
from dateline.settings import Settings
from dateline.timeline import TimelineRequest, timeline_from_documents
from dateline.timeline.candidates import collect_candidates
from dateline.timeline.day_ranking import MentionRanker, PubCountRanker, rank_coarse


def timexed(text: str, dates: dict[str, str], **fields):
    """A document whose time expressions are the given (phrase -> value) pairs."""
    doc = make_document(text, **fields)
    tx = tuple(TimeExpression(start=text.index(p), end=text.index(p) + len(p), type=TimexType.DATE, value=v)
               for p, v in dates.items())
    return replace(doc, timexes=tx, layers=doc.layers | {"timexes"})


A = timexed("The harbour council met the fishermen on Tuesday and agreed a new quota for cod. "
            "The mayor said the agreement would protect jobs in the town.",
            {"Tuesday": "2025-03-04"}, published="2025-03-05", source="Daily A")
B = timexed("On Tuesday the harbour council agreed a new cod quota with the fishermen. "
            "Critics said the quota was still too high for the stocks.",
            {"Tuesday": "2025-03-04"}, published="2025-03-06", source="Courier B")
C = timexed("The council on Monday approved the repairs to the pier after a long debate. "
            "Storms had closed the harbour and damaged the old pier for two days in January.",
            {"January": "2025-01", "Monday": "2025-03-10"}, published="2025-03-10", source="Daily A")
LATER = timexed("A new ferry line opened on 1 April, months after the quota deal of 4 March 2025 was signed by all.",
                {"1 April": "2025-04-01", "4 March 2025": "2025-03-04"}, published="2025-04-02", source="Courier B")


def test_mentioned_dates_outrank_publication_dates():
    cands = collect_candidates([A, B, C, LATER])
    assert MentionRanker()(cands, 1) == ["2025-03-04"]  # three articles mention it, none was published on it
    assert PubCountRanker()(cands, 4) == ["2025-03-05", "2025-03-06", "2025-03-10", "2025-04-02"]
    # the shipped learned ranker agrees that the day three articles name comes first
    tl = timeline_from_documents([A, B, C, LATER], Settings(), TimelineRequest(max_dates=1, per_date=1))
    assert [e.date for e in tl.entries if len(e.date) == 10] == ["2025-03-04"]


def test_months_never_take_a_day_slot_and_are_background():
    docs = [A, B, C, LATER]
    assert rank_coarse(collect_candidates(docs), 3) == ["2025-01"]
    tl = timeline_from_documents(docs, Settings(), TimelineRequest(max_dates=3, per_date=1))
    days = [e for e in tl.entries if len(e.date) == 10]
    months = [e for e in tl.entries if len(e.date) != 10]
    assert len(days) == 3
    assert [e.date for e in months] == ["2025-01"] and all(e.background for e in months)
    assert [e.date for e in tl.entries] == sorted(e.date for e in tl.entries)  # chronological, months first
    no_coarse = timeline_from_documents(docs, Settings(coarse=False), TimelineRequest(max_dates=3, per_date=1))
    assert [e.date for e in no_coarse.entries] == [e.date for e in days]
    asked = timeline_from_documents(docs, Settings(), TimelineRequest(max_dates=3, per_date=1, coarse=False))
    assert asked.entries == no_coarse.entries


def test_two_outlets_reporting_one_meeting_are_one_entry_citing_both():
    tl = timeline_from_documents([A, B], Settings(), TimelineRequest(per_date=1))
    assert [e.date for e in tl.entries] == ["2025-03-04"]
    line = tl.entries[0].summary[0]
    assert {line.source.source, *(r.source for r in line.also)} == {"Daily A", "Courier B"}


def test_per_date_max_dates_since_until():
    docs = [A, B, C, LATER]
    tl = timeline_from_documents(docs, Settings(coarse=False), TimelineRequest(max_dates=2, per_date=1))
    assert len(tl.entries) == 2 and all(len(e.summary) == 1 for e in tl.entries)
    march = timeline_from_documents(docs, Settings(), TimelineRequest.parse(since="2025-03-05", until="2025-03-31"))
    assert all("2025-03-05" <= e.date <= "2025-03-31" for e in march.entries)


def test_query_keeps_only_sentences_naming_it():
    tl = timeline_from_documents([A, B, C], Settings(), TimelineRequest(query="pier"))
    lines = [l.text for e in tl.entries for l in e.summary]
    assert lines and all("pier" in t for t in lines)


def test_background_is_what_no_article_reports_as_its_news():
    tl = timeline_from_documents([A, B, C], Settings(), TimelineRequest(max_dates=5))
    flags = {e.date: e.background for e in tl.entries}
    assert flags["2025-03-04"] is False
    assert flags["2025-01"] is True  # January storms, told in passing on 10 March


def test_own_date_is_the_recent_day_the_lead_names():
    assert own_date(A) == "2025-03-04"
    assert own_date(C) == "2025-03-10"
    assert own_date(make_document("No dates here at all in this short text.")) is None


def test_negative_no_dated_sentences_give_no_entries():
    doc = make_document("Too short.", published="2025-01-01")
    assert timeline_from_documents([doc], Settings(), TimelineRequest()).entries == ()


@pytest.mark.parametrize("text, line", [
    ("HOUSTON (Reuters) - BP said on Thursday the well was shut.", "BP said on Thursday the well was shut."),
    ("VENICE , La. -LRB- AP -RRB- -- The chairman defended his company on Monday .",
     "The chairman defended his company on Monday ."),
    ("Rig sinks HOUSTON | Thu Apr 22 , 2010 7:30 pm EDT HOUSTON -LRB- Reuters -RRB- - An oil rig sank on Thursday .",
     "An oil rig sank on Thursday ."),
    ("Aid is dwarfed Tuesday 4 January 2005 08.43 GMT There has never been a moment like it on television .",
     "There has never been a moment like it on television ."),
    # negative rows: an acronym in brackets, a dash inside the sentence, nothing left after the dateline
    ("Earlier the World Health Organization (WHO) - which raised its alert - said it had no plans.", None),
    ("The charity - SOS Children 's Villages -LRB- SOS CV -RRB- - an organization - said so .", None),
    ("CAIRO (CNN) -- Protests .", None),
])
def test_a_wire_dateline_is_left_out_of_the_line(text, line):
    skip = dateline_end(text)
    assert (text[skip:] if skip else None) == line


def test_the_cited_span_of_a_line_starts_after_its_dateline():
    text = "HOUSTON (Reuters) - The harbour council agreed a new quota for cod on Tuesday with the fishermen."
    doc = timexed(text, {"Tuesday": "2025-03-04"}, published="2025-03-05")
    line = timeline_from_documents([doc], Settings(), TimelineRequest(per_date=1)).entries[0].summary[0]
    assert line.text.startswith("The harbour council") and text[line.source.start:line.source.end] == line.text


@pytest.mark.parametrize("exponent,picked", [(0.5, "cod quota"), (0.0, "restaurant")])
def test_topic_relevance_prefers_the_story_over_an_off_topic_sentence_of_the_same_day(exponent, picked):
    # the factor's strength is a trained value (the shipped model's may differ): pinned here, so the
    # test says what the factor does, and that without it the day's centroid picks the restaurant
    from dateline.timeline.build import Roles
    from dateline.timeline.learned import SummaryParams
    from dateline.timeline.summarise import Summariser

    story = [timexed(f"The harbour council and the fishermen argued about the cod quota again on day {i} of the talks.",
                     {}, published=f"2025-03-0{i}") for i in range(1, 6)]
    day = [timexed(text, {"Friday": "2025-03-07"}, published="2025-03-07") for text in (
        "The harbour council and the fishermen agreed a cod quota at last on Friday.",
        "A celebrity chef opened a new restaurant with a rooftop garden downtown on Friday.",
        "Diners queued for the new restaurant of the chef on Friday.")]
    roles = Roles(summarise=Summariser(params=SummaryParams(topic_exponent=exponent)))
    tl = timeline_from_documents([*story, *day], Settings(), TimelineRequest(per_date=1, max_dates=10), roles=roles)
    entry = next(e for e in tl.entries if e.date == "2025-03-07")
    assert picked in entry.summary[0].text


@pytest.mark.parametrize("text,span,anchor", [
    ("the third visit since the ninth of June and comes", "the ninth of June", True),
    ("Prices have not moved until March 3 and traders wait.", "March 3", True),
    # a date that modifies its event noun reports that event
    ("since an Oct. 7 cross-border attack", "Oct. 7", False),
    ("dead since Tuesday 's earthquake", "Tuesday", False),
    ("since April 20, when the rig exploded", "April 20", False),
    # negative rows: no anchoring preposition
    ("talks on Thursday", "Thursday", False),
    ("The vote was held in May.", "May", False),
])
def test_anchor_dates_are_told_apart_from_reported_ones(text, span, anchor):
    from dateline.extract.sentence_dates import is_anchor

    start = text.index(span)
    assert is_anchor(text, start, start + len(span)) is anchor


def test_date_features_count_articles_and_the_reference_graph():
    from dateline.timeline.features import DATE_FEATURES, date_table

    table = date_table(collect_candidates([A, B, C, LATER]))
    row = {d: dict(zip(DATE_FEATURES, r)) for d, r in zip(table.days, table.matrix)}
    assert row["2025-03-04"]["articles_share"] == 1.0  # named by the most articles
    assert row["2025-03-04"]["published"] == 0.0
    # three other days point at 4 March: it is the centre of the reference graph
    assert max(row, key=lambda d: row[d]["pagerank"]) == "2025-03-04"
    assert all(0.0 <= r["published_share"] <= 1.0 for r in row.values())
    # negative row: nothing dated gives an empty table
    assert date_table([]).days == []


def test_the_timeline_model_round_trips_and_refuses_other_features():
    import numpy as np

    from dateline.timeline.features import DATE_FEATURES
    from dateline.timeline.learned import (
        LinearScorer,
        RankerExample,
        SummaryParams,
        TimelineModel,
        fit_ranker,
        load_model,
        top_f1,
    )

    rng = np.random.default_rng(0)
    examples = []
    for _ in range(3):
        x = rng.normal(size=(60, len(DATE_FEATURES)))
        y = (x[:, DATE_FEATURES.index("published")] > 1.0).astype(int)  # publications tell, mentions do not
        examples.append(RankerExample(x, y, int(y.sum())))
    scorer = fit_ranker(examples)
    prior = np.zeros(len(DATE_FEATURES))
    prior[DATE_FEATURES.index("articles")] = 1.0
    assert scorer.coef[DATE_FEATURES.index("published")] > 0
    assert np.mean([top_f1(scorer.score(e.matrix), e) for e in examples]) > \
        np.mean([top_f1(e.matrix @ prior, e) for e in examples])
    model = TimelineModel(scorer, SummaryParams(redundancy=0.9), ("t/a",))
    again = TimelineModel.from_json(model.to_json())
    assert again.ranker == scorer and again.summary.redundancy == 0.9
    assert load_model().ranker.features == DATE_FEATURES  # the shipped file loads
    other = TimelineModel(LinearScorer(("x",), (0.0,), (1.0,), (1.0,)))
    with pytest.raises(ValueError, match="--train"):
        from dateline.timeline.learned import _check

        _check(other, "other.json")


def test_the_outlet_count_is_never_learned_from_single_outlet_timelines():
    import numpy as np

    from dateline.timeline.features import DATE_FEATURES
    from dateline.timeline.learned import UNTRAINED, RankerExample, fit_ranker

    rng = np.random.default_rng(1)
    examples = []
    for _ in range(3):
        x = rng.normal(size=(60, len(DATE_FEATURES)))
        y = (x[:, DATE_FEATURES.index("outlets")] < -1.0).astype(int)  # fewer outlets would "tell" here
        examples.append(RankerExample(x, y, int(y.sum())))
    coef = fit_ranker(examples).coef
    assert "outlets" in UNTRAINED and coef[DATE_FEATURES.index("outlets")] == 0.0


def test_datewise_baseline_summarises_with_the_central_sentence():
    from dateline.timeline.baselines import CentroidOpt, datewise_roles, pubcount_roles

    docs = [A, B, C, LATER]
    entries = CentroidOpt()(collect_candidates(docs), ["2025-03-04"], 1)
    assert len(entries) == 1 and "quota" in entries[0].summary[0].text
    for roles in (datewise_roles, pubcount_roles):
        tl = timeline_from_documents(docs, Settings(), TimelineRequest(max_dates=2, per_date=1),
                                     roles=roles(Settings()))
        assert len([e for e in tl.entries if len(e.date) == 10]) == 2


@pytest.mark.parametrize("topic, story", [("bpoil_bbc", "bpoil"), ("H1N1_guardian", "H1N1"),
                                          ("SyrianCrisis_reuters", "SyrianCrisis"), ("haiti", "haiti")])
def test_cross_validation_groups_the_outlets_of_a_story(topic, story, tmp_path):
    from dateline.eval import tls, tls_cv

    assert tls_cv.story(tls.Task(topic, tls.Reference("r", {}), tmp_path)) == story
