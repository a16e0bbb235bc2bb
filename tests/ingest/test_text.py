"""Plain-text articles: leading metadata, headlines, and what stays in the text."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.ingest.text import looks_like_headline, read_text, split_front_matter
from dateline.model import DateSource, Precision

BODY = "The ferry service resumed on Tuesday after the strike ended.\n\nPassengers queued from dawn."


@pytest.mark.parametrize("raw,published,precision", [
    (f" date 2024-05-10 {BODY}", date(2024, 5, 10), Precision.DAY),
    (f"date 2024-05-10\n{BODY}", date(2024, 5, 10), Precision.DAY),
    (f"---\ntitle: Ferries run again\ndate: 2024-03\nsource: Coast Post\n---\n{BODY}", date(2024, 3, 1), Precision.MONTH),
    (f"Title: Ferries run again\nDate: 2024-03-21T08:30:00+01:00\nURL: https://example.org/f\n\n{BODY}",
     date(2024, 3, 21), Precision.DAY),
])
def test_leading_metadata_dates_the_article_and_leaves_the_text(raw, published, precision):
    doc = read_text(raw, "f.txt")
    assert (doc.published, doc.date_precision, doc.date_source) == (published, precision, DateSource.HEADER)
    assert doc.text == BODY


def test_front_matter_fields():
    doc = read_text(f"---\ntitle: \"Ferries run again\"\nsource: Coast Post\nurl: https://example.org/f\n---\n\n{BODY}", "f.md")
    assert (doc.title, doc.source, doc.url) == ("Ferries run again", "Coast Post", "https://example.org/f")


@pytest.mark.parametrize("raw", [
    BODY,  # no metadata at all
    f"Update: the ferry is late\n{BODY}",  # a "key: value" line with an unknown key is text
    f"---\n{BODY}",  # a Markdown rule, not a fence
    f"dated 2024-05-10 {BODY}",  # not the token
])
def test_text_without_metadata_is_kept_whole(raw):
    doc = read_text(raw, "f.txt")
    assert doc.published is None and doc.date_source is DateSource.UNKNOWN
    assert BODY in doc.text


def test_an_unreadable_header_date_leaves_the_article_undated(caplog):
    doc = read_text(f"---\ndate: last Tuesday\n---\n{BODY}", "f.txt")
    assert doc.published is None and doc.text == BODY
    assert "f.txt" in caplog.text and "last Tuesday" in caplog.text


@pytest.mark.parametrize("line,blank_after,expected", [
    ("Ferries run again as strike ends", True, True),
    ("Ferry Strike Ends After Nine Days", False, True),  # Title Case needs no blank line
    ("# Ferries run again", False, True),  # a Markdown heading
    ("Will the ferries run again?", True, True),
    # negative rows
    ("The ferry service resumed on Tuesday after the strike ended.", True, False),  # final period
    ("Ferries run again as strike ends", False, False),  # sentence case, text follows directly
    ("The ferry service resumed on Tuesday , officials said", False, False),  # tokenized corpus text
    ("Officials said the ferry 's engines were checked", True, False),  # tokenized
    ("Ferries run. Strike over", True, False),  # two sentences
    ("ferries run again", True, False),  # lower-case start
    ("Ferries", True, False),  # one word
    (" ".join(["Ferries"] * 25), True, False),  # too long
])
def test_headline_shape(line, blank_after, expected):
    assert looks_like_headline(line, followed_by_blank=blank_after) is expected


def test_a_headline_line_becomes_the_title_and_leaves_the_text():
    doc = read_text(f"Ferries run again as strike ends\n\n  \u2022 Oops!\n\n{BODY}", "f.txt")
    assert doc.title == "Ferries run again as strike ends"
    assert doc.text == BODY


def test_a_lone_line_is_not_taken_as_a_title():
    doc = read_text("Ferries run again as strike ends", "f.txt")
    assert doc.title == "" and doc.text == "Ferries run again as strike ends"


def test_front_matter_title_wins_over_the_first_line():
    doc = read_text(f"title: Given title\n\nFerries run again as strike ends\n\n{BODY}", "f.txt")
    assert doc.title == "Given title"
    assert doc.text.startswith("Ferries run again as strike ends")


def test_front_matter_is_looked_for_only_at_the_top():
    meta = split_front_matter(f"{BODY}\n\n---\ntitle: x\n---\n")
    assert meta.fields == {} and meta.body.startswith(BODY)
