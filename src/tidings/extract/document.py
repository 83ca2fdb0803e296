"""The Document: one annotated article with the layers every extractor reads and none re-derives.

Built once per article after annotation and entity extraction (``build``):

- ``paragraphs``: paragraph spans (text between blank lines), the one paragraph splitter;
- ``quoted_spans``: text between quotation marks (``find_quoted_spans``), so every extractor
  agrees on what lies inside quotation marks;
- ``index``: the entities' mentions (``EntityIndex``);
- reference resolution: ``resolve(token)`` runs the ordered sieves of ``tidings.extract.coref``
  and says which entity a subject, pronoun or description refers to, and by which rule;
- ``outlet_marks``: outlets that spoke or relayed, in text order (filled by the quote extractor,
  read by "the newspaper said" / "it reported"); ``speakers``: entities that spoke, likewise
  (read by "he said").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from tidings.extract import coref
from tidings.extract.coref import Resolution
from tidings.extract.index import EntityIndex
from tidings.model import Article, Ref

OPEN_MARKS = frozenset("“«„")
CLOSE_MARKS = frozenset("”»")
STRAIGHT = '"'
ALL_MARKS = OPEN_MARKS | CLOSE_MARKS | {STRAIGHT}
_LEFT_BOUND = set(" \t\n\r([{—–-/\u00a0")
_RIGHT_BOUND = set(" \t\n\r.,;:!?)]}—–-/\u00a0")
#: A quote left open at a paragraph end is kept (bounded there) only up to this many characters.
MAX_UNCLOSED_CHARS = 600
_PARA_BREAK = re.compile(r"\n(?:[ \t\u00a0]*\n)+")


# --- quotation marks -------------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class QuotedSpan:
    """Text between quotation marks: ``start``/``end`` index the inside, ``open_at`` the opening mark.

    ``close_at`` is the offset of the closing mark, or None when the quote was bounded at a
    paragraph end because its closing mark is missing.
    """

    start: int
    end: int
    open_at: int
    close_at: int | None

    @property
    def outer_end(self) -> int:
        return self.close_at + 1 if self.close_at is not None else self.end


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans (whitespace trimmed): text between blank lines, or between line breaks
    when the text has no blank line at all."""
    breaks = list(_PARA_BREAK.finditer(text))
    if not breaks and "\n" in text:
        breaks = list(re.finditer(r"\n", text))
    spans = []
    pos = 0
    for m in [*breaks, None]:
        s, e = pos, (m.start() if m is not None else len(text))
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
        if m is not None:
            pos = m.end()
    return spans


def _role(text: str, i: int, is_open: bool) -> str:
    """``open`` or ``close`` for the mark at ``i``: context first, the mark's own shape when unclear."""
    ch = text[i]
    prev = text[i - 1] if i > 0 else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    left = prev in _LEFT_BOUND or prev in OPEN_MARKS or prev in "‘'"
    right = nxt in _RIGHT_BOUND or nxt in CLOSE_MARKS or nxt in "’'"
    if left and not right:
        return "open"
    if right and not left:
        return "close"
    if ch in OPEN_MARKS:
        return "open"
    if ch in CLOSE_MARKS:
        return "close"
    return "open" if not is_open else "close"


def find_quoted_spans(
    text: str, paras: Sequence[tuple[int, int]] | None = None
) -> list[QuotedSpan]:
    """Every span between double quotation marks, in text order, never overlapping.

    Edges: a mark opening while a quote is already open drops the earlier, unclosed one; a stray
    closing mark is ignored; a quote still open at a paragraph end continues into the next
    paragraph when that one starts with an opening mark, else it ends at the paragraph end
    (at most ``MAX_UNCLOSED_CHARS`` long). Spans with no letter or digit are dropped.
    """
    paras = list(paras) if paras is not None else paragraphs(text)
    out: list[QuotedSpan] = []
    open_at: int | None = None
    for pi, (ps, pe) in enumerate(paras):
        marks = [i for i in range(ps, pe) if text[i] in ALL_MARKS]
        skip_first = False
        if open_at is not None:
            # carried over from the previous paragraph: this paragraph's leading mark continues it
            skip_first = True
        for k, i in enumerate(marks):
            if skip_first and k == 0:
                continue
            role = _role(text, i, open_at is not None)
            if role == "open":
                open_at = i
            elif open_at is not None:
                _emit(text, out, open_at, i)
                open_at = None
        if open_at is not None:
            nxt = paras[pi + 1] if pi + 1 < len(paras) else None
            if (
                nxt is not None
                and text[nxt[0]] in ALL_MARKS
                and _role(text, nxt[0], False) == "open"
            ):
                continue
            end = pe
            while end > open_at + 1 and text[end - 1].isspace():
                end -= 1
            if end - open_at - 1 <= MAX_UNCLOSED_CHARS:
                _emit(text, out, open_at, None, end)
            open_at = None
    return out


