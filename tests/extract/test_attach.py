"""The time-attachment layer: what each time expression dates, and the day a sentence stands under."""

from datetime import date

import pytest

from dateline.extract.attach import lexicon, narrative_offset
from dateline.extract.sentence_dates import line_day
from dateline.model import DayBasis, TimeExpression, TimeRole, TimexType

DCT = date(2011, 3, 10)  # a Thursday


def _day(doc, index=0):
    found = line_day(doc, index)
    return (found.day, found.basis.value) if found is not None else ("", "none")


@pytest.mark.parametrize("example", lexicon().examples, ids=lambda e: e["text"][:40])
def test_the_lexicon_examples_hold(make_doc, example):
    doc = make_doc(example["text"], published=date.fromisoformat(example["dct"]))
    assert _day(doc) == (example["day"], example["basis"])


def test_a_date_in_a_relative_clause_inside_what_was_said_dates_the_saying_not_the_line(make_doc):
    # the demo's case: the storm of March 2 is a subordinate event; the line is the day it was said
    doc = make_doc("Perrault added that the new pier would be built to resist a surge twice as high as "
                   "the one that flooded the harbour on March 2.", published=DCT)
    assert _day(doc) == ("2011-03-10", "implicit")
    (t,) = [a for a in doc.attachments.times if doc.timexes[a.timex].value == "2011-03-02"]
    assert t.role is TimeRole.SUBORDINATE and doc.article.text[t.head_start:t.head_end] == "flooded"


def test_since_as_a_conjunction_bounds_the_span(make_doc):
    doc = make_doc("Since the coalition took over the patrols on February 27, its aircraft have flown "
                   "1,400 missions.", published=DCT)
    assert _day(doc)[0] != "2011-02-27"
    assert doc.attachments.times[0].role in (TimeRole.BOUND, TimeRole.SUBORDINATE)


def test_a_dated_saying_files_the_line_under_the_saying(make_doc):
    doc = make_doc("Police said on Wednesday that the driver was arrested on Tuesday.", published=DCT)
    assert _day(doc) == ("2011-03-09", "explicit")
    roles = {doc.timexes[a.timex].value: a.role for a in doc.attachments.times}
    assert roles == {"2011-03-09": TimeRole.SAYING, "2011-03-08": TimeRole.REPORTED}


def test_an_undated_source_passes_on_the_reported_day(make_doc):
    doc = make_doc("The coast guard said the trawler sank on Monday.", published=DCT)
    assert _day(doc) == ("2011-03-07", "explicit")


def test_a_noun_keeps_its_date(make_doc):
    doc = make_doc("Critics of Monday's vote on the budget marched through the capital yesterday.",
                   published=DCT)
    assert _day(doc) == ("2011-03-09", "explicit")
    monday = next(a for a in doc.attachments.times if doc.timexes[a.timex].value == "2011-03-07")
    assert monday.role is TimeRole.NOUN and doc.article.text[monday.head_start:monday.head_end] == "vote"


def test_the_next_day_follows_the_main_event_not_a_subordinate_date(make_doc):
    doc = make_doc("On Monday the barge, which had left port on 2 March, ran aground near the delta. "
                   "The next day divers reached the hull.", published=DCT)
    assert _day(doc, 0) == ("2011-03-07", "explicit")
    assert _day(doc, 1) == ("2011-03-08", "inferred")


def test_the_next_day_with_no_dated_event_before_it_dates_nothing(make_doc):
    doc = make_doc("The crew abandoned the barge. The next day divers reached the hull.", published=DCT)
    assert _day(doc, 1) == ("", "none")
    assert doc.attachments.sentences[1].reason == "unanchored"


@pytest.mark.parametrize("text, reason", [
    ("The refinery is the largest on the coast.", "state"),
    ("Residents should leave the valley.", "generic"),
    ("The cause of the blast has not been determined.", "negated"),
])
def test_sentences_with_no_day(make_doc, text, reason):
    doc = make_doc(text, published=DCT)
    assert _day(doc) == ("", "none")
    assert doc.attachments.sentences[0].reason == reason


def test_a_timestamp_run_into_the_lead_is_a_frame(make_doc):
    doc = make_doc("Tue Mar 8, 2011 4:12 pm EST LISBON (Reuters) - Dockworkers walked off the job on Monday, "
                   "halting exports.", published=DCT)
    days = {doc.timexes[a.timex].value[:10]: a.role for a in doc.attachments.times}
    assert _day(doc, len(doc.sentences) - 1) == ("2011-03-07", "explicit")
    assert days.get("2011-03-08") in (TimeRole.FRAME, None)


def test_every_time_has_one_attachment_and_every_sentence_one_time(make_doc):
    doc = make_doc("The talks opened on Monday. They broke up two days later. A new round is set for "
                   "April 4.", published=DCT)
    att = doc.attachments
    assert [a.timex for a in att.times] == list(range(len(doc.timexes)))
    assert [s.sentence for s in att.sentences] == [s.index for s in doc.sentences]


