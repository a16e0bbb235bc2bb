"""`dateline times` and `dateline eval timex` through the CLI."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from dateline.cli import app

runner = CliRunner()


def test_times_json_offsets_point_into_the_exact_text(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes("Caf\u00e9 talks ended on Tuesday.\r\nThey resume in two weeks.\n".encode())
    r = runner.invoke(app, ["times", str(p), "--dct", "2024-03-21"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    text = p.read_bytes().decode()
    assert [(text[x["start"] : x["end"]], x["text"], x["type"], x["value"]) for x in rows] == [
        ("Tuesday", "Tuesday", "DATE", "2024-03-19"),
        ("two weeks", "two weeks", "DURATION", "P2W"),
    ]


def test_times_timeml(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("It rained on Tuesday.")
    r = runner.invoke(app, ["times", str(p), "--dct", "2024-03-21", "--format", "timeml"])
    assert r.exit_code == 0
    assert '<TIMEX3 tid="t1" type="DATE" value="2024-03-19">Tuesday</TIMEX3>' in r.stdout


def test_times_rejects_a_bad_dct_without_traceback(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("It rained on Tuesday.")
    r = runner.invoke(app, ["times", str(p), "--dct", "2024-02-30"])
    assert r.exit_code == 1
    assert "YYYY-MM-DD" in r.output and "Traceback" not in r.output


def test_eval_timex_json(tmp_path):
    (tmp_path / "d.tml").write_text(
        '<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2024-03-21">x</TIMEX3></DCT>'
        '<TEXT>It rained <TIMEX3 tid="t1" type="DATE" value="2024-03-19">Tuesday</TIMEX3>.</TEXT></TimeML>'
    )
    r = runner.invoke(app, ["eval", "timex", str(tmp_path), "--format", "json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["metrics"]["value_f1"] == 1.0


def test_eval_timex_lists_value_error_classes(tmp_path):
    (tmp_path / "d.tml").write_text(
        '<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2024-03-21">x</TIMEX3></DCT>'
        '<TEXT>It rained <TIMEX3 tid="t1" type="DATE" value="2024-03-12">Tuesday</TIMEX3>.</TEXT></TimeML>'
    )
    r = runner.invoke(app, ["eval", "timex", str(tmp_path), "--errors", "5", "--format", "json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)  # the tagger reads the Tuesday before the DCT, the gold a week earlier
    assert out["value_errors"] == 1 and out["classes"][0]["gold_value"] == "9999-99-99"


def test_eval_timex_empty_folder(tmp_path):
    r = runner.invoke(app, ["eval", "timex", str(tmp_path)])
    assert r.exit_code == 1 and "no .tml files" in r.output
