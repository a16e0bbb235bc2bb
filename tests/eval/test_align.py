from dateline.eval.align import align, words


def test_spans_move_onto_the_stored_text():
    raw = "Harbour Reopens\nThe port , officials said , will `` reopen soon '' .\n"
    stored = 'The port, officials said, will "reopen soon".'
    al = align(raw, stored)
    start = raw.index("reopen")
    end = raw.index("soon") + len("soon")
    assert al.span(start, end) == (stored.index("reopen"), stored.index("soon") + len("soon"))
    # the headline is not in the stored text: nothing to map it to
    assert al.span(0, len("Harbour Reopens")) is None
    assert 0 < al.coverage() < 1


def test_a_span_shrinks_to_the_words_found():
    raw = "He did n't go to the harbour ."
    stored = "He didn't go to the harbour."
    al = align(raw, stored)
    # "n't" is two raw words (n, t) against "didn't" (didn, t): the span keeps what aligns
    span = al.span(raw.index("go"), len(raw))
    assert stored[span[0]:span[1]] == "go to the harbour"


def test_words_are_lowercase_alphanumeric_runs():
    w = words("The U.N. said: “Yes”.")
    assert w.forms == ("the", "u", "n", "said", "yes")
    assert list(w.inside(0, 8)) == [0, 1, 2]
