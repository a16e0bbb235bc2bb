import pytest

from dateline.eval.align import Tokens
from dateline.eval.judged_quotes import Said, speaker_right
from dateline.eval.quotes import Attribution, Scorer

TEXT = "Ana Ortiz said the dam held. Tom Hale said the road was closed."


def _span(text):
    i = TEXT.index(text)
    return i, i + len(text)


def _scores(gold, predicted):
    s = Scorer()
    s.add(Tokens.of(TEXT), gold, predicted)
    return s.scores()


def test_exact_and_overlap_of_the_three_roles():
    gold = [Attribution((_span("the dam held"),), _span("Ana Ortiz"), (_span("said"),)),
            Attribution((_span("the road was closed"),), _span("Tom Hale"), ())]
    predicted = [Attribution((_span("the dam held"),), _span("Ortiz"), (_span("said"),)),
                 Attribution((_span("road was closed"),), _span("Tom Hale"), ())]
    got = _scores(gold, predicted)
    assert got["content"]["exact_f1"] == 0.5  # one of two contents exact
    assert got["content"]["overlap_p"] == 1.0 and got["content"]["overlap_r"] == pytest.approx(6 / 7, abs=1e-4)
    assert got["source"]["exact_p"] == 0.5  # "Ortiz" is not "Ana Ortiz"
    assert got["source"]["overlap_r"] == pytest.approx(0.75)  # 1/2 + 1 over two gold sources
    assert got["cue"]["exact_f1"] == 1.0


def test_a_source_counts_only_with_its_content():
    gold = [Attribution((_span("the dam held"),), _span("Ana Ortiz"))]
    predicted = [Attribution((_span("the road was closed"),), _span("Ana Ortiz"))]
    got = _scores(gold, predicted)
    assert got["source"]["exact_f1"] == 0.0 and got["content"]["overlap_f1"] == 0.0


def test_gold_words_the_stored_text_lacks_are_missed():
    gold = [Attribution((_span("the dam held"),), lost_words=3, lost_roles=("source",))]
    got = _scores(gold, [Attribution((_span("the dam held"),))])
    assert got["content"]["overlap_r"] == 0.5
    assert got["source"]["exact_r"] == 0.0


@pytest.mark.parametrize("speaker,said,right", [
    ("henry m paulson jr", Said(Attribution(()), True, True, (("paulson",),)), True),
    ("henry m paulson jr", Said(Attribution(()), True, True, (("ben", "bernanke"),)), False),
    # a described speaker is right only when the system links it to no entity
    ("described: industry sources", Said(Attribution(()), True, False), True),
    ("described: industry sources", Said(Attribution(()), True, True, (("paulson",),)), False),
    ("none", Said(Attribution(()), False, False), True),
])
def test_speaker_right(speaker, said, right):
    assert speaker_right({"speaker": speaker}, said) is right


def test_dotted_initials_are_one_word():
    from dateline.eval.judged_quotes import norm_words

    assert norm_words("The U.S. Energy Information Administration") == ("the", "us", "energy", "information",
                                                                         "administration")
    assert norm_words("U.N. envoy A. Ruiz") == ("un", "envoy", "a", "ruiz")


def test_named_wrong_counts_only_names_shown():
    from dateline.eval.judged_quotes import HalfScore

    # three found items: one named right, one named wrong, one left unnamed (not right, but not wrong)
    row = HalfScore(items=3, found=3, right=1, named=2, named_right=1).row("shipped", "tune")
    assert (row["speaker_right"], row["named_wrong"], row["named_precision"]) == (0.3333, 1, 0.5)
