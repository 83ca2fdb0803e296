"""The fetcher: user agent, SSRF guard, timeouts, size limit, retries with backoff, redirects."""

from __future__ import annotations

import pytest
from sources_server import Route, Server, html_page

from tidings.sources.fetch import (
    Fetcher,
    FetchError,
    FetchOptions,
    check_url,
    is_public_address,
    strip_credentials,
)

LOCAL = FetchOptions(allow_private=True, timeout=2.0, retries=0, backoff=0.01)


def _opts(**kw: object) -> FetchOptions:
    base = {"allow_private": True, "timeout": 2.0, "retries": 0, "backoff": 0.01}
    return FetchOptions(**{**base, **kw})  # type: ignore[arg-type]


def test_fetch_gets_page_with_user_agent(server: Server) -> None:
    server.routes["/a"] = Route(body=html_page("dam", "Dam").encode())
    with Fetcher(LOCAL) as f:
        r = f.get(server.url("/a"))
    assert r.status == 200 and r.media_type == "text/html" and b"Okafor" in r.data
    assert (
        server.user_agents[-1].startswith("Tidings/")
        and "(+https://github.com/tidings)" in server.user_agents[-1]
    )


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2606:4700:4700::1111", True),
        ("127.0.0.1", False),
        ("10.0.0.7", False),
        ("172.16.3.4", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1%eth0", False),
        ("fc00::1", False),
        ("::ffff:127.0.0.1", False),
        # IPv6 that carries an IPv4 address is judged by it: NAT64 (RFC 6052) and 6to4
        ("64:ff9b::7f00:1", False),  # 127.0.0.1 through a NAT64 gateway
        ("64:ff9b::a9fe:a9fe", False),  # 169.254.169.254, the cloud metadata address
        ("64:ff9b::c0a8:101", False),  # 192.168.1.1
        ("64:ff9b::808:808", True),  # 8.8.8.8: an IPv6-only network reaching a public site
        ("2002:7f00:1::1", False),  # 6to4 of 127.0.0.1
        ("2002:a00:7::", False),  # 6to4 of 10.0.0.7
        ("2002:808:808::1", True),  # 6to4 of 8.8.8.8
        # never public: local-use NAT64 (RFC 8215) and IPv4-compatible ::a.b.c.d (deprecated)
        ("64:ff9b:1::808:808", False),
        ("::7f00:1", False),
        ("::808:808", False),
    ],
)
def test_fetch_is_public_address(address: str, public: bool) -> None:
    assert is_public_address(address) is public


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:8080/x", "non-public address"),
        ("http://localhost/", "non-public address"),
        ("http://169.254.169.254/latest/meta-data/", "non-public address"),
        ("http://[::1]/", "non-public address"),
        ("http://10.1.2.3/", "non-public address"),
        ("ftp://example.org/file", r"not an http\(s\) URL"),
        ("file:///etc/passwd", r"not an http\(s\) URL"),
        ("http:///nohost", r"not an http\(s\) URL"),
    ],
)
def test_fetch_refuses(url: str, reason: str) -> None:
    with pytest.raises(FetchError, match=reason):
        check_url(url)


def test_fetch_refuses_local_server_unless_allowed(server: Server) -> None:
    server.routes["/a"] = Route(body=b"<p>hi</p>")
    with Fetcher(_opts(allow_private=False)) as f, pytest.raises(FetchError, match="non-public"):
        f.get(server.url("/a"))
    assert server.hits["/a"] == 0


def test_fetch_timeout(server: Server) -> None:
    server.routes["/slow"] = Route(body=b"late", delay=1.5)
    with (
        Fetcher(_opts(timeout=0.3)) as f,
        pytest.raises(FetchError, match=r"timed out after 0\.3s"),
    ):
        f.get(server.url("/slow"))


def test_fetch_size_limit(server: Server) -> None:
    server.routes["/huge"] = Route(body=b"x" * 50_000)
    with (
        Fetcher(_opts(max_bytes=10_000)) as f,
        pytest.raises(FetchError, match="over the limit of 10,000 bytes"),
    ):
        f.get(server.url("/huge"))


def test_fetch_retries_then_succeeds(server: Server) -> None:
    ok = Route(body=html_page("port", "Port").encode())
    server.routes["/flaky"] = Route(dynamic=lambda n: Route(503, b"busy") if n < 3 else ok)
    with Fetcher(_opts(retries=2)) as f:
        assert b"Lindqvist" in f.get(server.url("/flaky")).data
    assert server.hits["/flaky"] == 3


@pytest.mark.parametrize(("status", "tries"), [(404, 1), (403, 1), (500, 3), (429, 3)])
def test_fetch_errors_retried_only_when_transient(server: Server, status: int, tries: int) -> None:
    server.routes["/e"] = Route(status, b"no")
    with Fetcher(_opts(retries=2)) as f, pytest.raises(FetchError, match=f"HTTP {status}"):
        f.get(server.url("/e"))
    assert server.hits["/e"] == tries


def test_fetch_follows_redirects_and_stops_loops(server: Server) -> None:
    server.routes["/old"] = Route(301, b"", headers={"Location": "/new"})
    server.routes["/new"] = Route(body=b"<p>moved</p>")
    server.routes["/loop"] = Route(302, b"", headers={"Location": "/loop"})
    with Fetcher(_opts()) as f:
        r = f.get(server.url("/old"))
        assert r.url.endswith("/new") and r.data == b"<p>moved</p>"
        with pytest.raises(FetchError, match="more than 5 redirects"):
            f.get(server.url("/loop"))


def test_fetch_connection_refused(server: Server) -> None:
    with Fetcher(_opts()) as f, pytest.raises(FetchError, match="connection failed"):
        f.get("http://127.0.0.1:9/")


@pytest.mark.parametrize(
    ("url", "clean"),
    [
        ("http://user:secret@example.org:8080/a?b=1#c", "http://example.org:8080/a?b=1#c"),
        ("https://token@example.org/", "https://example.org/"),
        ("https://a:b@c@example.org/x", "https://example.org/x"),
        ("https://example.org/path@not-a-user", "https://example.org/path@not-a-user"),
        ("https://example.org/", "https://example.org/"),
    ],
)
def test_fetch_strip_credentials(url: str, clean: str) -> None:
    assert strip_credentials(url) == clean


def test_fetch_final_url_has_no_credentials(server: Server) -> None:
    server.routes["/a"] = Route(body=html_page("dam", "Dam").encode())
    with Fetcher(LOCAL) as f:
        r = f.get(server.url("/a").replace("http://", "http://reader:hunter2@"))
    assert r.status == 200 and r.url == server.url("/a")
