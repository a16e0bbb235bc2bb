"""JSON Lines, JSON and CSV records: fields, aliases, dates, and bad records by line."""

from __future__ import annotations

import json
from datetime import date

import pytest

from dateline.errors import InputError
from dateline.ingest.base import RawDoc
from dateline.ingest.records import canonical_fields, read_csv, read_json, read_jsonl
from dateline.model import DateSource, Precision

TEXT = "The tram line to the airport opened on Friday, two years late and over budget."


def _docs(items):
    return [i for i in items if isinstance(i, RawDoc)]


def _errors(items):
    return [i for i in items if isinstance(i, InputError)]


@pytest.mark.parametrize("record,field,value", [
    ({"Body": TEXT}, "text", TEXT),
    ({"content": TEXT}, "text", TEXT),
    ({"article": TEXT}, "text", TEXT),
    ({"headline": "Tram opens"}, "title", "Tram opens"),
    ({"link": "https://example.org/t"}, "url", "https://example.org/t"),
    ({"outlet": "City Wire"}, "source", "City Wire"),
    ({"site": "City Wire"}, "source", "City Wire"),
    ({"pubDate": "2024-03-21"}, "published", "2024-03-21"),
    ({"publication_date": "2024-03-21"}, "published", "2024-03-21"),
    ({"datetime": "2024-03-21"}, "published", "2024-03-21"),
    ({"text": TEXT, "body": "ignored"}, "text", TEXT),  # the first alias present wins
    # negative rows
    ({"summary": TEXT}, "text", None),
    ({"text": ""}, "text", None),
    ({"text": None}, "text", None),
])
def test_field_aliases(record, field, value):
    assert canonical_fields(record).get(field) == value


def test_jsonl_records_with_metadata():
    line = json.dumps({"id": "t1", "url": "https://example.org/t", "headline": "Tram opens",
                       "outlet": "City Wire", "date": "2024-03-21T09:00:00Z", "body": TEXT})
    [doc] = read_jsonl(line + "\n", "in.jsonl")
    assert (doc.origin, doc.title, doc.source, doc.url) == ("in.jsonl:1", "Tram opens", "City Wire", "https://example.org/t")
    assert (doc.published, doc.date_precision, doc.date_source) == (date(2024, 3, 21), Precision.DAY, DateSource.METADATA)
    assert doc.text == TEXT


def test_jsonl_bad_lines_are_reported_by_line_and_the_rest_read():
    lines = [json.dumps({"text": TEXT}), "", '{"text": "x",}', "42", json.dumps({"text": 5}), json.dumps({"body": TEXT})]
    items = list(read_jsonl("\n".join(lines), "in.jsonl"))
    assert [d.origin for d in _docs(items)] == ["in.jsonl:1", "in.jsonl:6"]
    assert [(e.line, e.reason.split(":")[0]) for e in _errors(items)] == [
        (3, "invalid JSON"), (4, "expected a JSON object, got int"), (5, "text field holds int, not a string")]


def test_an_unparseable_date_keeps_the_article_undated_with_a_warning(caplog):
    [doc] = read_jsonl(json.dumps({"text": TEXT, "date": "next Friday"}), "in.jsonl")
    assert doc.published is None and doc.date_source is DateSource.UNKNOWN
    assert "in.jsonl:1" in caplog.text and "next Friday" in caplog.text


def test_json_array_elements_carry_their_line():
    text = "[\n  " + ",\n  ".join(json.dumps({"text": f"{TEXT} {i}"}) for i in range(3)) + "\n]"
    assert [d.origin for d in read_json(text, "in.json")] == ["in.json:2", "in.json:3", "in.json:4"]


@pytest.mark.parametrize("text,origins,errors", [
    (json.dumps({"text": TEXT}), ["in.json:1"], []),
    (json.dumps({"articles": [{"text": TEXT}, {"title": "no text"}]}), ["in.json:1"], [2]),
    # negative rows
    ('[{"text": "x"', [], [1]),
    ('"just a string"', [], [None]),
])
def test_json_shapes(text, origins, errors):
    items = list(read_json(text, "in.json"))
    assert [d.origin for d in _docs(items)] == origins
    assert [e.line for e in _errors(items)] == errors


def test_json_markup_in_a_body_is_turned_into_text():
    [doc] = read_jsonl(json.dumps({"text": f"<p>{TEXT}</p><p>Second paragraph here.</p>"}), "in.jsonl")
    assert doc.text == f"{TEXT}\nSecond paragraph here."


def test_csv_rows_carry_their_first_line():
    text = f'title,published,body\nTram opens,2024-03-21,"{TEXT}\nSecond line of the body."\nAgain,bad date,{TEXT}\n'
    docs = list(read_csv(text, "in.csv"))
    assert [d.origin for d in docs] == ["in.csv:2", "in.csv:4"]
    assert docs[0].text == f"{TEXT}\nSecond line of the body." and docs[0].published == date(2024, 3, 21)
    assert docs[1].published is None


def test_tsv():
    [doc] = read_csv(f"content\tsource\n{TEXT}\tCity Wire\n", "in.tsv", delimiter="\t")
    assert doc.source == "City Wire"


def test_csv_without_a_text_column_is_one_error():
    [error] = read_csv("id,title\n1,Tram\n2,Bus\n", "in.csv")
    assert error.line == 1 and "no text column" in error.reason and "found id, title" in error.reason


def test_csv_with_a_large_body():
    big = "word " * 60_000  # over csv's default 128 KiB cell limit
    [doc] = read_csv(f'text\n"{big}"\n', "in.csv")
    assert len(doc.text) > 250_000
