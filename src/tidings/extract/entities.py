"""Entities: one entry per real-world entity per article, with every mention, type repaired and descriptors.

The small spaCy model alone fragments and mistypes entities ("Khalimov" as ORG, "Tajikistan" as
NORP, "Islamic State" split in two, "inshallah" as PERSON). This module repairs that in general:

1. **Candidates** come from spaCy's NER and from a reviewed alias resource
   (``resources/aliases.json``: groups, organisations, outlets, a few places), matched on word
   boundaries. An alias match wins over an overlapping spaCy span, except where a longer spaCy
   ORG/FAC span contains a place alias ("Bank of America").
2. **Places** are checked against rigour's territory names (a maintained gazetteer): a country
   name becomes GPE whatever spaCy said; an adjectival demonym ("Tajik nationals", "Russian
   forces") is not an entity.
3. **Filters** drop lower-case "names", reviewed non-entities (God, Quran, inshallah), religions
   and adjectival NORP modifiers; spans ending in an organisation head word ("Jihad Watch",
   "Carnegie Center") are ORG.
4. **Coreference by name parts**: "Khalimov" and "Mr. Khalimov" join "Gulmurod Khalimov" whatever
   their spaCy label; an ORG that is the tail of a longer ORG ("Times" / "New York Times") or its
   acronym joins it. Each cluster's type is a weighted vote of its mentions' labels.
5. **Descriptors**: titles before a name ("Colonel"), the rest of its noun phrase ("Central Asia
   analyst"), appositions ("the former security chief") and "of"-phrases naming an organisation.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Span

from tidings.model import Article, Entity, Mention, Provenance, fact_id

NAME = "tidings.entities"
VERSION = "0.4.0"

KEEP_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}
_APOS = "'’"
_POSSESSIVE = re.compile(r"(?:['’‘]s|['’])$")
_DEMONYM_SUFFIX = re.compile(r"(?:an|ian|ese|ish|i|ic|ean|ch|ese)s?$")
_TERRITORY_CODES_OK = {
    "U.S.",
    "US",
    "USA",
    "U.S.A.",
    "UK",
    "U.K.",
    "EU",
    "E.U.",
    "UAE",
    "DRC",
    "PRC",
}


@dataclass(slots=True)
class _Alias:
    name: str
    type: str
    kind: str
    country: str | None


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    label: str
    weight: float
    source: str  # "alias" | "spacy"
    key: str | None = None  # cluster key once known
    alias: _Alias | None = None
    country: str | None = None
    canonical: str | None = None


@dataclass(slots=True)
class _Cluster:
    key: str
    cands: list[_Cand] = field(default_factory=list)
    canonical: str | None = None
    kind: str | None = None
    country: str | None = None


# --- resources ---------------------------------------------------------------------------


def _resource(name: str) -> Any:
    return json.loads(resources.files("tidings.resources").joinpath(name).read_text("utf-8"))


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, frozenset[str]]:
    data = _resource("entity_lexicon.json")
    return {k: frozenset(v) for k, v in data.items() if not k.startswith("_")}


@lru_cache(maxsize=1)
def _aliases() -> tuple[dict[str, tuple[_Alias, bool]], dict[str, list[str]], re.Pattern[str]]:
    """alias text -> (entry, weak); canonical -> 'requires' strings; one regex over all aliases."""
    data = _resource("aliases.json")
    table: dict[str, tuple[_Alias, bool]] = {}
    requires: dict[str, list[str]] = {}
    for entry in data["entries"]:
        a = _Alias(entry["name"], entry["type"], entry["kind"], entry.get("country"))
        for text in entry.get("aliases", []):
            table.setdefault(text, (a, False))
        for text in entry.get("weak_aliases", []):
            table.setdefault(text, (a, True))
        if entry.get("requires"):
            requires[a.name] = entry["requires"]
    # longest first so "Islamic State of Iraq and the Levant" beats "Islamic State"
    alts = sorted(table, key=len, reverse=True)
    pattern = re.compile(
        r"(?<![\w-])(?:" + "|".join(re.escape(t) for t in alts) + r")(?![\w-]|['’]\w\w)"
    )
    return table, requires, pattern


def warm() -> None:
    """Load the alias resource and rigour's territory names now (else the first article pays ~2 s)."""
    _aliases()
    _lexicon()
    _territory("Tajikistan")


def alias_kind(name: str) -> str | None:
    """The kind (group, org, outlet, place) the alias resource gives a name or alias, else None."""
    return _kinds().get(name)


def read_lexicon(name: str) -> tuple[str, ...]:
    """The entries of a one-per-line word list in ``resources/`` (``#`` starts a comment)."""
    text = resources.files("tidings").joinpath("resources", name).read_text("utf-8")
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return tuple(out)


@lru_cache(maxsize=1)
def _outlet_pattern() -> re.Pattern[str]:
    words = sorted(read_lexicon("outlet_words.txt"), key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w])")


def is_outlet_name(name: str) -> bool:
    """True when a name is a known outlet (``resources/aliases.json``) or looks like one ("... Times")."""
    return alias_kind(name) == "outlet" or bool(_outlet_pattern().search(name))


def is_outlet(ent: Entity) -> bool:
    """An organisation that is a news outlet ("Reuters", "The New York Times")."""
    return ent.type == "ORG" and (
        is_outlet_name(ent.name) or any(is_outlet_name(a) for a in ent.aliases)
    )


@lru_cache(maxsize=1)
def _kinds() -> dict[str, str]:
    table, _requires, _pattern = _aliases()
    kinds = {alias.name: alias.kind for alias, _weak in table.values()}
    kinds.update({text: alias.kind for text, (alias, _weak) in table.items()})
    return kinds


