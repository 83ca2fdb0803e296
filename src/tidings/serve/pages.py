"""The web pages: analyse a text, articles with toggleable highlight layers, entity dossiers,
stories (listed, and side by side), search, watchlist hits and the API documentation (Swagger
UI from local files). Server-rendered Jinja2 with autoescaping on
(article text is never marked safe); the JavaScript under /static only toggles and explains.

Form posts are checked for a same-site origin and, where the API needs a key, take one in the
form; analyses that are stored redirect (303) to their article page.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qs, urlsplit

import jinja2
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from tidings.exc import InputError
from tidings.model import Analysis
from tidings.serve import charts, queries
from tidings.serve.layers import (
    LAYERS,
    Span,
    article_view,
    entity_href,
    segments,
)
from tidings.serve.security import check_key, check_same_origin
from tidings.serve.service import Services
from tidings.watchlist.report import screening_line

HERE = Path(__file__).resolve().parent
_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"),
    autoescape=True,  # every template, whatever its extension
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.globals["entity_href"] = entity_href


def safe_url(url: str | None) -> str | None:
    """``url`` when it is http(s); None for javascript:, data: and anything else (never a link)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url.strip()
    return None


_env.filters["safe_url"] = safe_url
templates = Jinja2Templates(env=_env)

router = APIRouter(include_in_schema=False)

PAGE = 50


def _svc(request: Request) -> Services:
    svc: Services = request.app.state.services
    return svc


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """``name`` rendered with ``context`` (plus ``title`` and ``keys_required`` defaults)."""
    context.setdefault("title", "Tidings")
    context.setdefault("keys_required", _svc(request).config.keys_required)
    return templates.TemplateResponse(request, name, context, status_code=status)


