"""In-article reference resolution: which entity a subject, pronoun or description refers to.

An ordered table of small sieves, most precise first (after the Stanford multi-pass sieve, Lee
et al. 2013). ``resolve`` runs them in ``SIEVES`` order on one token (the head of a subject, an
``according to`` object, a possessor); the first sieve that decides wins and names itself in
``Resolution.rule``. A sieve returns:

- a ``Resolution`` with an entity ``Ref``: resolved;
- a ``Resolution`` with ``Ref(None, words)``: the words as written, no entity ("a witness");
- a ``Resolution`` with ``ref=None``: not a source at all (a mis-parsed timestamp);
- None: this sieve does not apply, try the next.

A description or pronoun that no sieve links to a named entity stays unresolved: its words are
kept as written, never given as a name. Word lists live in ``resources/descriptions.json``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from spacy.tokens import Span, Token

from tidings.extract.entities import is_outlet
from tidings.model import Entity, Ref

if TYPE_CHECKING:
    from tidings.extract.document import Document

SPEAKER_TYPES = ("PERSON", "ORG", "GPE", "NORP")
#: how far back (characters) a pronoun or description looks for its antecedent
WINDOW = 4000


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """``resources/descriptions.json``: pronoun classes and description heads."""
    text = resources.files("tidings").joinpath("resources", "descriptions.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return {k: frozenset(v) if isinstance(v, list) else v for k, v in data.items()}


def _words(key: str) -> frozenset[str]:
    words: frozenset[str] = lexicon()[key]
    return words


@dataclass(slots=True, frozen=True)
class Resolution:
    """What a mention refers to: ``ref`` (an entity, or the words as written when ``entity_id`` is
    None; None for no source at all) and the sieve that decided (``rule``)."""

    ref: Ref | None
    rule: str


# --- helpers ---------------------------------------------------------------------------------


def np_span(tok: Token) -> Span:
    """The noun phrase headed by ``tok`` without right-hand modifiers (prepositions, clauses)."""
    doc = tok.doc
    left = tok.i
    for c in tok.lefts:
        if c.dep_ in {"det", "amod", "compound", "poss", "nmod", "nummod", "case", "quantmod"}:
            left = min(left, c.left_edge.i)
    right = tok.i
    for c in tok.rights:
        if c.dep_ in {"compound", "flat"} or (c.dep_ == "appos" and c.ent_type_):
            right = max(right, c.i)
        else:
            break
    return doc[left : right + 1]


def _ref(ent: Entity) -> Ref:
    return Ref(ent.id, ent.name)


def _definite(tok: Token) -> bool:
    """ "the ministry", "this company" (not "a ministry")."""
    return any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in tok.lefts)


def _before(d: Document, pos: int) -> Iterable[tuple[Entity, int]]:
    """Entities mentioned before ``pos`` outside quotation marks, nearest first, with the mention start."""
    for ent, m in reversed(d.index.mentions_in(max(0, pos - WINDOW), pos)):
        if m.end <= pos and d.quoted(m.start) is None:
            yield ent, m.start


_MALE = re.compile(r"\b(?:Mr|Sir|Lord)\.?\s+$")
_FEMALE = re.compile(r"\b(?:Mrs|Ms|Miss|Madam|Dame|Lady|Queen|Princess)\.?\s+$")


def gender(d: Document, ent: Entity) -> str | None:
    """ "m" or "f" from evidence in the article: "Mr."/"Mrs." before the entity's mentions, or
    gendered descriptors ("spokeswoman"); None when the evidence is absent or split."""
    votes = {"m": 0, "f": 0}
    for m in ent.mentions:
        # the honorific just before the mention, or opening it ("Mrs. Brandt" kept whole)
        opening = d.text[m.start : m.end].split(maxsplit=1)
        heads = (d.text[max(0, m.start - 9) : m.start], f"{opening[0]} " if opening else "")
        if any(_MALE.search(h) for h in heads):
            votes["m"] += 1
        elif any(_FEMALE.search(h) for h in heads):
            votes["f"] += 1
    for desc in ent.descriptors:
        words = set(desc.lower().split())
        votes["m"] += len(words & _words("male_nouns"))
        votes["f"] += len(words & _words("female_nouns"))
    if votes["m"] == votes["f"]:
        return None
    return "m" if votes["m"] > votes["f"] else "f"


def last_outlet(d: Document, pos: int) -> tuple[int, Ref] | None:
    """The outlet under discussion at ``pos`` and where: the last that spoke or relayed, else the
    last outlet mentioned."""
    marks = [(p, r) for p, r in d.outlet_marks if p < pos]
    if marks:
        return marks[-1]
    for ent, start in _before(d, pos):
        if is_outlet(ent):
            return start, _ref(ent)
    return None


def _org_nouns_in(ent: Entity) -> set[str]:
    """The organisation nouns in an entity's name ("Interior Ministry of Norland" -> {"ministry"})."""
    words = {w.casefold().removesuffix("’s").removesuffix("'s") for w in ent.name.split()}
    return words & _words("org_nouns")


