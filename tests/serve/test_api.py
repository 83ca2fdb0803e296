"""REST API against the real app over a real SQLite store: lists, paging, filters, exports,
dossiers, stories, watchlist hits, analysis with the real pipeline, and the guard rails."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from serve_corpus import GARDEN, HALIMOV, KHALIMOV, UNDATED, rows

from tidings.serve.api import csv_cell


def walk(client: TestClient, url: str) -> list[dict[str, Any]]:
    """Every row of a list, following ``next`` links to the end."""
    out: list[dict[str, Any]] = []
    seen = 0
    while url:
        r = client.get(url)
        assert r.status_code == 200, r.text
        page = r.json()
        out.extend(rows(page))
        url = page["next"]
        seen += 1
        assert seen < 50
    return out


def test_api_articles_newest_first_undated_last(client: TestClient) -> None:
    ids = [r["id"] for r in rows(client.get("/api/articles").json())]
    assert ids == [GARDEN.id, HALIMOV.id, KHALIMOV.id, UNDATED.id]


@pytest.mark.parametrize("limit", [1, 2, 3, 4, 5])
def test_api_articles_paging_walks_to_the_end(client: TestClient, limit: int) -> None:
    got = walk(client, f"/api/articles?limit={limit}")
    assert [r["id"] for r in got] == [GARDEN.id, HALIMOV.id, KHALIMOV.id, UNDATED.id]


def test_api_articles_next_is_a_link_header_too(client: TestClient) -> None:
    r = client.get("/api/articles?limit=1")
    assert r.json()["next"].endswith("offset=1")
    assert r.headers["link"] == f'<{r.json()["next"]}>; rel="next"'
    last = client.get("/api/articles?limit=1&offset=3")
    assert last.json()["next"] is None and "link" not in last.headers


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("outlet=wire%20one", {KHALIMOV.id, GARDEN.id}),
        ("since=2015-06-01", {HALIMOV.id, GARDEN.id}),
        ("until=2015-05-28", {KHALIMOV.id}),
        ("since=2015-05-01&until=2015-12-31", {KHALIMOV.id, HALIMOV.id}),
        ("entity=Khalimov", {KHALIMOV.id, UNDATED.id}),
        ("entity=Khalimov&outlet=Blog", {UNDATED.id}),
        ("outlet=Nobody", set()),
    ],
)
def test_api_articles_filters(client: TestClient, query: str, expected: set[str]) -> None:
    assert {r["id"] for r in walk(client, f"/api/articles?{query}")} == expected


@pytest.mark.parametrize(
    "url",
    [
        "/api/articles?limit=0",
        "/api/articles?limit=1001",
        "/api/articles?offset=-1",
        "/api/articles?since=yesterday",
        "/api/articles?format=xml",
        "/api/watchlist/hits?min_score=2",
    ],
)
def test_api_bad_parameters_are_422_with_a_message(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 422
    assert r.json()["error"].startswith("invalid request")


def test_api_article_round_trip_and_404(client: TestClient) -> None:
    got = client.get(f"/api/articles/{KHALIMOV.id}").json()
    assert got["schema"] == "tidings.analysis/1"
    assert got["text"] == KHALIMOV.text
    assert [q["speaker"]["name"] for q in got["quotes"]] == [
        "Gulmurod Khalimov",
        "Ramazon Rahimzoda",
    ]
    r = client.get("/api/articles/nope")
    assert r.status_code == 404 and r.json() == {"error": "no article with id 'nope'"}


def test_api_csv_export_of_a_page_and_of_everything(client: TestClient) -> None:
    page = client.get("/api/articles?format=csv&limit=2")
    assert page.headers["content-type"].startswith("text/csv")
    assert "link" in page.headers
    table = list(csv.DictReader(io.StringIO(page.text)))
    assert [r["id"] for r in table] == [GARDEN.id, HALIMOV.id]
    everything = client.get("/api/articles?format=csv&all=true&limit=1")
    assert "attachment" in everything.headers["content-disposition"]
    assert len(list(csv.DictReader(io.StringIO(everything.text)))) == 4


@pytest.mark.parametrize("all_rows", [False, True])
def test_api_jsonl_and_json_exports(client: TestClient, all_rows: bool) -> None:
    suffix = "&all=true" if all_rows else ""
    lines = client.get(f"/api/articles?format=jsonl&limit=10{suffix}").text.splitlines()
    assert len(lines) == 4 and json.loads(lines[0])["id"] == GARDEN.id
    if all_rows:
        page = client.get("/api/articles?all=true&limit=1").json()
        assert len(page["items"]) == 4 and page["next"] is None


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-2", "-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("plain", "plain"),
        (None, ""),
        (["a", "b"], '["a", "b"]'),
    ],
)
def test_api_csv_cells_never_run_as_formulas(value: Any, cell: str) -> None:
    assert csv_cell(value) == cell


def test_api_search_with_filters_and_snippets(client: TestClient) -> None:
    hits = rows(client.get("/api/search?q=khalimov").json())
    assert {h["id"] for h in hits} == {KHALIMOV.id, UNDATED.id}
    h = hits[0]
    assert all(h["snippet"][s:e].lower() == "khalimov" for s, e in h["highlights"])
    assert [h["id"] for h in rows(client.get("/api/search?q=khalimov&outlet=blog").json())] == [
        UNDATED.id
    ]
    assert rows(client.get("/api/search?q=lavender&since=2017-01-01").json()) == []


def test_api_entity_dossier(client: TestClient) -> None:
    d = client.get("/api/entities/Gulmurod%20Khalimov").json()
    assert d["type"] == "PERSON"
    assert {t["article_id"] for t in d["timeline"]} == {KHALIMOV.id, UNDATED.id}
    assert [q["text"] for q in d["quotes_by"]] == ["I will come to your cities"]
    assert d["watchlist"][0]["listed_name"] == "KHALIMOV, Gulmurod"
    assert d["watchlist"][0]["explanation"][0]["detail"].endswith("(transliteration)")
    r = client.get("/api/entities/Nobody%20At%20All")
    assert r.status_code == 404 and "Nobody At All" in r.json()["error"]


def test_api_watchlist_hits_with_explanations_and_filters(client: TestClient) -> None:
    hits = walk(client, "/api/watchlist/hits?limit=1")
    assert len(hits) == 1
    h = hits[0]
    assert (h["name"], h["listed_name"], h["outlet"]) == (
        "Gulmurod Khalimov",
        "KHALIMOV, Gulmurod",
        "Wire One",
    )
    assert h["explanation"][0]["name"] == "name"
    assert walk(client, "/api/watchlist/hits?min_score=0.95") == []
    assert walk(client, "/api/watchlist/hits?list=un_sc_consolidated") == []
    assert len(walk(client, "/api/watchlist/hits?entity=Khalimov&since=2015-01-01")) == 1
    table = list(csv.DictReader(io.StringIO(client.get("/api/watchlist/hits?format=csv").text)))
    assert json.loads(table[0]["explanation"])[0]["weight"] == 0.9


def test_api_story_outlets_side_by_side(
    client: TestClient, add_story: Callable[[str, list[str]], None]
) -> None:
    add_story("story-1", [KHALIMOV.id, HALIMOV.id])
    s = client.get("/api/stories/story-1").json()
    assert [a["outlet"] for a in s["articles"]] == ["Wire One", "Gazette Two"]
    assert s["articles"][0]["speakers"][0] == {
        "name": "Gulmurod Khalimov",
        "quotes": 1,
        "entity": "Gulmurod Khalimov",  # the speaker is an entity of the article: a dossier
    }
    assert [c["figure"] for c in s["articles"][1]["claims"]] == ["12 officers"]
    assert client.get("/api/stories/none").status_code == 404


# --- writing ---------------------------------------------------------------------------------


TEXT = (
    "Minister Anna Kovacs said on Monday that 40 schools would close. "
    '"We have no choice," Kovacs told reporters in Budapest.'
)


@pytest.mark.slow
def test_api_analyze_returns_the_analysis_and_stores_nothing(
    make_client: Callable[..., TestClient], pipeline: Any
) -> None:
    client = make_client(pipeline=pipeline)
    r = client.post(
        "/api/analyze", json={"text": TEXT, "outlet": "Daily", "published": "2021-03-01"}
    )
    assert r.status_code == 200, r.text
    a = r.json()
    assert a["outlet"] == "Daily" and a["published"] == "2021-03-01"
    assert any(q["speaker"] and "Kovacs" in q["speaker"]["name"] for q in a["quotes"])
    assert client.get(f"/api/articles/{a['id']}").status_code == 404


@pytest.mark.slow
def test_api_post_article_stores_once(
    make_client: Callable[..., TestClient], pipeline: Any
) -> None:
    client = make_client(pipeline=pipeline)
    first = client.post("/api/articles", json={"text": TEXT, "title": "Schools close"})
    assert first.status_code == 201, first.text
    assert first.json()["status"] == "stored"
    assert first.headers["location"] == first.json()["href"]
    again = client.post("/api/articles", json={"text": TEXT, "title": "Schools close"})
    assert again.status_code == 200 and again.json()["status"] == "exists"
    stored = client.get(first.json()["href"]).json()
    assert stored["title"] == "Schools close"
    assert client.get("/api/search?q=schools").json()["items"][0]["id"] == stored["id"]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"text": "a", "url": "https://example.org/"},
        {"text": "a", "unknown": 1},
        {"text": "a", "published": "29/05/2015"},
    ],
)
def test_api_analyze_rejects_malformed_bodies(client: TestClient, body: dict[str, Any]) -> None:
    r = client.post("/api/analyze", json=body)
    assert r.status_code == 422
    assert "error" in r.json()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/api/articles",
        "http://localhost/",
        "http://10.0.0.8/internal",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://0.0.0.0/",
        "file:///etc/passwd",
        "gopher://example.org/",
    ],
)
def test_api_analyze_refuses_private_and_odd_urls(client: TestClient, url: str) -> None:
    r = client.post("/api/analyze", json={"url": url})
    assert r.status_code == 400, r.text
    message = r.json()["error"]
    assert "refused" in message or "not an http(s) URL" in message


def test_api_empty_text_is_a_one_line_400(client: TestClient) -> None:
    r = client.post("/api/analyze", json={"text": "   \n  "})
    assert r.status_code == 400
    assert r.json()["error"].startswith("api: empty input")


# --- guard rails -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/", "/api/articles", f"/articles/{KHALIMOV.id}", "/api/articles/nope", "/static/tidings.css"],
)
def test_api_security_headers_on_every_response(client: TestClient, url: str) -> None:
    h = client.get(url).headers
    csp = h["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert h["x-content-type-options"] == "nosniff"
    assert h["referrer-policy"] == "same-origin"
    assert h["x-frame-options"] == "DENY"


@pytest.mark.parametrize("chunked", [False, True])
def test_api_request_size_limit(make_client: Callable[..., TestClient], chunked: bool) -> None:
    client = make_client(max_input_bytes=1000)
    body = json.dumps({"text": "x" * 100_000}).encode()
    if chunked:  # no content-length: the limit is counted as the body streams in
        r = client.post(
            "/api/analyze",
            content=iter([body[:50_000], body[50_000:]]),
            headers={"content-type": "application/json"},
        )
    else:
        r = client.post("/api/analyze", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert "limit" in r.json()["error"]


@pytest.mark.parametrize(
    ("config", "headers", "status"),
    [
        ({"host": "0.0.0.0"}, {}, 403),  # public bind, no keys configured: writes refused
        ({"host": "0.0.0.0", "api_keys": frozenset({"k1"})}, {}, 401),
        ({"host": "0.0.0.0", "api_keys": frozenset({"k1"})}, {"x-api-key": "nope"}, 401),
        ({"host": "0.0.0.0", "api_keys": frozenset({"k1"})}, {"x-api-key": "k1"}, 400),
        ({"host": "0.0.0.0", "api_keys": frozenset({"k1"})}, {"authorization": "Bearer k1"}, 400),
        ({"host": "0.0.0.0", "api_keys": frozenset({"k1"})}, {"authorization": "Basic k1"}, 401),
        # a wrong credential is not excused by a right one beside it
        (
            {"host": "0.0.0.0", "api_keys": frozenset({"k1"})},
            {"authorization": "Bearer nope", "x-api-key": "k1"},
            401,
        ),
        ({"host": "127.0.0.1", "api_keys": frozenset({"k1"})}, {}, 401),  # keys set: always needed
        ({"host": "127.0.0.1"}, {}, 400),  # localhost without keys: open
    ],
)
def test_api_keys_guard_writes(
    make_client: Callable[..., TestClient],
    config: dict[str, Any],
    headers: dict[str, str],
    status: int,
) -> None:
    client = make_client(**config)
    # an empty text gets past the key check to a 400, without loading the model
    r = client.post("/api/articles", json={"text": " "}, headers=headers)
    assert r.status_code == status, r.text
    assert client.get("/api/articles").status_code == 200  # reading never needs a key


def test_api_unexpected_error_is_generic_500_with_id(
    make_client: Callable[..., TestClient], caplog: pytest.LogCaptureFixture
) -> None:
    client = make_client(raise_server_exceptions=False)

    def boom() -> None:
        raise RuntimeError("secret detail /etc/shadow")

    client.app.add_api_route("/api/boom", boom)  # type: ignore[attr-defined]
    r = client.get("/api/boom")
    assert r.status_code == 500
    body = r.json()
    assert body["error"] == "internal error" and len(body["error_id"]) == 12
    assert "secret" not in r.text and "Traceback" not in r.text
    assert r.headers["content-security-policy"]
    assert body["error_id"] in caplog.text


def test_api_openapi_documents_every_endpoint(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path, method in [
        ("/api/analyze", "post"),
        ("/api/articles", "post"),
        ("/api/articles", "get"),
        ("/api/articles/{article_id}", "get"),
        ("/api/entities/{name_or_id}", "get"),
        ("/api/search", "get"),
        ("/api/stories/{story_id}", "get"),
        ("/api/watchlist/hits", "get"),
    ]:
        assert method in paths[path], (path, method)
        assert paths[path][method].get("description") or paths[path][method].get("summary")
    assert not any(p.startswith("/articles") for p in paths)  # pages stay out of the API spec
    assert "X-API-Key" in json.dumps(spec["components"]["securitySchemes"])