def error_page(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> HTMLResponse:
    response = render(
        request,
        "error.html",
        {"title": f"Error {status}", "status": status, "message": message},
        status,
    )
    for k, v in (headers or {}).items():
        response.headers[k] = v
    return response


def _pages(request: Request, offset: int, limit: int, more: bool) -> dict[str, str | None]:
    nxt = str(request.url.include_query_params(offset=offset + limit)) if more else None
    prev = (
        str(request.url.include_query_params(offset=max(0, offset - limit))) if offset > 0 else None
    )
    return {"next": nxt, "prev": prev}


Offset = Annotated[int, Query(ge=0, le=2**53)]
Text = Annotated[str | None, Query(max_length=500)]


# --- analyse ---------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    recent = _svc(request).store.articles(limit=10)
    return render(
        request,
        "analyze.html",
        {"title": "Analyse an article", "recent": recent, "form": {}, "error": None},
    )


@router.post("/analyze", response_class=HTMLResponse)
async def analyze_form(request: Request) -> Response:
    """The analyse form: text (or HTML, or a URL) in; stored analyses redirect to their page."""
    check_same_origin(request)
    svc = _svc(request)
    form = _parse_form(await request.body(), request.headers.get("content-type", ""))
    store = form.get("store") == "on"
    # the API's rule: analysing (stored or not, a URL fetched or not) needs a key where any
    # write does, so the form cannot analyse or fetch for a client that /api/analyze refuses
    check_key(svc.config, [form["api_key"]] if form.get("api_key") else [])
    text = form.get("text", "")
    url = form.get("url", "").strip()
    source: dict[str, Any] = {
        "title": form.get("title", "").strip() or None,
        "outlet": form.get("outlet", "").strip() or None,
    }
    try:
        published = form.get("published", "").strip()
        source["published"] = date.fromisoformat(published) if published else None
        if text.strip():
            source["html" if form.get("kind") == "html" else "text"] = text
        elif url:
            source["url"] = url
        else:
            raise InputError("form", "paste a text or give a URL")
        analysis, _ = await svc.analyze(store=store, disconnected=request.is_disconnected, **source)
    except (InputError, ValueError) as e:
        message = str(e) if isinstance(e, InputError) else f"bad date: {e}"
        recent = svc.store.articles(limit=10)
        keep = {k: v for k, v in form.items() if k != "api_key"}
        return render(
            request,
            "analyze.html",
            {"title": "Analyse an article", "recent": recent, "form": keep, "error": message},
            400,
        )
    if store:
        return RedirectResponse(f"/articles/{analysis.id}", status_code=303)
    return _article(request, analysis, stored=False)


FORM_FIELDS = 50


def _parse_form(body: bytes, content_type: str) -> dict[str, str]:
    """The fields of a URL-encoded form; ``InputError`` (400) for another encoding or more than
    ``FORM_FIELDS`` fields (the form has ten)."""
    if content_type.split(";")[0].strip().lower() not in ("application/x-www-form-urlencoded", ""):
        raise InputError("form", "send the form URL-encoded")
    try:
        parsed = parse_qs(
            body.decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=FORM_FIELDS
        )
    except ValueError:
        raise InputError("form", f"more than {FORM_FIELDS} fields") from None
    return {k: v[0] for k, v in parsed.items()}


# --- articles --------------------------------------------------------------------------------


@router.get("/articles", response_class=HTMLResponse)
def articles(
    request: Request,
    entity: Text = None,
    outlet: Text = None,
    since: date | None = None,
    until: date | None = None,
    offset: Offset = 0,
) -> HTMLResponse:
    rows = _svc(request).store.articles(
        entity=entity,
        outlet=outlet,
        since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
        limit=PAGE + 1,
        offset=offset,
    )
    return render(
        request,
        "articles.html",
        {
            "title": "Articles",
            "rows": rows[:PAGE],
            "filters": {"entity": entity, "outlet": outlet, "since": since, "until": until},
            **_pages(request, offset, PAGE, len(rows) > PAGE),
        },
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, article_id: str, all_rhetoric: bool = False) -> HTMLResponse:
    """A stored article; ``all_rhetoric`` shows rhetoric spans under the confidence threshold."""
    svc = _svc(request)
    analysis = svc.store.get(article_id)
    stories = queries.stories_of(svc.store, article_id)
    return _article(request, analysis, stored=True, all_rhetoric=all_rhetoric, stories=stories)


def _article(
    request: Request,
    analysis: Analysis,
    *,
    stored: bool,
    all_rhetoric: bool = False,
    stories: list[dict[str, Any]] | None = None,
) -> HTMLResponse:
    view = article_view(analysis, linkable=stored, all_rhetoric=all_rhetoric)
    return render(
        request,
        "article.html",
        {
            "title": analysis.title or "Article",
            "a": analysis,
            "view": view,
            "layers": LAYERS,
            "stored": stored,
            "stories": stories or [],
            "all_rhetoric": all_rhetoric,
            "screening": screening_line(analysis.screening),
        },
    )


# --- entities, stories, search, watchlist ----------------------------------------------------


@router.get("/entities/{name_or_id:path}", response_class=HTMLResponse)  # names may hold "/"
def entity(
    request: Request,
    name_or_id: str,
    type: Annotated[str | None, Query(max_length=16)] = None,
) -> HTMLResponse:
    d = _svc(request).store.entity_dossier(name_or_id, type=type)
    timeline = charts.timeline(
        [t.published for t in d.timeline], [q.published for q in d.quotes_by]
    )
    graph = charts.co_mention_graph(
        d.name, d.type, [(c.name, c.type, c.articles) for c in d.co_mentioned]
    )
    return render(
        request, "entity.html", {"title": d.name, "d": d, "timeline": timeline, "graph": graph}
    )


@router.get("/stories", response_class=HTMLResponse)
def stories(
    request: Request,
    min_articles: Annotated[int, Query(ge=1, le=1000)] = 2,
    offset: Offset = 0,
) -> HTMLResponse:
    """Stories, biggest first; ``min_articles=1`` also lists articles no other outlet covered."""
    from tidings.resolve.stories import list_stories

    rows = list_stories(
        _svc(request).store, min_articles=min_articles, limit=PAGE + 1, offset=offset
    )
    return render(
        request,
        "stories.html",
        {
            "title": "Stories",
            "rows": rows[:PAGE],
            "min_articles": min_articles,
            **_pages(request, offset, PAGE, len(rows) > PAGE),
        },
    )


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(request: Request, story_id: str) -> HTMLResponse:
    s = queries.story(_svc(request).store, story_id)
    return render(request, "story.html", {"title": s.label or f"Story {s.id}", "s": s})


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request,
    q: Annotated[str, Query(max_length=1000)] = "",
    entity: Text = None,
    outlet: Text = None,
    since: date | None = None,
    until: date | None = None,
    offset: Offset = 0,
) -> HTMLResponse:
    hits = _svc(request).store.search(
        q,
        entity=entity,
        outlet=outlet,
        since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
        limit=21,
        offset=offset,
    )
    shown = [
        (h, segments(h.snippet, [Span(s, e, "match", "m", ("hl",)) for s, e in h.highlights]))
        for h in hits[:20]
    ]
    return render(
        request,
        "search.html",
        {
            "title": f"Search: {q}" if q else "Search",
            "q": q,
            "hits": shown,
            "filters": {"entity": entity, "outlet": outlet, "since": since, "until": until},
            **_pages(request, offset, 20, len(hits) > 20),
        },
    )


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    """The REST API's documentation: Swagger UI over /openapi.json, its files served locally."""
    return render(request, "docs.html", {"title": "API documentation"})


@router.get("/watchlist", response_class=HTMLResponse)
def watchlist(
    request: Request,
    entity: Text = None,
    outlet: Text = None,
    since: date | None = None,
    until: date | None = None,
    offset: Offset = 0,
) -> HTMLResponse:
    rows = queries.watchlist_hits(
        _svc(request).store,
        entity=entity,
        outlet=outlet,
        since=since,
        until=until,
        limit=PAGE + 1,
        offset=offset,
    )
    return render(
        request,
        "watchlist.html",
        {
            "title": "Watchlist hits",
            "rows": rows[:PAGE],
            "filters": {"entity": entity, "outlet": outlet, "since": since, "until": until},
            **_pages(request, offset, PAGE, len(rows) > PAGE),
        },
    )
