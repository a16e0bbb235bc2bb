"""The extraction commands over a store built by hand from short texts."""

import csv
import io
import json
from dataclasses import replace
from datetime import date

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.pipeline import run_corpus_stages
from dateline.settings import Settings
from dateline.store import Store

from .conftest import SHARED  # noqa: F401  (keeps the package import style of the other tests)

TEXTS = [
    ("Jordanian Foreign Minister Khaled al-Masri met Tom Hale in Amman. "
     "“We will send more than 2,000 tents to the camps,” Masri said. "
     "More than 40,000 people have taken shelter in Irbid.", date(2024, 3, 4)),
    ("Khaled El-Masri said nearly 45,000 people had taken shelter in Irbid. "
     "He is expected in Cairo on Friday.", date(2024, 3, 6)),
]


@pytest.fixture(scope="module")
def db(make_doc, tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "x.db"
    with Store(path) as store:
        for text, day in TEXTS:
            doc = replace(make_doc(text, day), parse=None)
            store.add_article(doc.article, doc=doc)
        run_corpus_stages(store, Settings(db_path=path, stage_errors="raise"))
    return str(path)


def _json(db, *args):
    result = CliRunner().invoke(app, [*args, "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_entities_json(db):
    rows = _json(db, "entities", "--entity", "Masri")
    assert len(rows) == 1
    (masri,) = rows
    assert set(masri) >= {"id", "kind", "name", "aliases", "roles", "mentions", "count", "articles"}
    assert masri["articles"] == 2
    m = masri["mentions"][0]
    assert set(m) == {"article", "start", "end", "text", "date"}
    # negative row: a name nobody bears
    assert _json(db, "entities", "--entity", "Nobody Anywhere") == []


def test_quotes_json(db):
    rows = _json(db, "quotes", "--entity", "Khaled al-Masri")
    assert rows and all(r["speaker_name"] for r in rows)
    direct = [r for r in rows if r["kind"] == "direct"]
    assert direct and direct[0]["text"].startswith("We will send")
    assert _json(db, "quotes", "--since", "2030") == []


def test_events_json_and_filters(db):
    rows = _json(db, "events", "--type", "TRAVEL")
    assert any(r["modality"] == "expected" for r in rows)
    assert set(rows[0]) >= {"article", "type", "trigger", "start", "end", "date", "modality", "participants"}
    assert _json(db, "events", "--type", "PROTEST") == []


def test_claims_json(db):
    groups = _json(db, "claims")
    irbid = [g for g in groups if g["quantity"].endswith("|irbid")]
    assert len(irbid) == 1 and len(irbid[0]["claims"]) == 2
    assert irbid[0]["status"] == "consistent"


# what each command must show of the fixture, in every format
SHOWN = {"entities": "Masri", "events": "Cairo", "quotes": "We will send", "claims": "40,000"}


@pytest.mark.parametrize("fmt", ["csv", "md", "text"])
@pytest.mark.parametrize("cmd", sorted(SHOWN))
def test_other_formats(db, cmd, fmt):
    result = CliRunner().invoke(app, [cmd, "--db", db, "--format", fmt])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert SHOWN[cmd] in out, out
    if fmt == "csv":
        header, *rows = list(csv.reader(io.StringIO(out)))
        assert len(header) > 2 and rows and all(len(r) == len(header) for r in rows), out
    elif fmt == "md":
        lines = [line for line in out.splitlines() if line.startswith("|")]
        assert len(lines) >= 3 and set(lines[1]) <= set("|-: "), out  # header, rule, at least one row
