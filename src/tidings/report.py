"""The readable report of ``tidings analyze --format text``: people and groups, quotes by speaker, claims, hits."""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from tidings.model import Analysis, Quote

_TYPE_ORDER = {"PERSON": 0, "ORG": 1, "GPE": 2, "LOC": 3, "NORP": 4}


def plural(n: int, one: str, many: str | None = None) -> str:
    """``n`` and the noun in the number it needs: "1 story", "2 stories", "0 inputs"."""
    return f"{n} {one if n == 1 else many or one + 's'}"


def speaker_label(q: Quote) -> str:
    """A quote's speaker as a report shows it: the entity's name; the words as written, marked
    unresolved, when they name no entity ("a witness (unresolved)"); else "(unattributed)"."""
    if q.speaker is not None:
        return q.speaker.name
    return f"{q.speaker_text} (unresolved)" if q.speaker_text else "(unattributed)"


def print_report(analysis: Analysis, console: Console | None = None) -> None:
    """Print one analysis as a report. Article text is escaped: it is never read as Rich markup."""
    console = console or Console()
    head = escape(analysis.title or analysis.source or analysis.id)
    by = "by " + ", ".join(analysis.authors) if analysis.authors else None
    meta = " · ".join(
        escape(x) for x in (analysis.outlet, by, analysis.published, analysis.source) if x
    )
    console.rule(f"[bold]{head}")
    if meta:
        console.print(meta, style="dim")
    for notice in analysis.notices:
        console.print(f"notice: {escape(notice)}", style="yellow")

    ents = sorted(analysis.entities, key=lambda e: (_TYPE_ORDER.get(e.type, 9), -len(e.mentions)))
    table = Table(title="People, groups and places", show_lines=False, expand=False)
    table.add_column("type")
    table.add_column("name")
    table.add_column("mentions", justify="right")
    table.add_column("also written")
    table.add_column("descriptors")
    for e in ents:
        table.add_row(
            e.type,
            escape(e.name),
            str(len(e.mentions)),
            escape(", ".join(e.aliases[:4])),
            escape("; ".join(e.descriptors[:3])),
        )
    console.print(table)

    by_speaker: dict[str, list[str]] = defaultdict(list)
    for q in analysis.quotes:
        who = speaker_label(q)
        via = f" [dim]via {escape(q.via.name)}[/dim]" if q.via else ""
        cue = f" [dim]({escape(q.cue)})[/dim]" if q.cue else ""
        mark = "“”" if q.kind != "indirect" else "‹›"
        by_speaker[who].append(f"[{q.kind}] {mark[0]}{escape(q.text)}{mark[1]}{cue}{via}")
    console.rule("Quotes by speaker")
    if not by_speaker:
        console.print("(none)", style="dim")
    for who, lines in by_speaker.items():
        console.print(f"[bold]{escape(who)}[/bold] ({len(lines)})")
        for line in lines:
            console.print(f"  • {line}", soft_wrap=True)

    console.rule("Claims")
    if not analysis.claims:
        console.print("(none)", style="dim")
    for c in analysis.claims:
        src = escape(
            c.source.name
            if c.source
            else f"{c.source_text} (unresolved)"
            if c.source_text
            else "the outlet"
        )
        about = f" — {escape(c.about)}" if c.about else ""
        console.print(
            f"  • [bold]{escape(c.figure)}[/bold]{about} [dim](source: {src})[/dim]", soft_wrap=True
        )

    if analysis.events:
        console.rule("Events")
        # the article's main events first, then the rest in text order
        for ev in sorted(analysis.events, key=lambda e: (not e.main, e.start)):
            actor = escape(ev.actor.name) if ev.actor else "?"
            target = f" → {escape(ev.target.name)}" if ev.target else ""
            when = (
                f" [dim]{escape(ev.when or ev.when_text or '')}[/dim]"
                if (ev.when or ev.when_text)
                else ""
            )
            who = f" [dim](per {escape(ev.asserted_by.name)})[/dim]" if ev.asserted_by else ""
            mod = f" [dim]{ev.modality}[/dim]" if ev.modality != "asserted" else ""
            mark = "★" if ev.main else "•"
            action = ev.lemma or ev.action
            cls = f" [dim]({escape(ev.event_class)})[/dim]" if ev.event_class else ""
            console.print(
                f"  {mark} {actor} [bold]{escape(action)}[/bold]{cls}{target}{when}{mod}{who}",
                soft_wrap=True,
            )

    if any(r.confident for r in analysis.rhetoric):
        console.rule("Rhetoric by voice")
        for voice, counts in sorted(analysis.rhetoric_summary.items()):
            techniques = ", ".join(
                f"{t} {n}" for t, n in sorted(counts.items(), key=lambda kv: -kv[1])
            )
            console.print(f"  [bold]{escape(voice)}[/bold]: {escape(techniques)}")
        for r in (r for r in analysis.rhetoric if r.confident):  # the JSON keeps the rest
            who = (
                r.speaker.name
                if r.speaker
                else ("the outlet" if r.voice == "outlet" else "a speaker")
            )
            console.print(
                f"  • {escape(r.technique)}: “{escape(r.text)}” [dim]({escape(who)})[/dim]",
                soft_wrap=True,
            )

    from tidings.watchlist.report import screening_line  # tidings.watchlist loads numpy

    console.print(escape(screening_line(analysis.screening)), style="dim", soft_wrap=True)
    if analysis.watchlist:
        console.rule("Watchlist hits")
        for h in analysis.watchlist:
            when = f", listed {h.listed_on}" if h.listed_on else ""
            pre = " — article predates listing" if h.article_predates_listing else ""
            console.print(
                f"  • [bold red]{escape(h.name)}[/bold red] ~ {escape(h.listed_name)} "
                f"({escape(h.list)} {escape(h.list_id)}, {escape(', '.join(h.programs))}{when}){pre} score {h.score:.2f}"
            )
            for f in h.explanation:
                console.print(
                    f"      {f.weight:+.2f} {escape(f.name)}: {escape(f.detail)}", style="dim"
                )

    if analysis.removed:
        console.rule("Removed boilerplate")
        for item in analysis.removed:
            console.print(
                f"  • {escape(item.text)} [dim]({escape(item.reason)})[/dim]", soft_wrap=True
            )
