"""Corpus commands: ``ingest``, ``errors``, ``search``, ``entity``, ``export``, ``reanalyze``.

Thin Typer wrappers over ``tidings.sources.run`` and ``tidings.store``; register them on the root
app with ``corpus.register(app)``. Every command takes ``--db URL`` (default: the
``TIDINGS_DATABASE_URL`` setting, else SQLite in the data directory) and prints a one-line
error, never a traceback, when the store or an option is unusable.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from tidings.exc import TidingsError
from tidings.pipeline import Options
from tidings.store import Store, export_jsonl
from tidings.store.types import Dossier, SearchHit


class Format(StrEnum):
    text = "text"
    json = "json"


class ExportFormat(StrEnum):
    jsonl = "jsonl"


Db = Annotated[
    str | None,
    typer.Option(
        "--db", help="Database URL (default: TIDINGS_DATABASE_URL or SQLite in the data dir)."
    ),
]
Fmt = Annotated[Format, typer.Option("--format", "-f", help="text (tables) or json.")]

err = Console(stderr=True, highlight=False)


@contextmanager
def _store(db: str | None) -> Iterator[Store]:
    try:
        store = Store.open(db)
    except TidingsError as e:
        err.print(f"[red]error[/red] {e}", markup=True)
        raise typer.Exit(2) from None
    try:
        yield store
    except TidingsError as e:
        err.print(f"[red]error[/red] {e}", markup=True)
        raise typer.Exit(2) from None
    finally:
        store.close()


def _print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


# --- ingest ----------------------------------------------------------------------------------


def ingest_cli(
    sources: Annotated[
        list[str],
        typer.Argument(
            help="Directories, files, URLs, URL lists, feeds (.rss/.xml), .opml, .warc(.gz)."
        ),
    ],
    workers: Annotated[
        int, typer.Option("--workers", "-w", min=1, help="Analyse in N processes.")
    ] = 1,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Articles per transaction.")
    ] = 32,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, help="Seconds per HTTP request.")
    ] = 20.0,
    retries: Annotated[
        int, typer.Option("--retries", min=0, help="Extra attempts for a failing URL.")
    ] = 2,
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private", help="Allow fetching private, loopback and link-local addresses."
        ),
    ] = False,
    no_watchlist: Annotated[
        bool, typer.Option("--no-watchlist", help="Skip sanctions screening.")
    ] = False,
    db: Db = None,
) -> None:
    """Fetch, analyse and store articles; failures are recorded (see `tidings errors`) and skipped.

    Run it again after an interruption: stored articles and already-fetched URLs are skipped.
    """
    from tidings.sources.fetch import FetchOptions
    from tidings.sources.run import IngestStats, ingest

    fetch = FetchOptions(timeout=timeout, retries=retries, allow_private=allow_private)
    options = Options(watchlist=not no_watchlist)
    with (
        _store(db) as store,
        Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=err,
            transient=False,
        ) as bar,
    ):
        task = bar.add_task("starting", total=None)

        def show(s: IngestStats) -> None:
            bar.update(
                task,
                description=(
                    f"stored {s.stored} · duplicates {s.duplicates} · skipped {s.skipped} · "
                    f"errors {s.errors} · {s.rate:.1f} articles/s"
                ),
            )

        try:
            stats = ingest(
                sources,
                store,
                workers=workers,
                batch_size=batch_size,
                fetch=fetch,
                options=options,
                progress=show,
            )
        except KeyboardInterrupt:
            err.print("interrupted: run the same command again to resume")
            raise typer.Exit(130) from None
        show(stats)
    if stats.errors:
        err.print(f"{stats.errors} inputs failed: see `tidings errors`")


# --- errors ----------------------------------------------------------------------------------


def errors_cli(
    limit: Annotated[int, typer.Option("--limit", "-n", min=1)] = 100,
    format: Fmt = Format.text,
    db: Db = None,
) -> None:
    """List inputs that failed, with the reason (a source that later succeeds drops off)."""
    with _store(db) as store:
        records = store.errors(limit=limit)
    if format is Format.json:
        _print_json([r.to_dict() for r in records])
        return
    if not records:
        err.print("no errors recorded")
        return
    table = Table("last seen", "stage", "source", "reason", "tries")
    for r in records:
        table.add_row(r.last_at, r.stage, Text(r.source), Text(r.reason), str(r.attempts))
    Console().print(table)


# --- search ----------------------------------------------------------------------------------


def search_cli(
    query: Annotated[
        str, typer.Argument(help='Words, "a phrase", OR, -excluded; "" lists articles.')
    ],
    entity: Annotated[
        str | None, typer.Option("--entity", help="Only articles naming this entity.")
    ] = None,
    outlet: Annotated[str | None, typer.Option("--outlet", help="Only this outlet.")] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Published on or after (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Published on or before (YYYY-MM-DD).")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1)] = 20,
    offset: Annotated[int, typer.Option("--offset", min=0)] = 0,
    format: Fmt = Format.text,
    db: Db = None,
) -> None:
    """Full-text search over stored articles, best match first."""
    with _store(db) as store:
        hits = store.search(
            query,
            entity=entity,
            outlet=outlet,
            since=since,
            until=until,
            limit=limit,
            offset=offset,
        )
    if format is Format.json:
        _print_json([h.to_dict() for h in hits])
        return
    if not hits:
        err.print("no matching articles")
        return
    out = Console()
    for h in hits:
        out.print(_hit_text(h))


def _hit_text(h: SearchHit) -> Text:
    head = Text()
    head.append(h.published or "undated", style="dim")
    head.append("  ")
    head.append(h.outlet or "?", style="cyan")
    head.append("  ")
    head.append(h.title or "(untitled)", style="bold")
    head.append(f"  [{h.id}]", style="dim")
    snippet = Text(h.snippet)
    for start, end in h.highlights:
        snippet.stylize("bold yellow", start, end)
    return Text.assemble(head, "\n  ", snippet, "\n")


# --- entity ----------------------------------------------------------------------------------


def entity_cli(
    name: Annotated[str, typer.Argument(help="A name, alias or spelling, or an entity id.")],
    type: Annotated[
        str | None, typer.Option("--type", help="PERSON, ORG, GPE, LOC or NORP.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Rows per section.")] = 50,
    format: Fmt = Format.text,
    db: Db = None,
) -> None:
    """Dossier of an entity: spellings, descriptors, timeline, quotes, claims, watchlist hits."""
    with _store(db) as store:
        dossier = store.entity_dossier(name, type=type, limit=limit)
    if format is Format.json:
        _print_json(dossier.to_dict())
        return
    print_dossier(dossier, Console())


def print_dossier(d: Dossier, out: Console) -> None:
    """The dossier as a readable report (every value is printed as text, never as markup)."""
    out.print(
        Text.assemble((d.name, "bold"), f"  {d.type}  ", (f"{len(d.timeline)} articles", "dim"))
    )
    if d.other_types:
        others = ", ".join(f"{c.value} ({c.count})" for c in d.other_types)
        out.print(Text(f"also matches: {others}; use --type to see them", style="dim"))

    def counts(label: str, items: list[Any]) -> None:
        if items:
            out.print(
                Text(f"{label}: ", style="bold")
                + Text(", ".join(f"{c.value} ({c.count})" for c in items))
            )

    counts("names", d.names)
    counts("descriptors", d.descriptors)
    counts("countries", d.countries)
    if d.timeline:
        t = Table("published", "outlet", "title", "mentions", title="timeline")
        for e in d.timeline:
            t.add_row(
                e.published or "",
                Text(e.outlet or ""),
                Text(e.title or e.article_id),
                str(e.mentions),
            )
        out.print(t)
    for label, quotes in (("quotes by", d.quotes_by), ("quotes about", d.quotes_about)):
        if quotes:
            t = Table("published", "speaker", "quote", title=label)
            for q in quotes:
                t.add_row(q.published or "", Text(q.speaker or "?"), Text(q.text))
            out.print(t)
    for label, claims in (("claims by", d.claims_by), ("claims about", d.claims_about)):
        if claims:
            t = Table("published", "figure", "about", "source", title=label)
            for c in claims:
                t.add_row(
                    c.published or "", Text(c.figure), Text(c.about or ""), Text(c.source or "")
                )
            out.print(t)
    if d.watchlist:
        t = Table("list", "listed name", "score", "why", title="watchlist hits")
        for w in d.watchlist:
            why = "; ".join(str(f.get("detail", "")) for f in w.explanation)
            t.add_row(Text(w.list), Text(w.listed_name), f"{w.score:.2f}", Text(why))
        out.print(t)
    if d.co_mentioned:
        out.print(
            Text("co-mentioned: ", style="bold")
            + Text(", ".join(f"{c.name} ({c.articles})" for c in d.co_mentioned))
        )


# --- export, reanalyze -----------------------------------------------------------------------


def export_cli(
    format: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="jsonl: one analysis per line.")
    ] = ExportFormat.jsonl,
    output: Annotated[
        str, typer.Option("--output", "-o", help="File to write, - for stdout.")
    ] = "-",
    db: Db = None,
) -> None:
    """Export every stored analysis."""
    with _store(db) as store:
        if output == "-":
            n = export_jsonl(store, sys.stdout)
        else:
            try:
                with open(output, "w", encoding="utf-8") as f:
                    n = export_jsonl(store, f)
            except OSError as e:
                err.print(f"[red]error[/red] cannot write {output}: {e.strerror or e}", markup=True)
                raise typer.Exit(2) from None
    err.print(f"exported {n} articles")


def reanalyze_cli(
    workers: Annotated[int, typer.Option("--workers", "-w", min=1)] = 1,
    all_: Annotated[
        bool, typer.Option("--all", help="Every article, not only those from older versions.")
    ] = False,
    db: Db = None,
) -> None:
    """Analyse again the articles stored by an older pipeline version and replace their facts."""
    from tidings.sources.run import reanalyze

    with _store(db) as store:
        stats = reanalyze(store, workers=workers, everything=all_)
    err.print(f"re-analysed {stats.stored} articles, {stats.errors} failed")


def register(app: typer.Typer) -> None:
    """Add the corpus commands to the root ``tidings`` app."""
    app.command("ingest")(ingest_cli)
    app.command("errors")(errors_cli)
    app.command("search")(search_cli)
    app.command("entity")(entity_cli)
    app.command("export")(export_cli)
    app.command("reanalyze")(reanalyze_cli)


#: A standalone app (``python -m tidings.cli.corpus``), used by tests and before registration.
app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
register(app)

if __name__ == "__main__":
    app()
