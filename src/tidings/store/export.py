"""Export the corpus: JSON Lines of every stored analysis, or FollowTheMoney entities for Aleph / OpenSanctions tools.

``export_jsonl`` writes the same documents ``tidings analyze`` prints. ``export_ftm`` writes one
FollowTheMoney entity per line (``ftm validate`` reads it back unchanged):

* ``Person`` / ``Organization`` per canonical entity (``tidings resolve``; before resolution,
  one per article entity): name, every other spelling as ``alias``, descriptors as
  ``description``, country;
* ``Article`` per stored article: title, body text, publisher (the outlet), date, URL, language;
* ``Mention`` per spelling of an entity in an article (``document`` -> the Article, ``resolved``
  -> the Person/Organization, ``name`` as written), keeping every transliteration;
* ``Documentation`` per entity and article (role ``quoted`` when the article quotes it, else
  ``mentioned``), the link Aleph shows as "documents about";
* ``Sanction`` per watchlist hit (entity, authority, programs, listing date, list id), once per
  entity and listed entry, with the match explanation as its summary.

Ids are ``tidings-`` plus stable hashes, so exporting twice gives the same entities.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TextIO

import sqlalchemy as sa

from tidings.store import schema as S

if TYPE_CHECKING:
    from followthemoney.proxy import EntityProxy

    from tidings.store.base import Store

#: Tidings entity types exported as FollowTheMoney schemata (places are not exported as things).
FTM_SCHEMA = {"PERSON": "Person", "ORG": "Organization"}
#: Watchlist list names -> the authority a Sanction names.
AUTHORITIES = {
    "us_ofac_sdn": "Office of Foreign Assets Control (US Treasury)",
    "ofac": "Office of Foreign Assets Control (US Treasury)",
    "un_sc": "United Nations Security Council",
    "un_sc_consolidated": "United Nations Security Council",
}
PAGE = 200


def export_jsonl(store: Store, out: TextIO) -> int:
    """Write one ``Analysis.to_dict()`` per line, in ingestion order; returns the number written."""
    n = 0
    for analysis in store.iter_analyses():
        out.write(json.dumps(analysis.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def _hid(*parts: object) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:20]


def article_ftm_id(article_id: str) -> str:
    return f"tidings-art-{article_id}"


def entity_ftm_id(canonical_id: str | None, article_id: str, entity_id: str) -> str:
    """The FollowTheMoney id of an entity row: its canonical entity's, else the row's own."""
    if canonical_id:
        return f"tidings-{canonical_id}"
    return f"tidings-ent-{_hid(article_id, entity_id)}"


def _make(schema: str, id_: str) -> EntityProxy:
    from followthemoney import model

    proxy = model.make_entity(schema)
    proxy.id = id_
    return proxy


def ftm_entities(store: Store) -> Iterator[EntityProxy]:
    """Every entity of the FollowTheMoney export, things first, then article by article."""
    e = S.entities.c
    with store.engine.connect() as conn:
        canon = {r.id: r for r in conn.execute(sa.select(S.canonical_entities))}
        # things: spellings, descriptors and countries gathered over all rows of each entity
        names: dict[str, Counter[str]] = defaultdict(Counter)
        descs: dict[str, Counter[str]] = defaultdict(Counter)
        countries: dict[str, Counter[str]] = defaultdict(Counter)
        schema_of: dict[str, str] = {}
        rows = conn.execute(
            sa.select(
                e.article_id, e.entity_id, e.canonical_id, e.name, e.type, e.country, e.descriptors
            ).where(e.type.in_(list(FTM_SCHEMA)))
        )
        for r in rows:
            fid = entity_ftm_id(r.canonical_id, r.article_id, r.entity_id)
            schema_of.setdefault(fid, FTM_SCHEMA[r.type])
            names[fid][r.name] += 1
            for d in r.descriptors or []:
                descs[fid][d] += 1
            if r.country:
                countries[fid][r.country] += 1
    for fid in sorted(schema_of):
        thing = _make(schema_of[fid], fid)
        cid = fid.removeprefix("tidings-")
        main = canon[cid].name if cid in canon else names[fid].most_common(1)[0][0]
        thing.add("name", main)
        thing.add("alias", sorted(n for n in names[fid] if n != main))
        thing.add("description", [d for d, _ in descs[fid].most_common(5)])
        thing.add("country", list(countries[fid]))
        thing.add("publisher", "Tidings")
        yield thing
    yield from _articles(store)


def _articles(store: Store) -> Iterator[EntityProxy]:
    a = S.articles.c
    e = S.entities.c
    q = S.quotes.c
    w = S.watchlist_hits.c
    last = 0
    sanctioned: set[str] = set()
    while True:
        with store.engine.connect() as conn:
            page = conn.execute(
                sa.select(a.seq, a.id, a.title, a.outlet, a.published, a.url, a.language, a.text)
                .where(a.seq > last)
                .order_by(a.seq)
                .limit(PAGE)
            ).all()
            if not page:
                return
            ids = [r.id for r in page]
            ents: dict[str, list[Any]] = defaultdict(list)
            for r in conn.execute(
                sa.select(
                    e.article_id, e.entity_id, e.canonical_id, e.name, e.type, e.aliases
                ).where(e.article_id.in_(ids), e.type.in_(list(FTM_SCHEMA)))
            ):
                ents[r.article_id].append(r)
            speakers: set[tuple[str, str]] = {
                (r.article_id, r.speaker_id)
                for r in conn.execute(
                    sa.select(q.article_id, q.speaker_id).where(
                        q.article_id.in_(ids), q.speaker_id.is_not(None)
                    )
                )
            }
            hits: dict[str, list[Any]] = defaultdict(list)
            for r in conn.execute(sa.select(S.watchlist_hits).where(w.article_id.in_(ids))):
                hits[r.article_id].append(r)
        for art in page:
            yield from _article(art, ents[art.id], speakers, hits[art.id], sanctioned)
        last = page[-1].seq


def _article(
    art: Any,
    ents: list[Any],
    speakers: set[tuple[str, str]],
    hits: list[Any],
    sanctioned: set[str],
) -> Iterator[EntityProxy]:
    doc_id = article_ftm_id(art.id)
    doc = _make("Article", doc_id)
    doc.add("title", art.title or art.text[:120])
    doc.add("bodyText", art.text)
    doc.add("publisher", art.outlet)
    doc.add("publishedAt", art.published)
    doc.add("sourceUrl", art.url)
    doc.add("language", art.language)
    doc.add("contentHash", hashlib.sha1(art.text.encode("utf-8")).hexdigest())
    yield doc
    fid_of: dict[str, str] = {}
    linked: dict[str, str] = {}
    for r in ents:
        fid = entity_ftm_id(r.canonical_id, r.article_id, r.entity_id)
        fid_of[r.entity_id] = fid
        role = "quoted" if (art.id, r.entity_id) in speakers else "mentioned"
        if linked.get(fid) != "quoted":
            linked[fid] = role
        for spelling in dict.fromkeys([r.name, *(r.aliases or [])]):
            mention = _make("Mention", f"tidings-men-{_hid(art.id, fid, spelling)}")
            mention.add("document", doc_id)
            mention.add("resolved", fid)
            mention.add("name", spelling)
            mention.add("detectedSchema", FTM_SCHEMA[r.type])
            yield mention
    for fid, role in sorted(linked.items()):
        link = _make("Documentation", f"tidings-doc-{_hid(art.id, fid)}")
        link.add("document", doc_id)
        link.add("entity", fid)
        link.add("role", role)
        link.add("date", art.published)
        yield link
    for h in hits:
        target = fid_of.get(h.entity_id)
        if target is None:
            continue
        sid = f"tidings-san-{_hid(target, h.list, h.list_id)}"
        if sid in sanctioned:
            continue
        sanctioned.add(sid)
        sanction = _make("Sanction", sid)
        sanction.add("entity", target)
        sanction.add("authority", AUTHORITIES.get(h.list, h.list))
        sanction.add("program", list(h.programs or []))
        sanction.add("listingDate", h.listed_on)
        sanction.add("recordId", h.list_id)
        why = "; ".join(str(f.get("detail", "")) for f in (h.explanation or []))
        sanction.add(
            "summary",
            f"Tidings watchlist hit: {h.name!r} ~ {h.listed_name!r} (score {h.score:.2f}). {why}",
        )
        sanction.add("sourceUrl", art.url)
        yield sanction


def export_ftm(store: Store, out: TextIO) -> int:
    """Write the FollowTheMoney entities as JSON Lines (see module docstring); returns how many."""
    n = 0
    for proxy in ftm_entities(store):
        out.write(json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
        n += 1
    return n