def _territory(text: str) -> Any:
    """A rigour Territory for a place name, or None. Codes only in their usual written forms."""
    from rigour.territories import lookup_territory

    t = text.strip()
    if len(t) <= 3 and t not in _TERRITORY_CODES_OK:
        return None
    try:
        return lookup_territory(t)
    except Exception:  # rigour raises on odd input; a non-match is the right answer
        return None


# --- candidates --------------------------------------------------------------------------


def _alias_candidates(text: str) -> list[_Cand]:
    table, requires, pattern = _aliases()
    out: list[_Cand] = []
    satisfied: dict[str, bool] = {}
    for m in pattern.finditer(text):
        alias, weak = table[m.group(0)]
        if alias.name in requires or weak:
            if alias.name not in satisfied:
                satisfied[alias.name] = any(
                    re.search(r"(?<!\w)" + re.escape(r) + r"(?!\w)", text)
                    for r in requires.get(alias.name, [])
                )
            if not satisfied[alias.name]:
                continue
        start, end = m.span()
        out.append(
            _Cand(
                start,
                end,
                alias.type,
                3.0,
                "alias",
                key=f"alias:{alias.name}",
                alias=alias,
                country=alias.country,
            )
        )
    return out


_PLACE_CAPS = r"[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+)*"
_DATELINE = re.compile(
    rf"^(?P<city>{_PLACE_CAPS})(?:, (?P<region>{_PLACE_CAPS}))?(?: \([^()\n]{{1,40}}\))? ?(?:--|[-–—]) ",
    re.MULTILINE,
)


def _dateline_candidates(text: str) -> list[_Cand]:
    """A wire dateline names a place: a line opening with words in capitals, an optional region
    and outlet, then a dash ("TORONTO — ...", "PITTSBURGH (AP) -- ...", "RIO DE JANEIRO, BRAZIL –
    ...", "WEST BANK (Dispatches) – ..."). The small model reads such capitals as an ORG or misses
    them; the dateline says they are a place. A country name joins its territory; another place
    joins the same words written in mixed case later in the article ("KUALA LUMPUR", "Kuala Lumpur")."""
    out: list[_Cand] = []
    for m in _DATELINE.finditer(text):
        for group in ("city", "region"):
            if m.group(group) is None:
                continue
            start, end = m.span(group)
            words = text[start:end]
            if len(words) < 3:
                continue
            cand = _Cand(start, end, "GPE", 3.0, "alias", key=f"name:{words.lower()}")
            terr = _territory(words.title())
            if (
                terr is not None
                and terr.is_country
                and words.lower() in {terr.name.lower(), terr.full_name.lower()}
            ):
                cand.key, cand.country, cand.canonical = f"terr:{terr.code}", terr.code, terr.name
            out.append(cand)
    return out


def _trim(text: str, span: Span) -> tuple[int, int] | None:
    """Character bounds of a spaCy entity without a leading article, possessive or punctuation."""
    start, end = span.start_char, span.end_char
    for det in ("the ", "The ", "THE "):
        if text.startswith(det, start) and end - start > len(det):
            start += len(det)
            break
    m = _POSSESSIVE.search(text[start:end])
    if m and end - start - len(m.group(0)) >= 2:
        end -= len(m.group(0))
    while end > start and not text[end - 1].isalnum() and text[end - 1] not in ".)":
        end -= 1
    while start < end and not (text[start].isalnum() or text[start] in "'’\"“"):
        start += 1
    if end - start < 2:
        return None
    return start, end


_PLACE_POSSESSIVE = re.compile(r"['’]s (?=[A-Z])")
_IN_PLACE = re.compile(r" in (?=(?:[A-Z][\w’'-]+ ?){1,3}$)")


_TITLE_AFTER = re.compile(r",? ?(?:[Mm]inister|[Ss]ecretary|Cabinet Secretary|CS)\b")


def _portfolio_of_a_title(text: str, start: int, end: int) -> bool:
    """A ministry's field before a post's title is part of a job title, not an organisation:
    "Education Minister Maria Vella", "Finance Minister, John Mensah", "Agriculture Cabinet
    Secretary Peter Kamau" (the small model tags "Education", "Finance", "Agriculture Cabinet" as
    ORG). Every word must be a ``portfolios`` word and a title must follow."""
    words = text[start:end].split()
    return all(w in _lexicon()["portfolios"] for w in words) and bool(_TITLE_AFTER.match(text, end))


def _join_abutting(text: str, cands: list[_Cand]) -> list[_Cand]:
    """Two model spans with only a space between are one name cut in two: "The Nelson Mandela Bay
    Municipality" read as a person "Nelson Mandela" and a place "Bay Municipality" (an
    organisation named after a person or a place). Written text separates two names with
    punctuation or a word; a person after a name stays apart ("with the School of Kinesiology
    Jennifer Kuk": a person introduced by an employer, two names in a caption). The joined
    name is an organisation when its last word is an organisation head, else keeps the second
    span's label."""
    out: list[_Cand] = []
    for c in cands:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.source == c.source == "spacy"
            and text[prev.end : c.start] == " "
            and c.label != "PERSON"
        ):
            prev.end = c.end
            last = text[c.start : c.end].split()[-1]
            prev.label = "ORG" if last in _lexicon()["org_heads"] else c.label
            continue
        out.append(c)
    return out


