"""Spreading a timeline's days over the story's active months (day_ranking.spread_days, the model's ``spread``)."""

from dataclasses import replace

from dateline.timeline.candidates import collect_candidates
from dateline.timeline.day_ranking import LearnedRanker, spread_days
from dateline.timeline.features import DayEvidence
from dateline.timeline.learned import load_model

# the ranker's order: four April days first, then two of September
ORDER = ["2010-04-21", "2010-04-22", "2010-04-23", "2010-04-24", "2010-09-19", "2010-09-20"]
# as many articles published in September as in April
ACTIVITY = {"2010-04-21": 3.0, "2010-04-22": 1.0, "2010-09-19": 2.0, "2010-09-20": 2.0}


def test_no_share_is_the_plain_ranking():
    assert spread_days(ORDER, ACTIVITY, 4, 0.0) == ORDER[:4]


def test_the_dealt_days_follow_the_months_articles():
    # all four dealt: two to April, two to September (each its best-ranked), in the ranker's order
    assert spread_days(ORDER, ACTIVITY, 4, 1.0) == ["2010-04-21", "2010-04-22", "2010-09-19", "2010-09-20"]
    # half dealt (one each), the other two by rank
    assert spread_days(ORDER, ACTIVITY, 4, 0.5) == ["2010-04-21", "2010-04-22", "2010-04-23", "2010-09-19"]


def test_a_month_without_candidate_days_gives_its_slot_back():
    activity = {**ACTIVITY, "2010-12-01": 8.0}  # December's articles name no day of December
    days = spread_days(ORDER, activity, 4, 1.0)
    assert len(days) == 4 and set(days) <= set(ORDER) and "2010-09-19" in days


def test_the_ranker_spreads_the_same_from_candidates_as_from_streamed_evidence():
    from timeline.test_roles import A, B, C, LATER

    cands = collect_candidates([A, B, C, LATER])
    model = load_model()
    streamed = DayEvidence().add(cands[: len(cands) // 2]).add(cands[len(cands) // 2:])
    for share in (0.5, 1.0):
        ranker = LearnedRanker(replace(model, summary=replace(model.summary, spread=share)))
        for n in (1, 2, 3, 4):
            assert ranker(cands, n) == ranker.ranking(streamed)(None, n)
