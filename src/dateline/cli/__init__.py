"""Command-line interface: thin commands over the library (see ``docs/cli.md``)."""

import importlib

from .app import app

# Each module registers its commands on ``app`` (or ``eval_app``) when imported.
COMMAND_MODULES = [
    "dateline.cli.core",
    "dateline.cli.extract",
    "dateline.cli.temporal",
    "dateline.cli.corpus",
    "dateline.cli.judged",
    "dateline.cli.maintenance",
    "dateline.cli.web",
    "dateline.cli.exchange",
    "dateline.cli.desk",
    "dateline.cli.quotes_eval",
    "dateline.cli.pages",
]

for _name in COMMAND_MODULES:
    importlib.import_module(_name)


def main() -> None:
    app()


__all__ = ["app", "main"]
