"""The web pages in a real browser: Playwright driving Debian's Chromium against the app served
by uvicorn on loopback, over a real store, the real pipeline and a watchlist index built from the
fixture list slices. Screenshots go to ``artifacts/browser/`` (gitignored).

Skips, saying why, when /usr/bin/chromium or playwright is missing (``apt-get install chromium``;
never ``playwright install``: no downloads).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from serve_corpus import CORPUS, OUTLETS, XSS_TEXT, insert_story, strike_story, xss_analysis
from serve_live import ServerThread

from tidings.serve import ServeConfig, create_app
from tidings.store import Store

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "browser"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def server(
    nlp: Any, watchlist_data_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerThread]:
    from tidings.pipeline import Pipeline

    db = tmp_path_factory.mktemp("browser") / "store.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TIDINGS_DATA_DIR", str(watchlist_data_dir))  # the watchlist index lives here
        store = Store.open(f"sqlite:///{db}")
        app = create_app(ServeConfig(database_url=None), store=store, pipeline=Pipeline(nlp))
        with ServerThread(app) as running:
            yield running
        store.close()


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"Debian chromium not found at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh user-data-dir
    with sync_api.sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=ARGS,
            viewport={"width": 1280, "height": 900},
        )
        ctx.set_default_timeout(20_000)
        yield ctx
        ctx.close()


@pytest.fixture
def page(context: Any) -> Iterator[Any]:
    p = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []
    p.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    p.on("pageerror", lambda e: errors.append(str(e)))
    p.dialogs = dialogs
    p.js_errors = errors
    yield p
    p.close()


def shot(page: Any, name: str, *, full_page: bool = True) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def analyse_through_form(page: Any, server: ServerThread, text: str, **fields: str) -> None:
    page.goto(server.url + "/")
    page.fill("#text", text)
    for name, value in fields.items():
        page.fill(f"input[name={name}]", value)
    page.click("#analyze-button")
    page.wait_for_url(re.compile(r"/articles/[0-9a-f]{16}$"), timeout=60_000)


QUOTE_COLOURS = """() => [...document.querySelectorAll('#text .seg.q')].map(el => ({
  speaker: (el.title.match(/quote by ([^\\n]+)/) || [])[1] || null,
  colour: getComputedStyle(el).backgroundColor,
}))"""


def test_browser_seed_quotes_coloured_by_speaker_then_dossier(
    page: Any, server: ServerThread, seed_path: Path
) -> None:
    analyse_through_form(
        page, server, seed_path.read_text("utf-8"), outlet="Breitbart", published="2015-05-29"
    )
    page.wait_for_selector("#text .seg.q")
    shot(page, "seed-article")

    colours: dict[str, set[str]] = {}
    for item in page.evaluate(QUOTE_COLOURS):
        if item["speaker"]:
            colours.setdefault(item["speaker"], set()).add(item["colour"])
    khalimov = next(v for k, v in colours.items() if "Khalimov" in k)
    knyazev = next(v for k, v in colours.items() if "Knyazev" in k)
    assert len(khalimov) == 1 and len(knyazev) == 1, colours  # one colour per speaker
    assert khalimov != knyazev
    assert "rgba(0, 0, 0, 0)" not in khalimov | knyazev

    # the layer toggle takes the colours away and brings them back
    page.uncheck("input[data-layer=quote]")
    assert {i["colour"] for i in page.evaluate(QUOTE_COLOURS)} == {"rgba(0, 0, 0, 0)"}
    page.check("input[data-layer=quote]")

    # click Khalimov: the popover explains the mention and links to his dossier
    page.locator("#text .seg.ent-person", has_text="Khalimov").first.click()
    popover = page.locator("#popover")
    popover.wait_for(state="visible")
    assert "Person: Gulmurod Khalimov" in popover.inner_text()
    shot(page, "seed-popover", full_page=False)
    popover.get_by_role("link", name=re.compile("dossier of Gulmurod Khalimov")).click()
    page.wait_for_url(re.compile(r"/entities/"))
    hits = page.locator(".hits .hit")
    assert hits.count() >= 1
    text = page.locator(".hits").inner_text()
    assert re.search(r"KHALIMOV", text)
    assert re.search(r"khalimov ~ khalimov|Khalimov ~ ", text, re.I)  # the explanation
    assert page.locator("svg.chart rect.bar-articles").count() >= 1
    assert page.locator("svg.graph circle").count() >= 2
    shot(page, "seed-dossier")
    assert page.js_errors == []


def test_browser_keyboard_opens_and_closes_explanations(page: Any, server: ServerThread) -> None:
    analyse_through_form(
        page,
        server,
        'Mayor Lena Ortiz said the bridge would reopen. "It is safe now," Ortiz said on Monday.',
    )
    first = page.locator("#text .seg[tabindex='0']").first
    first.focus()
    page.keyboard.press("Enter")
    popover = page.locator("#popover")
    popover.wait_for(state="visible")
    assert page.evaluate("document.activeElement.id") == "popover-title"
    page.keyboard.press("Escape")
    popover.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.classList.contains('seg')")


def test_browser_phone_width_has_no_horizontal_scroll(
    context: Any, server: ServerThread, seed_path: Path
) -> None:
    page = context.new_page()
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(server.url + "/articles")
    link = page.locator("main .list a").first
    link.click()
    page.wait_for_selector("#text")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, width
    shot(page, "phone-article")
    page.close()


@pytest.mark.parametrize("route", ["form", "stored"])
def test_browser_hostile_article_renders_inert(
    page: Any, server: ServerThread, route: str, tmp_path: Path
) -> None:
    if route == "form":
        analyse_through_form(page, server, XSS_TEXT, outlet='<b onmouseover="alert(9)">x</b>')
    else:
        store = server.server.config.app.state.services.store
        a = xss_analysis()
        store.write([a])
        page.goto(f"{server.url}/articles/{a.id}")
    page.wait_for_selector("#text")
    # hover and click every highlight: an injected handler would fire now
    for el in page.locator("#text .seg").all()[:40]:
        el.hover()
    page.locator("#text").click()
    shot(page, f"xss-{route}")
    assert page.dialogs == []
    assert page.evaluate("window.__xss") is None
    assert page.locator("#text img, #text script, #text a, main b").count() == 0
    assert page.locator("[onmouseover], [onerror], [onclick]").count() == 0
    assert page.locator("a[href^='javascript:' i]").count() == 0
    body = page.locator("#text").inner_text()
    assert "<script>window.__xss = 1; alert('xss')</script>" in body
    assert '" onmouseover="alert(2)" x="' in body
    assert page.js_errors == []


# --- the pages a reader moves between: docs, stories, story, article, dossier ----------------


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    """A server over stored analyses only (no NLP model): an 8-article story and the corpus."""
    db = tmp_path_factory.mktemp("newsroom") / "store.db"
    store = Store.open(f"sqlite:///{db}")
    strike = strike_story()
    store.write([*CORPUS, *strike])
    insert_story(store, "strike-2024", [a.id for a in strike], "Dockers strike at the port")
    app = create_app(ServeConfig(database_url=None), store=store)
    with ServerThread(app) as running:
        running.strike = strike  # type: ignore[attr-defined]
        yield running
    store.close()


def test_browser_docs_page_is_swagger_from_local_files(page: Any, newsroom: ServerThread) -> None:
    requested: list[str] = []
    console: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.on("console", lambda m: console.append(m.text))
    page.goto(newsroom.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="API").click()
    page.wait_for_url(re.compile(r"/docs$"))
    page.wait_for_selector(".swagger-ui .opblock-summary")
    paths = page.locator(".swagger-ui .opblock-summary-path").all_inner_texts()
    assert {"/api/analyze", "/api/articles", "/api/stories/{story_id}"} <= {
        p.replace("\u200b", "") for p in paths
    }, paths
    page.locator(".swagger-ui .opblock-summary").first.click()  # an operation opens
    page.wait_for_selector(".swagger-ui .opblock-body")
    shot(page, "docs")
    assert requested and all(u.startswith(newsroom.url) for u in requested), requested
    assert not [m for m in console if "Content Security Policy" in m], console
    assert page.js_errors == []


def test_browser_stories_list_to_story_without_overflow(page: Any, newsroom: ServerThread) -> None:
    page.goto(newsroom.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Stories").click()
    page.wait_for_url(re.compile(r"/stories$"))
    item = page.locator("ul.stories li", has_text="Dockers strike at the port")
    assert "8 articles" in item.inner_text()
    item.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/stories/strike-2024$"))
    columns = page.locator(".story-col")
    assert columns.count() == 8
    text = page.locator("main").inner_text()
    assert "unknown outlet" not in text.lower()
    for i, outlet in enumerate(OUTLETS):  # oldest first: the outlet, then its article's title
        col = columns.nth(i)
        assert col.locator("h2").inner_text() == outlet
        assert f"take {i + 1}: {outlet}" in col.locator(".col-title a").inner_text()
    # "two dockers" is quoted but is no entity: text, not a link to a 404
    assert columns.first.get_by_role("link", name="two dockers").count() == 0
    assert "two dockers" in columns.first.inner_text()
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.set_viewport_size({"width": 1280, "height": 900})
    shot(page, "story-8-outlets")
    columns.first.locator(".col-title a").click()
    page.wait_for_url(re.compile(r"/articles/[0-9a-f]{16}$"))
    assert page.js_errors == []


def test_browser_article_sidebar_key_story_and_rhetoric_toggle(
    page: Any, newsroom: ServerThread
) -> None:
    first = newsroom.strike[0]  # type: ignore[attr-defined]
    page.goto(f"{newsroom.url}/articles/{first.id}")
    page.wait_for_selector("#text")
    assert page.locator(".key .sample").count() >= 8  # the key to the highlight styles
    quotes = page.locator(".side-quotes")
    assert quotes.get_by_role("link", name="Maria Okafor").count() == 1  # an entity: a dossier
    assert quotes.get_by_role("link", name="two dockers").count() == 0  # no entity: plain text
    assert "two dockers" in quotes.inner_text()
    assert "strike" in page.locator(".side-events").inner_text()
    rhetoric = page.locator(".side-rhetoric")
    assert "name calling" in rhetoric.inner_text()
    assert "exaggeration" not in rhetoric.inner_text()  # scored 0.12: hidden
    assert "1 span below the confidence threshold not shown" in rhetoric.inner_text()
    shot(page, "article-sidebar")
    # a side-list entry jumps to its highlight in the text
    quotes.get_by_role("link", name=re.compile("single ship")).click()
    target = page.evaluate("location.hash")
    assert page.locator(f"#text {target}").inner_text().startswith("We will not load")
    # the low-scored span on request, and back
    page.click("#rhetoric-toggle")
    page.wait_for_url(re.compile(r"all_rhetoric=1"))
    assert "exaggeration" in page.locator(".side-rhetoric").inner_text()
    assert page.locator("#text .seg.rh").count() >= 2
    page.click("#rhetoric-toggle")
    page.wait_for_url(re.compile(r"/articles/[0-9a-f]{16}$"))
    # the article links to its story
    page.locator(".story-link").get_by_role("link", name="Dockers strike at the port").click()
    page.wait_for_url(re.compile(r"/stories/strike-2024$"))
    assert page.js_errors == []


def test_browser_entity_with_slash_and_dossier_lines(page: Any, newsroom: ServerThread) -> None:
    first = newsroom.strike[0]  # type: ignore[attr-defined]
    page.goto(f"{newsroom.url}/articles/{first.id}")
    page.locator(".entities").get_by_role("link", name="TGWU/Unite").click()
    page.wait_for_url(re.compile(r"/entities/TGWU%2FUnite$"))
    assert page.locator("h1").inner_text().startswith("TGWU/Unite")
    page.goto(f"{newsroom.url}/entities/Maria%20Okafor")
    lines = page.locator(".quotes .meta").all_inner_texts()
    assert lines and all("· ·" not in t and not t.startswith("·") for t in lines), lines
    undated = page.goto(f"{newsroom.url}/entities/Gulmurod%20Khalimov")
    assert undated is not None and undated.status == 200
    for t in page.locator(".meta").all_inner_texts():
        assert "· ·" not in t, t
    assert page.js_errors == []
