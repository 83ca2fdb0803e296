"""REST API and web pages over the store and the pipeline: ``create_app()``, ``tidings serve``.

Modules, in the order a request meets them::

    server.py    uvicorn with a header deadline; slow connections cannot crowd out requests
    config.py    ServeConfig: bind address, allowed Host names, API keys, limits, timeouts
    security.py  Guard middleware (Host check, headers, CSP, body limits, generic 500), API keys
    app.py       create_app(): FastAPI app, routers, static files (Swagger UI's), error handlers
    service.py   Services: the store, the pipeline, text/HTML/URL in; timeouts, client gone
    worker.py    Worker: one analysis at a time in a forked child the server can kill
    api.py       /api/...: analyse, store, list (paged, CSV/JSONL export), dossiers, stories
    pages.py     the web pages and /docs (Jinja2 templates under templates/, CSS/JS under static/)
    layers.py    an analysis as highlight segments with self-explaining annotations
    charts.py    timeline and co-mention graph geometry for inline SVG
    queries.py   corpus-wide watchlist hits, stories and an article's stories from the store
"""

from __future__ import annotations

from tidings.serve.app import create_app
from tidings.serve.config import ServeConfig

__all__ = ["ServeConfig", "create_app"]
