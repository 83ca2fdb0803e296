"""``tidings watchlist import|update|info`` and ``tidings screen NAME``: thin commands over tidings.watchlist."""

from __future__ import annotations

import csv
import json
import sys
import time
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tidings.cli.output import console, print_error
from tidings.exc import TidingsError

if TYPE_CHECKING:  # the commands import the watchlist modules when run
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
def info_cli(
    format: Annotated[Format, typer.Option("--format", "-f", help="text or json.")] = Format.text,
) -> None:
    """Show which lists the index holds, from which files, with counts."""
    from tidings.watchlist import index_path, open_index
    from tidings.watchlist.record import LIST_TITLES

    try:
        idx = open_index()
    except TidingsError as e:
        raise _fail(e) from None
    if idx is None:
        _err.print(f"no watchlist index at {index_path()}; run: tidings watchlist import PATH...")
        raise typer.Exit(1)
    lists = idx.lists()
    if format is Format.json:
        info = {"path": str(idx.path), "built_at": idx.meta.get("built_at"), "lists": lists}
        sys.stdout.write(json.dumps(info, indent=2) + "\n")
        return
    from rich.table import Table

    table = Table(title=f"Watchlist index {idx.path} (built {idx.meta.get('built_at')})")
    for col in ("list", "snapshot", "entries", "by kind", "names", "files", "rows dropped"):
        table.add_column(col, overflow="fold")
    for r in lists:
        table.add_row(
            LIST_TITLES.get(r["list"], r["list"]) + f" ({r['list']})",
            (r.get("generated") or "-")[:10],
            str(r["entries"]),
            ", ".join(f"{n} {k}" for k, n in sorted(r["by_schema"].items())),
            str(r["names"]),
            "\n".join(r["files"]),
            ", ".join(f"{n} {f}" for f, n in sorted(r["orphans"].items())) or "-",
        )
    console().print(table)


class BatchFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"


_BATCH_COLUMNS = (
    *("line", "name", "country", "birth_year", "error", "hits"),
    *("list", "list_id", "listed_name", "programs", "score"),
)


def _batch_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, row) per party of a names file: a name a line, or CSV with a ``name`` column
    (and optional ``country``, ``birth_year``); blank lines and ``#`` comments are skipped."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        first = f.readline()
        header = [h.strip().lower().replace(" ", "_") for h in next(csv.reader([first]), [])]
        if "name" in header:
            for n, row in enumerate(csv.reader(f), 2):
                if row and any(c.strip() for c in row):
                    yield n, {k: v.strip() for k, v in zip(header, row, strict=False)}
            return
        for n, line in enumerate([first, *f], 1):
            text = line.strip()
            if text and not text.startswith("#"):
                yield n, {"name": text}


def _screen_file(
    path: Path, out_format: BatchFormat, output: Path | None, kind: str, threshold: float
) -> int:
    """Screen every party of a file; one line of error per bad row (the batch goes on); exit code 1 if any."""
    from tidings.watchlist import screen_name

    out = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    writer = csv.DictWriter(out, _BATCH_COLUMNS) if out_format is BatchFormat.csv else None
    if writer:
        writer.writeheader()
    bad = 0
    try:
        for line, row in _batch_rows(path):
            name, country = row.get("name", ""), row.get("country", "")
            year_text = row.get("birth_year", "")
            base = {"line": line, "name": name, "country": country, "birth_year": year_text}
            error = ""
            hits: list[WatchlistHit] = []
            if not name:
                error = "no name in this row"
            elif year_text and not (year_text.isdigit() and len(year_text) == 4):
                error = f"birth year {year_text!r} is not a year"
            else:
                hits = screen_name(
                    name,
                    kind=kind,
                    countries=[country] if country else [],
                    birth_year=int(year_text) if year_text else None,
                    threshold=threshold,
                )
            if error:
                bad += 1
                print_error(_err, f"{path}:{line}: {error}")
            found: list[dict[str, Any]] = [
                {
                    "list": h.list,
                    "list_id": h.list_id,
                    "listed_name": h.listed_name,
                    "programs": h.programs,
                    "score": h.score,
                }
                for h in hits
            ]
            if writer:
                for hit in found or [{}]:
                    programs = hit.get("programs") or []
                    writer.writerow(
                        {
                            **base,
                            "error": error,
                            "hits": len(found),
                            **hit,
                            "programs": ";".join(programs),
                        }
                    )
            else:
                rec = {**base, "hits": found, **({"error": error} if error else {})}
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    finally:
        if output:
            out.close()
    return 1 if bad else 0


def screen_cli(
    name: Annotated[str | None, typer.Argument(help="The name to screen.")] = None,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            help="Screen every party of this file: a name a line, or CSV with columns name, "
            "country, birth_year. Writes JSON Lines (or CSV with --format csv).",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the batch results here.")
    ] = None,
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
    format: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help="text or json for one name; jsonl (default) or csv for --file."
        ),
    ] = None,
) -> None:
    """Screen one name, or a file of names, against the sanctions lists and explain each hit."""
    from tidings.watchlist import DEFAULT_THRESHOLD, index_path, open_index, screen_name
    from tidings.watchlist.report import format_hits

    if threshold is None:
        threshold = DEFAULT_THRESHOLD
    if (name is None) == (file is None):
        print_error(_err, "give a NAME or --file PATH (one of them)")
        raise typer.Exit(2)
    allowed = ("jsonl", "csv") if file else ("text", "json")
    fmt = format or allowed[0]
    if fmt not in allowed:
        print_error(_err, f"--format must be {' or '.join(allowed)}")
        raise typer.Exit(2)
    try:
        if open_index() is None:
            _err.print(
                f"no watchlist index at {index_path()}; run: tidings watchlist import PATH..."
            )
            raise typer.Exit(1)
        if file is not None:
            if not file.is_file():
                print_error(_err, f"{file}: no such file")
                raise typer.Exit(2)
            raise typer.Exit(_screen_file(file, BatchFormat(fmt), output, type.value, threshold))
        hits: list[WatchlistHit] = screen_name(
            name or "",
            kind=type.value,
            countries=country or [],
            birth_year=birth_year,
            threshold=threshold,
        )
    except TidingsError as e:
        raise _fail(e) from None
    if fmt == "json":
        from tidings.model import _asdict

        sys.stdout.write(
            json.dumps([_asdict(h) for h in hits], ensure_ascii=False, indent=2) + "\n"
        )
    else:
        sys.stdout.write(
            "\n".join(format_hits(hits) or [f"no hit for {name!r} at threshold {threshold}"]) + "\n"
        )
