"""Made-up articles and feeds, and the routes of the local test HTTP server (see conftest.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

PARAGRAPHS = {
    "dam": [
        "Engineers in the river valley said on Tuesday that the new dam would be finished before the rains.",
        '"We are three weeks ahead of schedule," said Amara Okafor, the project director, at a briefing in the town hall.',
        "The regional council approved an extra 40 million dollars for the work last month, according to its minutes.",
        "Farmers downstream have asked for guarantees that the water supply to their fields will not be cut during the dry season.",
    ],
    "port": [
        "Dock workers at the northern port ended a four-day strike on Wednesday after reaching a pay deal.",
        '"This agreement protects every family that depends on the harbour," said union leader Tomas Lindqvist.',
        "Shipping companies said 120 vessels had been delayed by the strike, costing several million euros.",
        "The port authority said cranes would run around the clock until the backlog was cleared.",
    ],
    "library": [
        "The city library reopened its restored reading room on Saturday after two years of renovation.",
        '"People queued before dawn to see the ceiling," said librarian Helena Costa, who led the first tours.',
        "The restoration cost 8 million euros and was paid for by the city and a private foundation.",
        "Visitors can now borrow books from the historic collection for the first time since 1998.",
    ],
}


def html_page(key: str, title: str) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in PARAGRAPHS[key])
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title>"
        f'<meta property="og:title" content="{title}"></head>'
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}</article>"
        "<footer>Copyright Example News</footer></body></html>"
    )


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    # called with the hit number (1, 2, ...) to vary the answer, e.g. 503 then 200
    dynamic: Callable[[int], Route] | None = None


@dataclass
class Server:
    base: str
    routes: dict[str, Route]
    hits: Counter[str]
    user_agents: list[str]

    def url(self, path: str) -> str:
        return self.base + path


def rss(base: str, items: list[tuple[str, str, str]]) -> bytes:
    """RSS 2.0 with (title, link, description-or-content) items; content over 200 chars goes in
    content:encoded, shorter text in description."""
    parts = []
    for title, link, text in items:
        link_el = f"<link>{base}{link}</link>" if link else ""
        if len(text) > 200:
            inner = f"<content:encoded><![CDATA[{text}]]></content:encoded>"
        else:
            inner = f"<description>{text}</description>"
        parts.append(
            f"<item><title>{title}</title>{link_el}{inner}"
            "<pubDate>Tue, 02 Jun 2015 09:00:00 GMT</pubDate></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>Example News</title><link>{base}/</link><description>x</description>"
        + "".join(parts)
        + "</channel></rss>"
    ).encode()
