"""Plain text: find the title line, if there is one, and split it from the body."""

from __future__ import annotations

import re
from collections.abc import Callable

from tidings.ingest.metadata import DATELINE

# A headline is short: at most this many characters and words.
MAX_TITLE_CHARS = 200
MAX_TITLE_WORDS = 30
# A first line ending in "." with more words than this is a lede, not a headline: the 900-odd
# PolNeAR headlines ending in "." have at most 24 words; a news lede has 25 to 40.
MAX_SENTENCE_TITLE_WORDS = 24

# Lines that open an article without being its headline: a byline ("By Jane Doe"), a
# date line ("Published: May 29, 2015", "29 May 2015 10:42 GMT").
_BYLINE = re.compile(
    r"(?i:by)\s+[A-Z][\w.'’-]*,?(?:\s+(?:[A-Z][\w.'’-]*|and|de|van|von|der|bin|al|in),?){0,6}"
)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_LINE = re.compile(
    rf"(?:(?:published|updated|posted|date)\s*:?\s*)?(?:[a-z]+day,?\s+)?"
    rf"(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
    rf"(?:,?\s*(?:at\s+)?\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{{2,4}})?)?",
    re.IGNORECASE,
)


def looks_like_title(line: str) -> bool:
    """Whether ``line`` can be a headline: short, one line, with a letter, not a byline or date.

    Its last character does not matter: a first line set off by a blank line is the title
    even when it ends in "." (PolNeAR's files open with such titles: "Trump signs order on
    trade." then a blank line) or ":". A byline ("By Jane Doe") or a date line is not a
    headline, nor is a line longer than a headline can be, a wire lede opening with its
    dateline ("LIMA, June 8 - Peru severed ties ..."), or a sentence of lede length.
    """
    line = line.strip()
    if not line or "\n" in line or len(line) > MAX_TITLE_CHARS:
        return False
    if len(line.split()) > MAX_TITLE_WORDS:
        return False
    if not any(c.isalpha() for c in line):
        return False
    if line.endswith(".") and len(line.split()) > MAX_SENTENCE_TITLE_WORDS:
        return False
    return not (_BYLINE.fullmatch(line) or _DATE_LINE.fullmatch(line) or DATELINE.match(line))


def split_title(
    text: str, *, is_boilerplate: Callable[[str], bool] | None = None
) -> tuple[str | None, str]:
    """Split normalised ``text`` into ``(title, body)``.

    The first line is the title when a blank line follows it, a body follows that, and it
    ``looks_like_title`` (a headline ending in ";" and its subheadline on the next line are one
    title, as news databases export them); a line that ``is_boilerplate`` ("Share this article") is never a title.
    Otherwise the title is None and the body is ``text`` unchanged.
    """
    first, sep, rest = text.partition("\n\n")
    if not sep or not rest.strip():
        return None, text
    if "\n" in first:
        # News-database exports print "Headline;" and its subheadline on two lines.
        head, _, sub = first.partition("\n")
        if "\n" in sub or not head.rstrip().endswith(";"):
            return None, text
        first = f"{head.strip()} {sub.strip()}"
    if not looks_like_title(first):
        return None, text
    if is_boilerplate is not None and is_boilerplate(first):
        return None, text
    return first.strip(), rest.strip()