def _complete_partial_names(text: str, cands: list[_Cand]) -> None:
    """A span that stops inside a name the model read whole elsewhere in the article takes the
    whole name when the text goes on with its remaining words: "Nelson Mandela" in "says Nelson
    Mandela Bay Municipality Director of Communications", after "The Nelson Mandela Bay
    Municipality" earlier (the model reads the same name differently in different sentences)."""
    wholes = {text[c.start : c.end]: c.label for c in cands if c.source == "spacy"}
    by_first: dict[str, list[str]] = defaultdict(list)
    for w in wholes:
        if " " in w:
            by_first[w.split(" ", 1)[0]].append(w)
    for c in cands:
        if c.source != "spacy":
            continue
        part = text[c.start : c.end]
        longer = [
            w
            for w in by_first.get(part.split(" ", 1)[0], [])
            if w.startswith(part + " ") and text.startswith(w, c.start)
        ]
        if longer:
            whole = max(longer, key=len)
            c.end, c.label = c.start + len(whole), wholes[whole]


def _split_joined_names(text: str, start: int, end: int, label: str) -> list[tuple[int, int, str]]:
    """One spaCy span that joins two names becomes two candidates.

    - A country's possessive before a name: "Uruguay’s Ministry of Labor", "Japan's Naomi Osaka"
      (a country owning an office or a player): the country (GPE) and the name after it.
    - A place after "in" at the end of an organisation or facility: "the Sprucedale Youth Centre
      in Simcoe", "the Carnegie Center in Moscow" (local reports locate an institution this way):
      the institution and the place (GPE).
    """
    surface = text[start:end]
    m = _PLACE_POSSESSIVE.search(surface)
    if m and _territory(surface[: m.start()]) is not None:
        return [
            (start, start + m.start(), "GPE"),
            *_split_joined_names(text, start + m.end(), end, label),
        ]
    m = _IN_PLACE.search(surface)
    if m and label in {"ORG", "LOC"} and len(surface[: m.start()].split()) >= 2:
        return [(start, start + m.start(), label), (start + m.end(), end, "GPE")]
    return [(start, end, label)]


def _overlaps(a: _Cand, b: _Cand) -> bool:
    return a.start < b.end and b.start < a.end


@lru_cache(maxsize=1)
def _country_pattern() -> re.Pattern[str]:
    from rigour.territories import get_territories

    names = {
        n
        for t in get_territories()
        if t.is_country and not t.is_historical
        for n in (t.name, t.full_name)
        if "(" not in n and "," not in n
    }
    alts = sorted(names, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in alts) + r")(?![\w-])")


def _missed_countries(text: str, cands: list[_Cand]) -> list[_Cand]:
    """A country's name the model did not tag is still a place: headlines and opening lines
    ("Malaysia’s rice subsidy gets praise, but not from farmers") are where the small model misses
    names most. Written as rigour's gazetteer spells it (case kept), where no candidate overlaps."""
    out = []
    for m in _country_pattern().finditer(text):
        cand = _Cand(m.start(), m.end(), "GPE", 1.0, "spacy")
        if not any(_overlaps(c, cand) for c in cands):
            out.append(cand)
    return out


def _join_portfolios(text: str, cands: list[_Cand]) -> list[_Cand]:
    """An office "of" two portfolios is one organisation: "the Ministry of Labor and Social
    Security", "the Department of Health and Human Services", "the Ministry of Culture and Tourism"
    (the model stops the name at "and" and tags the second portfolio alone). An ORG whose name has
    "of" and is followed by " and " and another capitalised ORG candidate absorbs it."""
    out: list[_Cand] = []
    for c in cands:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.source == c.source == "spacy"
            and prev.label == c.label == "ORG"
            and " of " in text[prev.start : prev.end]
            and text[prev.end : c.start] == " and "
        ):
            prev.end = c.end
            continue
        out.append(c)
    return out


def _candidates(doc: Doc, text: str) -> list[_Cand]:
    lex = _lexicon()
    aliases = _alias_candidates(text) + _dateline_candidates(text)
    out: list[_Cand] = []
    for ent in doc.ents:
        if ent.label_ not in KEEP_LABELS:
            continue
        bounds = _trim(text, ent)
        if bounds is None:
            continue
        for start, end, label in _split_joined_names(
            text, *bounds, "LOC" if ent.label_ == "FAC" else ent.label_
        ):
            surface = text[start:end]
            if surface in lex["not_entities"] or not (surface[0].isupper() or surface[0].isdigit()):
                continue
            if _portfolio_of_a_title(text, start, end):
                continue
            if start > 0 and text[start - 1] in "#@":
                continue  # hashtags and handles are not names
            if sum(ch.isalnum() for ch in surface) < 2:
                continue  # one letter ("wrote on X.") is not a name
            # the small model is unreliable on all-caps text (datelines, headlines): weaker vote
            weight = 0.5 if surface.isupper() and len(surface) > 4 else 1.0
            cand = _Cand(start, end, label, weight, "spacy")
            clash = [a for a in aliases if _overlaps(a, cand)]
            if clash:
                # a longer spaCy organisation containing a place alias keeps its span
                # ("Bank of America")
                if (
                    label in {"ORG", "LOC"}
                    and all(
                        a.alias is not None
                        and a.alias.kind == "place"
                        and cand.start <= a.start
                        and a.end <= cand.end
                        for a in clash
                    )
                    and (cand.end - cand.start) > max(a.end - a.start for a in clash)
                ):
                    aliases = [a for a in aliases if a not in clash]
                else:
                    continue
            out.append(cand)
    out.extend(aliases)
    out.extend(_missed_countries(text, out))
    out = _join_abutting(text, _join_portfolios(text, sorted(out, key=lambda c: (c.start, -c.end))))
    _complete_partial_names(text, out)
    # drop nested/overlapping leftovers, keeping the earlier, longer candidate
    kept: list[_Cand] = []
    for c in out:
        if kept and _overlaps(kept[-1], c):
            if c.source == "alias" and kept[-1].source != "alias":
                kept[-1] = c
            continue
        kept.append(c)
    return kept


