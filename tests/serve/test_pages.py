"""Web pages rendered by the real app: content, escaping of hostile articles, forms, charts."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from serve_corpus import HALIMOV, KHALIMOV, build, strike_story, xss_analysis

from tidings.serve.charts import co_mention_graph, timeline
from tidings.serve.pages import safe_url
from tidings.store import Store


@pytest.mark.parametrize(
    ("url", "needles"),
    [
        ("/", ["Analyse an article", 'name="text"', "Police commander defects"]),
        ("/articles", ["Colonel appears in video", "Lavender festival opens"]),
        ("/articles?outlet=Blog", ["Undated note"]),
        (f"/articles/{KHALIMOV.id}", ["Gulmurod Khalimov", "KHALIMOV, Gulmurod", "spk-0", "spk-1"]),
        (
            "/entities/Khalimov",
            ["Watchlist hits", "(transliteration)", "<svg", "I will come to your cities"],
        ),
        ("/search?q=video", ["Colonel appears in video", "<mark>video</mark>"]),
        ("/watchlist", ["KHALIMOV, Gulmurod", "(transliteration)"]),
        ("/docs", ['id="swagger-ui"', "/static/swagger/swagger-ui-bundle.js", "/static/docs.js"]),
        ("/stories", ["Stories", "No stories yet"]),
        ("/static/swagger/swagger-ui-bundle.js", ["SwaggerUIBundle"]),
    ],
)
def test_pages_render(client: TestClient, url: str, needles: list[str]) -> None:
    r = client.get(url)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(
        "text/javascript" if url.endswith(".js") else "text/html"
    )
    for n in needles:
        assert n in r.text, n


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/articles/nope", 404),
        ("/entities/zzz-nobody", 404),
        ("/stories/x", 404),
        ("/articles?since=never", 422),
    ],
)
def test_pages_errors_are_html_pages(client: TestClient, url: str, status: int) -> None:
    r = client.get(url)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("text/html")
    assert 'role="alert"' in r.text and "Traceback" not in r.text


def test_pages_story_side_by_side(
    client: TestClient, add_story: Callable[[str, list[str]], None]
) -> None:
    add_story("s1", [KHALIMOV.id, HALIMOV.id])
    html = client.get("/stories/s1").text
    assert html.index("Wire One") < html.index("Gazette Two")
    assert html.count('class="story-col"') == 2


def test_pages_navigation_has_stories_and_api_docs(client: TestClient) -> None:
    nav = client.get("/").text.split('<nav aria-label="Main">')[1].split("</nav>")[0]
    assert '<a href="/stories">Stories</a>' in nav
    assert '<a href="/docs">API</a>' in nav and "openapi.json" not in nav


def test_pages_stories_list_and_article_link_to_story(
    client: TestClient, add_story: Callable[[str, list[str]], None]
) -> None:
    add_story("s1", [KHALIMOV.id, HALIMOV.id])
    listed = client.get("/stories").text
    assert '<a href="/stories/s1">Police commander defects</a>' in listed
    assert "2 articles · Gazette Two, Wire One · 2015-05-28 to 2015-06-02" in listed
    assert 'href="/stories/s1"' in client.get(f"/articles/{KHALIMOV.id}").text


def test_pages_article_says_whether_it_was_screened(store: Store, client: TestClient) -> None:
    a = strike_story()[0]
    store.write([a])
    page = client.get(f"/articles/{a.id}").text
    assert "Not screened against sanctions lists" in page


def test_pages_low_rhetoric_hidden_unless_asked(store: Store, client: TestClient) -> None:
    a = strike_story()[0]
    store.write([a])
    page = client.get(f"/articles/{a.id}").text
    assert "exaggeration" not in page and "1 span below the confidence threshold not shown" in page
    assert "exaggeration" in client.get(f"/articles/{a.id}?all_rhetoric=1").text


def test_pages_names_with_a_slash_and_non_entity_speakers(store: Store, client: TestClient) -> None:
    a = strike_story()[0]
    store.write([a])
    page = client.get(f"/articles/{a.id}").text
    assert 'href="/entities/TGWU%2FUnite"' in page
    assert 'href="/entities/two%20dockers"' not in page  # a description, not an entity
    assert client.get("/entities/TGWU%2FUnite").status_code == 200
    assert client.get("/api/entities/TGWU%2FUnite").json()["name"] == "TGWU/Unite"


def test_pages_dossier_lines_have_no_empty_fields(store: Store, client: TestClient) -> None:
    a = build(
        '"The ferry will run," said Ines Duarte.',
        entities=[("Ines Duarte", "PERSON")],
        quotes=[("The ferry will run", "Ines Duarte")],
    )  # no outlet, no date
    store.write([a])
    html = client.get("/entities/Ines%20Duarte").text
    assert re.search(
        r'<p class="meta">direct · <a href="/articles/[0-9a-f]+">article</a></p>', html
    )
    assert "· ·" not in html and "·  ·" not in html


def test_pages_article_text_is_the_text(client: TestClient) -> None:
    html = client.get(f"/articles/{KHALIMOV.id}").text
    body = re.search(r'<div class="text" id="text">(.*?)</div>\n</article>', html, re.S)
    assert body is not None
    plain = re.sub(r"<button[^>]*>.*?</button>", "", body.group(1))
    plain = re.sub(r"<[^>]+>", "", plain)
    assert plain.replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&") == KHALIMOV.text


def test_pages_hostile_article_is_escaped(store: Store, client: TestClient) -> None:
    a = xss_analysis()
    store.write([a])
    html = client.get(f"/articles/{a.id}").text
    assert "<script>" not in html.split("</header>", 1)[1]
    assert "<img" not in html
    assert 'onmouseover="alert' not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript:' not in html
    assert "<b " not in html


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/a", "https://example.org/a"),
        ("http://example.org", "http://example.org"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        (" javascript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//evil.example/", None),
        ("", None),
        (None, None),
    ],
)
def test_pages_only_http_urls_become_links(url: str | None, safe: str | None) -> None:
    assert safe_url(url) == safe


def test_pages_form_cross_site_post_refused(client: TestClient) -> None:
    r = client.post(
        "/analyze",
        data={"text": "Some text.", "store": "on"},
        headers={"origin": "https://evil.example"},
    )
    assert r.status_code == 403
    assert "cross-site" in r.text


def test_pages_form_empty_shows_error(client: TestClient) -> None:
    r = client.post(
        "/analyze", data={"text": "", "url": ""}, headers={"origin": "http://127.0.0.1:8000"}
    )
    assert r.status_code == 400
    assert "paste a text or give a URL" in r.text


def test_pages_form_needs_key_on_public_bind(make_client: Callable[..., TestClient]) -> None:
    client = make_client(host="0.0.0.0", api_keys=frozenset({"k"}))
    assert 'name="api_key"' in client.get("/").text
    r = client.post("/analyze", data={"text": "x", "store": "on", "api_key": "wrong"})
    assert r.status_code == 401


@pytest.mark.slow
def test_pages_form_stores_and_redirects(
    make_client: Callable[..., TestClient], pipeline: Any
) -> None:
    client = make_client(pipeline=pipeline)
    text = 'Mayor Lena Ortiz said the bridge would reopen in May. "It is safe," Ortiz said.'
    r = client.post(
        "/analyze",
        data={"text": text, "store": "on", "outlet": "City Desk", "published": "2022-04-01"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    page = client.get(r.headers["location"])
    assert "Lena Ortiz" in page.text and "City Desk" in page.text


@pytest.mark.slow
def test_pages_form_without_storing_renders_in_place(
    make_client: Callable[..., TestClient], pipeline: Any
) -> None:
    client = make_client(pipeline=pipeline)
    r = client.post("/analyze", data={"text": "Mayor Lena Ortiz said 3 bridges are shut."})
    assert r.status_code == 200
    assert "not stored" in r.text and "/entities/" not in r.text.split('id="text"')[1]


# --- charts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("articles", "quotes", "buckets"),
    [
        ([], [], []),
        (["2015-05-28", "2015-05-28", "2015-06-02"], ["2015-05-28"], ["2015-05-28", "2015-06-02"]),
        (["2015-05-28", "2016-07-01"], [], ["2015-05", "2016-07"]),  # long range: by month
        (["2015-05-28", None, "garbage"], [None], ["2015-05-28", "undated"]),
    ],
)
def test_charts_timeline_buckets(
    articles: list[str | None], quotes: list[str | None], buckets: list[str]
) -> None:
    t = timeline(articles, quotes)
    assert sorted({b.bucket for b in t.bars}, key=buckets.index) == buckets
    assert sum(b.count for b in t.bars if b.series == "articles") == len(articles)
    assert sum(b.count for b in t.bars if b.series == "quotes") == len(quotes)
    for b in t.bars:
        assert 0 <= b.x <= t.width and b.y >= 0 and b.y + b.height <= t.height


def test_charts_graph_star_limited_and_weighted() -> None:
    g = co_mention_graph("A", "PERSON", [(f"N{i}", "ORG", i + 1) for i in range(20)], limit=5)
    assert len(g.edges) == 5 and g.nodes[0].centre
    assert [e.name for e in g.edges] == ["N19", "N18", "N17", "N16", "N15"]
    assert g.edges[0].width > g.edges[-1].width
    for n in g.nodes:
        assert 0 <= n.x <= g.width and 0 <= n.y <= g.height
