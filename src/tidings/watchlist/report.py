"""Plain-text lines for watchlist hits (the watchlist section of the text report and ``tidings screen``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tidings.model import WatchlistHit


def screening_line(state: Mapping[str, Any]) -> str:
    """``Screened against US OFAC SDN (14965 entries, imported 2026-...) and ...``, or why not."""
    if state.get("status") != "screened":
        return f"Not screened against sanctions lists: {state.get('reason', 'unknown')}"
    lists = []
    for x in state.get("lists", []):
        when = (
            f"snapshot {x['snapshot'][:10]}"
            if x.get("snapshot")
            else "no snapshot date in the file"
        )
        lists.append(f"{x['title']} ({x['entries']} entries, {when})")
    built = state.get("index_built") or "?"
    return (
        f"Screened against {'; '.join(lists) or 'no lists'} (index built {built}, "
        f"threshold {state.get('threshold', '?')})"
    )


def format_hits(hits: Sequence[WatchlistHit]) -> list[str]:
    """One block per hit: who matched which entry, the date check, then every feature with its weight."""
    lines: list[str] = []
    for h in hits:
        programs = ", ".join(h.programs) or "-"
        when = f"listed {h.listed_on}" if h.listed_on else "listing date not in this list"
        if h.article_predates_listing is True:
            when += " (after the article)"
        elif h.article_predates_listing is False:
            when += " (before the article)"
        lines.append(
            f"{h.name} -> {h.list} {h.list_id} {h.listed_name!r} [{programs}] score {h.score:.2f}; {when}"
        )
        for f in h.explanation:
            lines.append(f"    {f.weight:+.2f} {f.name}: {f.detail}")
    return lines
