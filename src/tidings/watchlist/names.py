"""Name preparation for screening: normalise, transliterate and key a name into weighted tokens (rigour underneath)."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from rigour.names import (
    remove_org_prefixes,
    remove_person_prefixes,
    replace_org_types_compare,
    tokenize_name,
)
from rigour.text import ascii_text, metaphone

# Name kinds: who the name belongs to decides which prefixes and words are noise.
PERSON = "person"
ORG = "org"
ANY = "any"

_WORD = re.compile(r"\w+", re.UNICODE)
_LATIN = re.compile(r"[A-Za-z]")
_VOWELS = re.compile(r"[aeiouy]")
_REPEAT = re.compile(r"(.)\1+")
_POSSESSIVE = re.compile(r"['’]s\b", re.IGNORECASE)
# a nickname quoted inside a person's name: Joaquin "El Chapo" Guzman, Ismael "El Mayo" Zambada
_NICKNAME = re.compile(r"\s*[\"“”][^\"“”]+[\"“”]\s*")
_TRAILING_DIGITS = re.compile(r"^([a-z]{3,})([0-9]+)$")
_LONG_WORD = re.compile(r"\w\w")

# What a token is in a person's name, where the list says so (OFAC writes SURNAMES, Given names)
FAMILY = "family"
GIVEN = "given"


@cache
def lexicon() -> dict[str, Any]:
    """The reviewed word lists of ``resources/watchlist_names.json``."""
    text = resources.files("tidings").joinpath("resources/watchlist_names.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def _sets() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    lx = lexicon()
    return (
        frozenset(lx["titles"]),
        frozenset(lx["suffixes"]),
        frozenset(lx["particles"]),
        frozenset(lx["legal_forms"]) | frozenset(lx["generic_org_words"]),
    )


@cache
def government_words() -> frozenset[str]:
    """Words of generic government bodies (``Interior Ministry``): see ``screen``."""
    return frozenset(lexicon()["government_words"])


@dataclass(frozen=True, slots=True)
class Token:
    """One name part: ``form`` is casefolded ASCII; ``skeleton`` and ``phonetic`` are its keys."""

    form: str
    skeleton: str  # romanisation-folded consonant skeleton: khalimov, halimov, xalimov -> hlmv
    phonetic: str  # rigour metaphone
    weight: float  # 1.0 for name words, less for particles, legal forms and initials
    part: str = ""  # FAMILY or GIVEN where the listed name says so (``SURNAME, Given``), else ""

    @property
    def initial(self) -> bool:
        return len(self.form) == 1 and not self.form.isdigit()

    @property
    def number(self) -> bool:
        return self.form.isdigit()


@dataclass(frozen=True, slots=True)
class PreparedName:
    """A name ready for comparison: the original string and its tokens in order."""

    original: str
    kind: str
    tokens: tuple[Token, ...]

    @property
    def significant(self) -> int:
        """How many tokens are full name words (not particles, initials or legal forms)."""
        return sum(1 for t in self.tokens if t.weight >= 1.0)

    @property
    def key(self) -> str:
        """Significant tokens joined: names with the same key are the same name written differently."""
        return " ".join(t.form for t in self.tokens if t.weight >= 1.0)


def fold_homoglyphs(text: str) -> str:
    """Replace Cyrillic/Greek look-alike letters inside words that also contain Latin letters.

    ``"KНALIMOV"`` with a Cyrillic ``Н`` becomes ``"KHALIMOV"``. In a name that has Latin
    letters, a word made only of look-alikes (Cyrillic ``"НО"`` in ``"НО, Chun Ting"``) is
    folded too; a word with letters that have no Latin twin (``"Халимов"``), or a name with
    no Latin letter at all, is left for transliteration.
    """
    table: dict[str, str] = lexicon()["homoglyphs"]
    latin_name = _LATIN.search(text) is not None

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        if word.isascii() or not latin_name:
            return word
        if not _LATIN.search(word) and not all(ch in table for ch in word):
            return word  # a word of the other script (Халимов) beside Latin ones
        return "".join(table.get(ch, ch) for ch in word)

    return _WORD.sub(fix, text)


def _fold_digits(token: str, kind: str) -> list[str]:
    """Digits read as the letters they imitate inside a word (``Kha1imov``, ``Pau1``); in names other than persons' a number that ends a word is split off (``VALFAJR2`` -> valfajr 2)."""
    if token.isalpha() or token.isdigit():
        return [token]
    m = _TRAILING_DIGITS.match(token) if kind != PERSON else None
    if m:
        return [m.group(1), m.group(2)]
    if token[0].isdigit() or token[-1].isdigit():
        return [token]  # M23, 4x4: a code, not a word with look-alike letters
    digits: dict[str, str] = lexicon()["ocr_digits"]
    return ["".join(digits.get(ch, ch) for ch in token)]


def skeleton(form: str) -> str:
    """Romanisation-folded consonant skeleton of an ASCII token (first letter kept).

    Folds spelling systems (kh/h/x, q/k, ou/u, initial ia/ya, ...) and drops vowels, so that
    Khalimov, Halimov, Xalimov and Khlmv (vowels dropped) share the key ``hlmv``.
    """
    s = form
    if len(s) > 4 and s.endswith("ah"):
        s = s[:-1]  # Arabic ta marbuta is romanised -a and -ah: Nusra / NUSRAH, Jabha / Jabhah
    for a, b in lexicon()["romanisation"]:
        s = s.replace(a, b)
    if not s:
        return s
    if len(s) > 1 and s[0] == "i" and s[1] in "aeou":
        s = "y" + s[1:]  # Iurii / Yurii, Iakov / Yakov: Cyrillic ю, я romanised two ways
    s = s[0] + _VOWELS.sub("", s[1:])
    return _REPEAT.sub(r"\1", s)


