"""Docs are tested: every command, setting and output contract appears in docs/."""

import re
from dataclasses import fields

import pytest
import typer.main
from conftest import REPO

from dateline.cli import app
from dateline.settings import Settings, markdown_table

# docs/cli.md holds the core commands and points to the stage pages for the rest
CLI_DOC = "\n".join(p.read_text() for p in sorted((REPO / "docs").glob("*.md")))


def _commands():
    root = typer.main.get_command(app)
    for name, cmd in root.commands.items():
        if hasattr(cmd, "commands"):
            for sub_name, sub in cmd.commands.items():
                yield f"{name} {sub_name}", sub
        else:
            yield name, cmd


COMMANDS = sorted(_commands(), key=lambda c: c[0])


@pytest.mark.parametrize("name,cmd", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_every_command_is_documented_with_an_example(name, cmd):
    assert re.search(rf"^##+ dateline {re.escape(name)}\s*$", CLI_DOC, re.M), f"no docs/*.md has '## dateline {name}'"
    assert "Example:" in (cmd.help or ""), f"the help of `dateline {name}` must end with an example"


def test_the_settings_page_holds_the_generated_table():
    doc = (REPO / "docs" / "settings.md").read_text()
    assert markdown_table() in doc, "regenerate the table: python -m dateline.settings"
    for f in fields(Settings):
        assert f"`{f.name}`" in doc and f.metadata["help"], f"docs/settings.md lacks {f.name}"


def test_readme_quick_start_is_the_two_make_commands():
    readme = (REPO / "README.md").read_text()
    block = re.search(r"## Quick start.*?```sh\n(.*?)```", readme, re.S).group(1)
    assert [line.split("#")[0].strip() for line in block.strip().splitlines()] == ["make demo", "make test"]


_REF = re.compile(r":(?:mod|func|class|data|meth|attr):`~?(?P<ref>[^`]+)`")


def _resolves(ref: str) -> bool:
    import importlib

    parts = ref.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        try:
            for name in parts[i:]:
                obj = getattr(obj, name)
        except AttributeError:
            return False
        return True
    return False


def test_docstrings_name_modules_and_functions_that_exist():
    """A docstring's :mod:/:func:/:class: reference to dateline resolves (relative ones from its own package)."""
    package = REPO / "src"
    stale = []
    for path in sorted((package / "dateline").rglob("*.py")):
        module = ".".join(path.relative_to(package).with_suffix("").parts)
        home = module.removesuffix(".__init__") if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        for m in _REF.finditer(path.read_text(encoding="utf-8")):
            ref = m["ref"]
            if ref.startswith("."):
                up = len(ref) - len(ref.lstrip("."))
                base = home.split(".")
                ref = ".".join(base[:len(base) - up + 1] + [ref.lstrip(".")])
            elif not ref.startswith("dateline"):
                continue
            if not _resolves(ref):
                stale.append(f"{path.relative_to(REPO)}: {m['ref']}")
    assert not stale, "docstrings name what is gone: " + "; ".join(stale)
