"""REST API and web pages over the store and the pipeline: ``create_app()``, ``tidings serve``.

Modules, in the order a request meets them::

    config.py    ServeConfig: bind address, API keys, limits, timeouts (TIDINGS_* variables)
    security.py  Guard middleware (headers, CSP, size limit, generic 500), API keys, same-origin
    app.py       create_app(): FastAPI app, routers, static files, error handlers
    service.py   Services: the store, the pipeline (one analysis at a time), text/HTML/URL in
    api.py       /api/...: analyse, store, list (paged, CSV/JSONL export), dossiers, stories
    pages.py     the web pages (Jinja2 templates under templates/, CSS/JS under static/)
    layers.py    an analysis as highlight segments with self-explaining annotations
    charts.py    timeline and co-mention graph geometry for inline SVG
    queries.py   corpus-wide watchlist hits and stories read from the store's tables
"""

from __future__ import annotations

from tidings.serve.app import create_app
from tidings.serve.config import ServeConfig

__all__ = ["ServeConfig", "create_app"]
