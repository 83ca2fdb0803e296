"""Claims: number-bearing statements with their value, qualifier, unit, what they count and who states them.

A *claim* is a figure in the text that states a quantity: a count ("some 4,000 men", "three
times", "a dozen"), money ("$2.3 billion", "£40m", "5 million euros"), a percentage ("12%",
"12 per cent"), a duration ("three years", "12-minute"), an age ("45-year-old", "aged 45",
"Smith, 45,"), a measurement ("40 tonnes"), a fraction or ratio ("two-thirds of", "one in
five"). Dates, years, days of the month, times of day, ordinals, phone numbers, street numbers
and labels ("Section 230", "Flight 17", "Boeing 737") are not claims.

How it works, in three passes over the annotated ``Doc``:

1. *Figures* are found token by token, not from spaCy's NER alone (the small model tags
   "12-minute" TIME, "45" DATE and misses "a million"): a number core (digits, number words,
   scale words, "a million", "half a million", vague plurals such as "thousands"), widened to
   the currency before it, the unit, percent sign or hyphenated noun after it, a range
   ("2,000 to 3,000", "between 10 and 12"), and the qualifier before it ("some", "up to").
2. *Exclusions* drop figures that are dates, clock times, labels or idioms, using the figure's
   neighbours, spaCy's DATE/TIME entities and the dependency parse; each has a reason.
3. *Meaning*: ``about`` is the noun phrase the figure quantifies, read from the parse;
   ``source`` is (a) the speaker of the innermost quote that contains the figure, else (b) the
   subject of an attribution in the same sentence ("according to X", "X said", "X estimates
   that"), resolved through the ``EntityIndex``, else (c) None: the outlet itself states it.

Values: ranges give their lower bound; vague plurals give the least they can mean
("thousands" -> 2000, "dozens" -> 24); fractions and ratios give a number in [0, 1] with unit
``"fraction"``; money subunits are converted ("50 cents" -> 0.5 USD). Word lists live in
``resources/claims_lexicon.json``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from tidings.exc import ConfigError
from tidings.extract.document import Document
from tidings.model import Claim, Provenance, Quote, Ref, fact_id

NAME = "tidings.claims"
VERSION = "0.1.0"

LEXICON_FILE = "claims_lexicon.json"

#: Digits with optional thousands separators and decimals: 4,000 / 2.3 / 12
_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
#: Digits glued to a suffix in one token: 3bn / 5kg / 40m / 10km
_DIGITS_SUFFIX = re.compile(r"^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)([A-Za-z%°/²]+)$")
_FRACTION = re.compile(r"^(\d{1,2})/(\d{1,2})$")
_LOCAL_PHONE = re.compile(r"(?<![\d,.])\d{3}-\d{4}(?![\d,])")
_PHONE = re.compile(
    r"(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)[\s.-]?)?\d{2,5}[\s.-]\d{3,4}[\s.-]\d{3,4}(?![\d,])"
)
_DASHES = {"-", "–", "—"}
_CLAUSE_BREAKS = {",", ";", ":", "(", ")", "—", "–", "“", "”", '"', "[", "]"}
_PERSONISH = ("PERSON", "ORG", "GPE", "NORP", "LOC")
_NAME_LABELS = {"ORG", "PRODUCT", "FAC", "EVENT", "LAW", "WORK_OF_ART", "PERSON", "GPE", "LOC"}
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
_HALF_FOLLOWERS = {"of", "the", "their", "its", "his", "her", "our", "your", "all", "them", "those"}
_COUNT_NOUN_TAGS = {"NNS", "NNPS"}
_RIGHT_MODIFIERS = {"prep", "acl", "relcl", "amod", "compound", "nummod"}
_ABOUT_MAX_RIGHT = 10
_SECONDS = {
    "second": 1,
    "minute": 60,
    "hour": 3600,
    "day": 86400,
    "week": 604800,
    "month": 2629800,
    "year": 31557600,
}
_RELATIVE_WORDS = {"who", "whom", "whose", "which", "that", "where", "when"}
_NEAR_NOUN = 4  # a counted noun lies at most this many tokens after the figure


# --- lexicon -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The reviewed word lists of ``resources/claims_lexicon.json``, ready for look-ups.

    Multi-word entries (``"more than"``, ``"per cent"``) are keyed by their lower-case token tuple.
    """

    number_words: Mapping[str, float]
    scales: Mapping[str, float]
    scale_abbreviations: Mapping[str, float]
    vague_plurals: Mapping[str, float]
    denominators: Mapping[str, int]
    qualifiers: Mapping[tuple[str, ...], str]
    postfix_qualifiers: Mapping[tuple[str, ...], str]
    currencies_before: Mapping[str, str]
    currencies_after: Mapping[str, tuple[str, float]]
    percent_words: Mapping[tuple[str, ...], str]
    time_units: Mapping[str, str]
    units: Mapping[tuple[str, ...], str]
    age_words: frozenset[str]
    units_before: Mapping[str, str]
    ago_words: frozenset[str]
    months: frozenset[str]
    clock_words: frozenset[str]
    id_words: frozenset[str]
    street_words: frozenset[str]
    one_not_count: frozenset[str]
    attribution_verbs: frozenset[str]
    source_nouns: frozenset[str]
    level_verbs: frozenset[str]
    document_verbs: frozenset[str]
    clause_verbs: frozenset[str]
    multipliers: Mapping[str, float]
    hyphen_not_count: frozenset[str]
    not_figures: frozenset[str]


