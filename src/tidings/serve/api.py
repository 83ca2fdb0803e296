"""The REST API under ``/api``: analyse, store, list, search, dossiers, stories, watchlist hits.

Every list takes ``limit``/``offset`` and answers ``{"items", "offset", "limit", "next"}`` with a
``next`` link (also sent as ``Link: <...>; rel="next"``) while more rows exist, so any list can be
walked to its end. ``format=csv`` or ``format=jsonl`` gives the same page as CSV or JSON Lines;
``all=true`` streams the whole filtered list in the chosen format, paged internally. Errors are
``{"error": "one line"}`` with a 4xx status; an unexpected failure is a 500 with an ``error_id``.
"""

from __future__ import annotations

import builtins
import csv
import io
import json
from collections.abc import Callable, Iterator
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Generic, TypeVar

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, model_validator

from tidings.serve import queries
from tidings.serve.security import check_key, presented_keys
from tidings.serve.service import Services
from tidings.store import NotFound

router = APIRouter(prefix="/api")

T = TypeVar("T")

# Documented in OpenAPI so clients (and schemathesis) know how to authenticate writes.
_bearer = HTTPBearer(auto_error=False, description="An API key from TIDINGS_API_KEYS.")
_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="Same key, as a header.")


def services(request: Request) -> Services:
    svc: Services = request.app.state.services
    return svc


def writer(
    request: Request,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    header: Annotated[str | None, Depends(_header)],
) -> Services:
    """The services, once the request has shown a valid key where one is required."""
    svc = services(request)
    # the two dependencies document the schemes in OpenAPI; every credential sent is checked
    del bearer, header
    check_key(svc.config, presented_keys(request))
    return svc


Svc = Annotated[Services, Depends(services)]
Writer = Annotated[Services, Depends(writer)]


# --- models ----------------------------------------------------------------------------------


def _one_of_sources(schema: dict[str, Any]) -> None:
    """Say in the spec what the validator enforces: exactly one of text, html, url (no nulls)."""
    props = schema.get("properties", {})
    for key in ("text", "html", "url"):
        if key in props:
            kept = {k: v for k, v in props[key].items() if k in ("title", "description")}
            max_length = 2048 if key == "url" else None
            props[key] = {
                **kept,
                "type": "string",
                **({"maxLength": max_length} if max_length else {}),
            }
    schema["oneOf"] = [{"required": [k]} for k in ("text", "html", "url")]


