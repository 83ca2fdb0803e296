"""Export the corpus: JSON Lines of every stored analysis (the same documents ``tidings analyze`` prints)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from tidings.store.base import Store


def export_jsonl(store: Store, out: TextIO) -> int:
    """Write one ``Analysis.to_dict()`` per line, in ingestion order; returns the number written."""
    n = 0
    for analysis in store.iter_analyses():
        out.write(json.dumps(analysis.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n
