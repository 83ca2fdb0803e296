"""The server's guard rails: the Host check, security headers on every response, a request-size
limit and a body-read deadline, a generic 500 with an error id instead of a stack trace, API keys
for writes (one rule for the API and the forms), same-origin form posts.

``Guard`` is plain ASGI middleware (no response buffering). Before anything else it answers 421
to a ``Host`` the server does not go by (``ServeConfig.allowed_hosts``: a page on another site
whose name was rebound to 127.0.0.1 sends its own name). It adds the headers as the response
starts, refuses bodies over the limit (413) whether or not they declare a length, answers 408
when the body is not in within ``body_timeout`` seconds of the request (a client trickling a
body cannot hold a request open), and turns any exception that escapes the app into
``{"error": "internal error", "error_id": ...}`` (logged server-side with the traceback under
that id).
"""

from __future__ import annotations

import hmac
import json
import logging
import secrets
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

import anyio
from fastapi import HTTPException, Request

from tidings.serve.config import ServeConfig

log = logging.getLogger("tidings.serve")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: No inline script or style anywhere: JS and CSS are files under /static.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    # same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on our own
    # form posts, and the same-origin check could no longer tell them from cross-site ones
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)


class _Refused(Exception):
    """The request body broke a limit; ``status`` and ``error`` are the answer."""

    def __init__(self, status: int, error: str) -> None:
        super().__init__(error)
        self.status = status
        self.error = error


class Guard:
    """Host check, headers, body limits and generic 500s around the app (see the module doc)."""

    def __init__(self, app: ASGIApp, config: ServeConfig) -> None:
        self.app = app
        self.config = config

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        host = headers.get(b"host")
        if not self.config.host_allowed(host.decode("latin-1") if host is not None else None):
            shown = host.decode("latin-1")[:100] if host is not None else "(none)"
            await _send_json(
                send,
                421,
                {
                    "error": f"this server does not answer to the host {shown!r} (see TIDINGS_ALLOWED_HOSTS)"
                },
            )
            return
        limit = self.config.max_body_bytes
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _send_json(send, 413, _too_large(limit))
            return
        started = False
        refused = False
        received = 0
        body_done = False
        deadline = time.monotonic() + self.config.body_timeout

        async def refuse(status: int, error: str) -> None:
            # answer now: the app may catch the exception below and try a 400 instead
            nonlocal refused, started
            if not started:
                started = refused = True
                await _send_json(send, status, {"error": error})
            raise _Refused(status, error)

        async def limited_receive() -> Message:
            nonlocal received, body_done
            if body_done:  # only a disconnect can come now: no deadline
                return await receive()
            with anyio.move_on_after(max(0.0, deadline - time.monotonic())) as waited:
                message = await receive()
            if waited.cancelled_caught:
                await refuse(
                    408, f"the request body took longer than {self.config.body_timeout:g} s"
                )
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                body_done = not message.get("more_body", False)
                if received > limit:
                    await refuse(413, _too_large(limit)["error"])
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if refused:
                return
            if message["type"] == "http.response.start":
                started = True
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in _OURS]
                message["headers"] = [*headers, *SECURITY_HEADERS]
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except _Refused as e:
            if not started:
                await _send_json(send, e.status, {"error": e.error})
        except Exception:
            error_id = secrets.token_hex(6)
            log.exception(
                "internal error %s on %s %s", error_id, scope.get("method"), scope.get("path")
            )
            if not started:
                await _send_json(send, 500, {"error": "internal error", "error_id": error_id})


_OURS = frozenset(k for k, _ in SECURITY_HEADERS)


def _too_large(limit: int) -> dict[str, str]:
    return {"error": f"request body over the limit of {limit:,} bytes"}


async def _send_json(send: Send, status: int, body: dict[str, Any]) -> None:
    data = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(data)).encode()),
                *SECURITY_HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": data})


# --- API keys and same-origin posts ---------------------------------------------------------


def presented_keys(request: Request) -> list[str]:
    """Every credential a client sent: ``Authorization: Bearer KEY`` and ``X-API-Key: KEY``.

    An ``Authorization`` header of another scheme (or empty) counts as a wrong key, so a bad
    credential is never excused by a good one beside it.
    """
    keys: list[str] = []
    auth = request.headers.get("authorization")
    if auth is not None:
        scheme, _, value = auth.partition(" ")
        keys.append(value.strip() if scheme.lower() == "bearer" else "")
    header = request.headers.get("x-api-key")
    if header is not None:
        keys.append(header.strip())
    return keys


def check_key(config: ServeConfig, keys: list[str]) -> None:
    """Raise 401/403 unless ``keys`` (all of them) may write; see ``ServeConfig.keys_required``."""
    if not config.keys_required:
        return
    if not config.api_keys:
        raise HTTPException(
            403,
            "writes are disabled on a server bound beyond localhost without API keys "
            "(set TIDINGS_API_KEYS)",
        )
    challenge = {"WWW-Authenticate": 'Bearer realm="tidings"'}
    if not keys:
        raise HTTPException(401, "an API key is required", headers=challenge)
    for key in keys:
        if not any(hmac.compare_digest(key.encode(), k.encode()) for k in config.api_keys):
            raise HTTPException(401, "the API key is not valid", headers=challenge)


def check_same_origin(request: Request) -> None:
    """Refuse a form post that a browser sent from another site (cross-site request forgery).

    A browser always sends ``Origin`` (or at least ``Referer``) on cross-site posts; when it
    names another host than the one addressed, the post is refused. Clients sending neither
    are not browsers and pass.
    """
    host = request.headers.get("host", "")
    origin = request.headers.get("origin")
    if origin is None:
        referer = request.headers.get("referer")
        if referer is None:
            return
        origin = referer
    if origin == "null" or urlsplit(origin).netloc.lower() != host.lower():
        raise HTTPException(403, "cross-site form posts are refused")
