"""``tidings serve``: the REST API and web pages on the default store (uvicorn)."""

from __future__ import annotations

import errno
import logging
import os
import socket
from typing import Annotated

import typer

from tidings.cli.output import console, print_error
from tidings.exc import TidingsError

err = console(stderr=True)


def check_port(host: str, port: int) -> str | None:
    """Why ``host:port`` can't be listened on (one line), or None when it can: bound and
    released at once, as uvicorn will bind it (SO_REUSEADDR), before anything is announced."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as e:
        return f"cannot listen on {host}: {e.strerror}"
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as e:
            if e.errno == errno.EADDRINUSE:
                return f"port {port} on {host} is in use: stop what holds it or pass --port"
            return f"cannot listen on {host}:{port}: {e.strerror or e}"
    return None


def serve_cli(
    host: Annotated[
        str, typer.Option("--host", help="Address to bind; beyond localhost, writes need API keys.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", min=1, max=65535, help="TCP port.")] = 8000,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="URL",
            help="Database URL (default: TIDINGS_DATABASE_URL or SQLite in the data dir).",
        ),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers", "-w", min=1, help="Server processes (each loads its own NLP model)."
        ),
    ] = 1,
    warm: Annotated[
        bool, typer.Option("--warm/--lazy", help="Load the NLP model before taking requests.")
    ] = True,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allowed-host",
            help="A host name the server answers to (repeat for more; default: TIDINGS_ALLOWED_HOSTS"
            " or the loopback names and the --host address); other Host headers get 421.",
        ),
    ] = None,
) -> None:
    """Serve the web pages and the REST API (documentation at /docs)."""
    busy = check_port(host, port)
    if busy:
        err.print(f"[red]error[/red] {busy}", markup=True)
        raise typer.Exit(2)
    from tidings.serve import ServeConfig, create_app, server
    from tidings.serve.config import is_local_host

    # worker processes rebuild the app from the environment: say where it is bound, which
    # names it answers to and which store it serves
    os.environ["TIDINGS_SERVE_HOST"] = host
    if allowed_host:
        os.environ["TIDINGS_ALLOWED_HOSTS"] = ",".join(allowed_host)
    if db:
        os.environ["TIDINGS_DATABASE_URL"] = db
    try:
        config = ServeConfig.from_env(database_url=db)
        app = create_app(config)
    except TidingsError as e:
        print_error(err, e)
        raise typer.Exit(2) from None
    if config.keys_required and not config.api_keys:
        print_error(
            err,
            f"bound to {host} without TIDINGS_API_KEYS: "
            "analysing and storing are refused; reading works",
            label="warning",
            style="yellow",
        )
    if not is_local_host(host) and "*" not in config.allowed_hosts:
        names = ", ".join(sorted(config.allowed_hosts))
        err.print(
            f"answering to the host names {names} only; give the names clients use with "
            "--allowed-host NAME (or TIDINGS_ALLOWED_HOSTS)",
            markup=False,
        )
    if warm and workers == 1:
        err.print("loading the NLP model…")
        try:
            app.state.services.warm_up()
        except TidingsError as e:
            print_error(err, e)
            raise typer.Exit(2) from None
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    shown = f"[{host}]" if ":" in host else host
    err.print(f"Tidings on http://{shown}:{port}/ (Ctrl-C stops)")
    if workers > 1:
        app.state.services.close()  # each worker opens its own
    server.run(
        app if workers == 1 else "tidings.serve.app:create_app",
        workers=workers,
        host=host,
        port=port,
        log_level="info",
    )
