"""``tidings serve``: the REST API and web pages on the default store (uvicorn)."""

from __future__ import annotations

import logging
import os
from typing import Annotated

import typer

from tidings.cli.output import console, print_error
from tidings.exc import TidingsError

err = console(stderr=True)


def serve_cli(
    host: Annotated[
        str, typer.Option("--host", help="Address to bind; beyond localhost, writes need API keys.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", min=1, max=65535, help="TCP port.")] = 8000,
    db: Annotated[
        str | None,
        typer.Option(
            "--db", help="Database URL (default: TIDINGS_DATABASE_URL or SQLite in the data dir)."
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
) -> None:
    """Serve the web pages and the REST API (OpenAPI at /openapi.json)."""
    import uvicorn

    from tidings.serve import ServeConfig, create_app

    # worker processes rebuild the app from the environment: say where it is bound and to which store
    os.environ["TIDINGS_SERVE_HOST"] = host
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
    uvicorn.run(
        app if workers == 1 else "tidings.serve.app:create_app",
        factory=workers > 1,
        workers=workers,
        host=host,
        port=port,
        log_level="info",
        timeout_keep_alive=5,
        limit_concurrency=200,
        server_header=False,
    )