def _own_outlet(d: Document, ent: Entity) -> bool:
    """The outlet that published the article ("Bloomberg" in a Bloomberg report)."""
    own = (d.article.outlet or "").casefold()
    return bool(own) and any(n.casefold() in own for n in (ent.name, *ent.aliases))


# --- the sieves ------------------------------------------------------------------------------


def not_a_source(d: Document, tok: Token) -> Resolution | None:
    """A time or number parsed as a subject is nobody: "5:45 p.m. Trump says ..." (live blogs)."""
    if tok.ent_type_ in {"TIME", "DATE", "CARDINAL", "PERCENT", "MONEY", "QUANTITY"}:
        return Resolution(None, "not_a_source")
    return None


def relative_pronoun(d: Document, tok: Token) -> Resolution | None:
    """ "Smith, who said ...": the relative pronoun stands for the noun its clause modifies."""
    if tok.tag_ in {"WP", "WDT"} and tok.head.dep_ == "relcl" and tok.head.head is not tok.head:
        return d.resolve(tok.head.head)
    return None


def person_pronoun(d: Document, tok: Token) -> Resolution | None:
    """he/him/his -> a person before it outside quotation marks whose gender (from the article's
    own evidence) is not female; she/her -> not male. "Mr. Lee met Mrs. Park. She said ..." is
    Mrs. Park: honorifics tell people apart. A pronoun subject prefers the person who spoke last
    (in this paragraph or the one before) over one merely mentioned since: "Pena said the team
    was tired. Golui scored twice. He said: ..." is Pena (interviews and match reports)."""
    low = tok.lower_
    if low not in _words("male_pronouns") | _words("female_pronouns"):
        return None
    want = "m" if low in _words("male_pronouns") else "f"
    fits = [
        e for e, _ in _before(d, tok.idx) if e.type == "PERSON" and gender(d, e) in {None, want}
    ]
    if not fits:
        return Resolution(Ref(None, tok.text), "person_pronoun")
    if tok.dep_ == "nsubj":
        lo = d.paragraphs[max(0, d.para(tok.idx) - 1)][0] if d.paragraphs else 0
        ids = {e.id: e for e in fits}
        spoke = [i for p, i in d.speakers if lo <= p < tok.idx and i in ids]
        if spoke:
            return Resolution(_ref(ids[spoke[-1]]), "person_pronoun")
    return Resolution(_ref(fits[0]), "person_pronoun")


