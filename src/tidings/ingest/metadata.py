"""Metadata instead of noise: authors from removed bylines, the wire dateline, photo agencies.

The cleaner removes bylines ("By Jane Doe and John Roe (Agency)"), credit lines ("(Reporting by
...; Editing by ...)") and photo credits ("Jane Doe/AFP via Getty Images") from the text, so
their names never become entities. What a reader wants of them is kept here:

- ``authors``: the names of the lines removed as ``byline``;
- ``dateline``: the place and agency of a wire dateline opening the body ("FRANKFURT (Reuters) -"),
  which stays in the text (it is the article's first sentence) and is parsed, not removed;
- ``photo_agencies``: the agencies named in removed photo credits ("AFP", "Getty Images").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tidings.model import Dateline, Removed

# A wire-service dateline opening a paragraph: "LONDON (Reuters) - ", "MAINZ, Germany, March 14 -
# ", "KYIV, Ukraine (AP) — ": a place in capitals, up to three comma-separated parts (country,
# date), an optional agency in brackets, then a dash.
DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3})"
    r"(?:, [A-Z][\w.]*(?: [\w.]+){0,2}){0,3}"
    r"(?: ?\((?P<agency>[\w .&/-]{2,30})\))?"
    r" ?[-–—]{1,2} "
)
_BYLINE_LEAD = re.compile(
    r"^\s*(?:(?:written |words |reported )?by|author|authors)\b\s*:?\s*", re.I
)
# What follows the names on a byline: a date ("on May 22, 2014"), a role, a separator.
_BYLINE_TAIL = re.compile(r"\s*(?:[,|]\s*)?(?:\bon\b|\bupdated\b|\bpublished\b|\d|\|).*$", re.I)
_PARENS = re.compile(r"\s*\([^)]*\)")
_NAME_SPLIT = re.compile(r"\s*(?:,|&|\band\b)\s*")
_NAME = re.compile(r"[A-Z][\w.'’-]*(?: (?:[A-Z][\w.'’-]*|de|da|van|von|der|bin|al|el|la)){1,4}")
_AGENCY_SLASH = re.compile(r"/\s*([^/()]+?)\s*\)?\s*$")
_AGENCY_FIRST = re.compile(r"^\(?\s*([A-Za-z][\w .]*?)\s+photo\s*/", re.I)
_AGENCY_LABEL = re.compile(
    r"^\(?\s*(?:photo|picture|image)s?\s*(?:credit)?\s*[:|]\s*([^()]+?)\s*\)?$", re.I
)
_AGENCY_PLACE = re.compile(r"(?P<agency>\S+)\s*[|,]?\s*(?P<place>.+)")  # "PTI Mumbai"


def dateline(text: str, removed: Sequence[Removed] = ()) -> Dateline | None:
    """The wire dateline opening ``text`` (its first paragraph), else a removed ``dateline`` line
    ("PTI Mumbai": agency, then place), else None."""
    m = DATELINE.match(text)
    if m is not None:
        return Dateline(place=m.group("place"), agency=(m.group("agency") or "").strip() or None)
    for r in removed:
        if r.reason == "dateline" and (m := _AGENCY_PLACE.fullmatch(r.text.strip())):
            return Dateline(place=m.group("place"), agency=m.group("agency"))
    return None


def byline_names(line: str) -> list[str]:
    """The person names of one byline: "By Jane Doe and John Roe (Agency), May 2" -> both names."""
    rest = _BYLINE_LEAD.sub("", line, count=1)
    rest = _BYLINE_TAIL.sub("", _PARENS.sub("", rest))
    names = []
    for part in _NAME_SPLIT.split(rest):
        part = part.strip(" .")
        if _NAME.fullmatch(part):
            names.append(part)
    return names


def photo_agency(line: str) -> str | None:
    """The agency or platform a photo credit names ("Jane Doe/AFP" -> "AFP"), or None."""
    for regex in (_AGENCY_FIRST, _AGENCY_SLASH, _AGENCY_LABEL):
        m = regex.search(line)
        if m:
            return m.group(1).strip() or None
    return None


def authors(removed: list[Removed]) -> list[str]:
    """Names of the lines removed as ``byline``, each once, in order."""
    out: list[str] = []
    for r in removed:
        if r.reason == "byline":
            out.extend(n for n in byline_names(r.text) if n not in out)
    return out


def photo_agencies(removed: list[Removed]) -> list[str]:
    """Agencies named by the lines removed as ``photo_credit``, each once, in order."""
    out: list[str] = []
    for r in removed:
        if r.reason == "photo_credit":
            agency = photo_agency(r.text)
            if agency and agency not in out:
                out.append(agency)
    return out