def test_narrative_offsets():
    def tx(u):
        return TimeExpression(0, 5, TimexType.DATE, "", underspecified=u)

    assert narrative_offset(tx("=OFF D -1 narr")) == -1
    assert narrative_offset(tx("=OFF H +1 narr 2")) == 0
    assert narrative_offset(tx("=OFF H +1 narr 11")) is None  # eleven hours later may be the next day
    assert narrative_offset(tx("=WD 1 0")) is None




def test_a_count_of_hours_too_long_to_be_the_same_day_dates_nothing(make_doc):
    doc = make_doc("The levee gave way on Tuesday. Nine hours later the last families left the village.",
                   published=DCT)
    assert _day(doc, 0) == ("2011-03-08", "explicit")
    assert _day(doc, 1) == ("", "none")


def test_an_undated_event_beside_a_noun_dated_another_day_stands_under_no_day(make_doc):
    doc = make_doc("The launch on Monday of the new ferry timetable was called a success by the harbour board.",
                   published=DCT)
    assert doc.attachments.times[0].role is TimeRole.NOUN
    assert _day(doc) == ("", "none") and doc.attachments.sentences[0].reason == "unsure"


def test_a_forecast_reported_as_expected_is_the_sayings_news(make_doc):
    doc = make_doc("Forecasters said the storm was expected to reach the coast on Saturday.", published=DCT)
    assert _day(doc) == ("2011-03-10", "implicit")


def test_a_noun_since_measures_from_leaves_the_report_its_day(make_doc):
    doc = make_doc("Ferry fares have risen by a third since the March 7 fire.", published=DCT)
    assert _day(doc) == ("2011-03-10", "implicit")


def test_a_day_beside_a_clock_time_dates_the_event(make_doc):
    doc = make_doc("The last ferry sailed at 11:40 pm on 8 March with forty passengers.", published=DCT)
    assert _day(doc) == ("2011-03-08", "explicit")


def test_a_day_hung_on_a_clock_time_dates_what_the_clock_time_dates(make_doc):
    doc = make_doc("At 10:54 pm on 8 Mar 2011, harbourfan wrote: the ferry never came.", published=DCT)
    assert _day(doc) == ("2011-03-08", "explicit")
    assert {a.role for a in doc.attachments.times} == {TimeRole.SAYING}


def test_a_caption_and_a_credit_are_frames_not_lines(make_doc):
    text = ("The harbour reopened on Friday after a week of repairs by the port authority. "
            "Divers checked the quay wall near the ferry berth on Tuesday. "
            "Photograph: Ana Silva/Reuters The port authority said the wall had held through the storm.")
    doc = make_doc(text, published=DCT)
    texts = [text[s.start:s.end] for s in doc.sentences]
    caption = texts.index("Divers checked the quay wall near the ferry berth on Tuesday.")
    assert doc.attachments.sentences[caption].reason == "frame"
    assert _day(doc, caption) == ("", "none")
    assert _day(doc, 0) == ("2011-03-04", "explicit")


def test_a_wire_dateline_inside_a_page_anchors_the_story_after_it(make_doc):
    # a page posted on 10 March carrying, second, a wire story datelined 1 March
    text = ("Dockworkers walked off the job on Monday, halting exports from the port.\n\n"
            "LISBON, March 1 (Reuters) - Port officials said on Tuesday that the strike had ended.")
    doc = make_doc(text, published=DCT)
    assert _day(doc, 0) == ("2011-03-07", "explicit")
    assert _day(doc, len(doc.sentences) - 1) == ("2011-03-01", "explicit")


def test_a_day_earlier_after_undated_news_counts_back_from_the_articles_day(make_doc):
    # the earlier sentence names an older date in a subordinate clause: "a day earlier" must not count from it
    doc = make_doc("Divers, who first reached the wreck on 2 March, have sealed its fuel tanks. "
                   "A day earlier, the port chief said the seal would hold.", published=DCT)
    assert _day(doc, 0) == ("2011-03-10", "implicit")
    assert _day(doc, 1) == ("2011-03-09", "inferred")


def test_negative_the_next_day_or_that_day_after_undated_news_has_no_day(make_doc):
    for opener in ("The next day", "Earlier that day"):
        doc = make_doc(f"Divers have sealed the fuel tanks of the wreck. {opener}, the port chief inspected the quay.",
                       published=DCT)
        assert _day(doc, 1) == ("", "none"), opener


def test_a_web_page_stamp_with_a_clock_time_is_a_frame_not_the_leads_day(make_doc):
    # the web edition's stamp ("<weekday>, <month> <d>, <yyyy>; <hh:mm> AM") stands apart like the print one
    doc = make_doc("Thursday, June 2, 2011; 10:13 AM The harbour board told the ferry company late Wednesday "
                   "that its licence would lapse.", published=date(2011, 6, 2))
    assert _day(doc, 0) == ("", "none") and doc.attachments.sentences[0].reason == "frame"
    assert _day(doc, 1) == ("2011-06-01", "explicit")
