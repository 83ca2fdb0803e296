"""The server cannot be rebound, tied up or talked past its key rule: Host names checked first,
one authorisation rule for the form and the API, header and body deadlines, slow connections
that cannot crowd out real ones, and analyses that are stopped (their process killed, the lock
free) on timeout, on a memory limit or when the client goes away.

The deadline and slow-client tests run a real uvicorn server on 127.0.0.1 with the protections
of ``tidings serve``; every loop is bounded and every socket is closed by the test.
"""

from __future__ import annotations

import http.server
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from serve_corpus import build
from serve_live import ServerThread

from tidings.model import Analysis, Article
from tidings.serve import ServeConfig, create_app
from tidings.serve.config import allowed_hosts, host_name
from tidings.store import Store


class FakePipeline:
    """Answers at once from the text alone (no NLP model), except for a text containing SLEEP
    (a parse that runs for a minute) or HOG (one that takes 400 MB and keeps running). The
    analysis process is forked from the test, so it inherits this object."""

    def analyze(self, articles: list[Article]) -> Iterator[Analysis]:
        for a in articles:
            if "HOG" in a.text:
                held = b"x" * 400_000_000
                time.sleep(60)
                del held
            if "SLEEP" in a.text:
                time.sleep(60)
            analysis = build(
                a.text, title=a.title, outlet=a.outlet, published=a.published, url=a.url
            )
            analysis.source = a.source
            yield analysis


TEXT = "The harbour board met on Tuesday and agreed to dredge the eastern channel."


# --- Host names --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/api/articles", "/static/tidings.css", "/nope"])
@pytest.mark.parametrize("host", ["rebound.example", "rebound.example:8000", "127.0.0.2", ""])
def test_serve_foreign_host_is_refused_before_anything(
    client: TestClient, path: str, host: str
) -> None:
    r = client.get(path, headers={"Host": host})
    assert r.status_code == 421
    assert "TIDINGS_ALLOWED_HOSTS" in r.json()["error"]
    assert "script-src 'self'" in r.headers["content-security-policy"]


def test_serve_foreign_host_cannot_write(make_client: Callable[..., TestClient]) -> None:
    client = make_client(pipeline=FakePipeline())
    r = client.post("/api/articles", json={"text": TEXT}, headers={"Host": "rebound.example"})
    assert r.status_code == 421
    assert client.get("/api/articles?limit=1000").json()["items"][0]["title"] != TEXT


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost", "LOCALHOST:1", "[::1]:8000"])
def test_serve_loopback_hosts_are_answered(client: TestClient, host: str) -> None:
    assert client.get("/api/articles", headers={"Host": host}).status_code == 200


