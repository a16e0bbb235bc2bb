"""Frames run into a lead (data/frames.toml): every rule's examples and keeps run here.

The examples are the rule file's own, written for it (places, people and outlets invented)."""

import pytest

from dateline.extract.frames import FRAMES, dateline_end, is_credit, is_frame, wire_date

EXAMPLES = [(f, e) for f in FRAMES for e in f.examples]
KEEPS = [(f, k) for f in FRAMES for k in f.keep]


def test_every_frame_has_examples_and_keeps():
    assert [f.name for f in FRAMES] == ["wire-dateline", "timestamp", "page-stamp", "last-updated", "print-stamp",
                                        "credit"]
    assert all(f.examples and f.keep for f in FRAMES)


@pytest.mark.parametrize("frame, example", EXAMPLES, ids=[f"{f.name}:{e['frame'][:24]}" for f, e in EXAMPLES])
def test_each_frame_cuts_its_examples(frame, example):
    text, cut = example["frame"] + example["lead"], len(example["frame"])
    # the frame's own pattern ends at the cut, and its needed text is there (else the pre-check would hide it)
    matches = [m for m in frame.pattern.finditer(text) if m.end() == cut]
    assert matches, frame.name
    assert frame.needs.search(text) is not None, frame.name
    for name, value in example.get("groups", {}).items():
        assert matches[0][name] == value
    # what the stages see: the cut at the top of a page, and below it only for a frame that stands anywhere
    assert dateline_end(text) == cut
    assert dateline_end(text, top=False) == (cut if frame.anywhere else 0)
    assert is_frame(example["frame"].rstrip())  # split from its lead, the frame is a sentence of its own


@pytest.mark.parametrize("frame, text", KEEPS, ids=[f"{f.name}:{k[:24]}" for f, k in KEEPS])
def test_each_frame_keeps_its_keeps(frame, text):
    assert frame.pattern.search(text) is None
    assert dateline_end(text) == 0 and not is_frame(text)


def test_a_frame_without_a_lead_after_it_is_not_cut():
    # fewer than five words after the frame: nothing is cut (a short line is not a lead)
    assert dateline_end("HARBOURTON (Reuters) - Ferries stay in port.") == 0
    assert dateline_end("HARBOURTON (Reuters) - Ferries stay in port all week.") == len("HARBOURTON (Reuters) - ")


def test_wire_date_and_credit_read_their_frames():
    assert wire_date("LAKESIDE, March 3 (Reuters) - Two ferries ran aground in fog.") == ("March", 3)
    assert wire_date("LAKESIDE (Reuters) - Two ferries ran aground in fog.") is None
    assert wire_date("Ferries ran aground. LAKESIDE, March 3 (Reuters) - Two ferries ran aground.") is None  # not first
    assert is_credit("Picture: Ann Berg/Reuters Divers searched the harbour again.")
    assert not is_credit("Pictures of the wreck were shown on Monday.")
