"""Check the news-style screening set against the list files it was written from.

Every expected id (``ofac:UID``, ``un:REFERENCE``) must exist in the OFAC SDN / UN files,
and no unlisted namesake may equal a listed name after normalisation (``norm``: ASCII,
casefolded, words only, name particles such as al- and the dropped, digits and numerals
kept, in any order: OFAC writes AL-ASSAD, Hafez). A namesake may share its words with a
listed generic government body only when the row gives no country (``Interior Ministry``
is every country's; the listed one is Cuba's): such rows are printed, not failed.

Usage: python scripts/check_screening_set.py [--set tests/fixtures/screening/news_style.csv]
       [--sanctions ../shared/data/sanctions]
Exits 1 and names each bad row when the set is wrong.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from rigour.text import ascii_text

from tidings.watchlist import newsset
from tidings.watchlist.names import government_words, lexicon
from tidings.watchlist.ofac import parse_ofac
from tidings.watchlist.sources import UN_XML, collect
from tidings.watchlist.un import parse_un

REPO = Path(__file__).resolve().parents[1]
_WORD = re.compile(r"[a-z0-9]+")


def norm(name: str) -> str:
    """``the al-Nusra Front`` -> ``front nusra``: the comparison key of this check."""
    particles = set(lexicon()["particles"])
    words = _WORD.findall(ascii_text(name).casefold().replace("'", ""))
    return " ".join(sorted(w for w in words if w not in particles))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", type=Path, default=REPO / "tests/fixtures/screening/news_style.csv")
    ap.add_argument("--sanctions", type=Path, default=REPO.parent / "shared/data/sanctions")
    args = ap.parse_args()
    files = collect([args.sanctions])
    entries, _ = parse_ofac([f for f in files if f.format != UN_XML])
    for f in files:
        if f.format == UN_XML:
            entries += parse_un(f.path)[0]
    ids = {(e.list, e.list_id) for e in entries}
    keys: dict[str, str] = {}
    for e in entries:
        for prop in ("name", "alias", "previousName", "weakAlias"):
            for n in e.entity.get(prop, quiet=True):
                keys.setdefault(norm(n), f"{e.list} {e.list_id} {n!r}")
    cases = newsset.load(args.set)
    bad = 0
    for c in cases:
        for lid in sorted(c.expected - ids):
            print(f"{c.text!r}: expected id {lid[0]} {lid[1]} is not in the list files")
            bad += 1
        if not c.expected:
            same = keys.get(norm(c.text))
            generic = set(norm(c.text).split()) <= government_words()
            if same and generic and not c.country:
                print(f"{c.text!r}: generic body without a country, same words as {same}")
            elif same:
                print(f"{c.text!r}: namesake equals a listed name: {same}")
                bad += 1
    listed = sum(1 for c in cases if c.expected)
    test = sum(1 for c in cases if c.split == "test")
    print(
        f"{len(cases)} rows: {listed} listed, {len(cases) - listed} namesakes; "
        f"{test} in the test part; {bad} problems"
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
