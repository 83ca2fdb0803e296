"""Fetch URLs politely and safely: timeouts, a size limit, retries with backoff, no private targets.

``Fetcher.get(url)`` follows up to ``max_redirects`` redirects itself so that every hop is
checked: a URL whose host resolves to a private, loopback, link-local, multicast or otherwise
non-global address is refused unless ``allow_private`` is set (server-side request forgery
guard). The check resolves the name before httpx connects, so a DNS answer that changes between
the two (rebinding) is not caught; run behind an egress proxy where that matters.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from tidings import settings
from tidings.exc import InputError


class FetchError(InputError):
    """A URL could not be fetched (refused, unreachable, timed out, too big, HTTP error)."""


def user_agent() -> str:
    from tidings import __version__

    return f"Tidings/{__version__} (+https://github.com/tidings)"


@dataclass(slots=True, kw_only=True)
class FetchOptions:
    """How to fetch. ``retries`` counts extra attempts after the first, waiting ``backoff``
    seconds, doubled each time, between them; only timeouts, connection errors, 429 and 5xx are
    retried."""

    timeout: float = 20.0
    max_bytes: int = field(default_factory=settings.max_input_bytes)
    retries: int = 2
    backoff: float = 1.0
    max_redirects: int = 5
    allow_private: bool = False
    user_agent: str = field(default_factory=user_agent)


@dataclass(slots=True)
class Response:
    """What a fetch returned: the final URL (after redirects, without credentials), the body
    and its media type."""

    url: str
    data: bytes
    media_type: str | None
    status: int


_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


class Fetcher:
    """An httpx client with Tidings' rules; use as a context manager or call ``close``."""

    def __init__(self, options: FetchOptions | None = None) -> None:
        self.options = options or FetchOptions()
        self.client = httpx.Client(
            timeout=httpx.Timeout(self.options.timeout),
            follow_redirects=False,
            headers={"User-Agent": self.options.user_agent, "Accept": "*/*"},
        )

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str) -> Response:
        """Fetch ``url``; raises ``FetchError`` with a one-line reason naming the URL."""
        opts = self.options
        attempt = 0
        while True:
            try:
                return self._follow(url)
            except _Retryable as e:
                if attempt >= opts.retries:
                    raise FetchError(url, e.reason) from None
                time.sleep(opts.backoff * (2**attempt))
                attempt += 1

    def _follow(self, url: str) -> Response:
        current = url
        for _ in range(self.options.max_redirects + 1):
            check_url(current, allow_private=self.options.allow_private, source=url)
            try:
                with self.client.stream("GET", current) as r:
                    if r.is_redirect:
                        location = r.headers.get("location")
                        if not location:
                            raise FetchError(
                                url, f"HTTP {r.status_code} redirect without a location"
                            )
                        current = urljoin(current, location)
                        continue
                    if r.status_code in _RETRY_STATUS:
                        raise _Retryable(f"HTTP {r.status_code}")
                    if r.status_code >= 400:
                        raise FetchError(url, f"HTTP {r.status_code}")
                    data = self._read(r, url)
                    media = r.headers.get("content-type", "").split(";")[0].strip().lower()
                    url_out = strip_credentials(str(r.url))
                    return Response(url_out, data, media or None, r.status_code)
            except httpx.TimeoutException:
                raise _Retryable(f"timed out after {self.options.timeout:g}s") from None
            except httpx.TransportError as e:
                raise _Retryable(f"connection failed ({type(e).__name__}: {e})") from None
        raise FetchError(url, f"more than {self.options.max_redirects} redirects")

    def _read(self, r: httpx.Response, url: str) -> bytes:
        limit = self.options.max_bytes
        declared = r.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise FetchError(url, f"response is over the limit of {limit:,} bytes")
        chunks: list[bytes] = []
        size = 0
        for chunk in r.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise FetchError(url, f"response is over the limit of {limit:,} bytes")
            chunks.append(chunk)
        return b"".join(chunks)


class _Retryable(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


#: IPv6 ranges that carry an IPv4 address in their last 32 bits (NAT64, RFC 6052) and ranges
#: refused outright: local-use NAT64 (RFC 8215) and the deprecated IPv4-compatible ``::a.b.c.d``.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_REFUSED_V6 = (ipaddress.ip_network("64:ff9b:1::/48"), ipaddress.ip_network("::/96"))


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for: IPv4-mapped ``::ffff:a.b.c.d``, NAT64
    ``64:ff9b::a.b.c.d`` or 6to4 ``2002:AABB:CCDD::/48``; None for other addresses."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip.sixtofour


def is_public_address(address: str) -> bool:
    """True for a globally routable unicast address. An IPv6 address that embeds an IPv4 one
    (IPv4-mapped, NAT64, 6to4) is judged by that IPv4 address: ``64:ff9b::7f00:1`` reaches
    127.0.0.1 through a NAT64 gateway, ``2002:a00:1::1`` is 10.0.0.1 by 6to4. Local-use NAT64
    ``64:ff9b:1::/48`` and IPv4-compatible ``::a.b.c.d`` are never public."""
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(
        address.split("%", 1)[0]
    )
    if isinstance(ip, ipaddress.IPv6Address):
        if any(ip in net for net in _REFUSED_V6):
            return False
        ip = embedded_ipv4(ip) or ip
    return ip.is_global and not ip.is_multicast


def strip_credentials(url: str) -> str:
    """``url`` without a ``user:password@`` part (kept out of the store and of what is shown);
    any other URL unchanged."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def check_url(url: str, *, allow_private: bool = False, source: str | None = None) -> None:
    """Raise ``FetchError`` unless ``url`` is http(s) with a host that resolves to public addresses
    only (any address is fine with ``allow_private``)."""
    name = source or url
    try:
        parts = urlsplit(url)
    except ValueError as e:
        raise FetchError(name, f"malformed URL {url!r} ({e})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(name, f"not an http(s) URL: {url!r}")
    if allow_private:
        return
    host = parts.hostname
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FetchError(name, f"bad port in {url!r}") from None
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as e:
        raise _Retryable(f"cannot resolve {host!r} ({e})") from None
    for info in infos:
        address = str(info[4][0])
        if not is_public_address(address):
            raise FetchError(name, f"refused: {host} resolves to a non-public address ({address})")
