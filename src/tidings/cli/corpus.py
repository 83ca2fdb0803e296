"""Corpus commands: ``ingest``, ``errors``, ``search``, ``entity ...``, ``resolve``, ``stories``, ``story``, ``export``, ``reanalyze``.

Thin Typer wrappers over ``tidings.sources.run`` and ``tidings.store``; register them on the root
app with ``corpus.register(app)``. Every command takes ``--db URL`` (default: the
``TIDINGS_DATABASE_URL`` setting, else SQLite in the data directory) and prints a one-line
error, never a traceback, when the store or an option is unusable.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Column, Table
from rich.text import Text

from tidings.cli._help import Group
from tidings.cli.analyze import Published
from tidings.cli.output import console, print_error
from tidings.exc import TidingsError
from tidings.report import plural

if TYPE_CHECKING:  # the store and the pipeline are imported by the commands that use them
    from rich.console import Console
    from rich.progress import Progress

    from tidings.store import Store
    from tidings.store.types import Dossier, SearchHit


class Format(StrEnum):
    text = "text"
    json = "json"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    ftm = "ftm"


Db = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="URL",
        help="Database URL (default: TIDINGS_DATABASE_URL or SQLite in the data dir).",
    ),
]
Fmt = Annotated[Format, typer.Option("--format", "-f", help="text (tables) or json.")]

err = console(stderr=True)


@contextmanager
def _store(db: str | None) -> Iterator[Store]:
    from tidings.store import Store

    try:
        store = Store.open(db)
    except TidingsError as e:
        print_error(err, e)
        raise typer.Exit(2) from None
    from sqlalchemy.exc import SQLAlchemyError

    from tidings.store.base import store_reason

    try:
        yield store
    except TidingsError as e:
        print_error(err, e)
        raise typer.Exit(2) from None
    except SQLAlchemyError as e:  # a store broken after it was opened: one line, no traceback
        print_error(err, f"the store at {store.where} failed: {store_reason(e)}")
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
        int,
        typer.Option(
            "--workers",
            "-w",
            min=1,
            help="Analyse on a local Dask cluster of N worker processes (1: in this process).",
        ),
    ] = 1,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="ADDRESS",
            help="Analyse on the Dask cluster at this scheduler address (tcp://host:8786).",
        ),
    ] = None,
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
    no_rhetoric: Annotated[
        bool, typer.Option("--no-rhetoric", help="Skip propaganda-technique tagging.")
    ] = False,
    outlet: Annotated[
        str | None,
        typer.Option("--outlet", help="Outlet name for articles whose source gives none."),
    ] = None,
    published: Published = None,
    no_resolve: Annotated[
        bool,
        typer.Option(
            "--no-resolve", help="Do not link entities and stories afterwards (`tidings resolve`)."
        ),
    ] = False,
    db: Db = None,
) -> None:
    """Fetch, analyse and store articles; failures are recorded (see `tidings errors`) and skipped.

    Run it again after an interruption: stored articles and already-fetched URLs are skipped.
    The summary counts every input once (stored, duplicate, skipped, error); the exit status is
    0 when none failed, 1 when some did, 2 when the store or an option is unusable.
    With --workers N (N > 1) or --scheduler the analysis runs on Dask workers and this
    process fetches and writes. Afterwards entities and stories are re-resolved.
    """
    from contextlib import nullcontext

    from tidings.pipeline import Options
    from tidings.scale.workers import cluster
    from tidings.sources import Hints, count
    from tidings.sources.fetch import FetchOptions
    from tidings.sources.run import IngestStats, ingest

    fetch = FetchOptions(timeout=timeout, retries=retries, allow_private=allow_private)
    options = Options(watchlist=not no_watchlist, rhetoric=not no_rhetoric)
    defaults = Hints(outlet=outlet, published=published) if outlet or published else None
    counts = [count(s) for s in sources]
    total = None if None in counts else sum(c or 0 for c in counts)
    on_cluster = bool(scheduler) or workers > 1
    with (
        _store(db) as store,
        cluster(scheduler=scheduler, workers=workers) if on_cluster else nullcontext() as client,
        _progress(total) as bar,
    ):
        task = bar.add_task("loading models", total=total)
        if client is None:  # load them here, before the clock of the run starts
            from tidings.pipeline import Pipeline

            Pipeline(options=options)
            bar.update(task, description="ingesting")

        def show(s: IngestStats) -> None:
            done = s.analysed + s.duplicates + s.skipped + s.errors
            bar.update(
                task,
                completed=done,
                total=None if total is None else max(total, done),
                description=" · ".join(
                    [
                        "loading models" if client is not None and not done else "ingesting",
                        s.summary(),
                        f"{s.analysed / max(s.elapsed, 1e-9):.1f} articles/s",
                    ]
                ),
            )

        try:
            stats = ingest(
                sources,
                store,
                batch_size=batch_size,
                fetch=fetch,
                options=options,
                progress=show,
                client=client,
                defaults=defaults,
            )
        except KeyboardInterrupt:
            err.print("interrupted: run the same command again to resume")
            raise typer.Exit(130) from None
        show(stats)
        if stats.stored and not no_resolve:
            from tidings.resolve import resolve_entities
            from tidings.resolve.stories import build_stories

            bar.update(task, description="linking entities and stories")
            linked = resolve_entities(store)
            told = build_stories(store)
            show(stats)
            err.print(
                f"linked {plural(linked.rows, 'article entity', 'article entities')} into "
                f"{plural(linked.canonical, 'entity', 'entities')}; "
                f"{plural(told.multi, 'story', 'stories')} with 2+ articles"
            )
            _warn_embeddings(told.embeddings)
    if stats.errors:
        err.print(f"{plural(stats.errors, 'input')} failed: see `tidings errors`")
        raise typer.Exit(1)


def _progress(total: int | None) -> Progress:
    """The ingest progress line: a bar with done/total and the time left when the total is known."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns: list[Any] = [SpinnerColumn()]
    if total is not None:
        columns += [BarColumn(bar_width=20), MofNCompleteColumn()]
    columns += [TextColumn("{task.description}", markup=False), TimeElapsedColumn()]
    if total is not None:
        columns += [TextColumn("left"), TimeRemainingColumn()]
    return Progress(*columns, console=err, transient=False)