def _emit(
    text: str, out: list[QuotedSpan], open_at: int, close_at: int | None, end: int | None = None
) -> None:
    start = open_at + 1
    stop = close_at if close_at is not None else (end if end is not None else start)
    while start < stop and text[start].isspace():
        start += 1
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    if stop <= start or not any(c.isalnum() for c in text[start:stop]):
        return
    out.append(QuotedSpan(start, stop, open_at, close_at))


# --- the document ----------------------------------------------------------------------------


@dataclass
class Document:
    """One article's layers (see the module docstring); offsets index ``article.text``."""

    doc: Doc
    article: Article
    index: EntityIndex
    paragraphs: list[tuple[int, int]]
    quoted_spans: list[QuotedSpan]
    outlet_marks: list[tuple[int, Ref]] = field(default_factory=list)
    speakers: list[tuple[int, str]] = field(default_factory=list)  # (cue pos, entity id) in order
    _span_starts: list[int] = field(default_factory=list)
    _para_starts: list[int] = field(default_factory=list)
    _resolved: dict[int, Resolution] = field(default_factory=dict)
    _rules: dict[int, tuple[Ref, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._span_starts = [s.open_at for s in self.quoted_spans]
        self._para_starts = [p[0] for p in self.paragraphs]

    @property
    def text(self) -> str:
        return self.article.text

    def quoted(self, pos: int) -> QuotedSpan | None:
        """The quoted span (marks included) that contains character ``pos``."""
        i = bisect.bisect_right(self._span_starts, pos) - 1
        if i >= 0 and self.quoted_spans[i].open_at <= pos < self.quoted_spans[i].outer_end:
            return self.quoted_spans[i]
        return None

    def quoted_share(self, start: int, end: int) -> float:
        """Share of ``[start, end)`` that lies inside quotation marks."""
        if end <= start:
            return 0.0
        inside = 0
        i = max(0, bisect.bisect_right(self._span_starts, start) - 1)
        for qs in self.quoted_spans[i:]:
            if qs.open_at >= end:
                break
            inside += max(0, min(end, qs.outer_end) - max(start, qs.open_at))
        return inside / (end - start)

    def para(self, pos: int) -> int:
        """Index of the paragraph that holds character ``pos``."""
        return max(0, bisect.bisect_right(self._para_starts, pos) - 1)

    def sentence(self, tok: Token) -> tuple[int, int]:
        """Token range of ``tok``'s sentence, cut at paragraph breaks (spaCy may join paragraphs)."""
        sent = tok.sent
        ps, pe = self.paragraphs[self.para(tok.idx)] if self.paragraphs else (0, len(self.text))
        lo, hi = sent.start, sent.end
        while lo < tok.i and self.doc[lo].idx < ps:
            lo += 1
        while hi > tok.i + 1 and self.doc[hi - 1].idx >= pe:
            hi -= 1
        return lo, hi

    def resolve(self, tok: Token) -> Resolution:
        """What ``tok`` (a subject, ``according to`` object, pronoun, ...) refers to (memoised)."""
        hit = self._resolved.get(tok.i)
        if hit is None:
            hit = coref.resolve(self, tok)
            self._resolved[tok.i] = hit
            if hit.ref is not None:
                self._rules[id(hit.ref)] = (hit.ref, hit.rule)
        return hit

    def ref(self, tok: Token) -> Ref | None:
        """``resolve(tok).ref``: the entity, the words as written, or None."""
        return self.resolve(tok).ref

    def note_speaker(self, pos: int, ref: Ref | None) -> None:
        """Record that the entity of ``ref`` speaks at ``pos`` (cues are read in text order)."""
        if ref is not None and ref.entity_id is not None:
            self.speakers.append((pos, ref.entity_id))

    def rule_of(self, ref: Ref | None) -> str | None:
        """The sieve that produced ``ref`` (a Ref this Document's ``resolve`` returned), else None."""
        found = self._rules.get(id(ref)) if ref is not None else None
        return found[1] if found is not None and found[0] is ref else None


def build(doc: Doc, article: Article, index: EntityIndex) -> Document:
    """The Document of ``article`` (``doc`` is its annotation, ``index`` its entities)."""
    paras = paragraphs(article.text)
    return Document(doc, article, index, paras, find_quoted_spans(article.text, paras))
