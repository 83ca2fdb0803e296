"""Screening: match the people and organisations of an article (or one name) against the index, with reasons."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rigour.territories import get_territory, lookup_territory
from rigour.text import levenshtein

from tidings.model import Analysis, Entity, MatchFeature, Provenance, WatchlistHit
from tidings.watchlist.index import Candidate, Entry, Index, open_index
from tidings.watchlist.match import STRONG_MATCHES, Pair, compare
from tidings.watchlist.names import (
    ANY,
    ORG,
    PERSON,
    PreparedName,
    government_words,
    is_acronym,
    prepare,
)
from tidings.watchlist.record import LIST_TITLES

log = logging.getLogger(__name__)

NAME = "tidings.watchlist"
VERSION = "0.1.0"
# Final score (name similarity plus context features) at which a match becomes a hit.
# On sanctions-screening-benchmark 0.1.0 (benchmarks/bench_watchlist.py prints the sweep) 0.90
# gives recall 0.965 at a false-positive rate of 0.7%; 0.88 gives 0.986 at 1.9% (a name that
# lacks one of three listed words scores 0.889, as do unlisted names that share two words
# with a listed one: context such as a matching country lifts a real one over the threshold).
DEFAULT_THRESHOLD = 0.90
# A linked listing (the same party on another list) inherits the hit's final score at this discount.
LINK_FACTOR = 0.98
# A party the extractor typed PERSON is also screened against organisations (and ORG against
# persons): extractors mistype groups with person-like names (Katibat al-Imam al-Bukhari,
# typed PERSON in the article on its designation). A hit across types costs this much, and
# twice this for a one-word name (a lone "Lazarus" is more often a person than the group).
TYPE_PENALTY = 0.05
# A former name (OFAC "f.k.a.") names the party less surely than a current one: a person
# matched only through a maiden name (Maria Zakharova ~ OSETROVA, f.k.a. ZAKHAROVA, Maria
# Aleksandrovna) stays under the threshold unless context agrees.
PREVIOUS_PENALTY = 0.1
_OTHER_KIND = {PERSON: ORG, ORG: PERSON}
# The most the context features can add (country, birth year, role, co-mention, acronym):
# candidates whose name score is further than this below the threshold are not examined.
MAX_CONTEXT_BOOST = 0.23

_KIND = {"PERSON": PERSON, "ORG": ORG}
_AGE = re.compile(r"\b(\d{2})[- ]year[- ]old\b|\baged? (\d{2})\b|^(\d{2})$", re.IGNORECASE)
_WORD = re.compile(r"[a-z]{4,}")
_ROLE_STOP = frozenset(
    [
        "with",
        "from",
        "that",
        "this",
        "have",
        "were",
        "been",
        "their",
        "about",
        "into",
        "over",
        "under",
        "former",
    ]
)
_warned: set[str] = set()


@dataclass(slots=True)
class Query:
    """What is known about one party to screen: its name variants and context."""

    names: list[str]
    kind: str = ANY
    countries: list[str] = field(default_factory=list)  # ISO codes seen beside the name
    article_countries: list[str] = field(
        default_factory=list
    )  # ISO codes named elsewhere in the text
    birth_years: list[int] = field(default_factory=list)
    descriptors: list[str] = field(default_factory=list)
    co_mentions: list[str] = field(default_factory=list)  # other parties named in the same article
    published: str | None = None


def _country_name(code: str) -> str:
    t = get_territory(code)
    return t.name if t else code.upper()


def _norm_code(value: str | None) -> str | None:
    if not value:
        return None
    t = lookup_territory(value)
    return t.code if t else None


def _variants(q: Query) -> tuple[list[PreparedName], list[PreparedName]]:
    """Multi-word name variants (searched) and single-word ones (acronyms, bare surnames)."""
    seen: set[tuple[str, ...]] = set()
    multi: list[PreparedName] = []
    single: list[PreparedName] = []
    for n in q.names:
        p = prepare(n, q.kind)
        forms = tuple(t.form for t in p.tokens)
        if not forms or forms in seen:
            continue
        seen.add(forms)
        (multi if p.significant >= 2 else single).append(p)
    return multi, single


def _context_features(q: Query, entry: Entry) -> list[MatchFeature]:
    feats: list[MatchFeature] = []
    listed = set(entry.countries)
    near = {c for c in (_norm_code(x) for x in q.countries) if c}
    if near and listed:
        same = near & listed
        if same:
            c = sorted(same)[0]
            feats.append(
                MatchFeature(
                    "country", 0.05, f"{_country_name(c)} near the name = listed {_country_name(c)}"
                )
            )
        elif entry.kind == PERSON:
            feats.append(
                MatchFeature(
                    "country",
                    -0.05,
                    f"{', '.join(map(_country_name, sorted(near)))} near the name; listed: "
                    f"{', '.join(map(_country_name, sorted(listed)))}",
                )
            )
    elif listed:
        named = {c for c in (_norm_code(x) for x in q.article_countries) if c} & listed
        if named:
            c = sorted(named)[0]
            feats.append(
                MatchFeature(
                    "country",
                    0.02,
                    f"{_country_name(c)} named in the article = listed {_country_name(c)}",
                )
            )
    if q.birth_years and entry.birth_years:
        close = [y for y in entry.birth_years if any(abs(y - b) <= 1 for b in q.birth_years)]
        if close:
            feats.append(
                MatchFeature(
                    "birth_year",
                    0.05,
                    f"born about {q.birth_years[0]} = listed birth year {close[0]}",
                )
            )
        elif not any(abs(y - b) <= 3 for y in entry.birth_years for b in q.birth_years):
            feats.append(
                MatchFeature(
                    "birth_year",
                    -0.2,
                    f"born about {q.birth_years[0]}; listed birth years {', '.join(map(str, entry.birth_years[:3]))}",
                )
            )
    context = entry.context.lower()
    if context and q.descriptors:
        words = sorted(
            {w for d in q.descriptors for w in _WORD.findall(d.lower()) if w not in _ROLE_STOP}
        )
        shared = [w for w in words if re.search(rf"\b{w}\b", context)]
        if shared:
            feats.append(
                MatchFeature(
                    "role",
                    0.03,
                    f"{', '.join(shared[:3])} also in the listing: {entry.context[:120]}",
                )
            )
    if context and q.co_mentions:
        ctx = " " + " ".join(t.form for t in prepare(entry.context, ANY).tokens) + " "
        for other in q.co_mentions:
            p = prepare(other, ANY)
            if p.significant < 2 and not is_acronym(other):
                continue
            key = " " + " ".join(t.form for t in p.tokens) + " "
            if key.strip() and key in ctx:
                feats.append(
                    MatchFeature(
                        "co_mention",
                        0.05,
                        f"{other} named in the article; the listing names it too",
                    )
                )
                break
    return feats


def _name_feature(c: Candidate) -> list[MatchFeature]:
    m = c.match
    what = {
        "name": "listed name",
        "alias": "listed alias",
        "previous": "former name",
        "weak": "weak alias",
    }
    feats = [
        MatchFeature(
            "name",
            round(m.score, 3),
            f"{m.query} ~ {m.listed} ({what.get(c.name_kind, c.name_kind)}): {m.explain()}",
        )
    ]
    if c.name_kind == "weak":
        feats.append(
            MatchFeature(
                "weak_alias", -0.1, "matched only a weak alias (the list marks it low quality)"
            )
        )
    elif c.name_kind == "previous":
        feats.append(
            MatchFeature(
                "former_name", -PREVIOUS_PENALTY, "matched a former name (f.k.a.) of the party"
            )
        )
    return feats


#: a transliterated word this long is specific enough to stand alone (Hezbollah / HIZBALLAH)
ONE_WORD_TRANSLITERATION_MIN = 7


def _one_word_spelling(p: Pair) -> bool:
    """Whether a word pair is close enough to alert on one word alone: the same word, a
    one-letter variant (al-Qaeda / AL-QAIDA), or a long transliteration (Hezbollah /
    HIZBALLAH). Short words sharing a consonant skeleton are often different words: the
    newspaper "The Times" is not the listed TAMAS COMPANY."""
    if p.how != "transliteration":
        return True
    q, listed = p.query.casefold(), p.listed.casefold()
    return min(len(q), len(listed)) >= ONE_WORD_TRANSLITERATION_MIN or (
        levenshtein(q, listed, max_edits=2) <= 1
    )


def _one_word_feature(c: Candidate) -> MatchFeature:
    """Whether a one-word name may alert: only as the whole name of an organisation or vessel.

    News names groups, companies and ships by one word (Hamas, Hezbollah, Sberbank, Dilbar,
    "the Taliban"); a person's bare surname (Khalimov, Assad) names a family, not a person.
    The word must be the listed one, exactly or transliterated: ISIS is not ISISK.
    """
    listed = prepare(c.match.listed, c.entry.kind)
    same_word = all(p.how in STRONG_MATCHES and _one_word_spelling(p) for p in c.match.pairs)
    if c.entry.kind != PERSON and listed.significant <= 1 and same_word and c.name_kind != "weak":
        return MatchFeature(
            "one_word",
            0.0,
            f"one word = the whole listed name {c.match.listed!r} ({c.entry.schema})",
        )
    if c.entry.kind == PERSON:
        why = "a bare surname never alerts alone"
    elif not same_word:
        why = "one word near, not equal to, a listed name never alerts alone"
    else:
        why = "one word of a longer listed name never alerts alone"
    return MatchFeature("single_token", -1.0, why)


def _dropped_feature(c: Candidate, context: Sequence[MatchFeature]) -> list[MatchFeature]:
    """A second surname or later given name left out, as news writes names (Nicolas Maduro for MADURO MOROS, Nicolas), weighs light beside a matching country.

    Without the country the name score stands: an unlisted BARRERA Alvaro is not BARRERA
    MARIN, Alvaro (the sanctions benchmark's near-miss negatives are such names).
    """
    m = c.match
    if not m.dropped or not any(f.name == "country" and f.weight > 0 for f in context):
        return []
    return [
        MatchFeature(
            "dropped_parts",
            round(m.dropped_score - m.score, 3),
            f"left out {' '.join(m.dropped).upper()} (second surname or later given name, as "
            "news writes names): weighs light beside the matching country",
        )
    ]


def _generic_body(c: Candidate, q: Query) -> MatchFeature | None:
    """A listed body named only by generic government words (MINISTRY OF INTERIOR) alerts only with its country.

    "Interior Ministry" in an article is any country's; it is Cuba's listed ministry only when
    Cuba is named beside it or in the article.
    """
    if c.entry.kind != ORG:
        return None
    words = government_words()
    listed = prepare(c.match.listed, ORG)
    if not listed.significant or any(t.form not in words for t in listed.tokens if t.weight >= 1.0):
        return None
    codes = {x for x in (_norm_code(v) for v in [*q.countries, *q.article_countries]) if x}
    if codes & set(c.entry.countries):
        return None
    return MatchFeature(
        "generic_body",
        -1.0,
        f"{c.match.listed!r} is a generic government body: it alerts only with its country "
        f"({', '.join(map(_country_name, c.entry.countries)) or 'none listed'})",
    )


def _acronym_features(single: Sequence[PreparedName], entry: Entry) -> list[MatchFeature]:
    """A one-word name of the party (ISIS) that is also a one-word name of the entry corroborates a full-name match."""
    if not single:
        return []
    listed = {
        tuple(t.form for t in prepare(n, entry.kind).tokens): n
        for n, k in entry.names
        if k != "weak"
    }
    for p in single:
        forms = tuple(t.form for t in p.tokens)
        if len(forms) == 1 and forms in listed:
            return [
                MatchFeature(
                    "acronym",
                    0.05,
                    f"{p.original} = listed alias {listed[forms]} (counts only beside a full-name match)",
                )
            ]
    return []


@dataclass(slots=True)
class Scored:
    entry: Entry
    score: float
    features: list[MatchFeature]


def screen_query(
    q: Query, *, index: Index | None = None, threshold: float | None = None
) -> list[Scored]:
    """Screen one party: search every name variant, add context, keep scores >= threshold.

    A one-word name alerts only when it is the whole name of a listed organisation or
    vessel (``_one_word_feature``); otherwise it only corroborates a full-name match of the
    same entry. A party typed PERSON or ORG is also searched among the other kind, at
    ``TYPE_PENALTY``. Entries linked to a hit (the same party on another list) are reported
    too, with a ``linked_listing`` feature. Results are best first, one per listed entry.
    """
    index = index or open_index()
    if index is None:
        return []
    th = DEFAULT_THRESHOLD if threshold is None else threshold
    multi, single = _variants(q)
    other = _OTHER_KIND.get(q.kind)
    kinds = (q.kind,) if other is None else (q.kind, other)
    best: dict[int, tuple[Candidate, bool, bool]] = {}  # rowid -> (candidate, one word, crossed)
    for p, one in [*((p, False) for p in multi), *((p, True) for p in single)]:
        found = index.search_kinds(p, kinds, limit=10)
        for kind in kinds:
            for c in found[kind]:
                crossed = kind != q.kind and c.entry.kind != q.kind
                prev = best.get(c.entry.rowid)
                # a full-name match of an entry outranks a one-word one, then the better score
                if prev is None or (one, -c.match.score) < (prev[1], -prev[0].match.score):
                    best[c.entry.rowid] = (c, one, crossed)
    out: dict[int, Scored] = {}
    for c, one, crossed in best.values():
        if c.match.score + MAX_CONTEXT_BOOST < th:
            continue
        feats = _name_feature(c)
        if one:
            feats.append(_one_word_feature(c))
        if crossed:
            penalty = TYPE_PENALTY * (2 if one else 1)
            said = "a person" if q.kind == PERSON else "an organisation"
            feats.append(
                MatchFeature(
                    "type", -penalty, f"the article calls it {said}; listed as {c.entry.schema}"
                )
            )
        generic = _generic_body(c, q)
        if generic:
            feats.append(generic)
        if not one:
            feats += _acronym_features(single, c.entry)
        context = _context_features(q, c.entry)
        feats += context + _dropped_feature(c, context)
        score = min(1.0, max(0.0, sum(f.weight for f in feats)))
        if score >= th:
            out[c.entry.rowid] = Scored(c.entry, round(score, 3), feats)
    for hit in list(out.values()):
        for rowid in hit.entry.links:
            if rowid in out:
                continue
            linked = index.entry(rowid)
            if linked is None:
                continue
            score = round(hit.score * LINK_FACTOR, 3)
            if score >= th:
                feats = [
                    MatchFeature(
                        "linked_listing",
                        score,
                        f"same party as {hit.entry.list} {hit.entry.list_id} {hit.entry.caption} "
                        f"(score {hit.score:.2f} x {LINK_FACTOR}): the lists share the name "
                        f"{_shared_name(hit.entry, linked, _matched_query(hit))}",
                    )
                ]
                out[rowid] = Scored(linked, score, feats)
    return sorted(out.values(), key=lambda s: (-s.score, s.entry.list, s.entry.list_id))


def _matched_query(hit: Scored) -> str:
    return next((f.detail.split(" ~ ")[0] for f in hit.features if f.name == "name"), "")


def _shared_name(a: Entry, b: Entry, query: str) -> str:
    """The name both entries carry that is closest to what the article said."""
    keys = {prepare(n, a.kind).key for n, k in a.names if k != "weak"}
    shared = [
        n
        for n, k in b.names
        if k != "weak" and prepare(n, b.kind).significant >= 2 and prepare(n, b.kind).key in keys
    ]
    if not shared:
        return "(linked at import)"
    q = prepare(query, b.kind)
    return "'" + max(shared, key=lambda n: compare(q, prepare(n, b.kind)).score) + "'"


def _hit(
    entity_id: str, name: str, s: Scored, published: str | None, prov: Provenance
) -> WatchlistHit:
    listed = s.entry.listed_on
    predates = (published < listed) if (published and listed) else None
    return WatchlistHit(
        entity_id=entity_id,
        name=name,
        list=s.entry.list,
        list_id=s.entry.list_id,
        listed_name=s.entry.caption,
        programs=list(s.entry.programs),
        score=s.score,
        listed_on=listed,
        article_predates_listing=predates,
        explanation=s.features,
        provenance=prov,
    )


def _birth_years(entity: Entity, published: str | None) -> list[int]:
    if not published or not published[:4].isdigit():
        return []
    year = int(published[:4])
    out = []
    for d in entity.descriptors:
        m = _AGE.search(d)
        if m:
            age = int(next(g for g in m.groups() if g))
            if 15 <= age <= 99:
                out.append(year - age)
    return out


def entity_query(entity: Entity, analysis: Analysis) -> Query:
    """The screening query of one PERSON or ORG entity: its names, mentions and the article around it."""
    names = [entity.name, *entity.aliases, *(m.text for m in entity.mentions)]
    countries = [entity.country] if entity.country else []
    article_countries: list[str] = []
    co: list[str] = []
    for other in analysis.entities:
        if other.id == entity.id:
            continue
        if other.type in ("GPE", "NORP"):
            code = other.country or _norm_code(other.name)
            if code:
                article_countries.append(code)
        elif other.type in ("ORG", "PERSON"):
            co.append(other.name)
            co.extend(m.text for m in other.mentions[:3] if m.text != other.name)
    return Query(
        names=names,
        kind=_KIND.get(entity.type, ANY),
        countries=countries,
        article_countries=article_countries,
        birth_years=_birth_years(entity, analysis.published),
        descriptors=list(entity.descriptors),
        co_mentions=co,
        published=analysis.published,
    )


NO_INDEX_REASON = "no watchlist index: run tidings watchlist import"


def screening_state(
    *, threshold: float | None = None, index: Index | None = None
) -> dict[str, Any]:
    """What screening ran against, for ``Analysis.screening``: the lists with their snapshot dates and entry counts, or why nothing was screened.

    ``snapshot`` is the list's own date where its file carries one (the UN XML does; OFAC's
    CSV files do not, so ``index_built`` says when they were imported).
    """
    index = index or open_index()
    if index is None:
        return {"status": "not_screened", "reason": NO_INDEX_REASON}
    return {
        "status": "screened",
        "threshold": DEFAULT_THRESHOLD if threshold is None else threshold,
        "index_built": index.meta.get("built_at"),
        "lists": [
            {
                "list": r["list"],
                "title": LIST_TITLES.get(r["list"], r["list"]),
                "snapshot": r.get("generated"),
                "entries": r["entries"],
            }
            for r in index.lists()
        ],
    }


def screen_analysis(analysis: Analysis, *, threshold: float | None = None) -> list[WatchlistHit]:
    """Screen the PERSON and ORG entities of an analysis; hits best first per entity.

    Returns [] at once when no index exists (import lists with ``tidings watchlist import``).
    The index is opened once per process and reopened only when a new import replaced it.
    """
    index = open_index()
    if index is None:
        key = "no-index"
        if key not in _warned:
            _warned.add(key)
            log.debug("no watchlist index in the data directory; screening skipped")
        return []
    prov = Provenance(analysis.id, NAME, VERSION)
    hits: list[WatchlistHit] = []
    for entity in analysis.entities:
        if entity.type not in _KIND:
            continue
        q = entity_query(entity, analysis)
        for s in screen_query(q, index=index, threshold=threshold):
            hits.append(_hit(entity.id, entity.name, s, analysis.published, prov))
    return hits


def screen_name(
    name: str,
    *,
    kind: str = ANY,
    countries: Iterable[str] = (),
    birth_year: int | None = None,
    threshold: float | None = None,
    index: Index | None = None,
) -> list[WatchlistHit]:
    """Screen one name (``tidings screen``): ``kind`` is ``person``, ``org`` or ``any``.

    With ``threshold`` <= 0 a one-word name also shows its nearest entries, each carrying the
    ``single_token`` feature that keeps it from alerting.
    """
    q = Query(
        names=[name],
        kind=kind,
        countries=[c for c in countries if c],
        birth_years=[birth_year] if birth_year else [],
    )
    prov = Provenance("", NAME, VERSION)
    return [
        _hit("", name, s, None, prov) for s in screen_query(q, index=index, threshold=threshold)
    ]
