"""The ``tidings`` command: thin Typer commands over the library, one module per command group."""

from __future__ import annotations

from typing import Any

import typer

from tidings.cli import analyze as _analyze
from tidings.cli import corpus as _corpus
from tidings.cli import serve as _serve
from tidings.cli import watchlist as _watchlist
from tidings.cli._help import plain_help

app = typer.Typer(
    name="tidings",
    help="News intelligence: entities, quotes, claims, events, rhetoric and sanctions hits, with provenance.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("analyze")(_analyze.analyze_cli)


@app.callback()
def _root() -> None:
    """Tidings reads news articles and answers: who, said what, through which outlet, claiming which figures."""


app.add_typer(_watchlist.app, name="watchlist")
app.command("screen")(_watchlist.screen_cli)
_corpus.register(app)
app.command("serve")(_serve.serve_cli)


def command() -> Any:
    """The ``tidings`` command as click runs it, with the plain help of ``tidings.cli._help``."""
    return plain_help(typer.main.get_command(app))


def main() -> None:
    command()()
