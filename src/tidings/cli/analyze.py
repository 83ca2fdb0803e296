"""``tidings analyze PATH...``: analyse files, directories or stdin and print JSON, JSON Lines or a report."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from tidings.cli.output import console, print_error
from tidings.exc import InputError, TidingsError

if TYPE_CHECKING:
    from tidings.model import Article


class Format(StrEnum):
    json = "json"
    jsonl = "jsonl"
    text = "text"


def check_date(value: str | None) -> str | None:
    """Typer callback: ``--published`` must be an ISO date (YYYY-MM-DD)."""
    if value:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise typer.BadParameter("expected YYYY-MM-DD") from None
    return value


#: ``--published DATE``, checked by ``check_date``; it fills only what an input lacks
Published = Annotated[
    str | None,
    typer.Option(
        "--published",
        metavar="DATE",
        callback=check_date,
        help="Publication date (YYYY-MM-DD) for inputs that carry none.",
    ),
]


def analyze_cli(
    paths: Annotated[
        list[str], typer.Argument(help="Text or HTML files, directories, or - for stdin.")
    ],
    format: Annotated[
        Format,
        typer.Option(
            "--format", "-f", help="json (one document or a list), jsonl, or text (a report)."
        ),
    ] = Format.json,
    workers: Annotated[
        int, typer.Option("--workers", "-w", min=1, help="Analyse in N processes.")
    ] = 1,
    no_rhetoric: Annotated[
        bool, typer.Option("--no-rhetoric", help="Skip propaganda-technique tagging.")
    ] = False,
    no_watchlist: Annotated[
        bool, typer.Option("--no-watchlist", help="Skip sanctions screening.")
    ] = False,
    threshold: Annotated[
        float | None, typer.Option("--threshold", help="Watchlist score threshold.")
    ] = None,
    published: Published = None,
    outlet: Annotated[
        str | None, typer.Option("--outlet", help="Outlet name for inputs that carry none.")
    ] = None,
) -> None:
    """Analyse news articles: entities, quotes, claims (and watchlist hits), each with its offsets."""
    from tidings import ingest
    from tidings.pipeline import Options, analyze_many

    err = console(stderr=True)
    failures = 0
    successes = 0

    def articles() -> Iterator[Article]:
        nonlocal failures
        for item in ingest.iter_sources(paths):
            if isinstance(item, InputError):
                failures += 1
                print_error(err, item)
                continue
            if published and not item.published:
                item.published = published
            if outlet and not item.outlet:
                item.outlet = outlet
            yield item

    options = Options(
        watchlist=not no_watchlist, rhetoric=not no_rhetoric, watchlist_threshold=threshold
    )
    out = sys.stdout
    docs = []
    try:
        for analysis in analyze_many(articles(), workers=workers, options=options):
            successes += 1
            for notice in analysis.notices:
                err.print(
                    f"notice {analysis.source or analysis.id}: {notice}",
                    markup=False,
                    highlight=False,
                    soft_wrap=True,
                )
            if format is Format.jsonl:
                out.write(json.dumps(analysis.to_dict(), ensure_ascii=False) + "\n")
            elif format is Format.json:
                docs.append(analysis.to_dict())
            else:
                from tidings.report import print_report

                print_report(analysis)
    except TidingsError as e:
        print_error(err, e)
        raise typer.Exit(2) from None
    if format is Format.json and docs:
        payload = docs[0] if len(docs) == 1 else docs
        out.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    if successes == 0:
        if failures == 0:
            print_error(err, "no input given")
        raise typer.Exit(1)
