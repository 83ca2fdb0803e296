"""Server settings: bind address, API keys, request limits and timeouts (``TIDINGS_*`` variables).

``TIDINGS_API_KEYS``        comma-separated keys; write endpoints need one (``Authorization:
                            Bearer KEY`` or ``X-API-Key: KEY``) whenever keys are set, and always
                            when the server is bound beyond localhost (with no keys set, writes
                            are then refused outright).
``TIDINGS_SERVE_TIMEOUT``   seconds one analysis (fetch included) may take (default 60).
``TIDINGS_SERVE_HOST``      the address the server is bound to (set by ``tidings serve`` so that
                            worker processes know whether keys are required).
``TIDINGS_MAX_INPUT_BYTES`` the largest article (default 5 MB); request bodies may be 64 KiB
                            larger to leave room for JSON framing.
``TIDINGS_ALLOWED_HOSTS``   comma-separated host names the server answers to (the ``Host``
                            header, port ignored); default the loopback names ``localhost``,
                            ``127.0.0.1`` and ``::1`` plus the bind address when it is a specific
                            one. ``*`` answers any name (only behind a proxy that checks it).
                            Any other name gets 421: a DNS-rebinding page cannot reach the server.
``TIDINGS_SERVE_BODY_TIMEOUT`` seconds a client may take to send a request body (default 30).
``TIDINGS_SERVE_MAX_MEMORY_MB`` the most memory (resident, MB) the analysis worker process may
                            use before its analysis is stopped (default 4096).
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterable
from dataclasses import dataclass, field

from tidings import settings
from tidings.exc import ConfigError

LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})

#: The Host names a server answers to by default: loopback only (DNS rebinding guard).
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def is_local_host(host: str) -> bool:
    """True when ``host`` is a loopback name or address (only this machine can connect)."""
    h = host.strip("[]").lower()
    if h in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False


def _keys(raw: str | None) -> frozenset[str]:
    return frozenset(k.strip() for k in (raw or "").split(",") if k.strip())


def host_name(header: str) -> str:
    """The name in a ``Host`` header, lower-case, without port or IPv6 brackets
    (``[::1]:8000`` -> ``::1``, ``Example.org:80`` -> ``example.org``)."""
    h = header.strip().lower()
    if h.startswith("["):
        return h[1:].partition("]")[0]
    if h.count(":") == 1:
        h = h.partition(":")[0]
    return h.rstrip(".")


def allowed_hosts(names: str | Iterable[str] | None, bind: str) -> frozenset[str]:
    """The Host names to answer to: ``names`` (comma-separated or a list) or, when none are
    given, the loopback names plus ``bind`` when it is a specific address (not 0.0.0.0 / ::)."""
    if isinstance(names, str):
        names = names.split(",")
    given = frozenset(host_name(n) for n in names or () if n.strip())
    if given:
        return given
    extra = {host_name(bind)} if bind not in ("", "0.0.0.0", "::") else set()
    return LOOPBACK_HOSTS | extra


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number of seconds, not {raw!r}") from None
    if value <= 0:
        raise ConfigError(f"{name} must be positive, not {raw!r}")
    return value


@dataclass(slots=True, kw_only=True)
class ServeConfig:
    """How the server runs. ``database_url`` None means the default store (settings)."""

    database_url: str | None = None
    host: str = "127.0.0.1"
    api_keys: frozenset[str] = frozenset()
    max_input_bytes: int = field(default_factory=settings.max_input_bytes)
    allowed_hosts: frozenset[str] = LOOPBACK_HOSTS
    analyze_timeout: float = 60.0
    body_timeout: float = 30.0
    fetch_timeout: float = 15.0
    max_memory_mb: float = 4096.0
    allow_private_urls: bool = False
    max_page: int = 1000

    def host_allowed(self, header: str | None) -> bool:
        """True when a request's ``Host`` header names this server (see TIDINGS_ALLOWED_HOSTS)."""
        if "*" in self.allowed_hosts:
            return True
        return header is not None and host_name(header) in self.allowed_hosts

    @property
    def max_body_bytes(self) -> int:
        return self.max_input_bytes + 65536

    @property
    def keys_required(self) -> bool:
        """Writes need a key when keys are configured or the server is reachable from elsewhere."""
        return bool(self.api_keys) or not is_local_host(self.host)

    @classmethod
    def from_env(cls, **overrides: object) -> ServeConfig:
        """Settings from the environment; keyword arguments win over it."""
        host = os.environ.get("TIDINGS_SERVE_HOST") or "127.0.0.1"
        base = cls(
            host=host,
            api_keys=_keys(os.environ.get("TIDINGS_API_KEYS")),
            allowed_hosts=allowed_hosts(os.environ.get("TIDINGS_ALLOWED_HOSTS"), host),
            analyze_timeout=_float("TIDINGS_SERVE_TIMEOUT", 60.0),
            body_timeout=_float("TIDINGS_SERVE_BODY_TIMEOUT", 30.0),
            max_memory_mb=_float("TIDINGS_SERVE_MAX_MEMORY_MB", 4096.0),
        )
        for k, v in overrides.items():
            setattr(base, k, v)
        return base