def org_pronoun(d: Document, tok: Token) -> Resolution | None:
    """it/its -> the organisation under discussion: the nearest organisation before it outside
    quotation marks, or the outlet that last spoke when that came later ("The port operator
    Katoen Natie ... it called for dialogue"; "the newspaper said ... it reported"). Right after
    a statement with a known issuer, "it" is the statement's voice: "a statement from the
    President's office ... it said" -> the issuer."""
    if tok.lower_ not in _words("org_pronouns"):
        return None
    issuer = _recent_statement_issuer(d, tok)
    if issuer is not None:
        return Resolution(issuer, "org_pronoun")
    org = next(((s, _ref(e)) for e, s in _before(d, tok.idx) if e.type == "ORG"), None)
    outlet = last_outlet(d, tok.idx)
    best = max((c for c in (org, outlet) if c is not None), key=lambda c: c[0], default=None)
    return Resolution(best[1] if best else Ref(None, tok.text), "org_pronoun")


def other_pronoun(d: Document, tok: Token) -> Resolution | None:
    """I/we/they/who and other pronouns are left as written: "they said" names no one."""
    if tok.lower_ in _words("unresolved_pronouns") or tok.pos_ == "PRON":
        return Resolution(Ref(None, tok.text), "other_pronoun")
    return None


def named_mention(d: Document, tok: Token) -> Resolution | None:
    """A name: the entity whose mention covers the token or its noun phrase ("Mr. Kaya said").
    A place or nationality that only modifies a common noun is not the speaker: "the New
    York-based company said", "the Maltese interior ministry said". A proper name the model
    typed as a place still names the speaker ("Barty said": a surname tagged LOC)."""
    types = (*SPEAKER_TYPES, "LOC") if tok.pos_ == "PROPN" else SPEAKER_TYPES
    ent = d.index.covering(tok.idx, tok.idx + len(tok), types)
    if ent is None:
        np = np_span(tok)
        ent = d.index.covering(np.start_char, np.end_char, SPEAKER_TYPES)
        if ent is not None and ent.type in {"NORP", "GPE", "LOC"} and tok.pos_ == "NOUN":
            ent = None
    return Resolution(_ref(ent), "named_mention") if ent is not None else None


def surname_match(d: Document, tok: Token) -> Resolution | None:
    """A lone capitalised word that is the last word of a person named earlier, when the entity
    tagger missed it there: "UBS analyst Maynard Um ... “...,” Um wrote" ("Um" tagged as an
    interjection). The nearest such person wins."""
    if not tok.is_title or tok.pos_ == "PRON" or tok.ent_type_ not in {"", "PERSON"}:
        return None
    for ent, _ in _before(d, tok.idx):
        if ent.type == "PERSON" and ent.name.split()[-1] == tok.text and " " in ent.name:
            return Resolution(_ref(ent), "surname_match")
    return None


def appositive_name(d: Document, tok: Token) -> Resolution | None:
    """A description with the name beside it: "A lawyer for the suspects, Mehmet Kaya, told
    Reuters", "says its Los Angeles-based manager, Dan Garnett" -> the named person. It runs
    before ``named_mention``, so a title whose modifiers hold another name gives way to the
    person it describes: "says Nelson Mandela Bay Municipality Director of Communications,
    Roland Williams" is Williams (municipal and company releases); a head that is itself a name
    ("Smith, the minister") keeps its own."""
    if d.index.covering(tok.idx, tok.idx + len(tok), SPEAKER_TYPES) is not None:
        return None
    for c in tok.rights:
        if c.dep_ == "appos":
            ent = d.index.covering(c.idx, c.idx + len(c), ("PERSON", "ORG"))
            if ent is not None:
                return Resolution(_ref(ent), "appositive_name")
    return None


def title_before_name(d: Document, tok: Token) -> Resolution | None:
    """A role title right before a name, parsed as the head: "Union chief Yaffa Ben-David said",
    "UBS analyst Maynard Um wrote" -> the person named after the title."""
    if tok.pos_ != "NOUN" or tok.i + 1 >= len(tok.doc):
        return None
    nxt = tok.doc[tok.i + 1]
    ent = d.index.covering(nxt.idx, nxt.idx + len(nxt), ("PERSON",))
    return Resolution(_ref(ent), "title_before_name") if ent is not None else None