# --- repair ------------------------------------------------------------------------------


def _tokens(doc: Doc, c: _Cand) -> Span | None:
    return doc.char_span(c.start, c.end, alignment_mode="expand")


def _is_modifier(span: Span) -> bool:
    """True when a span is an adjective-like modifier of a following noun ("Russian forces")."""
    last = span[-1]
    if last.pos_ == "ADJ":
        return True
    nxt = span.doc[last.i + 1] if last.i + 1 < len(span.doc) else None
    return bool(
        nxt is not None
        and last.dep_ in {"amod", "compound", "nmod"}
        and nxt.pos_ in {"NOUN", "PROPN"}
        and nxt.text[:1].islower()
    )


def _repair(doc: Doc, text: str, cands: list[_Cand]) -> list[_Cand]:
    lex = _lexicon()
    out: list[_Cand] = []
    for c in cands:
        if c.source == "alias":
            out.append(c)
            continue
        surface = text[c.start : c.end]
        span = _tokens(doc, c)
        if span is None:
            continue
        if c.label in {"GPE", "NORP", "LOC", "PERSON", "ORG"}:
            terr = _territory(surface)
            if terr is not None:
                names = {
                    terr.name.lower(),
                    terr.full_name.lower(),
                    (terr.in_sentence or "").lower(),
                }
                is_name = surface.lower() in names or surface.lower().removeprefix("the ") in names
                if is_name:
                    c.label = "GPE" if terr.is_country or c.label != "LOC" else "LOC"
                    c.country = terr.code.split("-")[0]
                    c.key = f"terr:{terr.code}"
                    c.canonical = terr.name if "(" not in terr.name else surface
                    c.weight = 2.0
                    out.append(c)
                    continue
                demonym = (
                    c.label == "NORP" or _is_modifier(span) or bool(_DEMONYM_SUFFIX.search(surface))
                )
                if demonym and len(surface.split()) == 1:
                    continue  # "Tajik nationals", "Syrian camp": nationality, not an entity
                # a city or other place rigour knows by another name: keep spaCy's own reading
        if _common_word_opening_a_sentence(span, text):
            continue
        if c.label == "PERSON" and _surname_he(span):
            c.start = span[0].idx - 3  # "He Jianxiong": the surname He, not the pronoun
            surface = text[c.start : c.end]
        words = surface.split()
        if c.label == "NORP" and _unknown_place_after_preposition(span, surface):
            c.label = "GPE"
        if c.label == "NORP":
            if surface in lex["religions"] or _is_modifier(span):
                continue
            if span[-1].tag_ not in {"NNS", "NNPS"} and span[-1].dep_ not in {
                "nsubj",
                "pobj",
                "dobj",
                "conj",
            }:
                continue
        if (
            c.label in {"PERSON", "ORG"}
            and len(words) == 1
            and surface.endswith("s")
            and _territory(surface[:-1])
        ):
            c.label = "NORP"  # "Tajiks", "Afghans": a people named by its demonym
        if c.label == "PERSON":
            if words[-1] in lex["org_heads"] or words[0] in lex["org_openers"]:
                c.label = "ORG"
            elif len(words) == 1 and span.start > 0 and doc[span.start - 1].lower_ == "the":
                c.label = "NORP"  # "the Quraysh": a people, not a person
        if c.label in {"GPE", "LOC"} and len(words) == 1 and _is_modifier(span):
            continue
        if (
            c.label != "PERSON"
            and span.start > 0
            and doc[span.start - 1].text in lex["titles"] | lex["honorifics"]
        ):
            c.label, c.weight = (
                "PERSON",
                2.0,
            )  # "Colonel Khalimov", "Mr. Khalimov": a title names a person
        elif kind := _kind_noun_before(span):
            c.label, c.weight = kind, 2.0
        out.append(c)
    _employers_before_roles(doc, text, out)
    _agree_in_lists(doc, out)
    _surname_used_alone(text, out)
    return out


def _surname_used_alone(text: str, cands: list[_Cand]) -> None:
    """A two- or three-word name the model typed ORG whose last word the article also uses alone
    for a person or a place that is no country is a person called by the family name: "Ashleigh
    Barty said ..." (ORG) then "said Barty" (LOC) and "Barty -- the first Australian" (sports and
    court reports name a person in full once, then by the surname). A name with an organisation
    head, opener or company suffix ("Canaccord Adams" is not; "Harrow Bank" is) stays ORG, and an
    ORG that is used alone (a firm called by its last word) is not counted."""
    lex = _lexicon()
    alone = {
        text[c.start : c.end]: c.label
        for c in cands
        if c.source == "spacy" and not c.key and len(text[c.start : c.end].split()) == 1
    }
    for c in cands:
        words = text[c.start : c.end].split()
        if (
            c.label == "ORG"
            and c.source == "spacy"
            and not c.key
            and c.weight <= 1.0
            and 2 <= len(words) <= 3
            and all(w[:1].isupper() and w.isalpha() for w in words)
            and words[-1] not in lex["org_heads"] | lex["company_suffixes"]
            and words[0] not in lex["org_openers"]
            and alone.get(words[-1]) in {"PERSON", "LOC", "GPE"}
        ):
            c.label = "PERSON"
            for o in cands:
                if text[o.start : o.end] == words[-1] and not o.key:
                    o.label = "PERSON"


