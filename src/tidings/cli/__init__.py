"""The ``tidings`` command: thin Typer commands over the library, one module per command group."""

from __future__ import annotations

import typer

from tidings.cli import analyze as _analyze

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


def _register_optional() -> None:
    """Command groups of later stages register themselves here when their module is present."""
    import importlib

    for module, attr, name in (
        ("tidings.cli.watchlist", "app", "watchlist"),
        ("tidings.cli.watchlist", "screen_cli", None),
    ):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as e:
            if e.name == module:
                continue
            raise
        obj = getattr(mod, attr, None)
        if obj is None:
            continue
        if name:
            app.add_typer(obj, name=name)
        else:
            app.command(attr.removesuffix("_cli"))(obj)


_register_optional()


def main() -> None:
    app()
