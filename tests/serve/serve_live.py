"""A real uvicorn server on 127.0.0.1 in a background thread, with the protections
``tidings serve`` runs with (``tidings.serve.server.ServerConfig``)."""

from __future__ import annotations

import socket
import threading
import time
from typing import Any


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class ServerThread:
    """uvicorn serving ``app`` on 127.0.0.1; ``options`` go to ``ServerConfig``."""

    def __init__(self, app: Any, **options: Any) -> None:
        from tidings.serve.server import Server, ServerConfig

        self.port = free_port()
        config = ServerConfig(
            app, host="127.0.0.1", port=self.port, log_level="warning", ws="none", **options
        )
        self.server = Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)
