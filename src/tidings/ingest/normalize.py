"""Unicode and whitespace normalisation: the text it returns is the one every offset indexes.

What changes, in order:

- surrogates (text that is not Unicode, so it can't be encoded, stored or printed): a UTF-16
  pair becomes the character it stands for, a lone half (``"a\\ud800 b"``, a file name's
  undecodable byte) becomes U+FFFD, the replacement character;
- line ends: CRLF, CR, NEL (U+0085) and LINE SEPARATOR (U+2028) become ``\\n``;
  PARAGRAPH SEPARATOR (U+2029) becomes a paragraph break;
- Unicode NFKC: non-breaking and other typographic spaces become plain spaces, ligatures and
  full-width forms their plain letters, "…" becomes "..."; curly quotes and dashes are kept;
- invisible characters are dropped: zero-width space, word joiner, BOM, soft hyphen, and
  control characters other than newline (tabs and form feeds become spaces);
- runs of spaces collapse to one, each line is trimmed, and three or more newlines (blank lines
  with only spaces count as blank) collapse to one paragraph break ``\\n\\n``;
- the whole text is stripped.

Zero-width joiner and non-joiner are kept: Persian, Indic scripts and emoji need them.
"""

from __future__ import annotations

import re
import unicodedata

_SURROGATE = re.compile(r"[\ud800-\udfff]")
_LINE_ENDS = re.compile(r"\r\n?|[\x85\u2028]")
# Removed outright: zero-width space, word joiner, BOM / zero-width no-break space, soft hyphen,
# and C0/C1 controls except tab, newline, form feed (handled below as spaces).
_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff\u00ad\x00-\x08\x0b\x0e-\x1f\x7f\x80-\x84\x86-\x9f]")
_SPACES = re.compile(r"[ \t\x0c]+")
_TRIM = re.compile(r" *\n *")
_BLANK_RUNS = re.compile(r"\n{3,}")


def normalize(text: str) -> str:
    """Return ``text`` in NFKC with normalised whitespace (see the module docstring).

    Idempotent: ``normalize(normalize(t)) == normalize(t)``. An all-whitespace input gives "".
    """
    text = repair_surrogates(text)
    text = _LINE_ENDS.sub("\n", text)
    text = text.replace("\u2029", "\n\n")
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _TRIM.sub("\n", text)
    text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip()


def repair_surrogates(text: str) -> str:
    """``text`` with surrogate pairs joined and lone surrogates replaced by U+FFFD, so that it
    encodes as UTF-8; text without surrogates is returned as it is."""
    if _SURROGATE.search(text) is None:
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def normalize_line(text: str) -> str:
    """Normalise a one-line field (a title, an outlet name): as ``normalize``, newlines become spaces."""
    return " ".join(normalize(text).split())


def collapse_blank_lines(text: str) -> str:
    """Collapse three or more newlines into a paragraph break and strip (after lines were removed)."""
    return _BLANK_RUNS.sub("\n\n", text).strip()
