"""``tidings serve``: starts on the given host and port over the default store; bad settings are
one-line errors."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import typer
from typer.testing import CliRunner

from tidings.cli.serve import serve_cli

RUN = "import typer; from tidings.cli.serve import serve_cli; app = typer.Typer(); app.command()(serve_cli); app()"


def cli() -> typer.Typer:
    app = typer.Typer()
    app.command()(serve_cli)
    return app


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--db", "sqlite:////proc/no-such-dir/store.db"], {}, "cannot"),
        (["--lazy"], {"TIDINGS_SERVE_TIMEOUT": "soon"}, "TIDINGS_SERVE_TIMEOUT must be a number"),
    ],
)
def test_cli_serve_bad_settings_one_line(
    args: list[str],
    env: dict[str, str],
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(tmp_path))
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    result = CliRunner().invoke(cli(), args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_cli_serve_serves_the_default_store(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "TIDINGS_DATA_DIR": str(tmp_path)}
    env.pop("TIDINGS_DATABASE_URL", None)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            RUN,
            "--port",
            str(port),
            "--lazy",
            "--allowed-host",
            "tidings.test",
            "--allowed-host",
            "127.0.0.1",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/articles", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not come up"
                time.sleep(0.2)
        assert r.status_code == 200 and r.json()["items"] == []
        assert (tmp_path / "tidings.db").exists()  # the default store in the data directory
        assert "Analyse an article" in httpx.get(f"http://127.0.0.1:{port}/", timeout=5).text
        # the names given with --allowed-host, and no other
        named = httpx.get(f"http://127.0.0.1:{port}/", headers={"Host": "tidings.test"}, timeout=5)
        assert named.status_code == 200
        other = httpx.get(f"http://127.0.0.1:{port}/", headers={"Host": "localhost"}, timeout=5)
        assert other.status_code == 421
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        if proc.stdout is not None:
            proc.stdout.close()
