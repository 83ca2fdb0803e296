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
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field

from tidings import settings
from tidings.exc import ConfigError

LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


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
    analyze_timeout: float = 60.0
    fetch_timeout: float = 15.0
    allow_private_urls: bool = False
    max_page: int = 1000

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
        base = cls(
            host=os.environ.get("TIDINGS_SERVE_HOST") or "127.0.0.1",
            api_keys=_keys(os.environ.get("TIDINGS_API_KEYS")),
            analyze_timeout=_float("TIDINGS_SERVE_TIMEOUT", 60.0),
        )
        for k, v in overrides.items():
            setattr(base, k, v)
        return base
