"""No traceback for any user mistake anywhere in the CLI: every command, with bad ids, bad formats,
an empty store, missing files."""

from __future__ import annotations

import pytest
import typer.main
from typer.testing import CliRunner

from dateline.cli import app

# every command, with the arguments it needs to get past its own parsing
COMMANDS = {
    "ingest": ["{missing}"],
    "articles": [],
    "show": ["nosuchid"],
    "timeline": [],
    "run": ["{missing}"],
    "entities": [],
    "events": [],
    "quotes": [],
    "claims": [],
    "times": ["{missing}"],
    "stories": [],
    "disagreements": [],
    "watch": ["{missing}", "--max-polls", "1"],
    "verify": [],
    "eval timex": ["{missing}"],
    "eval tls": ["--t17", "{missing}"],
    "eval tls-score": ["{missing}", "{missing}"],
    "eval t17-jsonl": ["{missing}"],
    "eval ecb": ["--ecb", "{missing}"],
    "eval stories": ["--t17", "{missing}"],
    "eval pages": ["--webpages", "{missing}"],
    "eval claims": ["--gold", "{missing}"],
    "eval quotes": ["--bench", "{missing}"],
    "eval linedates": ["--items", "{missing}"],
}


def _all_commands() -> set[str]:
    root = typer.main.get_command(app)
    out = set()
    for name, cmd in root.commands.items():
        if hasattr(cmd, "commands"):
            out |= {f"{name} {sub}" for sub in cmd.commands}
        else:
            out.add(name)
    return out


def test_every_command_is_tried_here():
    assert _all_commands() <= set(COMMANDS) | {"serve", "export"}, _all_commands() - set(COMMANDS)


def _run(args: list[str]):
    result = CliRunner().invoke(app, args)
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def _args(name: str, tmp_path, *extra: str) -> list[str]:
    missing = str(tmp_path / "no-such-file.txt")
    return [*name.split(), *(a.format(missing=missing) for a in COMMANDS[name]), *extra]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_missing_inputs_and_an_absent_store(name, tmp_path):
    result = _run(_args(name, tmp_path, *(["--db", str(tmp_path / "none.db")] if not name.startswith(("eval", "times"))
                                          else [])))
    assert result.exit_code in (1, 2), result.output
    assert result.output.strip(), "a failing command says why"


def _has_format(name: str) -> bool:
    cmd = typer.main.get_command(app)
    for part in name.split():
        cmd = cmd.commands[part]
    return any("--format" in p.opts for p in cmd.params)


@pytest.mark.parametrize("name", sorted(n for n in COMMANDS if _has_format(n)))
def test_a_format_that_does_not_exist(name, tmp_path):
    result = _run(_args(name, tmp_path, "--format", "pdf"))
    assert result.exit_code == 2 and "pdf" in result.output


@pytest.fixture(scope="module")
def empty_store(tmp_path_factory):
    from dateline.store import Store

    db = tmp_path_factory.mktemp("empty") / "empty.db"
    Store(db).close()
    return db


@pytest.mark.parametrize("name", ["articles", "timeline", "entities", "events", "quotes", "claims", "stories",
                                  "disagreements", "verify", "show"])
def test_an_empty_store(name, empty_store, tmp_path):
    result = _run(_args(name, tmp_path, "--db", str(empty_store)))
    if name == "show":
        assert result.exit_code == 1 and "no article" in result.output
    else:
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize("args", [
    ["timeline", "--since", "last week"],
    ["timeline", "--until", "2024-13"],
    ["timeline", "--max-dates", "0"],
    ["events", "--modality", "maybe"],
    ["ingest", "{missing}", "--setting", "jobs=two"],
    ["ingest", "{missing}", "--setting", "nosuch=1"],
    ["ingest", "{missing}", "--stages", "sentences,nosuch"],
    ["show", "../../etc/passwd"],
])
def test_bad_values(args, empty_store, tmp_path):
    missing = str(tmp_path / "no-such-file.txt")
    result = _run([a.format(missing=missing) for a in args] + ["--db", str(empty_store)])
    assert result.exit_code in (1, 2), result.output


def test_an_eval_gate_names_each_metric_below_its_floor_and_exits_1(tmp_path):
    import json

    import typer

    from dateline.cli.common import console, gate

    baseline = tmp_path / "floors.json"
    baseline.write_text(json.dumps({"floors": {"f1": 0.5, "recall": 0.2}}))
    gate({"f1": 0.6, "recall": 0.3}, baseline)  # above every floor: returns
    with console.capture() as captured, pytest.raises(typer.Exit) as stop:
        gate({"f1": 0.4}, baseline)
    assert stop.value.exit_code == 1
    out = captured.get()
    assert "f1: 0.4000 is below the pinned floor 0.5000" in out and "recall: not measured" in out
