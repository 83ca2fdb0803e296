"""``tidings watchlist import|update|info`` and ``tidings screen NAME``: thin commands over tidings.watchlist."""

from __future__ import annotations

import json
import sys
import time
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from tidings.cli.output import console, print_error
from tidings.exc import TidingsError

if TYPE_CHECKING:  # tidings.watchlist loads followthemoney: the commands import it when run
    from tidings.model import WatchlistHit
    from tidings.watchlist.record import ListReport

app = typer.Typer(
    name="watchlist",
    help="Sanctions lists: import the OFAC SDN and UN Security Council files into the local index.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
_err = console(stderr=True)


class Format(StrEnum):
    json = "json"
    text = "text"


class Kind(StrEnum):
    person = "person"
    org = "org"
    any = "any"


def _fail(e: TidingsError) -> typer.Exit:
    print_error(_err, e)
    return typer.Exit(2)


def _print_reports(reports: list[ListReport], seconds: float) -> None:
    from tidings.watchlist import index_path

    for r in reports:
        orphans = ", ".join(f"{n} {f}" for f, n in sorted(r.orphans.items()))
        schemas = ", ".join(f"{n} {s}" for s, n in sorted(r.by_schema.items()))
        line = f"{r.list}: {r.entries} entries ({schemas}), {r.names} names"
        if orphans:
            line += f"; dropped rows without an sdn.csv entry: {orphans}"
        _err.print(line, soft_wrap=True)
    _err.print(f"index {index_path()} written in {seconds:.1f} s")


@app.command("import")
def import_cli(
    paths: Annotated[
        list[str], typer.Argument(help="List files or folders (OFAC CSV set, UN consolidated.xml).")
    ],
) -> None:
    """Import list files; a list given again replaces its old version, other lists stay."""
    from tidings.watchlist import import_lists

    t = time.perf_counter()
    try:
        reports = import_lists(paths)
    except TidingsError as e:
        raise _fail(e) from None
    _print_reports(reports, time.perf_counter() - t)


@app.command("update")
def update_cli(
    url: Annotated[
        list[str] | None,
        typer.Option(
            "--url", help="Download these addresses instead of the official ones (repeatable)."
        ),
    ] = None,
) -> None:
    """Download the current official list files and import them."""
    from tidings.watchlist import update
    from tidings.watchlist.update import OFFICIAL_URLS

    t = time.perf_counter()
    try:
        reports = update(url or OFFICIAL_URLS)
    except TidingsError as e:
        raise _fail(e) from None
    _print_reports(reports, time.perf_counter() - t)


@app.command("info")
def info_cli() -> None:
    """Show which lists the index holds, from which files, with counts."""
    from tidings.watchlist import index_path, open_index

    try:
        idx = open_index()
    except TidingsError as e:
        raise _fail(e) from None
    if idx is None:
        _err.print(f"no watchlist index at {index_path()}; run: tidings watchlist import PATH...")
        raise typer.Exit(1)
    info = {"path": str(idx.path), "built_at": idx.meta.get("built_at"), "lists": idx.lists()}
    sys.stdout.write(json.dumps(info, indent=2) + "\n")


def screen_cli(
    name: Annotated[str, typer.Argument(help="The name to screen.")],
    country: Annotated[
        list[str] | None,
        typer.Option("--country", help="Country known for the party (name or ISO code)."),
    ] = None,
    birth_year: Annotated[
        int | None, typer.Option("--birth-year", help="Year of birth, if known.")
    ] = None,
    type: Annotated[Kind, typer.Option("--type", help="person, org or any.")] = Kind.any,
    threshold: Annotated[
        float | None,
        typer.Option("--threshold", help="Score at which a match is reported (default: 0.90)."),
    ] = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="json or text.")] = Format.text,
) -> None:
    """Screen one name against the sanctions lists and explain each hit."""
    from tidings.watchlist import DEFAULT_THRESHOLD, index_path, open_index, screen_name
    from tidings.watchlist.report import format_hits

    if threshold is None:
        threshold = DEFAULT_THRESHOLD
    try:
        if open_index() is None:
            _err.print(
                f"no watchlist index at {index_path()}; run: tidings watchlist import PATH..."
            )
            raise typer.Exit(1)
        hits: list[WatchlistHit] = screen_name(
            name,
            kind=type.value,
            countries=country or [],
            birth_year=birth_year,
            threshold=threshold,
        )
    except TidingsError as e:
        raise _fail(e) from None
    if format is Format.json:
        from tidings.model import _asdict

        sys.stdout.write(
            json.dumps([_asdict(h) for h in hits], ensure_ascii=False, indent=2) + "\n"
        )
    else:
        sys.stdout.write(
            "\n".join(format_hits(hits) or [f"no hit for {name!r} at threshold {threshold}"]) + "\n"
        )
