"""The FastAPI application: the REST API, the web pages, static files, and the error handlers.

``create_app(config, store=..., pipeline=...)`` builds one app over one store; the routes stay
thin over ``tidings.store`` and ``tidings.pipeline``. Errors are one line for clients: JSON
``{"error": ...}`` under ``/api``, a small HTML page elsewhere; never a stack trace.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from swagger_ui_bundle import swagger_ui_path

from tidings import __version__
from tidings.exc import InputError, TidingsError
from tidings.pipeline import Pipeline
from tidings.serve import api, pages
from tidings.serve.config import ServeConfig
from tidings.serve.security import Guard
from tidings.serve.service import AnalysisTimeout, Services
from tidings.store import NotFound, Store, StoreError

HERE = Path(__file__).resolve().parent
log = logging.getLogger("tidings.serve")

DESCRIPTION = """Tidings reads news articles and answers: who, said what, through which outlet,
claiming which figures, and who is on a sanctions list; every fact tied to its characters.

Lists page with `limit`/`offset` and a `next` link; add `format=csv` or `format=jsonl` for
exports and `all=true` to stream a whole list. Write endpoints need an API key (`Authorization:
Bearer KEY` or `X-API-Key`) when the server is bound beyond localhost or keys are configured."""


def create_app(
    config: ServeConfig | None = None,
    *,
    store: Store | None = None,
    pipeline: Pipeline | None = None,
) -> FastAPI:
    """The app over ``store`` (default: open ``config.database_url``) and ``pipeline`` (default:
    loaded on the first analysis). Raises ``StoreError`` when the store can't be opened."""
    config = config or ServeConfig.from_env()
    svc = Services(config, store=store, pipeline=pipeline)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        svc.close()

    app = FastAPI(
        title="Tidings",
        version=__version__,
        description=DESCRIPTION,
        # FastAPI's own /docs page loads Swagger UI from a CDN with an inline script, which the CSP
        # forbids: pages.py serves /docs from the local copy of swagger-ui-bundle-v2 instead
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.services = svc
    app.add_middleware(Guard, config=config)
    # Swagger UI's files, before /static (the first mount whose prefix matches answers)
    app.mount("/static/swagger", StaticFiles(directory=str(swagger_ui_path)), name="swagger")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    _handlers(app)
    return app


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api") or request.url.path == "/openapi.json"


def _error(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> Response:
    if _is_api(request):
        return JSONResponse({"error": message}, status_code=status, headers=headers)
    return pages.error_page(request, status, message, headers=headers)


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for e in exc.errors():
            where = ".".join(str(x) for x in e.get("loc", ()) if x != "body")
            problems.append(f"{where}: {e.get('msg', 'invalid')}" if where else str(e.get("msg")))
        message = "invalid request: " + "; ".join(problems[:5])
        if _is_api(request):
            detail: list[dict[str, Any]] = [
                {"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")}
                for e in exc.errors()
            ]
            return JSONResponse({"error": message, "detail": detail}, status_code=422)
        return pages.error_page(request, 422, message)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return _error(request, 404, str(exc))

    @app.exception_handler(AnalysisTimeout)
    async def timeout(request: Request, exc: AnalysisTimeout) -> Response:
        return _error(request, 503, str(exc))

    @app.exception_handler(InputError)
    async def bad_input(request: Request, exc: InputError) -> Response:
        return _error(request, 400, str(exc))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        error_id = secrets.token_hex(6)
        log.error("store error %s on %s: %s", error_id, request.url.path, exc)
        return _error(request, 503, f"the store could not answer (error id {error_id})")

    @app.exception_handler(TidingsError)
    async def tidings_error(request: Request, exc: TidingsError) -> Response:
        return _error(request, 400, str(exc))


__all__ = ["HTMLResponse", "create_app"]