def test_serve_allowed_hosts_setting(
    make_client: Callable[..., TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIDINGS_ALLOWED_HOSTS", "news.example, Tidings.Internal:8443")
    config = ServeConfig.from_env()
    assert config.allowed_hosts == {"news.example", "tidings.internal"}
    client = make_client(allowed_hosts=config.allowed_hosts)
    assert client.get("/", headers={"Host": "news.example:8000"}).status_code == 200
    assert client.get("/", headers={"Host": "127.0.0.1:8000"}).status_code == 421
    assert make_client(allowed_hosts=frozenset({"*"})).get("/").status_code == 200


def test_serve_allowed_hosts_default_adds_a_specific_bind_address() -> None:
    assert allowed_hosts(None, "127.0.0.1") == {"localhost", "127.0.0.1", "::1"}
    assert allowed_hosts("", "192.0.2.10") == {"localhost", "127.0.0.1", "::1", "192.0.2.10"}
    assert allowed_hosts(None, "0.0.0.0") == {"localhost", "127.0.0.1", "::1"}
    assert allowed_hosts(["a.example"], "0.0.0.0") == {"a.example"}
    assert host_name("[::1]:8000") == "::1" and host_name("Example.org.:80") == "example.org"


# --- one authorisation rule ------------------------------------------------------------------


FORM = {"text": TEXT, "kind": "text"}


@pytest.mark.parametrize(
    ("config", "form", "status"),
    [
        ({"host": "0.0.0.0"}, {}, 403),  # public bind, no keys: the API refuses, so does the form
        ({"host": "0.0.0.0", "api_keys": frozenset({"k1"})}, {}, 401),
        ({"host": "0.0.0.0", "api_keys": frozenset({"k1"})}, {"api_key": "nope"}, 401),
        ({"host": "0.0.0.0", "api_keys": frozenset({"k1"})}, {"api_key": "k1"}, 200),
        ({"host": "127.0.0.1", "api_keys": frozenset({"k1"})}, {}, 401),
        ({"host": "127.0.0.1"}, {}, 200),
    ],
)
def test_serve_form_and_api_share_the_key_rule(
    make_client: Callable[..., TestClient],
    config: dict[str, Any],
    form: dict[str, str],
    status: int,
) -> None:
    client = make_client(pipeline=FakePipeline(), **config)
    # not stored: the form may analyse only where the API would
    assert client.post("/analyze", data={**FORM, **form}).status_code == status
    # nor fetch a URL (where it may, this one fails to resolve: offline, a one-line 400)
    r = client.post("/analyze", data={"url": "https://news.example/a", **form})
    assert r.status_code == (400 if status == 200 else status), r.text
    headers = {"x-api-key": form["api_key"]} if "api_key" in form else {}
    api = client.post("/api/analyze", json={"text": TEXT}, headers=headers)
    assert api.status_code == status


def test_serve_form_with_too_many_fields_is_a_400(client: TestClient) -> None:
    r = client.post("/analyze", data={f"f{i}": "x" for i in range(60)})
    assert r.status_code == 400
    assert "more than 50 fields" in r.text


# --- analyses that are stopped ----------------------------------------------------------------


def test_serve_analysis_timeout_frees_the_server_at_once(
    make_client: Callable[..., TestClient],
) -> None:
    client = make_client(pipeline=FakePipeline(), analyze_timeout=1.0)
    t0 = time.monotonic()
    r = client.post("/api/analyze", json={"text": "SLEEP " + TEXT})
    assert r.status_code == 503 and "longer than 1 s" in r.json()["error"]
    assert time.monotonic() - t0 < 5
    # the next analysis does not wait for the abandoned one: its process was killed
    t1 = time.monotonic()
    r = client.post("/api/analyze", json={"text": TEXT})
    assert r.status_code == 200, r.text
    assert time.monotonic() - t1 < 5


def test_serve_analysis_over_the_memory_limit_is_stopped(
    make_client: Callable[..., TestClient],
) -> None:
    client = make_client(pipeline=FakePipeline(), analyze_timeout=30.0, max_memory_mb=300.0)
    t0 = time.monotonic()
    r = client.post("/api/analyze", json={"text": "HOG " + TEXT})
    assert r.status_code == 503 and "more than 300 MB" in r.json()["error"]
    assert time.monotonic() - t0 < 20
    assert client.post("/api/analyze", json={"text": TEXT}).status_code == 200


@pytest.fixture
def live(store: Store) -> Callable[..., ServerThread]:
    """``live(server_options, **serve_config)``: a running server over the fixture store."""
    running: list[ServerThread] = []

    def start(server: dict[str, Any] | None = None, **config: Any) -> ServerThread:
        app = create_app(ServeConfig(**config), store=store, pipeline=FakePipeline())
        s = ServerThread(app, **(server or {})).__enter__()
        running.append(s)
        return s

    yield start  # type: ignore[misc]
    for s in running:
        s.__exit__(None, None, None)


def _post(path: str, body: bytes, port: int) -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body


def test_serve_client_gone_stops_its_analysis(live: Callable[..., ServerThread]) -> None:
    server = live(analyze_timeout=60.0)
    body = json.dumps({"text": "SLEEP " + TEXT}).encode()
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:
        s.sendall(_post("/api/analyze", body, server.port))
        time.sleep(1.0)  # the analysis is running; the client gives up
    t0 = time.monotonic()
    r = httpx.post(f"{server.url}/api/analyze", json={"text": TEXT}, timeout=30)
    assert r.status_code == 200, r.text
    assert time.monotonic() - t0 < 10  # not the 60 s the abandoned analysis would have held


def test_serve_slow_body_gets_408(live: Callable[..., ServerThread]) -> None:
    server = live(body_timeout=1.0)
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(_post("/api/analyze", b"x" * 1000, server.port)[:-990])  # 10 of 1000 bytes
        t0 = time.monotonic()
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            chunk = s.recv(4096)  # headers and body may come in separate packets
            if not chunk:
                break
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 408"), answer
    assert b"took longer than 1 s" in answer
    assert time.monotonic() - t0 < 5


def _trickle(port: int, n: int) -> list[socket.socket]:
    """``n`` connections that send the start of a request and never finish its headers."""
    out = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(b"GET /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a")
        out.append(s)
    return out


def _answer(s: socket.socket) -> bytes:
    """What the server sent before it closed ``s`` (b"reset" when it reset the connection)."""
    try:
        return s.recv(4096)
    except ConnectionResetError:
        return b"reset"


def test_serve_slow_headers_cannot_crowd_out_requests(live: Callable[..., ServerThread]) -> None:
    server = live({"header_timeout": 1.5, "max_waiting": 100, "limit_concurrency": 50})
    slow = _trickle(server.port, 120)  # more than the concurrency limit and than max_waiting
    try:
        # real requests are served while they hang: not counted, and the oldest were dropped
        for _ in range(5):
            assert httpx.get(f"{server.url}/api/articles", timeout=10).status_code == 200
        time.sleep(2.0)
        # all closed by the server: the oldest to make room, the rest timed out with a 408
        answers = [_answer(s) for s in slow]
        assert all(a in (b"", b"reset") or a.startswith(b"HTTP/1.1 408") for a in answers)
        assert sum(a.startswith(b"HTTP/1.1 408 Request Timeout") for a in answers) >= 50
    finally:
        for s in slow:
            s.close()


def test_serve_unfinished_headers_over_16_kib_are_a_400(
    live: Callable[..., ServerThread],
) -> None:
    server = live()
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(b"GET /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        sent = 0
        try:
            for _ in range(40):  # headers that never end, a kilobyte at a time
                s.sendall(b"X-Long: " + b"a" * 1000 + b"\r\n")
                sent += 1
                time.sleep(0.02)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed the connection
        answer = _answer(s)
    assert sent < 40
    assert answer in (b"", b"reset") or answer.startswith(b"HTTP/1.1 400"), answer


# --- URL credentials ---------------------------------------------------------------------------


class _Page(http.server.BaseHTTPRequestHandler):
    BODY = (
        b"<html><head><title>Ferry timetable changes</title></head><body><article>"
        b"<h1>Ferry timetable changes</h1><p>The island ferry will run every two hours from "
        b"Monday, the operator said, after a month of cancellations caused by storms.</p>"
        b"<p>Passengers with season tickets will be refunded for the missed crossings.</p>"
        b"</article></body></html>"
    )

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(self.BODY)))
        self.end_headers()
        self.wfile.write(self.BODY)

    def log_message(self, *args: Any) -> None:
        pass


def test_serve_url_credentials_are_not_stored(make_client: Callable[..., TestClient]) -> None:
    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    try:
        client = make_client(pipeline=FakePipeline(), allow_private_urls=True)
        url = f"http://reader:hunter2@127.0.0.1:{site.server_port}/ferry"
        r = client.post("/api/articles", json={"url": url})
        assert r.status_code == 201, r.text
        stored = client.get(r.headers["location"]).json()
    finally:
        site.shutdown()
        site.server_close()
    assert stored["url"] == f"http://127.0.0.1:{site.server_port}/ferry"
    assert "hunter2" not in json.dumps(stored) and "reader" not in stored["source"]