def _tuple_keys(d: Mapping[str, str]) -> dict[tuple[str, ...], str]:
    return {tuple(k.lower().split()): v for k, v in d.items()}


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load the claims lexicon once per process; raise ``ConfigError`` when it is missing or malformed."""
    try:
        raw = resources.files("tidings").joinpath("resources", LEXICON_FILE).read_text("utf-8")
        data = json.loads(raw)
        return Lexicon(
            number_words={k: float(v) for k, v in data["number_words"].items()},
            scales={k: float(v) for k, v in data["scales"].items()},
            scale_abbreviations={k: float(v) for k, v in data["scale_abbreviations"].items()},
            vague_plurals={k: float(v) for k, v in data["vague_plurals"].items()},
            denominators={k: int(v) for k, v in data["denominators"].items()},
            qualifiers=_tuple_keys(data["qualifiers"]),
            postfix_qualifiers=_tuple_keys(data["postfix_qualifiers"]),
            currencies_before=dict(data["currencies_before"]),
            currencies_after={
                k: (str(v[0]), float(v[1])) for k, v in data["currencies_after"].items()
            },
            percent_words=_tuple_keys(data["percent_words"]),
            time_units=dict(data["time_units"]),
            units=_tuple_keys(data["units"]),
            age_words=frozenset(data["age_words"]),
            units_before=dict(data["units_before"]),
            ago_words=frozenset(data["ago_words"]),
            months=frozenset(data["months"]),
            clock_words=frozenset(data["clock_words"]),
            id_words=frozenset(data["id_words"]),
            street_words=frozenset(data["street_words"]),
            one_not_count=frozenset(data["one_not_count"]),
            attribution_verbs=frozenset(data["attribution_verbs"]),
            source_nouns=frozenset(data["source_nouns"]),
            level_verbs=frozenset(data["level_verbs"]),
            document_verbs=frozenset(data["document_verbs"]),
            clause_verbs=frozenset(data["clause_verbs"]),
            multipliers={k: float(v) for k, v in data["multipliers"].items()},
            hyphen_not_count=frozenset(data["hyphen_not_count"]),
            not_figures=frozenset(data["not_figures"]),
        )
    except (OSError, ValueError, KeyError, TypeError, IndexError) as e:
        raise ConfigError(f"claims lexicon resources/{LEXICON_FILE} is unusable: {e}") from e


# --- values --------------------------------------------------------------------------------


def parse_value(words: Sequence[str], lex: Lexicon | None = None) -> float | None:
    """The numeric value of a number written as tokens, or None when they are not a number.

    ``["4,000"]`` -> 4000; ``["2.3", "billion"]`` -> 2.3e9; ``["a", "million"]`` -> 1e6;
    ``["three", "hundred", "and", "fifty"]`` -> 350; ``["twenty", "-", "five"]`` -> 25;
    ``["two", "and", "a", "half"]`` -> 2.5; ``["half", "a", "million"]`` -> 5e5;
    ``["a", "dozen"]`` -> 12; ``["tens", "of", "thousands"]`` -> 20000; ``["3bn"]`` -> 3e9.
    Words the lexicon does not know make the result None.
    """
    lex = lex or lexicon()
    total = 0.0
    current: float | None = None
    half = False
    toks = [w.lower() for w in words]
    i = 0
    seen = False
    while i < len(toks):
        w = toks[i]
        if w in _DASHES or w == ",":
            i += 1
            continue
        if w == "and" and toks[i + 1 : i + 3] == ["a", "half"]:
            current = (current or 0.0) + 0.5
            i += 3
            seen = True
            continue
        if w == "and":
            i += 1
            continue
        if w in ("a", "an", "one") and i + 1 < len(toks) and toks[i + 1] in lex.scales:
            current = (current or 0.0) + 1.0
            i += 1
            seen = True
            continue
        if w == "half" and not seen:
            half = True
            i += 1
            continue
        if w == "of":  # "tens of thousands": the plural multiplies what follows
            i += 1
            continue
        if w in lex.vague_plurals:
            scale = lex.vague_plurals[w] / 2  # "thousands" -> 1000 per unit, 2 units at least
            if current is None:
                current = lex.vague_plurals[w]
            else:
                current *= scale
            seen = True
            i += 1
            continue
        number = _token_number(w, lex)
        if number is not None:
            current = (current or 0.0) + number
            seen = True
        elif w in lex.number_words:
            current = (current or 0.0) + lex.number_words[w]
            seen = True
        elif w == "hundred" or w == "dozen":
            current = (current if current is not None else 1.0) * lex.scales[w]
            seen = True
        elif w in lex.scales or w in lex.scale_abbreviations:
            scale = lex.scales.get(w) or lex.scale_abbreviations[w]
            total += (current if current is not None else 1.0) * scale
            current = None
            seen = True
        else:
            return None
        i += 1
    if not seen:
        return None
    value = total + (current or 0.0)
    return value * 0.5 if half else value


def _suffix_scale(suffix: str, lex: Lexicon) -> float | None:
    """The multiplier of a scale glued to digits: "bn" in "3bn", "million" in "38million"."""
    s = suffix.lower()
    return lex.scale_abbreviations.get(s) or lex.scales.get(s)


def _token_number(text: str, lex: Lexicon) -> float | None:
    """The value of one digit token ("4,000", "2.3", "3bn", "1/2"), None for anything else."""
    if _DIGITS.match(text):
        return float(text.replace(",", ""))
    m = _DIGITS_SUFFIX.match(text)
    if m and _suffix_scale(m.group(2), lex) is not None:
        return float(m.group(1).replace(",", "")) * (_suffix_scale(m.group(2), lex) or 1.0)
    f = _FRACTION.match(text)
    if f and int(f.group(2)) > 0:
        return int(f.group(1)) / int(f.group(2))
    return None


# --- figures -------------------------------------------------------------------------------


@dataclass(slots=True)
class _Figure:
    """A figure in token coordinates while it is being widened, checked and explained."""

    core_start: int
    core_end: int
    value: float | None
    start: int = -1
    end: int = -1
    kind: str = "count"  # count money percent duration age measure fraction multiple
    unit: str | None = None
    qualifier: str | None = None
    unit_token: int | None = None  # index of a separate unit word ("years", "euros", "%")
    compound_head: bool = False  # the figure is a hyphenated modifier ("12-minute video")
    range_to: int | None = None
    about_override: str | None = None
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.start < 0:
            self.start = self.core_start
        if self.end < 0:
            self.end = self.core_end


def _sentence(tok: Token) -> Span:
    """The sentence of ``tok``, cut at line breaks: the small model sometimes runs a sentence on
    into the next paragraph, and an attribution there must not reach back."""
    sent = tok.sent
    doc = tok.doc
    start, end = sent.start, sent.end
    for k in range(tok.i - 1, sent.start - 1, -1):
        if "\n" in doc[k].text or "\n" in doc[k].whitespace_:
            start = k + 1
            break
    for k in range(tok.i, sent.end):
        if "\n" in doc[k].text:
            end = k
            break
    return doc[start:end] if end > start else sent


def _low(doc: Doc, i: int) -> str:
    return doc[i].lower_ if 0 <= i < len(doc) else ""


def _glued(doc: Doc, i: int) -> bool:
    """True when token ``i`` follows token ``i - 1`` with no space between them."""
    return i > 0 and doc[i - 1].whitespace_ == ""


def _is_digit_token(tok: Token, lex: Lexicon) -> bool:
    return _token_number(tok.text, lex) is not None


def _is_number_word(tok: Token, lex: Lexicon) -> bool:
    w = tok.lower_
    return w in lex.number_words or w in lex.scales


def _match_forward(
    doc: Doc, i: int, table: Mapping[tuple[str, ...], str]
) -> tuple[str, int] | None:
    """The longest entry of ``table`` whose tokens start at ``i``: (normal form, token count)."""
    best: tuple[str, int] | None = None
    for key, value in table.items():
        n = len(key)
        if (
            (best is None or n > best[1])
            and i + n <= len(doc)
            and tuple(t.lower_ for t in doc[i : i + n]) == key
        ):
            best = (value, n)
    return best


def _match_backward(
    doc: Doc, end: int, table: Mapping[tuple[str, ...], str], floor: int
) -> tuple[str, int] | None:
    """The longest entry of ``table`` whose tokens end just before ``end`` (not before ``floor``)."""
    best: tuple[str, int] | None = None
    for key, value in table.items():
        n = len(key)
        if (
            (best is None or n > best[1])
            and end - n >= floor
            and tuple(t.lower_ for t in doc[end - n : end]) == key
        ):
            best = (value, n)
    return best


def _scan_core(doc: Doc, i: int, lex: Lexicon) -> tuple[int, str] | None:
    """If a number core starts at token ``i``, return (end, form) with ``end`` exclusive.

    ``form`` is ``"number"``, ``"vague"`` ("thousands"), ``"half"`` ("half of") or
    ``"fraction"`` ("a third of").
    """
    t = doc[i]
    w = t.lower_
    n = len(doc)
    nxt = _low(doc, i + 1)
    if t.like_url or t.like_email:
        return None
    if (
        w in ("a", "an", "one")
        and nxt in lex.denominators
        and nxt not in ("half", "halves")
        and (_low(doc, i + 2) == "of" or _ends_noun_phrase(doc, i + 2))
    ):
        return i + 2, "fraction"
    if w in ("a", "an") and nxt in lex.scales:
        j = i + 1
    elif w == "half":
        if _glued(doc, i) and _low(doc, i - 1) in _DASHES:
            return None
        if i + 1 < n and doc[i].whitespace_ == "" and nxt in _DASHES:
            return None  # half-brother, half-hearted
        if nxt in ("a", "an") and _low(doc, i + 2) in lex.scales:
            j = i + 2
        elif (nxt in ("a", "an") and _low(doc, i + 2) in lex.time_units) or nxt in _HALF_FOLLOWERS:
            return i + 1, "half"
        else:
            return None
    elif w in lex.vague_plurals:
        if t.pos_ == "VERB" or (w in ("scores", "tens") and nxt != "of"):
            return None  # "if it scores points"
        # tens of thousands / hundreds of millions
        if nxt == "of" and _low(doc, i + 2) in lex.vague_plurals:
            return i + 3, "vague"
        return i + 1, "vague"
    elif _is_digit_token(t, lex) or w in lex.number_words:
        j = i
    elif w in lex.scales and w != "dozen" and _low(doc, i - 1) in ("several", "few", "many"):
        j = i  # "several hundred"
    else:
        return None
    # extend over the rest of the number: scales, tens-units, "and" inside word numbers
    j += 1
    while j < n:
        u = doc[j].lower_
        prev = doc[j - 1].lower_
        abbreviation = u in lex.scale_abbreviations and _is_digit_token(doc[j - 1], lex)
        if u in lex.scales or (abbreviation and (_glued(doc, j) or len(u) > 1)):
            j += 1  # 2.3 billion / 40m / 2.3 bn
        elif (
            u in _DASHES
            and prev in lex.number_words
            and _low(doc, j + 1) in lex.number_words
            and lex.number_words[prev] >= 20
            and _glued(doc, j)
        ):
            j += 2  # twenty-five
        elif (
            u in lex.number_words
            and prev in lex.number_words
            and lex.number_words[prev] >= 20
            and lex.number_words[prev] % 10 == 0
            and lex.number_words[u] < 10
        ):
            j += 1  # twenty five
        elif (
            u == "and" and prev in ("hundred", "thousand") and _low(doc, j + 1) in lex.number_words
        ):
            j += 2
        elif u == "and" and _low(doc, j + 1) == "a" and _low(doc, j + 2) == "half":
            j += 3
        else:
            break
    return j, "number"


def _find_figures(doc: Doc, lex: Lexicon) -> list[_Figure]:
    """Every figure of the doc, widened to its currency, unit, range and qualifier, in text order."""
    figures: list[_Figure] = []
    i = 0
    n = len(doc)
    while i < n:
        core = _scan_core(doc, i, lex)
        if core is None:
            if _is_multiplier(doc, i, lex):
                fig = _Figure(i, i + 1, lex.multipliers[doc[i].lower_], kind="multiple")
                _widen_before(doc, fig, lex)
                figures.append(fig)
            i += 1
            continue
        j, form = core
        words = [t.text for t in doc[i:j]]
        if form == "half":
            fig = _Figure(i, j, 0.5, kind="fraction", unit="fraction")
            if _low(doc, j) in ("a", "an") and _low(doc, j + 1) in lex.time_units:
                fig.kind, fig.unit = "duration", lex.time_units[_low(doc, j + 1)]
                fig.end, fig.unit_token = j + 2, j + 1
        elif form == "fraction":
            den = lex.denominators[doc[i + 1].lower_]
            fig = _Figure(i, j, 1.0 / den, kind="fraction", unit="fraction")
        else:
            fig = _Figure(i, j, parse_value(words, lex), kind="count")
            if fig.value is None:
                i = j
                continue
            _widen_after(doc, fig, lex)
        _widen_before(doc, fig, lex)
        figures.append(fig)
        i = max(fig.end, i + 1)
    return figures


def _between_before(doc: Doc, i: int) -> bool:
    """ "between" shortly before token ``i`` in its sentence: "between the ages of 17 and 20"."""
    start = max(_sentence(doc[i]).start, i - 5)
    return any(t.lower_ == "between" for t in doc[start:i])


def _is_multiplier(doc: Doc, i: int, lex: Lexicon) -> bool:
    """ "twice as high", "roughly double the rate", "a threefold rise"; not "doubled", "double-digit"."""
    t = doc[i]
    if t.lower_ not in lex.multipliers or t.pos_ == "VERB" or t.tag_.startswith("VB"):
        return False
    if i + 1 < len(doc) and doc[i + 1].text in _DASHES and t.whitespace_ == "":
        return False
    if t.lower_ in ("double", "triple", "quadruple"):
        # "double the rate", "triple the number": a predeterminer or a noun before a determiner
        nxt = _low(doc, i + 1)
        return nxt in ("the", "that", "this", "its", "their", "his", "her", "what")
    return True


def _widen_after(doc: Doc, fig: _Figure, lex: Lexicon) -> None:
    """Take in what follows the core: a range, a glued unit, %, currency, unit word, hyphenated noun."""
    n = len(doc)
    last = doc[fig.core_end - 1]
    # digits glued to a unit in one token: 5kg, 10km, 12%
    m = _DIGITS_SUFFIX.match(last.text)
    if m and _suffix_scale(m.group(2), lex) is None:
        suffix = m.group(2)
        if suffix == "%":
            fig.kind, fig.unit = "percent", "percent"
        elif len(suffix) > 1 or suffix.islower():
            unit = lex.units.get((suffix.lower(),)) or lex.time_units.get(suffix.lower())
            if unit:
                fig.kind = "duration" if suffix.lower() in lex.time_units else "measure"
                fig.unit = unit
    j = fig.core_end
    # a range: 2,000 to 3,000 / 2,000-3,000 / between 10 and 12 (not "from 10 to 12": a change)
    before = _low(doc, fig.core_start - 1)
    if before in lex.currencies_before:
        before = _low(doc, fig.core_start - 2)  # between $30,000 and $60,000
    if (
        j < n
        and doc[j].lower_ in ({"to", "and"} | _DASHES)
        and before != "from"
        and (doc[j].lower_ != "and" or _between_before(doc, fig.core_start))
    ):
        k = j + 1
        upper = _match_forward(doc, k, lex.qualifiers) if doc[j].lower_ == "to" else None
        if upper is not None:
            k += upper[1]  # $500,000 to more than $1 million
        if k < n and doc[k].lower_ in lex.currencies_before:
            k += 1
        core2 = _scan_core(doc, k, lex) if k < n else None
        if core2 is not None and core2[1] == "number":
            v2 = parse_value([t.text for t in doc[k : core2[0]]], lex)
            if v2 is not None and fig.value is not None:
                v1 = fig.value
                if v2 >= 1000 and v1 < v2 / 1000 and v1 < 1000:
                    # "2 to 3 million": the scale of the second applies to the first
                    v1 = v1 * _trailing_scale(doc[k : core2[0]], lex)
                if doc[j].lower_ in _DASHES and v2 < v1:
                    fig.notes.append("score")  # 3-1 is a result, not a range
                elif v2 < v1 and v2 > 0:
                    # "a 3 to 1 margin", "voted 52 to 48": one ratio, not a range
                    fig.value = v1 / v2
                    fig.kind, fig.unit = "ratio", "ratio"
                    fig.core_end = fig.end = core2[0]
                    return _postfix(doc, fig, lex)
                fig.value = min(v1, v2)
                fig.range_to = core2[0]
                fig.core_end = core2[0]
                fig.end = core2[0]
                j = core2[0]
    fig.end = j
    if j >= n:
        return
    w = doc[j].lower_
    # percent
    pct = _match_forward(doc, j, lex.percent_words)
    if pct is not None:
        fig.kind, fig.unit = "percent", pct[0]
        fig.unit_token = j + pct[1] - 1
        fig.end = j + pct[1]
        return _postfix(doc, fig, lex)
    # billions of dollars
    if w == "of" and _low(doc, j + 1) in lex.currencies_after and fig.value is not None:
        code, factor = lex.currencies_after[_low(doc, j + 1)]
        fig.kind, fig.unit, fig.value = "money", code, fig.value * factor
        fig.unit_token, fig.end = j + 1, j + 2
        return None
    # currency words after the number: 5 million euros, 50 cents
    if w in lex.currencies_after and doc[j].pos_ in ("NOUN", "PROPN", "NUM", "X", "ADJ"):
        code, factor = lex.currencies_after[w]
        if w in ("pound", "pounds") and _low(doc, j + 1) == "of" and not _in_ent(doc[j], {"MONEY"}):
            fig.kind, fig.unit = "measure", "pound"
        else:
            fig.kind, fig.unit = "money", code
            if fig.value is not None:
                fig.value *= factor
        fig.unit_token, fig.end = j, j + 1
        return _postfix(doc, fig, lex)
    # fractions: two-thirds, three quarters
    k = j + 1 if w in _DASHES else j
    den = _low(doc, k)
    if den in lex.denominators and fig.value is not None and fig.value <= 10:
        plural_ok = den.endswith("s") or fig.value == 1 or _low(doc, k + 1) == "of"
        if plural_ok:
            fig.value = fig.value / lex.denominators[den]
            fig.kind, fig.unit, fig.end = "fraction", "fraction", k + 1
            fig.unit_token = k
            return
    # hyphenated compound: 12-minute, 45-year-old, 1,000-strong, four-member
    if w in _DASHES and _glued(doc, j) and j + 1 < n and doc[j + 1].is_alpha and _glued(doc, j + 1):
        noun = doc[j + 1].lower_
        post = _match_forward(doc, j + 1, lex.postfix_qualifiers)
        if post is not None:
            fig.qualifier = fig.qualifier or post[0]
            fig.end = j + 1 + post[1]
            return
        if (
            noun in ("a", "an", "per")
            and _low(doc, j + 2) in _DASHES
            and _low(doc, j + 3) in lex.time_units
        ):
            fig.end = j + 4  # $12-an-hour: a rate, the figure keeps its currency
            return
        if noun in lex.months or doc[j + 1].is_stop:
            return
        if noun in lex.hyphen_not_count or (
            fig.value == 1 and noun not in lex.time_units and (noun,) not in lex.units
        ):
            fig.notes.append("descriptor")  # four-way race, one-party state
            return
        fig.end = j + 2
        fig.unit_token = j + 1
        fig.compound_head = True
        if noun in lex.time_units:
            fig.kind, fig.unit = "duration", lex.time_units[noun]
            if _low(doc, j + 2) in _DASHES and _low(doc, j + 3) == "old":
                fig.kind, fig.end = "age", j + 4
        elif (noun,) in lex.units:
            fig.kind, fig.unit = "measure", lex.units[(noun,)]
        else:
            fig.kind = "count"
        return
    # time units: three years / 15 years old
    if w in lex.time_units and doc[j].pos_ in ("NOUN", "PROPN", "X", "ADJ", "NUM"):
        fig.kind, fig.unit = "duration", lex.time_units[w]
        fig.unit_token, fig.end = j, j + 1
        if _low(doc, j + 1) == "old":
            fig.kind, fig.end = "age", j + 2
        _compound_duration(doc, fig, lex)
        return _postfix(doc, fig, lex)
    # measurement units and "times"
    measure = _match_forward(doc, j, lex.units)
    if measure is not None and doc[j].pos_ != "VERB":
        if measure[0] == "times":
            fig.kind, fig.unit = "multiple", None
        else:
            fig.kind, fig.unit = "measure", measure[0]
        fig.unit_token = j + measure[1] - 1
        fig.end = j + measure[1]
        return _postfix(doc, fig, lex)
    # ratios: one in five, four out of 10
    k = -1
    if w in ("in", "of"):
        k = j + 1
    elif w == "out" and _low(doc, j + 1) == "of":
        k = j + 2
    if k > 0 and k < n:
        core2 = _scan_core(doc, k, lex)
        if core2 is not None and core2[1] == "number":
            v2 = parse_value([t.text for t in doc[k : core2[0]]], lex)
            if v2 and fig.value is not None and v2 > fig.value:
                fig.value = fig.value / v2
                fig.kind, fig.unit, fig.end = "fraction", "fraction", core2[0]
                return
    _postfix(doc, fig, lex)


def _compound_duration(doc: Doc, fig: _Figure, lex: Lexicon) -> None:
    """ "11 hours and 20 minutes" is one figure, valued in its first unit (11.33 hours)."""
    j = fig.end
    if _low(doc, j) not in ("and", ",") or fig.value is None or fig.unit not in _SECONDS:
        return
    core = _scan_core(doc, j + 1, lex) if j + 1 < len(doc) else None
    if core is None or core[1] != "number" or _low(doc, core[0]) not in lex.time_units:
        return
    unit2 = lex.time_units[_low(doc, core[0])]
    v2 = parse_value([t.text for t in doc[j + 1 : core[0]]], lex)
    if v2 is None or unit2 not in _SECONDS or _SECONDS[unit2] >= _SECONDS[fig.unit]:
        return
    fig.value += v2 * _SECONDS[unit2] / _SECONDS[fig.unit]
    fig.end = core[0] + 1


def _ends_noun_phrase(doc: Doc, i: int) -> bool:
    """True when nothing noun-like follows at ``i``: "cut by a third." (a fraction), not "a third term"."""
    return i >= len(doc) or doc[i].pos_ not in ("NOUN", "PROPN", "ADJ", "NUM")


def _postfix(doc: Doc, fig: _Figure, lex: Lexicon) -> None:
    """A qualifier after the figure: "4,000 or more", "40-odd", "2,000-plus"."""
    j = fig.end
    if j < len(doc) and doc[j].lower_ in _DASHES and _glued(doc, j):
        j += 1
    post = _match_forward(doc, j, lex.postfix_qualifiers)
    if post is not None and (post[1] > 1 or _glued(doc, j)):
        fig.qualifier = fig.qualifier or post[0]
        fig.end = j + post[1]


def _trailing_scale(tokens: Span, lex: Lexicon) -> float:
    scale = 1.0
    for t in tokens:
        w = t.lower_
        if w in lex.scales:
            scale *= lex.scales[w]
        elif w in lex.scale_abbreviations and not _DIGITS.match(w):
            scale *= lex.scale_abbreviations[w]
        m = _DIGITS_SUFFIX.match(t.text)
        if m and _suffix_scale(m.group(2), lex) is not None:
            scale *= _suffix_scale(m.group(2), lex) or 1.0
    return scale


def _widen_before(doc: Doc, fig: _Figure, lex: Lexicon) -> None:
    """Take in what precedes the core: a currency symbol, "aged", "between", a qualifier."""
    s = fig.core_start
    floor = _sentence(doc[s]).start
    if s - 1 >= floor and doc[s - 1].lower_ in lex.currencies_before:
        cur = doc[s - 1].lower_
        # "US $5" written apart
        if (
            cur == "$"
            and s - 2 >= floor
            and doc[s - 2].text in ("US", "U.S.")
            and _glued(doc, s - 1)
        ):
            s -= 1
        fig.kind, fig.unit = "money", lex.currencies_before[cur]
        s -= 1
    if s - 1 >= floor and doc[s - 1].lower_ in lex.age_words and fig.kind == "count":
        fig.kind, fig.unit = "age", "year"
        s -= 1
    elif (
        s - 2 >= floor
        and doc[s - 1].lower_ == "of"
        and doc[s - 2].lower_ in lex.age_words
        and fig.kind == "count"
    ):
        fig.kind, fig.unit = "age", "year"  # between the ages of 17 and 20
    if s - 1 >= floor and doc[s - 1].lower_ in lex.units_before and fig.kind == "count":
        fig.kind, fig.unit = "measure", lex.units_before[doc[s - 1].lower_]
        s -= 1  # magnitude 6.8
    if s - 1 >= floor and doc[s - 1].lower_ == "between" and fig.range_to is not None:
        s -= 1
    q = _match_backward(doc, s, lex.qualifiers, floor)
    if q is not None and not (q[0] in ("many", "several", "a few") and fig.kind != "count"):
        fig.qualifier = q[0]
        s -= q[1]
    elif fig.range_to is not None and fig.qualifier is None:
        fig.qualifier = "between"
    fig.start = s


def _in_ent(tok: Token, labels: set[str]) -> bool:
    return tok.ent_type_ in labels


# --- exclusions ----------------------------------------------------------------------------


def _exclusion(doc: Doc, fig: _Figure, lex: Lexicon) -> str | None:
    """Why a figure is not a claim (date, clock time, label, idiom ...), or None when it is one."""
    core = doc[fig.core_start : fig.core_end]
    first, last = core[0], core[-1]
    if "score" in fig.notes:
        return "score"
    if "descriptor" in fig.notes:
        return "descriptor (four-way race)"
    if first.text in lex.not_figures and fig.kind == "count":
        return f"a name, not a figure ({first.text})"
    # phone numbers and other digit groups
    # about 24 characters either side, read from tokens (Doc.text would rebuild the whole text)
    around = doc[max(0, first.i - 12) : min(len(doc), last.i + 13)]
    window_start = around.start_char
    window = around.text
    for m in [*_PHONE.finditer(window), *_LOCAL_PHONE.finditer(window)]:
        if m.start() + window_start <= first.idx < m.end() + window_start:
            return "phone number"
    if _DIGITS.match(first.text) and re.match(r"0\d", first.text):
        return "code with a leading zero"
    if "/" in first.text:
        f = _FRACTION.match(first.text)
        if not (f and int(f.group(1)) < int(f.group(2)) <= 10 and _low(doc, first.i + 1) == "of"):
            return "slashed numbers (date or code)"
    if fig.kind in ("money", "percent", "measure", "fraction", "multiple", "ratio"):
        return _label_exclusion(doc, fig, lex)
    # ages written "Smith, 45," become claims before the date checks
    if _appositive_age(doc, fig, lex):
        return None
    # a point in time: three years ago
    if _low(doc, fig.end) in lex.ago_words:
        return "relative date (ago)"
    if fig.kind in ("duration", "age"):
        return None
    # the rest are bare counts
    if _year_like(doc, fig, lex):
        return "year"
    if _next_to_month(doc, fig, lex):
        return "day of the month"
    if _low(doc, fig.end) in lex.clock_words or (
        _low(doc, fig.end) == "." and _low(doc, fig.end + 1) in ("m.", "m")
    ):
        return "time of day"
    if first.ent_type_ in ("DATE", "TIME") and not _counts_a_noun(last):
        return "date or time entity"
    if (
        fig.core_end - fig.core_start == 1
        and _low(doc, fig.start - 1) in ("the", "these", "those", "both", "all")
        and first.dep_ not in ("nummod", "quantmod", "compound")
        and not any(c.dep_ == "prep" for c in first.children)
    ):
        return "a number standing for people named before (the two)"
    if (
        fig.core_end - fig.core_start == 1
        and first.lower_ == "zero"
        and (_low(doc, fig.core_start - 1) in ("below", "above") or first.pos_ == "PROPN")
    ):
        return "'zero' as a reference point or a name (below zero, Zero Hedge)"
    if fig.core_end - fig.core_start == 1 and first.lower_ == "one":
        # "one questioner claimed", "one of the guards": an indefinite, not a count, unless
        # bounded ("at least one", "only one")
        head = first.head
        if fig.qualifier is None or head.lower_ in lex.one_not_count:
            return "'one' as a pronoun or idiom"
    if (
        fig.value is not None
        and fig.value < 100
        and _low(doc, fig.core_end) == ")"
        and (
            fig.start == 0
            or doc[fig.start - 1].is_punct
            or doc[fig.start - 1].is_space
            or doc[fig.start].is_sent_start
        )
    ):
        return "list marker"
    return _label_exclusion(doc, fig, lex)


def _label_exclusion(doc: Doc, fig: _Figure, lex: Lexicon) -> str | None:
    """Numbers that name rather than count: Section 230, Flight 17, 10 Downing Street, Boeing 737."""
    first = doc[fig.core_start]
    prev = doc[fig.start - 1] if fig.start > _sentence(first).start else None
    if fig.kind in ("money", "percent", "fraction", "ratio"):
        return None
    if prev is not None and prev.lower_ in lex.id_words and fig.qualifier is None:
        return f"label ({prev.text} N)"
    if (
        prev is not None
        and fig.qualifier is None
        and fig.kind == "count"
        and fig.core_end - fig.core_start == 1
        and _DIGITS.match(first.text)
        and prev.pos_ == "PROPN"
        and prev.text[:1].isupper()
        and prev.lower_ not in lex.months
        and not _counts_a_noun(doc[fig.core_end - 1])
    ):
        return f"label ({prev.text} N)"
    if fig.kind == "count":
        # street numbers: a number, capitalised words, then Street/Avenue/Road
        k = fig.end
        while k < len(doc) and k < fig.end + 4 and doc[k].text[:1].isupper():
            if doc[k].lower_ in lex.street_words and k > fig.end:
                return "street address"
            k += 1
        # numbers inside a name: Boeing 737, Apollo 11, Windows 10
        if first.ent_type_ in _NAME_LABELS:
            ent = _ent_of(first)
            if (
                ent is not None
                and "\n" not in ent.text
                and any(
                    t.pos_ == "PROPN" and not (fig.core_start <= t.i < fig.core_end) for t in ent
                )
            ):
                return f"part of a name ({ent.text})"
    return None


def _ent_of(tok: Token) -> Span | None:
    for ent in tok.doc.ents:
        if ent.start <= tok.i < ent.end:
            return ent
    return None


def _counts_a_noun(tok: Token) -> bool:
    """True when ``tok`` is a number modifying a plural noun that follows it ("12 people")."""
    head = tok.head
    return (
        tok.dep_ in ("nummod", "compound", "quantmod")
        and head.i > tok.i
        and head.tag_ in _COUNT_NOUN_TAGS
        and head.pos_ in ("NOUN", "PROPN")
    )


def _year_like(doc: Doc, fig: _Figure, lex: Lexicon) -> bool:
    """A bare four-digit number from 1000 to 2100 read as a year ("in 2015", "the 2015 election").

    It still counts as a count when it directly modifies a plural noun with no determiner or
    preposition before it and is not in a DATE entity ("1500 troops").
    """
    if fig.core_end - fig.core_start != 1:
        return False
    tok = doc[fig.core_start]
    if not re.fullmatch(r"\d{4}", tok.text) or not 1000 <= int(tok.text) <= 2100:
        return False
    if fig.qualifier is not None:
        return False
    prev = doc[fig.start - 1] if fig.start > 0 else None
    nxt = doc[fig.end] if fig.end < len(doc) else None
    counts = (
        nxt is not None
        and nxt.tag_ in _COUNT_NOUN_TAGS
        and tok.ent_type_ != "DATE"
        and (
            prev is None
            or (prev.pos_ not in ("DET", "ADP", "PART") and prev.lower_ not in lex.months)
        )
    )
    return not counts


def _next_to_month(doc: Doc, fig: _Figure, lex: Lexicon) -> bool:
    def is_month(i: int) -> bool:
        return 0 <= i < len(doc) and doc[i].lower_ in lex.months and doc[i].text[:1].isupper()

    before = fig.start - 1
    if _low(doc, before) in ("of", "the"):
        before -= 1
    after = fig.end
    if _low(doc, after) == "of":
        after += 1
    return (
        is_month(fig.start - 1)
        or is_month(after)
        or (is_month(before) and _low(doc, before + 1) == "of")
    )


def _appositive_age(doc: Doc, fig: _Figure, lex: Lexicon) -> bool:
    """ "John Smith, 45, said" -> an age claim about John Smith (sets unit, kind and about)."""
    if fig.core_end - fig.core_start != 1 or fig.qualifier is not None or fig.kind != "count":
        return False
    tok = doc[fig.core_start]
    if not re.fullmatch(r"\d{1,3}", tok.text) or not 1 <= int(tok.text) <= 120:
        return False
    if _low(doc, fig.start - 1) != "," or _low(doc, fig.end) not in (",", ".", ";", ")"):
        return False
    name = doc[fig.start - 2] if fig.start >= 2 else None
    if name is None or name.pos_ != "PROPN" or not name.text[:1].isupper():
        return False
    left = name.i
    while left - 1 >= 0 and doc[left - 1].pos_ == "PROPN" and doc[left - 1].text[:1].isupper():
        left -= 1
    fig.kind, fig.unit = "age", "year"
    fig.about_override = doc[left : name.i + 1].text
    return True


# --- about ---------------------------------------------------------------------------------


def _phrase(head: Token, skip: set[int]) -> str:
    """The noun phrase around ``head``: its modifiers to the left (not determiners or the figure)
    and its prepositional, participial and relative-clause modifiers to the right, cut at the
    first comma or bracket and at ``_ABOUT_MAX_RIGHT`` tokens after the head."""
    doc = head.doc
    sent = _sentence(head)
    subtree = {t.i for t in head.subtree}
    start = head.i
    k = head.i - 1
    while k >= sent.start and k not in skip and k in subtree:
        t = doc[k]
        if t.is_punct and t.text not in _DASHES:
            break
        if t.lower_ in _DETERMINERS or t.dep_ in ("det", "predet", "quantmod") or t.like_num:
            break
        start = k
        k -= 1
    end = head.i
    for child in head.rights:
        if child.dep_ not in _RIGHT_MODIFIERS or child.i in skip:
            break
        if child.dep_ == "relcl" and child.left_edge.lower_ not in _RELATIVE_WORDS:
            break  # "video he shows off": a misparse more often than a contact clause
        end = max(end, child.right_edge.i)
    end = min(end, head.i + _ABOUT_MAX_RIGHT, sent.end - 1)
    for k in range(head.i + 1, end + 1):
        if doc[k].text in _CLAUSE_BREAKS or k in skip:
            end = k - 1
            break
    while end > head.i and (doc[end].is_punct or doc[end].pos_ in ("CCONJ", "DET", "ADP", "PART")):
        end -= 1
    for k in range(head.i - 1, start - 1, -1):
        if doc[k].text in _DASHES:  # the rest of a hyphenated figure: "year-old man" -> "man"
            start = k + 2 if doc[k + 1].i < head.i else head.i
            break
    while start < head.i and (doc[start].is_punct or doc[start].dep_ == "case"):
        start += 1
    return doc[start : end + 1].text


def _about(
    doc: Doc, fig: _Figure, lex: Lexicon, antecedents: list[Token]
) -> tuple[str | None, Token | None]:
    """What the figure counts: (phrase, head noun) read from the dependency parse."""
    if fig.about_override is not None:
        return fig.about_override, None
    skip = set(range(fig.start, fig.end))
    last = doc[fig.core_end - 1]
    anchor = doc[fig.unit_token] if fig.unit_token is not None else last
    # 1. the hyphenated figure modifies a noun: 12-minute video, 45-year-old man, three-year sentence
    if fig.compound_head or fig.kind == "age":
        noun = _governing_noun(anchor, skip)
        if noun is not None:
            return _phrase(noun, skip), noun
    # 2. counts: the noun the number modifies (4,000 men from Central Asia, magnitude 6.8 earthquake)
    if fig.unit_token is None and fig.kind in ("count", "money", "fraction", "measure"):
        noun = _governing_noun(last, skip)
        if noun is not None and _near(doc, fig.end, noun.i):
            return _phrase(noun, skip), noun
    # 3. "of" phrases: 12% of voters, two-thirds of members, 2,000 of them, $5m in aid
    for tok in (anchor, last):
        for child in tok.rights:
            if child.dep_ != "prep" or child.i < fig.end:
                continue
            if child.lower_ != "of" and (
                child.lower_ not in ("in", "on", "for") or fig.kind not in ("money", "measure")
            ):
                continue
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is None or _is_date_like(pobj):
                continue
            if pobj.pos_ == "PRON" and antecedents:
                return antecedents[-1].text, antecedents[-1]
            return _phrase(pobj, skip), pobj
    # 4. the figure is the object of "of"/"at" after a noun: a fine of £250,000, a reading of 3.3%
    prep = anchor.head if anchor.dep_ == "pobj" else None
    if (
        prep is not None
        and prep.lower_ in ("of", "at")
        and prep.head.pos_ in ("NOUN", "PROPN")
        and prep.head.i not in skip
    ):
        return _phrase(prep.head, skip), prep.head
    # 5. a verb governs the figure
    verb = anchor.head
    while verb.pos_ in ("ADP", "ADJ", "ADV") and verb.head.i != verb.i:
        verb = verb.head  # "rose to 12%", "were 8 per cent higher"
    if verb.pos_ in ("VERB", "AUX"):
        dobj = next((c for c in verb.children if c.dep_ == "dobj" and c.i not in skip), None)
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        # "put the number of displaced at nearly 20,000"
        if prep is not None and prep.lower_ == "at" and dobj is not None:
            return _phrase(dobj, skip), dobj
        # money spent on something: "invest $2.3 billion in a plant", "paid £85m for the striker"
        if fig.kind == "money":
            for child in verb.rights:
                if (
                    child.dep_ == "prep"
                    and child.lower_ in ("in", "for", "on")
                    and child.i >= fig.end
                ):
                    pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                    if pobj is not None and not _is_date_like(pobj):
                        return _phrase(pobj, skip), pobj
        # copula and change verbs: unemployment is 12%, the death toll rose to 12
        if verb.lemma_.lower() in lex.level_verbs and subj is not None and subj.pos_ != "PRON":
            return _phrase(subj, skip), subj
        # a share that does something: "46 percent would choose Clinton"
        if anchor.dep_ in ("nsubj", "nsubjpass") and fig.kind in ("percent", "fraction", "count"):
            return _predicate(verb), None
        # durations belong to what was done: "led the party for six years"
        if fig.kind == "duration":
            words = [verb.text]
            if dobj is not None and dobj.i > verb.i:
                words.append(doc[dobj.left_edge.i : dobj.i + 1].text)
            return " ".join(words), None
    # 6. the figure is the unit noun itself: "three times", "five years" -> that noun and its modifiers
    if fig.unit_token is not None and fig.kind in ("multiple", "duration", "measure"):
        noun = doc[fig.unit_token]
        phrase = _phrase(noun, skip | set(range(fig.start, fig.unit_token)))
        return phrase or noun.text, noun
    return None, None


def _is_date_like(tok: Token) -> bool:
    return tok.like_num or tok.ent_type_ in ("DATE", "TIME")


def _predicate(verb: Token) -> str:
    """The verb with its first complement: "would choose Clinton", "said the same of Trump"."""
    doc = verb.doc
    end = verb.i
    for child in verb.rights:
        if child.dep_ in ("dobj", "attr", "acomp", "xcomp", "prep", "ccomp", "oprd", "dative"):
            end = child.right_edge.i
            break
    end = min(end, verb.i + 8)
    for k in range(verb.i + 1, end + 1):
        if doc[k].text in _CLAUSE_BREAKS:
            end = k - 1
            break
    start = verb.i
    while (
        start - 1 >= 0
        and doc[start - 1].dep_ in ("aux", "neg", "auxpass")
        and doc[start - 1].head.i == verb.i
    ):
        start -= 1
    return doc[start : end + 1].text


def _near(doc: Doc, end: int, i: int) -> bool:
    """True when token ``i`` follows ``end`` closely, with no punctuation or verb between."""
    if i < end or i - end > _NEAR_NOUN:
        return False
    return not any(t.is_punct or t.pos_ in ("VERB", "AUX") for t in doc[end:i])


def _governing_noun(tok: Token, skip: set[int]) -> Token | None:
    """The noun after the figure that it modifies, climbing modifier chains (45-year-old man)."""
    cur = tok
    for _ in range(4):
        head = cur.head
        if head.i == cur.i:
            return None
        if cur.dep_ not in ("nummod", "compound", "quantmod", "amod", "npadvmod", "nmod", "advmod"):
            return None
        if head.pos_ == "VERB" and head.dep_ in ("amod", "acl") and head.head.i < head.i:
            return head.head  # "a man aged 45": the participle hangs off the noun before it
        if head.i in skip:
            cur = head
            continue
        if head.i > tok.i and head.pos_ in ("NOUN", "PROPN"):
            return head
        if head.pos_ not in ("ADJ", "NUM", "NOUN", "VERB"):
            return None
        cur = head
    return None


# --- source --------------------------------------------------------------------------------


def _innermost_quote(quotes: Sequence[Quote], start: int, end: int) -> Quote | None:
    best: Quote | None = None
    for q in quotes:
        if (
            q.start <= start
            and end <= q.end
            and (best is None or q.end - q.start < best.end - best.start)
        ):
            best = q
    return best


def _sentence_source(tok: Token, document: Document, lex: Lexicon) -> Ref | None:
    """Who the sentence attributes ``tok``'s clause to: "according to X", "X said", "X estimates"."""
    sent = _sentence(tok)
    for t in sent:
        if t.lower_ == "according" and t.i + 1 < sent.end and t.doc[t.i + 1].lower_ == "to":
            to = t.doc[t.i + 1]
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
            # "according to a 52-count complaint filed by the SEC": a document may describe itself
            if pobj is not None and (tok not in pobj.subtree or _is_source_noun(pobj, lex)):
                return _resolve_source_noun(pobj, document, lex)
    best: tuple[int, Token] | None = None
    for t in sent:
        if t.pos_ not in ("VERB", "AUX") or t.lemma_.lower() not in lex.attribution_verbs:
            continue
        subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if t.tag_ == "VBG" and subj is not None and not any(c.dep_ == "aux" for c in t.children):
            continue  # "taxpayers reporting gains": a gerund, not someone reporting
        if (
            subj is None
            and t.tag_ == "VBG"
            and t.dep_ in ("advcl", "xcomp", "conj")
            and t.i > 0
            and t.doc[t.i - 1].text == ","
            and t.head.pos_ in ("VERB", "AUX")
        ):
            # "The army denied the claim, saying it had lost 23 men": the subject of the main verb
            subj = next((c for c in t.head.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.dep_ == "nsubjpass":
            agent = next((c for c in t.children if c.dep_ == "agent"), None)
            subj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
        if subj is None or tok in subj.subtree or subj.like_num or subj.pos_ == "NUM":
            continue
        if t.lemma_.lower() in lex.document_verbs and not _is_source_noun(subj, lex):
            continue  # "police found 11 children" reports an act, "a study found 40%" a figure
        if t.lemma_.lower() == "put" and not any(x.lower_ == "at" for x in t.subtree):
            continue  # "officials put the toll at 40" estimates; "the index put on 0.4 percent" does not
        if t.lemma_.lower() in lex.clause_verbs and any(
            c.dep_ in ("dobj", "dative") and tok in c.subtree for c in t.children
        ):
            continue  # "the economy added 156,000 jobs" is not "he added that ..."
        if tok in t.subtree:
            score = 0
        elif t.dep_ in ("ROOT", "parataxis") and t.i > tok.i:
            score = 1
        else:
            continue
        score = score * 1000 + abs(t.i - tok.i)
        if best is None or score < best[0]:
            best = (score, subj)
    if best is None:
        return None
    return _resolve_source_noun(best[1], document, lex)


def _is_source_noun(tok: Token, lex: Lexicon) -> bool:
    """A report-like subject ("the study", "figures from the ministry") or a named organisation."""
    return (
        tok.lower_ in lex.source_nouns
        or tok.lemma_.lower() in lex.source_nouns
        or tok.ent_type_ == "ORG"
    )


def _resolve_source_noun(tok: Token, document: Document, lex: Lexicon) -> Ref | None:
    """The Document's resolution of a source, but "figures from the ministry" / "the UN's
    estimates" name the owner."""
    if tok.lower_ in lex.source_nouns:
        for t in tok.subtree:
            if t.i == tok.i:
                continue
            ent = document.index.covering(t.idx, t.idx + len(t), _PERSONISH)
            if ent is not None:
                return document.index.ref(ent)
    return document.ref(tok)


def _source(
    doc: Doc, fig: _Figure, document: Document, quotes: Sequence[Quote], lex: Lexicon
) -> tuple[Ref | None, str | None]:
    """Who states the figure, and the rule that found them: the speaker of the innermost quote
    that holds it (``quote_speaker``), else the sentence's attribution (the Document's sieve)."""
    first, last = doc[fig.core_start], doc[fig.core_end - 1]
    start, end = first.idx, last.idx + len(last)
    quote = _innermost_quote(quotes, start, end)
    if quote is not None and quote.speaker is not None:
        return quote.speaker, "quote_speaker"
    ref = _sentence_source(first, document, lex)
    rule = document.rule_of(ref)
    if quote is not None and quote.speaker_text is not None:
        # an unresolved speaker ("a 52-count complaint") yields to an entity the sentence names
        if ref is not None and ref.entity_id is not None:
            return ref, rule
        return Ref(None, quote.speaker_text), "quote_speaker"
    if ref is None and quote is not None:
        return quote.via, "quote_via"
    return ref, rule


# --- entry point ---------------------------------------------------------------------------


def find_figures(doc: Doc) -> list[tuple[int, int, str | None]]:
    """Character spans of the figures that are claims, with ``None`` or the reason one was dropped.

    For inspection and tests: ``[(start, end, reason), ...]`` in text order.
    """
    lex = lexicon()
    out: list[tuple[int, int, str | None]] = []
    for fig in _find_figures(doc, lex):
        a, b = doc[fig.start], doc[fig.end - 1]
        out.append((a.idx, b.idx + len(b), _exclusion(doc, fig, lex)))
    return out


def _previous_sentence_start(doc: Doc, sent: Span) -> int:
    return _sentence(doc[sent.start - 1]).start if sent.start > 0 else 0


def extract_claims(document: Document, quotes: Sequence[Quote]) -> list[Claim]:
    """Every number-bearing statement of the article as a ``Claim``.

    Offsets index ``article.text``; a doc without sentences or a parse gives no claims rather
    than an error. ``quotes`` decide the source first (the speaker of the innermost quote that
    holds the figure), then an attribution in the same sentence, else None (the outlet).
    """
    doc, article = document.doc, document.article
    if len(doc) == 0 or not doc.has_annotation("DEP"):
        return []
    lex = lexicon()
    prov = Provenance(article.id, NAME, VERSION)
    claims: list[Claim] = []
    # counted nouns of earlier claims, for "2,000 of them"; forgotten after two sentences
    seen: list[Token] = []
    for fig in _find_figures(doc, lex):
        if _exclusion(doc, fig, lex) is not None:
            continue
        first, last = doc[fig.start], doc[fig.end - 1]
        start, end = first.idx, last.idx + len(last)
        sent = _sentence(doc[fig.core_start])
        # figures come in text order: what is forgotten now stays forgotten (linear, not quadratic)
        floor = _previous_sentence_start(doc, sent)
        seen = recent = [t for t in seen if t.i >= floor]
        about, noun = _about(doc, fig, lex, recent)
        if noun is not None and noun.pos_ in ("NOUN", "PROPN") and noun.tag_ in _COUNT_NOUN_TAGS:
            seen.append(noun)
        source, rule = _source(doc, fig, document, quotes, lex)
        resolved = source is not None and source.entity_id is not None
        claims.append(
            Claim(
                id=fact_id("c", article.id, start, end),
                figure=article.text[start:end],
                value=fig.value,
                qualifier=fig.qualifier,
                about=about or None,
                start=start,
                end=end,
                source=source if resolved else None,
                provenance=replace(prov, rule=rule),
                unit=fig.unit,
                sentence_start=sent.start_char,
                sentence_end=sent.end_char,
                source_text=source.name if source is not None and not resolved else None,
            )
        )
    return claims