def _warn_embeddings(status: str) -> None:
    """Stories built without the sentence-embedding model join near-duplicates only: say so
    loudly, with the command that installs the model."""
    if status != "used":
        print_error(
            err,
            f"stories were grouped without sentence embeddings, from near-duplicates only: {status}",
            label="warning",
            style="yellow",
        )


# --- errors ----------------------------------------------------------------------------------


def errors_cli(
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, help="Show at most N failures, newest first.")
    ] = 100,
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
    console().print(table)


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
        str | None,
        typer.Option("--since", metavar="DATE", help="Published on or after (YYYY-MM-DD)."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", metavar="DATE", help="Published on or before (YYYY-MM-DD)."),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, help="Show at most N articles.")
    ] = 20,
    offset: Annotated[
        int, typer.Option("--offset", min=0, help="Skip the first N (the next page).")
    ] = 0,
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
    out = console()
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


class _DefaultShow(Group):
    """``tidings entity NAME`` means ``tidings entity show NAME``: an unknown first word is a name."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["show", *args]
        return super().parse_args(ctx, args)


entity_app = typer.Typer(
    cls=_DefaultShow,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    help="Entities across articles: dossiers (`tidings entity NAME`), merges, splits, judgements.",
)


def _user(user: str | None) -> str:
    if user:
        return user
    try:
        return os.environ.get("TIDINGS_USER") or getpass.getuser()
    except (KeyError, OSError):
        return "user"


User = Annotated[
    str | None,
    typer.Option("--user", help="Who decides (default: TIDINGS_USER or the login name)."),
]
TypeOpt = Annotated[str | None, typer.Option("--type", help="PERSON, ORG, GPE, LOC or NORP.")]


@entity_app.command("show")
def entity_cli(
    name: Annotated[
        str, typer.Argument(help="A name, alias or spelling, an entity id or a canonical id.")
    ],
    type: TypeOpt = None,
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
    print_dossier(dossier, console())


@entity_app.command("merge")
def entity_merge_cli(
    a: Annotated[str, typer.Argument(help="One entity: canonical id, article/entity ref or name.")],
    b: Annotated[str, typer.Argument(help="The entity it is the same as.")],
    type: TypeOpt = None,
    user: User = None,
    db: Db = None,
) -> None:
    """Record that A and B are one entity (a user judgement the resolver never overrides)."""
    from tidings.resolve import merge

    with _store(db) as store:
        cid = merge(store, a, b, user=_user(user), type=type)
    err.print(f"merged into {cid}")


@entity_app.command("split")
def entity_split_cli(
    entity: Annotated[str, typer.Argument(help="The entity to split: canonical id or name.")],
    names: Annotated[
        list[str],
        typer.Argument(
            help="Spellings (or article/entity refs) to move into an entity of their own."
        ),
    ],
    type: TypeOpt = None,
    user: User = None,
    db: Db = None,
) -> None:
    """Take the rows with these spellings out of ENTITY (negative user judgements)."""
    from tidings.resolve import split

    with _store(db) as store:
        moved = split(store, entity, names, user=_user(user), type=type)
    err.print(f"moved {plural(len(moved), 'row')} out")


@entity_app.command("judgements")
def entity_judgements_cli(
    entity: Annotated[
        str | None, typer.Argument(help="Only judgements about this entity's rows.")
    ] = None,
    judgement: Annotated[
        str | None, typer.Option("--judgement", help="positive, negative or unsure.")
    ] = None,
    users_only: Annotated[bool, typer.Option("--users", help="Only user decisions.")] = False,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, help="Show at most N judgements.")
    ] = 100,
    format: Fmt = Format.text,
    db: Db = None,
) -> None:
    """Merge decisions with who made them, when, the score and why (newest first)."""
    from tidings.resolve import judgements

    with _store(db) as store:
        rows = judgements(
            store, entity=entity, judgement=judgement, users_only=users_only, limit=limit
        )
    if format is Format.json:
        _print_json([r.to_dict() for r in rows])
        return
    if not rows:
        err.print("no judgements (run `tidings resolve`)")
        return
    table = Table("id", "left", "right", "judgement", "score", "by", "why")
    for r in rows:
        table.add_row(
            str(r.id),
            Text(r.left),
            Text(r.right),
            r.judgement,
            "" if r.score is None else f"{r.score:.2f}",
            Text(r.user or "resolver"),
            Text("; ".join(r.reasons)),
        )
    console().print(table)


@entity_app.command("forget")
def entity_forget_cli(
    judgement_id: Annotated[int, typer.Argument(help="Id of a user judgement (see judgements).")],
    db: Db = None,
) -> None:
    """Delete a user judgement (undo a merge or split) and re-resolve."""
    from tidings.resolve import forget

    with _store(db) as store:
        forget(store, judgement_id)
    err.print(f"forgot judgement {judgement_id}")


def resolve_cli(
    no_stories: Annotated[
        bool, typer.Option("--no-stories", help="Only entities, not story clusters.")
    ] = False,
    format: Fmt = Format.text,
    db: Db = None,
) -> None:
    """Link entities across articles (keeping user judgements) and group articles into stories."""
    from tidings.resolve import resolve_entities

    out: dict[str, Any] = {}
    with _store(db) as store:
        out["entities"] = resolve_entities(store).to_dict()
        if not no_stories:
            from tidings.resolve.stories import build_stories

            out["stories"] = build_stories(store).to_dict()
            _warn_embeddings(out["stories"]["embeddings"])
    if format is Format.json:
        _print_json(out)
        return
    e = out["entities"]
    err.print(
        f"entities: {plural(e['rows'], 'row')} -> {e['canonical']} canonical "
        f"({e['merged']} merged across spellings or articles); "
        f"{plural(e['judgements'], 'judgement')}"
    )
    if "stories" in out:
        st = out["stories"]
        err.print(
            f"stories: {plural(st['articles'], 'article')} -> "
            f"{plural(st['stories'], 'story', 'stories')} ({st['multi']} with 2+)"
        )


def print_dossier(d: Dossier, out: Console) -> None:
    """The dossier as a readable report (every value is printed as text, never as markup)."""
    out.print(
        Text.assemble(
            (d.name, "bold"), f"  {d.type}  ", (plural(len(d.timeline), "article"), "dim")
        )
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

    if d.canonical_id:
        out.print(Text(f"canonical id: {d.canonical_id}", style="dim"))
    if d.alternatives:
        alts = ", ".join(f"{c.value} ({c.count})" for c in d.alternatives)
        out.print(Text(f"also matches: {alts}; pass an id to see one", style="dim"))
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


# --- stories ---------------------------------------------------------------------------------


def stories_cli(
    min_articles: Annotated[
        int, typer.Option("--min-articles", min=1, help="Only stories with this many articles.")
    ] = 2,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, help="Show at most N stories.")
    ] = 50,
    offset: Annotated[
        int, typer.Option("--offset", min=0, help="Skip the first N (the next page).")
    ] = 0,
    format: Fmt = Format.text,
    db: Db = None,
) -> None:
    """List stories (articles grouped by event), biggest first; build them with `tidings resolve`."""
    from tidings.resolve.stories import list_stories

    with _store(db) as store:
        found = list_stories(store, min_articles=min_articles, limit=limit, offset=offset)
    if format is Format.json:
        _print_json([s.to_dict() for s in found])
        return
    if not found:
        err.print("no stories (run `tidings resolve` after ingesting)")
        return
    table = Table("articles", "dates", "outlets", "first title")
    table.columns.insert(0, Column("story", no_wrap=True, min_width=15))  # ids are never cut
    for s in found:
        dates = s.first or "" if s.first == s.last else f"{s.first or '?'} .. {s.last or '?'}"
        table.add_row(s.id, str(s.articles), dates, Text(", ".join(s.outlets)), Text(s.label or ""))
    console().print(table)


def story_cli(
    story: Annotated[
        str, typer.Argument(help="A story id (see `tidings stories`) or an article id.")
    ],
    format: Fmt = Format.text,
    db: Db = None,
) -> None:
    """How each outlet told one story: who each quoted, which figures each gave, whom each named."""
    from tidings.resolve.stories import story_report

    with _store(db) as store:
        report = story_report(store, story)
    if format is Format.json:
        _print_json(report.to_dict())
        return
    out = console()
    out.print(Text.assemble((report.label or report.id, "bold"), f"  [{report.id}]"))
    n = len({v.outlet for v in report.versions})
    for v in report.versions:
        out.print(
            Text.assemble(
                "\n",
                (v.published or "undated", "dim"),
                "  ",
                (v.outlet or "?", "cyan"),
                "  ",
                (v.title or v.article_id, "bold"),
                (f"  [{v.article_id}, {v.method}]", "dim"),
            )
        )
        for q in v.quotes:
            out.print(Text(f"  quoted {q.speaker or '?'}: {q.text}"))
        for c in v.claims:
            src = f" (source: {c.source})" if c.source else ""
            out.print(Text(f"  figure {c.figure}" + (f" - {c.about}" if c.about else "") + src))
    for label, items in (("speakers", report.speakers), ("figures", report.figures)):
        if not items:
            continue
        t = Table(label[:-1], "reported by", title=f"{label} across {plural(n, 'outlet')}")
        for x in items:
            t.add_row(Text(x.label), Text(", ".join(x.outlets)))
        out.print(t)


# --- export, reanalyze -----------------------------------------------------------------------


def export_cli(
    format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="jsonl: one analysis per line; ftm: FollowTheMoney entities (Aleph, OpenSanctions).",
        ),
    ] = ExportFormat.jsonl,
    output: Annotated[
        str, typer.Option("--output", "-o", help="File to write, - for stdout.")
    ] = "-",
    db: Db = None,
) -> None:
    """Export every stored analysis (jsonl) or the corpus as FollowTheMoney entities (ftm)."""
    from tidings.store import export_ftm, export_jsonl

    write = export_ftm if format is ExportFormat.ftm else export_jsonl
    what = ("entity", "entities") if format is ExportFormat.ftm else ("article", "articles")
    with _store(db) as store:
        if output == "-":
            n = write(store, sys.stdout)
        else:
            try:
                with open(output, "w", encoding="utf-8") as f:
                    n = write(store, f)
            except OSError as e:
                print_error(err, f"cannot write {output}: {e.strerror or e}")
                raise typer.Exit(2) from None
    err.print(f"exported {plural(n, *what)}")


def reanalyze_cli(
    workers: Annotated[
        int, typer.Option("--workers", "-w", min=1, help="Analyse in N processes.")
    ] = 1,
    all_: Annotated[
        bool, typer.Option("--all", help="Every article, not only those from older versions.")
    ] = False,
    db: Db = None,
) -> None:
    """Analyse again the articles stored by an older pipeline version and replace their facts."""
    from tidings.sources.run import reanalyze

    with _store(db) as store:
        stats = reanalyze(store, workers=workers, everything=all_)
    err.print(f"re-analysed {plural(stats.stored, 'article')}, {stats.errors} failed")


def register(app: typer.Typer) -> None:
    """Add the corpus commands to the root ``tidings`` app."""
    app.command("ingest")(ingest_cli)
    app.command("errors")(errors_cli)
    app.command("search")(search_cli)
    app.add_typer(entity_app, name="entity")
    app.command("resolve")(resolve_cli)
    app.command("stories")(stories_cli)
    app.command("story")(story_cli)
    app.command("export")(export_cli)
    app.command("reanalyze")(reanalyze_cli)


#: A standalone app (``python -m tidings.cli.corpus``), used by tests and before registration.
app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
register(app)

if __name__ == "__main__":
    app()
