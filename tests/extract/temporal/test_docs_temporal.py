"""docs/temporal.md names every rule file, value function and command of the temporal engine."""

from pathlib import Path

from dateline.extract.temporal.resolve import FUNCTIONS
from dateline.extract.temporal.rules import RULE_FILES

DOC = (Path(__file__).resolve().parents[3] / "docs" / "temporal.md").read_text()


def test_every_rule_file_is_documented():
    for kind in RULE_FILES:
        assert f"`{kind}.toml`" in DOC


def test_every_value_function_is_documented():
    for name in FUNCTIONS:
        assert f"={name}" in DOC, name


def test_commands_are_documented_with_examples():
    for cmd in ("dateline times", "dateline eval timex"):
        assert f"### {cmd}" in DOC
        assert f"Example: `{cmd}" in DOC