def _token_weight(form: str, kind: str) -> float:
    _titles, _suffixes, particles, legal = _sets()
    if form in particles:
        return 0.25
    if kind != PERSON and form in legal:
        return 0.3
    if form.isdigit():
        return 1.0 if kind != PERSON else 0.4  # GRACE 1 is not GRACE 2
    if len(form) == 1:
        return 0.4
    return 1.0


def _forms(text: str, kind: str) -> list[str]:
    forms: list[str] = []
    for raw in tokenize_name(text):
        form = ascii_text(raw).casefold()
        form = "".join(ch for ch in form if ch.isalnum())
        if form:
            forms.extend(_fold_digits(form, kind))
    return forms


@lru_cache(maxsize=200_000)
def prepare(name: str, kind: str = ANY) -> PreparedName:
    """Normalise one name into weighted tokens.

    Steps: Unicode NFKC; look-alike letters folded; possessive ``'s`` dropped; a nickname in
    double quotes inside a person's name dropped (``Joaquin "El Chapo" Guzman``); honorifics
    removed (rigour's person prefixes plus ``titles`` of the lexicon, for persons and
    unknown kinds); organisation legal forms rewritten to rigour's compare forms; tokenised
    by rigour (zero-width characters vanish, punctuation splits); each token transliterated
    to ASCII (rigour) and casefolded; digits inside words read as the letters they imitate,
    a number ending a word split off; generational suffixes dropped from person names, while
    a roman numeral ending any other name becomes its number (SEA STAR III = Sea Star 3).
    A person name written ``SURNAMES, Given names`` (OFAC) tags its tokens FAMILY and GIVEN.
    Empty input gives a name with no tokens.
    """
    text = unicodedata.normalize("NFKC", name or "")
    text = fold_homoglyphs(text)
    text = _POSSESSIVE.sub("", text)
    if kind != ORG:
        stripped = _NICKNAME.sub(" ", text).strip()
        if stripped:
            text = stripped
    if kind in (PERSON, ANY):
        stripped = remove_person_prefixes(text)
        if _LONG_WORD.search(stripped):
            text = stripped  # but the vessel LADY R is not the honorific Lady and a letter
    if kind in (ORG, ANY):
        text = remove_org_prefixes(text)
    if kind == ORG:
        text = replace_org_types_compare(text)
    titles, suffixes, _particles, _legal = _sets()
    family, comma, given = text.partition(",")
    structured = kind == PERSON and bool(comma) and "," not in given
    parts: list[tuple[str, str]] = (
        [(f, FAMILY) for f in _forms(family, kind)] + [(f, GIVEN) for f in _forms(given, kind)]
        if structured
        else [(f, "") for f in _forms(text, kind)]
    )
    if kind != ORG:
        while len(parts) > 1 and parts[0][0] in titles:
            parts.pop(0)
        while len(parts) > 1 and parts[-1][0] in suffixes:
            if kind == PERSON:
                parts.pop()
            else:
                numeral = lexicon()["roman_numerals"].get(parts[-1][0])
                if numeral is None:
                    parts.pop()
                else:
                    parts[-1] = (numeral, parts[-1][1])
                    break
    if kind == ORG and len(parts) > 1:
        numeral = lexicon()["roman_numerals"].get(parts[-1][0])
        if numeral and parts[-1][0] != "v":
            parts[-1] = (numeral, "")
    tokens = tuple(
        Token(
            form=f,
            skeleton=skeleton(f),
            phonetic=metaphone(f) if f.isalpha() else f,
            weight=_token_weight(f, kind),
            part=part,
        )
        for f, part in parts
    )
    return PreparedName(original=name, kind=kind, tokens=tokens)


def is_acronym(text: str) -> bool:
    """True for a single all-capital word of 2-6 letters (``ISIS``, ``OMON``, ``NATO``)."""
    t = text.strip().replace(".", "")
    return 2 <= len(t) <= 6 and t.isalpha() and t.isupper()


def index_keys(prepared: PreparedName) -> set[str]:
    """Retrieval keys of a listed name: per token its form, skeleton, metaphone and 4-letter prefix."""
    keys: set[str] = set()
    for t in prepared.tokens:
        if t.weight < 0.5:
            continue
        keys.add("f:" + t.form)
        if len(t.skeleton) >= 2:
            keys.add("s:" + t.skeleton)
        if len(t.phonetic) >= 2:
            keys.add("p:" + t.phonetic)
        if len(t.form) >= 5:
            keys.add("x:" + t.form[:4])
    if prepared.tokens:
        keys.add("n:" + "".join(t.form for t in prepared.tokens))
    return keys


def query_keys(prepared: PreparedName) -> list[set[str]]:
    """Retrieval keys of a query name, one set per token (plus the joined name, for split words)."""
    out: list[set[str]] = []
    toks = prepared.tokens
    for i, t in enumerate(toks):
        if t.weight < 0.5:
            continue
        keys = {"f:" + t.form}
        if len(t.skeleton) >= 2:
            keys.add("s:" + t.skeleton)
        if len(t.phonetic) >= 2:
            keys.add("p:" + t.phonetic)
        if i == len(toks) - 1 and len(t.form) >= 4:
            keys.add("x:" + t.form[:4])  # a truncated last word still finds its name
        out.append(keys)
        if i + 1 < len(toks):
            joined = t.form + toks[i + 1].form
            out.append({"f:" + joined, "s:" + skeleton(joined)})
    if toks:
        out.append({"n:" + "".join(t.form for t in toks)})
    return out
