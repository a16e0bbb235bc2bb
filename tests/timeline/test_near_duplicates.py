"""One line per fact per day: near-duplicates of a day's line are folded into it as sources (invented text)."""

from __future__ import annotations

from conftest import make_document

from dateline.timeline.candidates import collect_candidates
from dateline.timeline.learned import SummaryParams
from dateline.timeline.near_duplicates import figures, near_duplicate
from dateline.timeline.summarise import Summariser

DAY = "2025-03-04"
# no TF-IDF repeat cut and no MMR penalty: only the near-duplicate rule can keep a fact from a second line
LOOSE = SummaryParams(same_content=1.01, redundancy=1.0)


def entry(texts_and_sources, per_date=3):
    docs = [make_document(t, published=DAY, source=s) for t, s in texts_and_sources]
    (e,) = Summariser(params=LOOSE)(collect_candidates(docs), [DAY], per_date)
    return e


def test_the_same_figure_in_other_words_is_one_line_citing_both():
    e = entry([("The harbour board said it was spending $4m a week on repairs to the storm wall.", "Daily"),
               ("Repairs to the storm wall cost the harbour board $4m a week, it said.", "Courier"),
               ("Fishermen held a protest march outside the town hall.", "Post")])
    texts = [line.text for line in e.summary]
    assert len(texts) == 2 and "Fishermen held a protest march outside the town hall." in texts
    (dup,) = [line for line in e.summary if "$4m" in line.text]
    assert {ref.source for ref in dup.also} == {"Courier", "Daily"} - {dup.source.source}


def test_negative_two_facts_sharing_words_but_no_figure_stay_two_lines():
    e = entry([("The harbour board approved repairs to the storm wall.", "Daily"),
               ("The harbour board rejected repairs to the fish market.", "Courier")])
    assert len(e.summary) == 2


def test_figures_leave_out_the_days_own_date_and_clock_times():
    assert figures("At 10:45 on 4 March 2025 the board voted 17 to 12.", DAY) == frozenset({"17", "12"})
    assert figures("The H1N1 strain spread to 3 towns.", DAY) == frozenset()  # a name's digits, a lone digit
    assert not near_duplicate("The board met on 4 March 2025 to vote.", "Fog closed the airport on 4 March 2025.", DAY)