class ArticleIn(BaseModel):
    """One article: exactly one of ``text``, ``html`` or ``url``, and optional metadata that wins
    over what the text or page says."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_one_of_sources)

    text: str | None = Field(
        None, description="Plain text; a headline-like first line is the title."
    )
    html: str | None = Field(None, description="An HTML page; its article body is extracted.")
    url: str | None = Field(
        None,
        max_length=2048,
        description="A public http(s) URL to fetch (private, loopback, link-local refused).",
    )
    title: str | None = Field(None, max_length=1000)
    outlet: str | None = Field(None, max_length=300)
    published: date | None = Field(None, description="Publication date (YYYY-MM-DD).")

    @model_validator(mode="before")
    @classmethod
    def _one_source(cls, data: Any) -> Any:
        if isinstance(data, dict):
            given = [k for k in ("text", "html", "url") if k in data]
            if len(given) != 1:
                raise ValueError("give exactly one of text, html or url")
            if data[given[0]] is None:
                raise ValueError(f"{given[0]} must be a string")
        return data


class AnalyzeIn(ArticleIn):
    store: bool = Field(False, description="Also store the analysis (needs write access).")


class Stored(BaseModel):
    id: str
    status: str = Field(description="stored (new) or exists (already in the store: a no-op)")
    href: str


class ArticleSummaryOut(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    source: str | None
    language: str
    stored_at: str


class SearchHitOut(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    score: float
    snippet: str
    highlights: list[tuple[int, int]]


class FeatureOut(BaseModel):
    name: str
    weight: float
    detail: str


class HitOut(BaseModel):
    article_id: str
    entity_id: str
    name: str
    list: str
    list_id: str
    listed_name: str
    programs: builtins.list[str]
    score: float
    listed_on: str | None
    article_predates_listing: bool | None
    explanation: builtins.list[FeatureOut]
    extractor: str
    version: str
    title: str | None
    outlet: str | None
    published: str | None


class Page(BaseModel, Generic[T]):
    items: list[T]
    offset: int
    limit: int
    next: str | None = Field(description="URL of the next page; null on the last one.")


class ErrorOut(BaseModel):
    error: str


class Format(StrEnum):
    json = "json"
    csv = "csv"
    jsonl = "jsonl"


_ANALYSIS_DOC = (
    "The analysis JSON (schema ``tidings.analysis/1``, see src/tidings/schema/"
    "analysis.schema.json): text, entities with mentions, quotes with speaker and via, claims "
    "with sources, events, rhetoric spans with their voice, watchlist hits with explanations; "
    "every fact with its character span and provenance."
)
_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "The input can't be analysed (one-line reason)."},
    413: {"model": ErrorOut, "description": "Request body over the size limit."},
}
_WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **_ERRORS,
    401: {"model": ErrorOut, "description": "API key missing or wrong."},
    403: {"model": ErrorOut, "description": "Writes disabled (no keys on a public bind)."},
    503: {"model": ErrorOut, "description": "The analysis timed out or used too much memory."},
}
_LIST_CONTENT: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            "application/x-ndjson": {"schema": {"type": "string"}},
        },
        "description": "A page (JSON), or with format=csv/jsonl the rows; all=true streams all.",
    }
}

Limit = Annotated[int, Query(ge=1, le=1000, description="Rows per page.")]
Offset = Annotated[int, Query(ge=0, le=2**53, description="Rows to skip.")]
Fmt = Annotated[Format, Query(description="json (a page), csv or jsonl.")]
All = Annotated[bool, Query(description="Stream every row (no paging) in the chosen format.")]
Entity = Annotated[
    str | None,
    Query(max_length=500, description="Articles naming this entity (name, alias or id)."),
]
Outlet = Annotated[str | None, Query(max_length=300, description="Outlet, case-insensitive.")]
Since = Annotated[date | None, Query(description="Published on or after (inclusive).")]
Until = Annotated[date | None, Query(description="Published on or before (inclusive).")]


# --- analysis and storage --------------------------------------------------------------------


@router.post(
    "/analyze",
    summary="Analyse an article",
    response_description=_ANALYSIS_DOC,
    responses=_WRITE_ERRORS,
)
async def analyze(body: AnalyzeIn, svc: Writer, request: Request) -> JSONResponse:
    """Analyse text, HTML or a URL and return the analysis; nothing is stored unless ``store``."""
    analysis, _ = await svc.analyze(
        store=body.store, disconnected=request.is_disconnected, **_source(body)
    )
    return JSONResponse(analysis.to_dict())


@router.post(
    "/articles",
    summary="Ingest and store an article",
    status_code=201,
    response_model=Stored,
    responses={
        **_WRITE_ERRORS,
        200: {"model": Stored, "description": "Already stored: nothing changed (exists)."},
    },
)
async def create_article(
    body: ArticleIn, svc: Writer, request: Request, response: Response
) -> Stored:
    """Analyse an article and store it. Storing the same text again is a no-op (``exists``)."""
    analysis, written = await svc.analyze(
        store=True, disconnected=request.is_disconnected, **_source(body)
    )
    href = f"/api/articles/{analysis.id}"
    response.headers["Location"] = href
    if written is not None and written.written == 0:
        response.status_code = 200
        return Stored(id=analysis.id, status="exists", href=href)
    return Stored(id=analysis.id, status="stored", href=href)


def _source(body: ArticleIn) -> dict[str, Any]:
    return {
        "text": body.text,
        "html": body.html,
        "url": body.url,
        "title": body.title,
        "outlet": body.outlet,
        "published": body.published,
    }


# --- reading ---------------------------------------------------------------------------------


@router.get(
    "/articles",
    summary="List stored articles",
    response_model=Page[ArticleSummaryOut],
    responses=_LIST_CONTENT,
)
def list_articles(
    request: Request,
    svc: Svc,
    entity: Entity = None,
    outlet: Outlet = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 50,
    offset: Offset = 0,
    format: Fmt = Format.json,
    all: All = False,
) -> Any:
    """Stored articles, newest publication date first (undated last)."""

    def fetch(n: int, skip: int) -> list[dict[str, Any]]:
        rows = svc.store.articles(
            entity=entity,
            outlet=outlet,
            since=since.isoformat() if since else None,
            until=until.isoformat() if until else None,
            limit=n,
            offset=skip,
        )
        return [r.to_dict() for r in rows]

    return listing(
        request, fetch, limit=limit, offset=offset, format=format, all=all, name="articles"
    )


@router.get(
    "/articles/{article_id}",
    summary="One stored analysis",
    response_description=_ANALYSIS_DOC,
    responses={404: {"model": ErrorOut}},
)
def get_article(article_id: str, svc: Svc) -> JSONResponse:
    """The stored analysis of one article, by its id (a hash of its text)."""
    # JSONResponse straight away: the analysis is JSON-ready, and FastAPI's generic encoder
    # would walk every nested fact again (it doubled the latency of this endpoint)
    return JSONResponse(svc.store.get(article_id).to_dict())


@router.get(
    "/search",
    summary="Full-text search",
    response_model=Page[SearchHitOut],
    responses=_LIST_CONTENT,
)
def search(
    request: Request,
    svc: Svc,
    q: Annotated[
        str,
        Query(
            max_length=1000,
            description='Words (all must match), "a phrase", OR, -excluded; empty lists all.',
        ),
    ] = "",
    entity: Entity = None,
    outlet: Outlet = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 20,
    offset: Offset = 0,
    format: Fmt = Format.json,
    all: All = False,
) -> Any:
    """Articles matching ``q``, best first, each with a plain-text snippet and match offsets."""

    def fetch(n: int, skip: int) -> list[dict[str, Any]]:
        hits = svc.store.search(
            q,
            entity=entity,
            outlet=outlet,
            since=since.isoformat() if since else None,
            until=until.isoformat() if until else None,
            limit=n,
            offset=skip,
        )
        return [h.to_dict() for h in hits]

    return listing(
        request, fetch, limit=limit, offset=offset, format=format, all=all, name="search"
    )


@router.get(
    "/entities/{name_or_id:path}",  # names may hold "/"
    summary="An entity's dossier",
    responses={404: {"model": ErrorOut}},
)
def entity(
    name_or_id: str,
    svc: Svc,
    type: Annotated[
        str | None, Query(max_length=16, description="PERSON, ORG, GPE, ...: which one to show.")
    ] = None,
) -> JSONResponse:
    """Everything the corpus holds about an entity: aliases, descriptors, countries, a timeline
    of articles, quotes by and about it, claims, watchlist hits, co-mentioned entities."""
    return JSONResponse(svc.store.entity_dossier(name_or_id, type=type).to_dict())


@router.get(
    "/stories/{story_id}", summary="A story, outlet by outlet", responses={404: {"model": ErrorOut}}
)
def story(story_id: str, svc: Svc) -> JSONResponse:
    """The articles of a story side by side: who each quoted, which figures each gave, their
    watchlist hits, and the entities they share."""
    return JSONResponse(queries.story(svc.store, story_id).to_dict())


@router.get(
    "/watchlist/hits",
    summary="Watchlist hits across the corpus",
    response_model=Page[HitOut],
    responses=_LIST_CONTENT,
)
def watchlist_hits(
    request: Request,
    svc: Svc,
    entity: Entity = None,
    outlet: Outlet = None,
    since: Since = None,
    until: Until = None,
    list_name: Annotated[
        str | None, Query(alias="list", max_length=100, description="One list only.")
    ] = None,
    min_score: Annotated[float | None, Query(ge=0, le=1)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
    format: Fmt = Format.json,
    all: All = False,
) -> Any:
    """Every stored watchlist hit with its explanation, newest article first."""

    def fetch(n: int, skip: int) -> list[dict[str, Any]]:
        return queries.watchlist_hits(
            svc.store,
            entity=entity,
            outlet=outlet,
            since=since,
            until=until,
            list_name=list_name,
            min_score=min_score,
            limit=n,
            offset=skip,
        )

    return listing(request, fetch, limit=limit, offset=offset, format=format, all=all, name="hits")


# --- lists -----------------------------------------------------------------------------------

Fetch = Callable[[int, int], list[dict[str, Any]]]


def listing(
    request: Request,
    fetch: Fetch,
    *,
    limit: int,
    offset: int,
    format: Format,
    all: bool,
    name: str,
) -> Response:
    """One page (or, with ``all``, every row) of ``fetch`` in ``format`` (see the module doc)."""
    if all:
        rows = queries.iter_pages(fetch)
        media, body = _stream(rows, format)
        return StreamingResponse(
            body,
            media_type=media,
            headers={"Content-Disposition": f'attachment; filename="{name}.{_ext(format)}"'},
        )
    rows_plus = fetch(limit + 1, offset)
    more = len(rows_plus) > limit
    page = rows_plus[:limit]
    next_url = str(request.url.include_query_params(offset=offset + limit)) if more else None
    headers = {"Link": f'<{next_url}>; rel="next"'} if next_url else {}
    if format is Format.json:
        return JSONResponse(
            {"items": page, "offset": offset, "limit": limit, "next": next_url}, headers=headers
        )
    media, body = _stream(iter(page), format)
    return Response("".join(body), media_type=media, headers=headers)


def _ext(format: Format) -> str:
    return {"json": "json", "csv": "csv", "jsonl": "jsonl"}[format.value]


def _stream(rows: Iterator[dict[str, Any]], format: Format) -> tuple[str, Iterator[str]]:
    if format is Format.csv:
        return "text/csv; charset=utf-8", _csv(rows)
    if format is Format.jsonl:
        return "application/x-ndjson", (json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    return "application/json", _json_array(rows)


def _json_array(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    """All rows as one page object (the ``Page`` shape, with ``next`` null), streamed."""
    yield '{"items": ['
    count = 0
    for r in rows:
        yield ("," if count else "") + json.dumps(r, ensure_ascii=False)
        count += 1
    yield f'], "offset": 0, "limit": {max(count, 1)}, "next": null}}\n'


def csv_cell(value: Any) -> str:
    """A CSV cell: lists and dicts as JSON; text that a spreadsheet would run as a formula
    (starting with = + - @, tab or carriage return) gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, list | dict | tuple):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value)
    if text and text[0] in "=+-@\t\r" and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _csv(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    buf = io.StringIO()
    out = csv.writer(buf)
    header: list[str] | None = None
    for r in rows:
        if header is None:
            header = list(r)
            out.writerow(header)
        out.writerow([csv_cell(r.get(k)) for k in header])
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    if header is None:
        yield ""


__all__ = ["NotFound", "router"]
