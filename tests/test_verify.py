"""dateline verify: every stored span lies in its article, every derived text equals its span."""

from __future__ import annotations

import json
import sqlite3

from conftest import REPO
from typer.testing import CliRunner

from dateline.cli import app


def test_a_sound_store_verifies_and_a_broken_span_is_named(tmp_path):
    db = tmp_path / "v.db"
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(REPO / "examples" / "articles"), "--db", str(db)]).exit_code == 0
    ok = runner.invoke(app, ["verify", "--db", str(db), "--format", "json"])
    assert ok.exit_code == 0, ok.output
    checked = {r["checked"]: r["count"] for r in json.loads(ok.stdout)}
    assert checked["sentence"] > 0 and checked["timeline line"] > 0 and checked["claim group member"] > 0
    con = sqlite3.connect(db)
    article, data = con.execute("SELECT article_id, data FROM annotations WHERE layer='quotes' AND data != '[]'").fetchone()
    quotes = json.loads(data)
    quotes[0]["end"] = 10 ** 7  # a span past the end of the text
    con.execute("UPDATE annotations SET data=? WHERE article_id=? AND layer='quotes'", (json.dumps(quotes), article))
    con.execute("UPDATE objects SET data=replace(data, '\"text\":\"', '\"text\":\"X') WHERE kind='claim_group'")
    con.commit()
    con.close()
    bad = runner.invoke(app, ["verify", "--db", str(db)])
    assert bad.exit_code == 1
    assert f"article {article}: quote 0 spans" in bad.output
    assert "claim group member: text 'X" in bad.output