def _kind_noun_before(span: Span) -> str | None:
    """A lower-case noun right before a name says what it names: "FC Goa boss Carlos Pena",
    "substitutes Ana Ruiz and Lia Gomez", "distribution president Nikki Lee" (a person:
    ``role_nouns``); "the Belgian company Van Dyck", "the state firm Trenes del Sur", "the union
    La Hermandad" (an organisation: ``kind_nouns``). Sports, business and labour reports introduce
    names this way, and the small model often types such names at random."""
    if span.start == 0:
        return None
    prev = span.doc[span.start - 1]
    if not prev.text.islower() or prev.pos_ not in {"NOUN", "PROPN"}:
        return None
    lex = _lexicon()
    if prev.text in lex["role_nouns"]:
        return "PERSON"
    if prev.text in lex["kind_nouns"]:
        return "ORG"
    return None


def _employers_before_roles(doc: Doc, text: str, cands: list[_Cand]) -> None:
    """A name right before a role noun and a person is that person's employer, an organisation:
    "Barclays analyst Tom Hill", "Universal distribution president Ann Lee" (analysts, executives
    and spokespeople are introduced by their firm). Up to two lower-case nouns may stand between,
    the last of them a role noun."""
    roles = _lexicon()["role_nouns"]
    by_end = {c.end: c for c in cands}
    for c in cands:
        if c.label != "PERSON":
            continue
        span = _tokens(doc, c)
        if span is None or span.start == 0 or doc[span.start - 1].text not in roles:
            continue
        i = span.start - 1
        while (
            i > span.start - 3 and i > 0 and doc[i - 1].text.islower() and doc[i - 1].pos_ == "NOUN"
        ):
            i -= 1
        employer = by_end.get(doc[i - 1].idx + len(doc[i - 1].text)) if i > 0 else None
        if employer is not None and employer.source == "spacy" and not employer.key:
            employer.label, employer.weight = "ORG", 2.0


def _list_members(tok: Any) -> list[Any]:
    """The heads of every conjunct in the coordination ``tok`` belongs to ("A, B and C")."""
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    out, todo = [], [tok]
    while todo:
        t = todo.pop()
        out.append(t)
        todo.extend(ch for ch in t.children if ch.dep_ == "conj")
    return out


def _agree_in_lists(doc: Doc, cands: list[_Cand]) -> None:
    """Names listed together are of one kind: "after HP, Acer and Dell" (firms), "Tumakuru,
    Ramanagaram, Mandya and Hassan" (districts), "Lia Gomez and Tom Ruiz" (people). A member typed
    by the model alone (weight 1) takes the type every other member has, when there are at least
    two of them or one typed by stronger evidence (a country, a title, a role noun). Decided on the
    model's labels before any member is changed, so a change never feeds another."""
    by_root: dict[int, _Cand] = {}
    for c in cands:
        span = _tokens(doc, c)
        if span is not None and c.label in {"PERSON", "ORG", "GPE", "LOC"}:
            by_root[span.root.i] = c
    changes: list[tuple[_Cand, str]] = []
    for i, c in by_root.items():
        if c.source != "spacy" or c.weight > 1.0:
            continue
        others = [by_root[t.i] for t in _list_members(doc[i]) if t.i != i and t.i in by_root]
        labels = {o.label for o in others}
        strong = len(others) >= 2 or any(o.weight > 1.0 for o in others)
        if len(labels) == 1 and c.label not in labels and strong:
            changes.append((c, next(iter(labels))))
    for c, label in changes:
        c.label = label


def _common_word_opening_a_sentence(span: Span, text: str) -> bool:
    """One capitalised word opening a sentence or headline that the article also writes in lower
    case is a common noun, not a name: "Trains in the capital slowed to a crawl" beside "slowing
    trains down", "Malnutrition affects ..." beside "malnutrition" (the small model tags such words
    as PERSON or ORG)."""
    if len(span) != 1 or not span[0].is_sent_start or not span.text[:1].isupper():
        return False
    lower = span.text.lower()
    return (
        lower != span.text
        and re.search(r"(?<![\w-])" + re.escape(lower) + r"(?![\w-])", text) is not None
    )


_PLACE_PREPOSITIONS = frozenset({"of", "in", "from", "near", "at"})


def _unknown_place_after_preposition(span: Span, surface: str) -> bool:
    """ "defence lawyer Mike McArthur, of Simcoe", "a farmer from Gombak": the small model tags an
    unfamiliar town as NORP; one word after a place preposition that has no demonym ending
    ("-an", "-ese", "-ish", "-i") is a place, not a nationality."""
    return (
        len(surface.split()) == 1
        and span.start > 0
        and span.doc[span.start - 1].lower_ in _PLACE_PREPOSITIONS
        and not _DEMONYM_SUFFIX.search(surface)
    )


def _strip_honorific(words: list[str]) -> list[str]:
    hon = _lexicon()["honorifics"]
    titles = _lexicon()["titles"]
    while len(words) > 1 and (words[0] in hon or words[0] in titles):
        words = words[1:]
    return words


