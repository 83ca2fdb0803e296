"""``tidings serve`` on a port that is taken: a one-line error before any URL is announced."""

from __future__ import annotations

import socket
import subprocess
import sys

from tidings.cli.serve import check_port


def test_busy_port_is_refused_before_the_url() -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        assert check_port("127.0.0.1", port) == (
            f"port {port} on 127.0.0.1 is in use: stop what holds it or pass --port"
        )
        p = subprocess.run(
            [sys.executable, "-m", "tidings", "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert p.returncode == 2
    assert (
        p.stderr.strip()
        == f"error port {port} on 127.0.0.1 is in use: stop what holds it or pass --port"
    )
    assert "http://" not in p.stderr + p.stdout


def test_free_port_and_unknown_host() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert check_port("127.0.0.1", port) is None
    assert (check_port("no-such-host.invalid", port) or "").startswith(
        "cannot listen on no-such-host.invalid"
    )
