"""Watchlists: import the OFAC SDN and UN Security Council lists into a local index and screen article entities against it.

Data flow (one module each)::

    sources.py   list files -> text, format detection, errors naming file and line
    ofac.py      OFAC CSV set -> ListEntry (FollowTheMoney Person/Organization/... + Sanction)
    un.py        UN consolidated XML -> ListEntry
    index.py     ListEntry -> SQLite index (atomic), name-key retrieval
    names.py     name -> weighted tokens (rigour normalisation, transliteration, keys)
    match.py     query name x listed name -> score with an alignment to explain it
    screen.py    Analysis / one name -> WatchlistHit with MatchFeature explanations
    update.py    download the official files and import them
    report.py    hits and the screening state as plain text
    newsset.py   the news-style screening set (listed parties as the press names them) and its scoring
"""

from __future__ import annotations

from pathlib import Path

from tidings.watchlist.index import index_path, open_index
from tidings.watchlist.record import OFAC, UN, ListReport
from tidings.watchlist.screen import (
    DEFAULT_THRESHOLD,
    NAME,
    VERSION,
    screen_analysis,
    screen_name,
    screening_state,
)
from tidings.watchlist.update import import_lists, update

__all__ = [
    "DEFAULT_THRESHOLD",
    "NAME",
    "OFAC",
    "UN",
    "VERSION",
    "ListReport",
    "Path",
    "import_lists",
    "index_path",
    "open_index",
    "screen_analysis",
    "screen_name",
    "screening_state",
    "update",
]
