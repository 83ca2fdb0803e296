"""HTML -> article body and metadata (title, site name, date, URL) with trafilatura."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

import trafilatura
from trafilatura.settings import Extractor

from tidings.exc import NoArticleError

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})

# An HTML document starts (after an optional XML declaration and comments) with a doctype or
# one of the outer elements. Prose that merely mentions "<html>" later on is not HTML.
_HTML_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
    re.IGNORECASE | re.DOTALL,
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# trafilatura falls back to any text it finds, menus included. A body counts as an article
# only with one line of prose: long enough and ending like a sentence, or long outright.
MIN_PROSE_CHARS = 30
MIN_PROSE_WORDS = 20
_SENTENCE_END = frozenset('.!?…"”’)。！？')

# Hover cards: a person's name in the story opens a hidden box with their full name and
# headlines about them. The Hill prints one inside the sentence ("Gov. Kristi Noem" + "Kristi
# Lynn Noem" + three headlines + "MORE"), which glued into the text reads "Kristi NoemKristi
# Lynn Noem..."; ARIA tooltips are the same kind of hidden box. Always pruned, before extraction.
HOVER_CARD_XPATH = (
    "//span[contains(@class, 'rollover-people-block')]",
    "//*[@role='tooltip']",
)


def has_prose(body: str) -> bool:
    """Whether ``body`` has a line that reads as prose rather than a menu or a list of links."""
    for line in body.split("\n"):
        line = line.strip()
        if len(line) >= MIN_PROSE_CHARS and line[-1] in _SENTENCE_END:
            return True
        if len(line.split()) >= MIN_PROSE_WORDS:
            return True
    return False


@dataclass(frozen=True, slots=True, kw_only=True)
class HtmlOptions:
    """How trafilatura extracts the article from a page (one options object, as trafilatura's own).

    Defaults suit news: reader comments are not the article (``include_comments=False``);
    tables are kept (figures live in them); ``favor_precision`` / ``favor_recall`` trade
    boilerplate for coverage; ``fast`` skips the fallback extractors (readability, jusText);
    ``prune_xpath`` removes page parts before extraction.
    """

    include_comments: bool = False
    include_tables: bool = True
    favor_precision: bool = False
    favor_recall: bool = False
    fast: bool = False
    target_language: str | None = None
    prune_xpath: tuple[str, ...] = ()

    def extractor(self, url: str | None = None) -> Extractor:
        """The trafilatura ``Extractor`` settings these options stand for."""
        return Extractor(
            output_format="python",
            fast=self.fast,
            precision=self.favor_precision,
            recall=self.favor_recall,
            comments=self.include_comments,
            tables=self.include_tables,
            lang=self.target_language,
            url=url,
            with_metadata=True,
        )


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    """What the page yields: the body (paragraphs separated by blank lines) and its metadata."""

    body: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None


def is_html(
    text: str | None = None, *, source: str | None = None, media_type: str | None = None
) -> bool:
    """Whether an input is HTML: by media type first, then file extension, then the text's start.

    An explicit non-HTML media type (``text/plain``) wins over the content; ``source`` "-" or a
    name without a known extension falls through to sniffing ``text``.
    """
    if media_type:
        mt = media_type.split(";")[0].strip().lower()
        return mt in {"text/html", "application/xhtml+xml"}
    if source and source != "-":
        suffix = PurePath(source).suffix.lower()
        if suffix in HTML_SUFFIXES:
            return True
        if suffix in {".txt", ".text", ".md"}:
            return False
    return text is not None and _HTML_START.match(text[:4096]) is not None


def extract_html(
    html: str, source: str, *, url: str | None = None, options: HtmlOptions | None = None
) -> HtmlArticle:
    """Extract the article of one HTML page; raise ``NoArticleError`` when there is none.

    Each line of trafilatura's text output (a paragraph, heading, list item or table row)
    becomes one paragraph, so paragraphs are separated by blank lines. A page whose text has
    no line of prose (``has_prose``: navigation, link lists) has no article. ``published`` is the
    page date as ``YYYY-MM-DD`` when trafilatura finds one. Malformed markup is repaired by
    lxml; a page lxml can't parse at all is a ``NoArticleError`` too.
    """
    options = options or HtmlOptions()
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            options=options.extractor(url),
            prune_xpath=[*HOVER_CARD_XPATH, *options.prune_xpath],
        )
    except Exception as e:  # lxml and trafilatura raise many kinds on hostile markup
        raise NoArticleError(source, f"HTML could not be parsed ({type(e).__name__})") from None
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise NoArticleError(source, "HTML page has no article text")
    if not has_prose(text):
        raise NoArticleError(source, "HTML page has no article text (only menus or link lists)")
    body = "\n\n".join(line.strip() for line in text.split("\n") if line.strip())
    date = getattr(doc, "date", None)
    return HtmlArticle(
        body=body,
        title=getattr(doc, "title", None) or None,
        outlet=getattr(doc, "sitename", None) or None,
        published=date if date and _ISO_DATE.fullmatch(date) else None,
        url=getattr(doc, "url", None) or url,
    )
