"""HTML pages: detection, article body and metadata with trafilatura, malformed and article-less pages."""

from __future__ import annotations

import dataclasses

import pytest

from tidings import ingest
from tidings.exc import NoArticleError
from tidings.ingest.html import HtmlOptions, extract_html, is_html

# A made-up news page with the usual furniture around the article.
PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Harbour Bridge Reopens After Repairs | The Coastal Ledger</title>
  <meta property="og:title" content="Harbour Bridge Reopens After Repairs">
  <meta property="og:site_name" content="The Coastal Ledger">
  <meta property="article:published_time" content="2021-03-14T09:30:00Z">
  <link rel="canonical" href="https://ledger.example.com/news/2021/03/14/harbour-bridge-reopens">
</head>
<body>
  <nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
  <article>
    <h1>Harbour Bridge Reopens After Repairs</h1>
    <p>The Harbour Bridge reopened to traffic on Saturday after eight months of repairs,
       the city's transport department said.</p>
    <p>&ldquo;It is safe now,&rdquo; Mayor Anna Berg told reporters at the ceremony,
       adding that the work had cost about $12&nbsp;million.</p>
    <p>Engineers replaced 40 steel cables and resurfaced the deck, according to a statement
       from the contractor, Northway Construction.</p>
    <p>Commuters had faced detours of up to 45 minutes while the bridge was closed.</p>
  </article>
  <footer><p>&copy; 2021 The Coastal Ledger. All rights reserved.</p>
    <a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer>
</body>
</html>
"""


def test_html_metadata_and_body() -> None:
    article = ingest.from_bytes(PAGE.encode("utf-8"), "ledger/bridge.html")
    assert article.title == "Harbour Bridge Reopens After Repairs"
    assert article.outlet == "The Coastal Ledger"
    assert article.published == "2021-03-14"
    assert article.url == "https://ledger.example.com/news/2021/03/14/harbour-bridge-reopens"
    assert article.source == "ledger/bridge.html"
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0].startswith("The Harbour Bridge reopened to traffic on Saturday")
    assert "“It is safe now,” Mayor Anna Berg told reporters" in article.text
    assert "$12 million" in article.text  # &nbsp; normalised
    assert (
        paragraphs[-1]
        == "Commuters had faced detours of up to 45 minutes while the bridge was closed."
    )
    for furniture in ("Home", "Sport", "Privacy", "All rights reserved", "Reopens After Repairs"):
        assert furniture not in article.text


def test_html_malformed_markup_still_extracted() -> None:
    broken = (
        "<html><head><title>Council votes on budget</title><body>"
        "<div><p>The city council voted 7 to 2 on Tuesday to approve the new budget, officials said."
        "<p>Opponents said the <b>plan would raise property taxes by 4 percent next year."
        "<p>The mayor is expected to sign it within days, her office said.</div></span>"
    )
    article = ingest.from_bytes(broken.encode("utf-8"), "broken.html")
    assert "voted 7 to 2 on Tuesday" in article.text
    assert "raise property taxes by 4 percent" in article.text
    assert "sign it within days" in article.text


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>",
        "<html><head><title>Site</title></head><body></body></html>",
        "<html><body><script>var x = 1;</script><ul><li><a href='/a'>Sport</a></li><li><a href='/b'>Weather</a></li></ul></body></html>",
        "<html",
        "<!DOCTYPE html><html><body>\x00</body></html>",
    ],
    ids=["nav-only", "empty-body", "links-and-script", "truncated", "nul-body"],
)
def test_html_no_article(html: str) -> None:
    with pytest.raises(NoArticleError, match=r"^page\.html: ") as e:
        extract_html(html, "page.html")
    assert "\n" not in str(e.value)


@pytest.mark.parametrize(
    ("text", "source", "media_type", "expected"),
    [
        ("plain words", None, "text/html; charset=utf-8", True),
        ("<html><body>x</body></html>", None, "text/plain", False),
        ("anything", "a/b/page.HTM", None, True),
        ("anything", "story.xhtml", None, True),
        ("<html><body>x</body></html>", "story.txt", None, False),
        ("<!doctype html><html>", "-", None, True),
        ("  \n<!-- saved page --><html lang='en'>", None, None, True),
        ('<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">', None, None, True),
        ("Writing <html> by hand is how the web began.", None, None, False),
        ("A story about markup.\n\n<html> appears later", "notes", None, False),
    ],
)
def test_html_detection(
    text: str, source: str | None, media_type: str | None, expected: bool
) -> None:
    assert is_html(text, source=source, media_type=media_type) is expected


def test_html_detected_by_sniffing_stdin() -> None:
    article = ingest.from_bytes(PAGE.encode("utf-8"), "-")
    assert article.outlet == "The Coastal Ledger"


def test_html_cp1252_page_decoded() -> None:
    page = PAGE.replace('charset="utf-8"', 'charset="windows-1252"').replace(
        "&ldquo;It is safe now,&rdquo;", "“It is safe now,” said the café’s owner, and"
    )
    article = ingest.from_bytes(page.encode("cp1252"), "bridge.html")
    assert "“It is safe now,” said the café’s owner" in article.text


def test_html_options_object() -> None:
    options = HtmlOptions(favor_precision=True, include_tables=False)
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.fast = True  # type: ignore[misc]
    with pytest.raises(TypeError):
        HtmlOptions(True)  # type: ignore[call-arg]  # keyword-only
    article = ingest.from_bytes(PAGE.encode("utf-8"), "bridge.html", html_options=options)
    assert "Engineers replaced 40 steel cables" in article.text


def test_html_hover_cards_pruned() -> None:
    card = (
        '<span class="rollover-people"><a href="/people/sam-lee">Sam Lee</a>'
        '<span class="rollover-people-block"><span class="rollover-block">'
        '<a class="name" href="/people/sam-lee">Samuel Lee</a>'
        '<a href="/a">Harbour leader backs the sea wall</a> <a href="/more">MORE</a>'
        "</span></span></span>"
    )
    tip = '<span role="tooltip">Samuel Lee, council leader since 2019</span>'
    paragraphs = [
        f"<p>Council leader {card} said on Monday that the harbour {tip} would reopen in May.</p>",
        "<p>The sea wall, which cost four million pounds, took two years to finish.</p>",
        "<p>Fishing crews said they would return to the harbour as soon as it opened.</p>",
    ]
    html = f"<html><head><title>Harbour</title></head><body><article>{''.join(paragraphs)}</article></body></html>"
    body = extract_html(html, "page.html").body
    assert "Council leader Sam Lee said on Monday that the harbour would reopen" in body
    assert "Samuel" not in body and "MORE" not in body
