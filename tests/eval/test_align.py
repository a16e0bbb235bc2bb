"""The raw-to-stored span alignment every judged-set eval uses."""

from dateline.eval.align import Alignment, Tokens


def test_identical_texts_map_spans_to_themselves():
    text = "Some 4,000 people left the valley."
    al = Alignment(text, text)
    assert al.span(5, 10) == (5, 10)


def test_detokenised_text_maps_through_changed_punctuation():
    raw = "Officials -LRB- in Velmora -RRB- said 1,200 homes were lost , and `` many '' more ."
    stored = 'Officials (in Velmora) said 1,200 homes were lost, and "many" more.'
    al = Alignment(raw, stored)
    start = raw.index("1,200")
    got = al.span(start, start + len("1,200 homes"))
    assert got is not None and stored[got[0]:got[1]] == "1,200 homes"
    # a span of nothing but a tokenisation artefact has no stored counterpart
    assert al.span(raw.index("-LRB-"), raw.index("-LRB-") + 5) is None
    assert al.coverage(start, start + 5) == 1.0


def test_text_removed_by_cleanup_is_skipped_and_the_rest_still_maps():
    raw = "Share this page\nThe ferry carried 300 people on Monday .\nShare this page"
    stored = "The ferry carried 300 people on Monday."
    al = Alignment(raw, stored)
    start = raw.index("300")
    assert al.span(start, start + 3) == (stored.index("300"), stored.index("300") + 3)
    assert al.span(0, 5) is None  # the removed navigation line


def test_tokens_report_offsets():
    toks = Tokens.of("A 5.9 quake")
    assert toks.words == ("a", "5", "9", "quake")
    assert list(toks.within(2, 5)) == [1, 2]
