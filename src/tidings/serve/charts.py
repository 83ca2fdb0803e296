"""Chart geometry for the dossier page: a timeline of articles and quotes, a co-mention graph.

Plain functions returning coordinates; the templates draw them as inline SVG (no JavaScript,
labels escaped by Jinja). Dates are bucketed by day over short ranges, by month over longer
ones; undated items fall into a last "undated" bucket so nothing silently disappears.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from tidings.serve.layers import entity_href


@dataclass(slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: str  # "articles" or "quotes"
    bucket: str
    count: int

    @property
    def label(self) -> str:
        return f"{self.bucket}: {self.count} {self.series}"


@dataclass(slots=True)
class Timeline:
    """Bars in a ``width`` x ``height`` box with ``ticks`` (x, label) under them."""

    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)
    max_count: int = 0
    buckets: int = 0


def _bucket(published: str | None, monthly: bool) -> str:
    if not published:
        return "undated"
    return published[:7] if monthly else published[:10]


def _parse(d: str) -> date | None:
    try:
        return date.fromisoformat(d[:10])
    except ValueError:
        return None


def timeline(
    articles: Iterable[str | None],
    quotes: Iterable[str | None],
    *,
    width: int = 640,
    height: int = 160,
    day_limit: int = 92,
) -> Timeline:
    """Bars of articles and quotes per day (per month when the dates span over ``day_limit``
    days), two bars side by side per bucket, buckets in date order, "undated" last."""
    arts = list(articles)
    qs = list(quotes)
    days = [d for d in (_parse(p) for p in [*arts, *qs] if p) if d is not None]
    monthly = bool(days) and (max(days) - min(days)).days > day_limit
    a_counts = Counter(_bucket(p if p and _parse(p) else None, monthly) for p in arts)
    q_counts = Counter(_bucket(p if p and _parse(p) else None, monthly) for p in qs)
    keys = sorted(k for k in {*a_counts, *q_counts} if k != "undated")
    if "undated" in a_counts or "undated" in q_counts:
        keys.append("undated")
    out = Timeline(width=width, height=height, buckets=len(keys))
    if not keys:
        return out
    top = max([*a_counts.values(), *q_counts.values(), 1])
    out.max_count = top
    plot_h = height - 24  # room for tick labels
    slot = width / len(keys)
    bar_w = max(1.0, min(24.0, slot * 0.4))
    for i, k in enumerate(keys):
        x0 = i * slot + slot / 2 - bar_w
        for j, (series, counts) in enumerate((("articles", a_counts), ("quotes", q_counts))):
            c = counts.get(k, 0)
            if not c:
                continue
            h = max(2.0, plot_h * c / top)
            out.bars.append(
                Bar(
                    round(x0 + j * bar_w, 1), round(plot_h - h, 1), bar_w, round(h, 1), series, k, c
                )
            )
    step = max(1, math.ceil(len(keys) / 6))
    out.ticks = [(round(i * slot + slot / 2, 1), k) for i, k in enumerate(keys) if i % step == 0]
    return out


@dataclass(slots=True)
class Node:
    x: float
    y: float
    r: float
    name: str
    type: str
    articles: int
    href: str
    centre: bool = False


@dataclass(slots=True)
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    articles: int
    name: str


@dataclass(slots=True)
class Graph:
    width: int
    height: int
    nodes: list[Node]
    edges: list[Edge]


def co_mention_graph(
    name: str,
    type_: str,
    neighbours: Iterable[tuple[str, str, int]],
    *,
    size: int = 420,
    limit: int = 12,
) -> Graph:
    """A star: the entity in the centre, up to ``limit`` co-mentioned entities (name, type,
    shared articles) around it, edges as wide as the number of shared articles."""
    ns = sorted(neighbours, key=lambda t: (-t[2], t[0]))[:limit]
    c = size / 2
    centre = Node(c, c, 14.0, name, type_, 0, entity_href(name), centre=True)
    nodes = [centre]
    edges: list[Edge] = []
    if not ns:
        return Graph(size, size, nodes, edges)
    top = max(t[2] for t in ns)
    radius = size / 2 - 60
    for i, (n, t, k) in enumerate(ns):
        angle = -math.pi / 2 + 2 * math.pi * i / len(ns)
        x = round(c + radius * math.cos(angle), 1)
        y = round(c + radius * math.sin(angle), 1)
        nodes.append(Node(x, y, round(6 + 6 * k / top, 1), n, t, k, entity_href(n)))
        edges.append(Edge(c, c, x, y, round(1 + 5 * k / top, 1), k, n))
    return Graph(size, size, nodes, edges)