def outlet_description(d: Document, tok: Token) -> Resolution | None:
    """ "the newspaper said", "the agency reported" -> the outlet under discussion."""
    if not _definite(tok) or tok.lemma_.lower() not in _words("outlet_nouns"):
        return None
    outlet = last_outlet(d, tok.idx)
    return Resolution(outlet[1], "outlet_description") if outlet else None


def descriptor_match(d: Document, tok: Token) -> Resolution | None:
    """ "the colonel said" -> the last entity before it whose descriptors hold that word
    ("General Ana Ruiz ... the general")."""
    if not _definite(tok):
        return None
    word = tok.lemma_.lower()
    for ent, _ in _before(d, tok.idx):
        if any(word in desc.lower().split() for desc in ent.descriptors):
            return Resolution(_ref(ent), "descriptor_match")
    return None


def _issuer(d: Document, tok: Token) -> Ref | None:
    """Who issued a statement token: "X's statement", "a statement from/by X", "a statement issued
    by X", "X said in a statement", "In the statement, X accused ...", "X issued a statement"."""
    cands: list[Token] = [c for c in tok.children if c.dep_ == "poss"]
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in {"by", "from", "of"}:
            cands += [g for g in c.children if g.dep_ == "pobj"]
        elif c.dep_ == "acl":
            for a in c.children:
                if a.dep_ == "agent":
                    cands += [g for g in a.children if g.dep_ == "pobj"]
    if tok.dep_ == "pobj" and tok.head.lower_ == "in" and tok.head.head.pos_ in {"VERB", "AUX"}:
        cands += [c for c in tok.head.head.children if c.dep_ == "nsubj"]
    if tok.dep_ == "dobj" and tok.head.lemma_.lower() in _words("issue_verbs"):
        cands += [c for c in tok.head.children if c.dep_ == "nsubj"]
    for c in cands:
        if c.lemma_.lower() in _words("statement_nouns"):
            continue
        ref = d.ref(c)
        if ref is not None and ref.entity_id is not None:
            return ref
    return None


def _recent_statement_issuer(d: Document, tok: Token) -> Ref | None:
    """The issuer of a statement named in this sentence or the one before, before ``tok``."""
    lo = d.sentence(tok)[0]
    if lo > 0:
        lo = d.sentence(tok.doc[lo - 1])[0]
    for t in reversed(tok.doc[lo : tok.i]):
        if t.lemma_.lower() in _words("statement_nouns") and d.quoted(t.idx) is None:
            return _issuer(d, t)
    return None


def statement_issuer(d: Document, tok: Token) -> Resolution | None:
    """A statement speaks for its issuer: "The full-day strike, a statement issued by the union
    said, ..."; "The State Department said in a statement ... the statement said" -> the issuer
    of this statement, else of the last statement before it."""
    if tok.lemma_.lower() not in _words("statement_nouns"):
        return None
    own = _issuer(d, tok)
    if own is not None:
        return Resolution(own, "statement_issuer")
    if not _definite(tok):
        return None
    lo = max(0, tok.idx - WINDOW)
    for t in reversed(tok.doc[: tok.i]):
        if t.idx < lo:
            break
        if t.lemma_.lower() in _words("statement_nouns") and d.quoted(t.idx) is None:
            ref = _issuer(d, t)
            if ref is not None:
                return Resolution(ref, "statement_issuer")
    return None


