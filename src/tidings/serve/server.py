"""Running the app under uvicorn so that slow or idle clients cannot tie the server up.

uvicorn bounds the time between requests (``timeout_keep_alive``) and the number of connections
(``limit_concurrency``, answering 503 beyond it) but not the time a new connection may take to
send its request headers: 205 connections trickling a header a byte at a time stayed open for
good, and, counted against the limit, made every other request a 503. ``Protocol`` (uvicorn's h11
protocol) adds what is missing:

- a header deadline: a connection whose request headers are not complete ``header_timeout``
  seconds after it opened (or after its previous response) gets ``408`` and is closed;
- connections still sending headers do not count against ``limit_concurrency`` (so they cannot
  make real requests 503), and when more than ``max_waiting`` of them are open the oldest is
  closed to make room: a flood of slow connections pushes itself out, not the clients that send
  a request at once;
- the header block is capped at ``h11_max_incomplete_event_size`` (16 KiB: 400 beyond).

The body has its own deadline in ``security.Guard`` (``body_timeout``).
"""

from __future__ import annotations

import asyncio
from typing import Any
from weakref import WeakKeyDictionary

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.server import ServerState
from uvicorn.supervisors import Multiprocess

HEADER_TIMEOUT = 10.0
MAX_WAITING = 100
MAX_HEADER_BYTES = 16 * 1024

_TIMEOUT_RESPONSE = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain\r\nconnection: close\r\n"
    b"content-length: 31\r\n\r\nrequest headers took too long.\n"
)

#: per server: the connections still waiting for their request headers, oldest first
_waiting: WeakKeyDictionary[ServerState, dict[Protocol, None]] = WeakKeyDictionary()


class ServerConfig(uvicorn.Config):
    """uvicorn's settings plus ``header_timeout`` and ``max_waiting`` (see the module doc)."""

    def __init__(
        self,
        app: Any,
        *,
        header_timeout: float = HEADER_TIMEOUT,
        max_waiting: int = MAX_WAITING,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("http", "tidings.serve.server:Protocol")
        kwargs.setdefault("timeout_keep_alive", 5)
        kwargs.setdefault("limit_concurrency", 200)
        kwargs.setdefault("h11_max_incomplete_event_size", MAX_HEADER_BYTES)
        kwargs.setdefault("server_header", False)
        super().__init__(app, **kwargs)
        self.header_timeout = header_timeout
        self.max_waiting = max_waiting


class Protocol(H11Protocol):
    """uvicorn's h11 protocol with a request-header deadline (see the module doc)."""

    def __init__(self, config: uvicorn.Config, server_state: ServerState, **kwargs: Any) -> None:
        super().__init__(config, server_state, **kwargs)
        self.header_timeout: float = getattr(config, "header_timeout", HEADER_TIMEOUT)
        self.max_waiting: int = getattr(config, "max_waiting", MAX_WAITING)
        self._header_timer: asyncio.TimerHandle | None = None
        self._waiting = _waiting.setdefault(server_state, {})

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        # not counted against limit_concurrency until its headers are in
        self.connections.discard(self)
        while len(self._waiting) >= self.max_waiting:
            oldest = next(iter(self._waiting))
            oldest._drop_waiting()
            oldest.transport.close()
        self._waiting[self] = None
        self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._header_timer = self.loop.call_later(self.header_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _drop_waiting(self) -> None:
        self._waiting.pop(self, None)

    def _too_slow(self) -> None:
        self._header_timer = None
        self._drop_waiting()
        if not self.transport.is_closing():
            if self.conn.their_state is h11.IDLE and self.conn.our_state is h11.IDLE:
                self.transport.write(_TIMEOUT_RESPONSE)
            self.transport.close()

    def handle_events(self) -> None:
        super().handle_events()
        if self._header_timer is not None and self.conn.their_state is not h11.IDLE:
            self._disarm()
            if self in self._waiting:
                self._drop_waiting()
                if not self.transport.is_closing():
                    self.connections.add(self)

    def on_response_complete(self) -> None:
        if not self.transport.is_closing():
            self._arm()  # the next request's headers are due in time too (before a pipelined
        super().on_response_complete()  # request, which this may read, disarms it)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        self._drop_waiting()
        super().connection_lost(exc)


class Server(uvicorn.Server):
    """uvicorn's server that, stopping, also closes the connections still waiting for their
    headers (they are not in its connection set, which it closes itself)."""

    async def shutdown(self, sockets: Any = None) -> None:
        for waiting in list(_waiting.get(self.server_state, {})):
            waiting._drop_waiting()
            waiting.transport.close()
        await super().shutdown(sockets)


def run(app: Any, *, workers: int = 1, **kwargs: Any) -> None:
    """Serve ``app`` (an ASGI app, or with ``workers`` > 1 an import string of an app factory)
    like ``uvicorn.run`` with ``ServerConfig``'s protections."""
    config = ServerConfig(app, workers=workers, factory=workers > 1, **kwargs)
    if workers > 1:
        Multiprocess(config, sockets=[config.bind_socket()]).run()
    else:
        Server(config).run()