def _cluster(doc: Doc, text: str, cands: list[_Cand]) -> list[_Cluster]:
    clusters: dict[str, _Cluster] = {}

    def add(key: str, c: _Cand) -> None:
        c.key = key
        cl = clusters.setdefault(key, _Cluster(key))
        cl.cands.append(c)

    pending: list[_Cand] = []
    for c in cands:
        if c.key:  # alias and territory matches are already keyed
            add(c.key, c)
        else:
            pending.append(c)

    # multi-word person names anchor name-part coreference
    persons: dict[str, list[str]] = {}
    for c in pending:
        words = _strip_honorific(text[c.start : c.end].split())
        if c.label == "PERSON" and len(words) >= 2:
            persons.setdefault(" ".join(words), words)
    part_index: dict[str, set[str]] = defaultdict(set)
    for full, words in persons.items():
        part_index[words[-1]].add(full)
        if len(words) >= 2:
            part_index[" ".join(words[-2:])].add(full)
    firsts: dict[str, set[str]] = defaultdict(set)
    for full, words in persons.items():
        firsts[words[0]].add(full)
    # a shorter full name inside a longer one is the same person ("Cortez Masto", "Catherine Cortez Masto")
    longer_of: dict[str, str] = {}
    for full in persons:
        outer = {o for o in persons if o != full and o.endswith(" " + full)}
        if len(outer) == 1:
            longer_of[full] = next(iter(outer))

    org_names = [
        text[c.start : c.end]
        for c in pending
        if c.label == "ORG" and len(text[c.start : c.end].split()) >= 2
    ]
    for c in pending:
        surface = text[c.start : c.end]
        words = _strip_honorific(surface.split())
        joined = " ".join(words)
        if joined in longer_of and c.label == "PERSON":
            add("person:" + longer_of[joined], c)
            continue
        if c.label in {"PERSON", "ORG", "NORP", "GPE", "LOC"} and joined not in persons:
            owners = part_index.get(joined) or (
                firsts.get(joined) if c.label == "PERSON" and len(words) == 1 else None
            )
            if owners and len(owners) == 1:
                add("person:" + next(iter(owners)), c)
                continue
        if c.label == "PERSON" and joined in persons:
            add("person:" + joined, c)
            continue
        if c.label == "ORG" or (c.label == "PERSON" and len(words) == 1):
            longer = [
                o
                for o in org_names
                if o != surface
                and (
                    _company_form(o, surface)
                    or (c.label == "ORG" and (o.endswith(" " + surface) or _acronym(o) == surface))
                )
            ]
            if len(set(longer)) == 1:
                add("name:" + " ".join(_strip_honorific(longer[0].split())).lower(), c)
                continue
        add(f"{'person' if c.label == 'PERSON' else 'name'}:{joined.lower()}", c)
    return list(clusters.values())


def _join_same_words(clusters: list[_Cluster], text: str) -> list[_Cluster]:
    """The same words are one entity whatever label the model gave each use: "FC Goa" tagged ORG
    in one sentence and PERSON in the next, a city tagged PERSON in a headline and GPE in the text
    ("Buenos Aires Train Slowdown" / "trains in Buenos Aires"). Clusters keyed ``person:`` and
    ``name:`` on the same words merge, and join a place or alias cluster one of whose mentions has
    those words; the vote then types the whole."""
    by_words: dict[str, _Cluster] = {}
    out: list[_Cluster] = []
    for cl in clusters:
        if cl.key.startswith(("terr:", "alias:")):
            for c in cl.cands:
                by_words.setdefault(" ".join(text[c.start : c.end].lower().split()), cl)
    for cl in clusters:
        kind, _, words = cl.key.partition(":")
        words = words.lower()  # person keys keep the name's case
        if kind not in {"person", "name"}:
            out.append(cl)
            continue
        if words in by_words:
            into = by_words[words]
            into.cands.extend(cl.cands)
            if kind == "person" and into.key.startswith("name:"):
                into.key = cl.key  # a full person name keeps its person reading (see _vote)
            continue
        by_words[words] = cl
        out.append(cl)
    return out


def _surname_he(span: Span) -> bool:
    """ "He Jianxiong, a spokesman, said": "He" as a compound of a person's name is the Chinese
    surname He, not the pronoun (a pronoun never modifies a name)."""
    if span.start == 0:
        return False
    prev = span.doc[span.start - 1]
    return prev.text == "He" and prev.dep_ == "compound" and prev.head in span


def _company_form(full: str, short: str) -> bool:
    """ "Xiaomi Corp" / "Xiaomi", "Nissan Motor Co." / "Nissan", "Mercury Records" / "Mercury": the
    full name is the short one plus company suffixes (``company_suffixes``), so both are one firm
    (company-results and technology reports name the firm in full once, then by its short name)."""
    if not full.startswith(short + " "):
        return False
    rest = full[len(short) + 1 :].split()
    return bool(rest) and all(w in _lexicon()["company_suffixes"] for w in rest)


_DEFINED = re.compile(r"\(([A-Z][A-Za-z&]{1,7})\)")
_CONNECTORS = frozenset({"of", "and", "the", "for", "de", "del", "da", "do", "&"})
_NAME_WORD = re.compile(r"[\w’'&.-]+")


