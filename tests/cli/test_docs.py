"""docs/ names every option of every command, and the shared output options are documented once."""

import typer.main
from conftest import REPO

from dateline.cli import app

DOCS = "\n".join(p.read_text() for p in sorted((REPO / "docs").glob("*.md")))
CLI_DOC = (REPO / "docs" / "cli.md").read_text()


def _commands():
    root = typer.main.get_command(app)
    for name, cmd in root.commands.items():
        for sub_name, sub in getattr(cmd, "commands", {name: cmd}).items():
            yield (name if sub is cmd else f"{name} {sub_name}"), sub


def test_every_option_is_documented():
    missing = [f"dateline {name} {opt}" for name, cmd in _commands() for param in cmd.params
               for opt in param.opts if opt.startswith("--") and f"`{opt}" not in DOCS and f"{opt} " not in DOCS
               and f"[{opt}" not in DOCS]
    assert not missing, f"not in docs/: {missing}"


def test_output_options_and_safety_are_described():
    for heading in ("## Output options", "### Tables that fit the terminal", "### Output safety"):
        assert heading in CLI_DOC
    for term in ("`--format`", "`-o FILE`", "`--wide`", "javascript:", "OWASP", "`[/caption]`"):
        assert term in CLI_DOC, term