def org_description(d: Document, tok: Token) -> Resolution | None:
    """A definite organisation description -> the nearest organisation before it that fits:
    "the ministry" after "the Interior Ministry", "the union" after "the Teachers' Union"
    (the name holds that noun); "the company", "the maker", "the retailer" (generic nouns)
    after a company's name ("American Eagle Outfitters ... The company said"), skipping the
    article's own outlet (a news company can be the company: "Thomson Reuters ... the company
    said" in a Bloomberg report) and organisations whose name says they are another kind ("the company" is no ministry); of
    those, the one the article has named most so far, so a conference or a network standard named
    in passing does not take "the company" from the firm the story is about ("Xiaomi unveiled ...
    at the Global Mobile Internet Conference ... the company said")."""
    head = tok.lemma_.lower()
    if not _definite(tok) or head not in _words("org_nouns"):
        return None
    orgs = [e for e, _ in _before(d, tok.idx) if e.type == "ORG" and not _own_outlet(d, e)]
    for ent in orgs:
        if head in _org_nouns_in(ent) or any(head in d.lower().split() for d in ent.descriptors):
            return Resolution(_ref(ent), "org_description")
    if head in _words("generic_org_nouns"):
        fits = [e for e in orgs if _org_nouns_in(e) <= _words("generic_org_nouns")]
        if fits:
            named = Counter(e.id for e in fits)
            best = max(fits, key=lambda e: named[e.id])  # ties: the nearest (first)
            return Resolution(_ref(best), "org_description")
    return None


def _person_noun(tok: Token) -> bool:
    """A noun that names a person by role: a listed role noun ("chief", "coach") or one with an
    agent suffix ("cricketer", "author", "tactician", "analyst", "spokesman")."""
    word = tok.lemma_.lower()
    return word in _words("person_nouns") or word.endswith(_PERSON_SUFFIXES)


_PERSON_SUFFIXES = ("er", "or", "ist", "ian", "man", "woman", "person")


def _not_persons() -> frozenset[str]:
    """Description heads that are organisations or documents ("the paper", "the letter")."""
    return _words("org_nouns") | _words("outlet_nouns") | _words("statement_nouns")


def person_description(d: Document, tok: Token) -> Resolution | None:
    """A definite or possessive role description -> the one person named in this paragraph and the
    one before, when there is exactly one (and its gender does not contradict the noun):
    "..., the veteran Pakistan cricketer added", "The Spanish tactician said", "the study's senior
    author said" (sports and science reports name the speaker once, then describe them). With
    two or more people in view ("Clinton ... Pence ... the Indiana governor said") no description
    is guessed: a role word alone cannot tell them apart."""
    if tok.pos_ != "NOUN" or tok.tag_ == "NNS" or not _person_noun(tok):
        return None
    owner = any(c.dep_ == "poss" and c.pos_ != "PRON" for c in tok.lefts)
    if not (_definite(tok) or owner) or tok.lemma_.lower() in _not_persons():
        return None
    para = d.para(tok.idx)
    lo = d.paragraphs[max(0, para - 1)][0] if d.paragraphs else 0
    people = {e.id: e for e, start in _before(d, tok.idx) if e.type == "PERSON" and start >= lo}
    if len(people) != 1:
        return None
    (ent,) = people.values()
    word = tok.lower_
    want = "m" if word in _words("male_nouns") else "f" if word in _words("female_nouns") else None
    if want is not None and gender(d, ent) not in {None, want}:
        return None
    return Resolution(_ref(ent), "person_description")


def as_written(d: Document, tok: Token) -> Resolution | None:
    """Nothing links the phrase to an entity: keep the words as written ("police", "a witness")."""
    name = np_span(tok).text.strip()
    return Resolution(Ref(None, name) if name else None, "as_written")


Sieve = Callable[["Document", Token], "Resolution | None"]

#: The sieves, most precise first; ``resolve`` stops at the first that decides.
SIEVES: tuple[Sieve, ...] = (
    not_a_source,
    relative_pronoun,
    person_pronoun,
    org_pronoun,
    other_pronoun,
    appositive_name,
    named_mention,
    surname_match,
    title_before_name,
    outlet_description,
    statement_issuer,
    descriptor_match,
    org_description,
    person_description,
    as_written,
)


def resolve(d: Document, tok: Token, sieves: Iterable[Sieve] = SIEVES) -> Resolution:
    """What ``tok`` refers to, by the first sieve that decides."""
    for sieve in sieves:
        hit = sieve(d, tok)
        if hit is not None:
            return hit
    return Resolution(None, "none")