def _defined_acronyms(text: str, cands: list[_Cand]) -> list[_Cand]:
    """An acronym defined in parentheses names the phrase before it: "the National Security
    Committee (NSC)", "Nelson Mandela Bay Municipality (NMBM)" (news reports define an acronym
    once, then use it). The phrase becomes one candidate (replacing the model's pieces of it, such
    as a person "Nelson Mandela"), an organisation unless its last word is a place head ("West
    Kazakhstan Region (WKR)"), and every whole-word use of the acronym joins it."""
    for m in _DEFINED.finditer(text):
        acr = m.group(1)
        words = list(_NAME_WORD.finditer(text[max(0, m.start() - 120) : m.start()]))
        offset = max(0, m.start() - 120)
        start = None
        for k in range(len(words) - 1, -1, -1):  # the shortest phrase whose initials spell it
            phrase = " ".join(w.group() for w in words[k:])
            if not words[k].group()[:1].isupper():
                continue
            if _acronym(phrase) == acr.replace("&", ""):
                start = offset + words[k].start()
                break
        if start is None and not is_outlet_name(acr):  # "LONDON (Reuters)" defines nothing
            start = _short_name_owner(text, words, offset)
        if start is None:
            continue
        end = offset + words[-1].end()
        inside = [c for c in cands if c.start < end and start < c.end]
        label = "GPE" if words[-1].group() in _lexicon()["place_heads"] else "ORG"
        key = "name:" + text[start:end].lower()
        cands = [c for c in cands if c not in inside]
        cands.append(_Cand(start, end, label, 1.0, "spacy", key=key))
        # a short name written in mixed case ("Cocobod") is also written in capitals ("COCOBOD")
        flags = re.IGNORECASE if not acr.isupper() else 0
        uses = list(re.finditer(r"(?<![\w-])" + re.escape(acr) + r"(?![\w-])", text, flags))
        for u in uses:
            cands = [c for c in cands if not (c.start < u.end() and u.start() < c.end)]
            cands.append(_Cand(u.start(), u.end(), label, 1.0, "spacy", key=key))
    return sorted(cands, key=lambda c: (c.start, -c.end))


def _short_name_owner(text: str, words: list[re.Match[str]], offset: int) -> int | None:
    """Where the name that a short name in parentheses defines starts, when its initials do not
    spell it: "the Ghana Cocoa Board (Cocobod)", "Single Port Union and Related Branches (SUPRA)"
    (a syllable acronym, or one from another language). The name is the run of capitalised words
    and connectors ("of", "and", "del") right before the parenthesis, at least two words long and
    opening with a capitalised word, not all in capitals (a dateline: "RIO DE JANEIRO (Wire)")."""
    if not words or text[offset + words[-1].end() : offset + words[-1].end() + 2] != " (":
        return None
    k = len(words)
    while k > 0 and (words[k - 1].group()[:1].isupper() or words[k - 1].group() in _CONNECTORS):
        if k < len(words) and text[offset + words[k - 1].end() : offset + words[k].start()] != " ":
            break  # the name is one run of words, no punctuation between them
        k -= 1
    while k < len(words) and (
        not words[k].group()[:1].isupper() or words[k].group() in {"The", "A", "An"}
    ):
        k += 1
    run = [w.group() for w in words[k:]]
    if len(run) < 2 or not run[-1][:1].isupper() or " ".join(run).isupper():
        return None
    if any(w in _lexicon()["titles"] for w in run):
        return (
            None  # a job title qualified in parentheses: "Chief Conservator of Forests (Wildlife)"
        )
    return offset + words[k].start()


def _acronym(name: str) -> str:
    stop = {"of", "the", "and", "for", "to", "in", "on", "&"}
    return "".join(w[0] for w in name.split() if w.lower() not in stop and w[:1].isalpha()).upper()


def _vote(cl: _Cluster, text: str) -> str:
    if cl.key.startswith("alias:") or cl.key.startswith("terr:"):
        alias_types = [
            c.label for c in cl.cands if c.source == "alias" or (c.key or "").startswith("terr:")
        ]
        return Counter(alias_types).most_common(1)[0][0] if alias_types else cl.cands[0].label
    placed = {
        c.label
        for c in cl.cands
        if c.label in {"GPE", "LOC"} and text[: c.start].endswith(("in ", "In "))
    }
    if (
        cl.key.startswith("person:")
        and not placed
        and any(c.label == "PERSON" and len(text[c.start : c.end].split()) >= 2 for c in cl.cands)
    ):
        return "PERSON"
    votes: dict[str, float] = defaultdict(float)
    for c in cl.cands:
        votes[c.label] += c.weight
    best = sorted(votes.items(), key=lambda kv: -kv[1])
    if len(best) > 1 and best[0][1] == best[1][1]:
        # a tie: the fullest name's label ("Brindle Records" ORG over "Brindle" PERSON), else PERSON
        longest = max(c.end - c.start for c in cl.cands)
        fullest = {c.label for c in cl.cands if c.end - c.start == longest}
        if len(fullest) == 1 and (label := next(iter(fullest))) in (best[0][0], best[1][0]):
            return label
        # "trains in Buenos Aires" against a headline's PERSON: no person is "in" somewhere
        if len(placed) == 1 and (label := next(iter(placed))) in (best[0][0], best[1][0]):
            return label
        if "PERSON" in (best[0][0], best[1][0]):
            return "PERSON"
    return best[0][0]


def _canonical(cl: _Cluster, text: str, type_: str) -> str:
    for c in cl.cands:
        if c.alias is not None:
            return c.alias.name
        if c.canonical:
            return c.canonical
    forms = [text[c.start : c.end] for c in cl.cands]
    if type_ == "PERSON":
        forms = [" ".join(_strip_honorific(f.split())) for f in forms]
    # the longest form, ties broken by mixed case over all-caps (a "ROTTERDAM" dateline names
    # the city "Rotterdam"), then frequency, then first appearance
    counts = Counter(forms)
    return max(
        forms,
        key=lambda f: (
            len(f.split()),
            not (f.isupper() and len(f) > 4),
            counts[f],
            -forms.index(f),
        ),
    )


# --- descriptors -------------------------------------------------------------------------


