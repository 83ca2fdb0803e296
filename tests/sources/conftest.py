"""A real HTTP server on 127.0.0.1 serving made-up articles, feeds and misbehaving endpoints."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sources_server import Route, Server


@pytest.fixture
def server() -> Iterator[Server]:
    routes: dict[str, Route] = {}
    hits: Counter[str] = Counter()
    agents: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits[self.path] += 1
            agents.append(self.headers.get("User-Agent", ""))
            route = routes.get(self.path, Route(404, b"not found", "text/plain"))
            if route.dynamic is not None:
                route = route.dynamic(hits[self.path])
            if route.delay:
                time.sleep(route.delay)
            try:
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                for k, v in route.headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(route.body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield Server(base, routes, hits, agents)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
