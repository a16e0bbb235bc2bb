"""The typer application that command modules register on."""

import typer

app = typer.Typer(
    name="dateline",
    help="Turn a pile of news articles into a deduplicated, dated, source-cited timeline.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
eval_app = typer.Typer(help="Score dateline on benchmarks and check the pinned floors.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