def _descriptors(doc: Doc, mentions: Iterable[tuple[int, int]], names: set[str]) -> list[str]:
    lex = _lexicon()
    titles = lex["titles"]
    hon = lex["honorifics"]
    found: list[str] = []

    def keep(s: str, span: Span | None = None) -> None:
        s = s.strip(" ,;:—–-")
        if span is not None and (
            not any(t.pos_ == "NOUN" for t in span)
            or sum(1 for t in span if t.ent_type_ in {"PERSON"}) * 2 > len(span)
        ):
            return  # a descriptor says what someone is: it needs a common noun, not just another name
        if not re.fullmatch(r"[\w .,'’&()/-]+", s) or not re.search(r"[a-z]", s):
            return  # markup debris ("| Piloto |") or no lower-case word: not a descriptor
        if (
            s
            and s not in found
            and s not in names
            and len(s.split()) <= 12
            and not s.lower().startswith(("who ", "which "))
        ):
            found.append(s)

    for start, end in mentions:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        # titles and the rest of the noun phrase before the name ("Central Asia analyst", "Colonel")
        i = span.start - 1
        pre: list[str] = []
        while (
            i >= 0
            and doc[i].ent_iob_ != "O"
            and doc[i].ent_type_ in {"PERSON"}
            and doc[i].text in titles
        ):
            pre.insert(0, doc[i].text)
            i -= 1
        j = span.start - 1
        chain: list[Any] = []
        while (
            j >= 0
            and doc[j].head.i in {t.i for t in span} | {t.i for t in chain}
            and doc[j].dep_
            in {
                "compound",
                "amod",
                "nmod",
                "nummod",
                "npadvmod",
            }
        ):
            chain.insert(0, doc[j])
            j -= 1
        if (
            chain
            and any(t.pos_ == "NOUN" for t in chain)
            and not any(t.tag_ == "POS" for t in chain)
        ):
            words = [t.text for t in chain if t.text not in hon]
            if words:
                keep(" ".join(words))
        elif pre:
            keep(" ".join(pre))
        elif span.start > 0 and doc[span.start - 1].text in titles:
            keep(doc[span.start - 1].text)
        # appositions: "X, the former security chief," / "the former security chief, X"
        for child in root.children:
            if child.dep_ == "appos" and child.i > root.i:
                sub = doc[child.left_edge.i : child.right_edge.i + 1]
                keep(sub.text, sub)
        if root.dep_ == "appos" and root.head.i < span.start and root.head.ent_type_ == "":
            head = root.head
            keep(doc[head.left_edge.i : head.i + 1].text, doc[head.left_edge.i : head.i + 1])
        # "of the Carnegie Center in Moscow"
        for child in root.children:
            if child.dep_ == "prep" and child.lower_ == "of" and child.i == span.end:
                objs = [
                    g
                    for g in child.children
                    if g.dep_ == "pobj" and g.ent_type_ in {"ORG", "GPE", "FAC"}
                ]
                if objs:
                    keep(doc[child.i : child.right_edge.i + 1].text)
    return found[:6]


# --- main --------------------------------------------------------------------------------


def extract_entities(doc: Doc, article: Article) -> list[Entity]:
    """One Entity per real-world entity in ``doc`` (whose text is ``article.text``)."""
    text = article.text  # == doc.text; Doc.text is rebuilt from tokens on every access
    prov = Provenance(article.id, NAME, VERSION)
    cands = _defined_acronyms(text, _repair(doc, text, _candidates(doc, text)))
    clusters = _join_same_words(_cluster(doc, text, cands), text)
    # honorifics belong to the person mention ("Mr. Khalimov")
    hon = _lexicon()["honorifics"]
    entities: list[Entity] = []
    for cl in clusters:
        type_ = _vote(cl, text)
        if type_ == "FAC":
            type_ = "LOC"
        name = _canonical(cl, text, type_)
        mentions: list[Mention] = []
        for c in sorted(cl.cands, key=lambda c: c.start):
            start = c.start
            if type_ == "PERSON":
                before = text[:start].rstrip(" ")
                for h in hon:
                    if before.endswith(h) and (
                        len(before) == len(h) or not before[-len(h) - 1].isalnum()
                    ):
                        start = len(before) - len(h)
                        break
            mentions.append(Mention(start, c.end, text[start : c.end]))
        names = {m.text for m in mentions} | {name}
        descriptors = (
            _descriptors(doc, [(c.start, c.end) for c in cl.cands], names)
            if type_ in {"PERSON", "ORG"}
            else []
        )
        country = next((c.country for c in cl.cands if c.country), None)
        aliases = sorted({m.text for m in mentions} - {name})
        entities.append(
            Entity(
                id=fact_id("ent", article.id, type_, name),
                name=name,
                type=type_,
                mentions=mentions,
                descriptors=descriptors,
                provenance=prov,
                aliases=aliases,
                country=country,
                salience=round(len(mentions) / (1 + mentions[0].start / max(len(text), 1)), 3),
            )
        )
    entities = _merge_same_name(entities, prov)
    entities.sort(key=lambda e: e.mentions[0].start)
    return entities


def _merge_same_name(entities: list[Entity], prov: Provenance) -> list[Entity]:
    """Clusters that ended with the same canonical name and type are one entity."""
    by: dict[tuple[str, str], Entity] = {}
    out: list[Entity] = []
    for e in entities:
        k = (e.name.lower(), e.type)
        if k in by:
            tgt = by[k]
            tgt.mentions = sorted(tgt.mentions + e.mentions, key=lambda m: m.start)
            tgt.descriptors = list(dict.fromkeys(tgt.descriptors + e.descriptors))[:6]
            tgt.aliases = sorted(set(tgt.aliases) | set(e.aliases))
            tgt.salience += e.salience
        else:
            by[k] = e
            out.append(e)
    return out
