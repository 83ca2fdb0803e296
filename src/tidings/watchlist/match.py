"""Name comparison: align the tokens of a query name with a listed name and score the alignment, with reasons."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rigour.text import jaro_winkler, levenshtein

from tidings.watchlist.names import FAMILY, GIVEN, ORG, PERSON, PreparedName, Token

# A token pair below this similarity is not a match: both tokens stay unmatched.
MIN_TOKEN_SIM = 0.75
# Weight of a listed-name token the query lacks (a dropped middle name or patronymic is common
# in news text) relative to a query token the listed name lacks (a different person).
MISSING_WEIGHT = 0.25
# Weight of listed words after the point where a query was cut short (a full field cut off),
# and of a listed patronymic the query lacks (news writes Ramzan Kadyrov for KADYROV, Ramzan
# Akhmatovich).
CUT_WEIGHT = 0.1
_PATRONYMIC = re.compile(
    r".{2,}(?:ovich|evich|ovych|evych|ovna|evna|ivna|ichna|ogly|oglu|uly|kyzy|qizi)$"
)
# For organisations a missing word usually names a different body (ISIS - Bangladesh, ISIL Khorasan).
MISSING_WEIGHT_ORG = 0.6
# Token matches that say "the same word, spelt another way" (not a near miss such as ISIS / ISISK)
STRONG_MATCHES = frozenset(["exact", "transliteration", "joined"])
# Tokens at or below this weight (particles, legal forms, generic words such as Group, Front)
# neither count nor block: left unmatched, they do not dilute the score.
NOISE_WEIGHT = 0.3


@dataclass(frozen=True, slots=True)
class Pair:
    """Query token(s) aligned with listed token(s), with the similarity and how it was reached."""

    query: str
    listed: str
    sim: float
    how: str


@dataclass(frozen=True, slots=True)
class NameScore:
    """The score of one query name against one listed name, and the alignment behind it."""

    score: float
    query: str
    listed: str
    pairs: tuple[Pair, ...]
    extra_query: tuple[str, ...]
    missing: tuple[str, ...]
    # the score when the listed words news leaves out (``dropped``: a second surname, later
    # given names) weigh ``CUT_WEIGHT``; screening uses it only beside a matching country
    dropped_score: float = 0.0
    dropped: tuple[str, ...] = ()

    def explain(self) -> str:
        """One line: ``Khalimov ~ KHALIMOV (exact); Gulmurod ~ Gulmurod (exact)``."""
        parts = [f"{p.query} ~ {p.listed} ({p.how})" for p in self.pairs]
        if self.extra_query:
            parts.append("not in listed name: " + " ".join(self.extra_query))
        if self.missing:
            parts.append("not in article name: " + " ".join(self.missing))
        return "; ".join(parts)


def _edit_budget(n: int) -> int:
    if n <= 3:
        return 0
    if n <= 7:
        return 1
    if n <= 10:
        return 2
    return 3


_OCR = (
    ("rn", "m"),
    ("cl", "d"),
    ("vv", "w"),
    ("1", "i"),
    ("l", "i"),
    ("0", "o"),
    ("5", "s"),
    ("8", "b"),
)


@lru_cache(maxsize=100_000)
def _ocr_form(form: str) -> str:
    for a, b in _OCR:
        form = form.replace(a, b)
    return form


def _vowelless(form: str) -> bool:
    return len(form) >= 2 and not any(ch in "aeiouy" for ch in form[1:])


def _vowels_dropped(short: str, long: str) -> bool:
    """True when ``short`` is ``long`` written with some vowels left out (Mhmmd / Muhammad, Lyv / Leyva).

    Only vowels (a e i o u y) are missing, at least one of them inside the word: a word that
    only lacks its last letters is another name (Sami / Sam, Alia / Ali). The first letter is
    kept, unless it is a vowel and three consonants or more remain (Hmd / Ahmad, as when every
    vowel of AL-AHMAD was dropped). Two letters at least, both consonants when only two
    (Sd / Saeed).
    """
    if len(short) < 2 or len(short) >= len(long):
        return False
    if short[0] != long[0] and (len(short) < 3 or long[0] not in "aeiouy"):
        return False
    if (len(short) == 2 or short[0] != long[0]) and any(ch in "aeiouy" for ch in short):
        return False
    i, n, inner = 0, len(short), False
    for ch in long:
        if i < n and ch == short[i]:
            i += 1
        elif ch in "aeiouy":
            inner = inner or i < n
        else:
            return False
    return i == n and inner


def _swapped(a: str, b: str) -> bool:
    """True when ``b`` is ``a`` with two adjacent letters swapped."""
    if len(a) != len(b) or a == b:
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and a[diff[0]] == b[diff[1]]
        and a[diff[1]] == b[diff[0]]
    )


def token_similarity(q: Token, c: Token, *, last: bool = False) -> tuple[float, str]:
    """Similarity of two tokens in [0, 1] and the reason.

    Exact forms 1.0. Initials of a word 0.85. Same romanisation-folded consonant skeleton
    (Khalimov / Halimov / Xalimov, Mohammed / Muhammad) 0.92, but only when the spellings are
    also close or one side is written without vowels (Mhmd): Arabic names built on one root
    (Mahmoud / Muhammad / Hamid) share skeletons and are different names. OCR look-alikes
    (rn/m, l/I, 0/O) 0.88; two letters swapped 0.88; same metaphone with the same first
    letter and a length within one 0.86; one written with some vowels left out (Mhmmd, Lyv
    for Leyva) 0.92, or 0.88 for two consonants (Sd); typo-level edit distance within a
    length budget 0.9 down to 0.76; a last query word that starts the listed word (a field
    cut short) 0.86 (or 0.8 as an initial-like stub under four letters). Anything else 0.
    """
    a, b = q.form, c.form
    if a == b:
        return 1.0, "exact"
    if q.initial or c.initial:
        if a[0] == b[0]:
            return 0.85, "initial"
        return 0.0, ""
    best, how = 0.0, ""
    n = min(len(a), len(b))
    budget = _edit_budget(n)
    dist = levenshtein(a, b, max_edits=budget + 2)
    if q.skeleton == c.skeleton and q.skeleton:
        abbreviated = _vowelless(a) or _vowelless(b)
        if abbreviated or dist <= budget + 1:
            sim = 0.92 if len(q.skeleton) >= 3 else 0.8
            best, how = (
                sim,
                "vowels dropped" if abbreviated and dist > budget else "transliteration",
            )
    if best < 0.92 and (_vowels_dropped(a, b) or _vowels_dropped(b, a)):
        sim = 0.92 if n >= 3 else 0.88  # two consonants (Sd) say less than Mhmmd
        if sim > best:
            best, how = sim, "vowels dropped"
    if best < 0.88 and (_ocr_form(a) == _ocr_form(b)):
        best, how = 0.88, "OCR look-alike letters"
    if best < 0.88 and _swapped(a, b):
        best, how = 0.88, "letters swapped"
    if (
        best < 0.86
        and len(q.phonetic) >= 3
        and q.phonetic == c.phonetic
        and a[0] == b[0]
        and abs(len(a) - len(b)) <= 1
    ):
        best, how = 0.86, "sounds alike"
    if best < 0.9:
        if n == 3 and len(a) == len(b):
            budget = 1  # one wrong letter in a three-letter word: a weak match
        if budget and dist <= budget and abs(len(a) - len(b)) <= budget:
            jw = jaro_winkler(a, b)
            sim = 0.76 if n <= 3 else max(0.78, min(0.9, 0.5 + 0.45 * jw - 0.02 * (dist - 1)))
            if sim > best:
                best, how = sim, f"{dist} letter{'s' if dist > 1 else ''} apart"
    if best < 0.86 and last and len(a) >= 2 and b.startswith(a):
        best, how = (0.86, "cut short") if len(a) >= 4 else (0.8, "cut short")
    return best, how


# token_similarity depends only on the two forms (keys and initials derive from them) and on
# ``last``; names repeat their words, so the pairs are memoised, bounded by clearing when full
_SIMS: dict[tuple[str, str, bool], tuple[float, str]] = {}
_SIMS_MAX = 500_000


def _sim(q: Token, c: Token, last: bool) -> tuple[float, str]:
    key = (q.form, c.form, last)
    hit = _SIMS.get(key)
    if hit is None:
        if len(_SIMS) >= _SIMS_MAX:
            _SIMS.clear()
        hit = _SIMS[key] = token_similarity(q, c, last=last)
    return hit


def _cut_at(
    qt: tuple[Token, ...],
    ct: tuple[Token, ...],
    pairs: list[tuple[float, tuple[int, ...], tuple[int, ...], str]],
) -> int:
    """Where a query cut off by a field-length limit stops in the listed name, or ``len(ct)``.

    The query is cut short when its last word begins (and is shorter than) the listed word it
    aligns with, and every other aligned word comes earlier in the listed name: then the
    listed words after that point were cut off, not left out (``ZAMBADA NIEBLA, Moni`` for
    ``ZAMBADA NIEBLA, Monica del Rosario``).
    """
    last = len(qt) - 1
    for _sim, qi, ci, _how in pairs:
        if qi == (last,) and len(ci) == 1:
            j = ci[0]
            a, b = qt[last].form, ct[j].form
            if len(a) >= len(b) or not b.startswith(a):
                return len(ct)
            for _s, q2, c2, _h in pairs:
                if q2 != qi and max(c2) >= j:
                    return len(ct)
            return j
    return len(ct)


def _ending(form: str) -> bool:
    """Whether a word ends in a vowel: Arabic and Slavic feminine given names end in -a."""
    return form[-1] in "aeiouy"


def _light_parts(ct: tuple[Token, ...], used_c: set[int]) -> set[int]:
    """Listed tokens news leaves out: a second surname (MADURO MOROS -> Maduro) and given names after the first (Delcy Eloina -> Delcy).

    Only in names the list structures as ``SURNAMES, Given names``, and only when both the
    first surname and the first given name were matched (Nicolas Maduro; not Nicolas Moros,
    nor Mohamed Salah for SALEH, Salah Abdallah Mohamed).
    """
    idx = {
        part: [j for j, t in enumerate(ct) if t.part == part and t.weight >= 1.0]
        for part in (FAMILY, GIVEN)
    }
    if not all(v and v[0] in used_c for v in idx.values()):
        return set()
    return {j for v in idx.values() for j in v[1:] if j not in used_c}


def _news_order(
    qt: tuple[Token, ...],
    ct: tuple[Token, ...],
    pairs: list[tuple[float, tuple[int, ...], tuple[int, ...], str]],
) -> bool:
    """True when the query is written given name first, surname last, as running text writes a name (Nicolas Maduro).

    A name copied from a record keeps the record's order (BARRERA Alvaro): there a surname
    the query lacks is a different person's, not one that prose leaves out.
    """
    real = sorted((qi[0], ci[0]) for _s, qi, ci, _h in pairs if qt[qi[0]].weight >= 1.0)
    return len(real) >= 2 and ct[real[0][1]].part == GIVEN and ct[real[-1][1]].part == FAMILY


def compare(query: PreparedName, listed: PreparedName) -> NameScore:
    """Score a query name against a listed name in [0, 1].

    Tokens are aligned regardless of order (word order differs across naming conventions),
    greedily by similarity; two adjacent words may align with one (``al Zawahiri`` ~
    ``alZawahiri``, a split word). The score is the weighted mean similarity of aligned
    query tokens, diluted fully by query words with no counterpart (a different name) and
    by ``MISSING_WEIGHT`` for listed words the query lacks (a dropped middle name), and by
    ``CUT_WEIGHT`` for a lacking patronymic or words after a field cut short. A lacking
    second surname or later given name (``_light_parts``) weighs ``CUT_WEIGHT`` in the score
    when the query is in running-text order (``_news_order``: Nicolas Maduro for MADURO
    MOROS, Nicolas), and otherwise only in ``dropped_score``, which screening uses beside a
    matching country: names in the record's order that lack a surname are the sanctions
    benchmark's near-miss negatives (BARRERA Alvaro for BARRERA MARIN, Alvaro). In organisation
    names unmatched particles, legal forms and generic words (``NOISE_WEIGHT``) do not dilute
    a match of real words. A given name of the list is not matched by sound when one of the
    two ends in a vowel and the other does not (Bashar is not Bushra; Mohamed is Muhammad).
    An empty name on either side scores 0.
    """
    qt, ct = query.tokens, listed.tokens
    if not qt or not ct:
        return NameScore(0.0, query.original, listed.original, (), (), ())
    # candidate pairs as (-sim, -tokens covered, order, query indexes, listed indexes, how):
    # a plain tuple sort then takes the most similar, larger pairs first, ties in order found
    cands: list[tuple[float, int, int, tuple[int, ...], tuple[int, ...], str]] = []
    nq = len(qt)
    sims = _SIMS
    for i, q in enumerate(qt):
        last = i == nq - 1
        qf = q.form
        for j, c in enumerate(ct):
            hit = sims.get((qf, c.form, last))
            if hit is None:
                hit = _sim(q, c, last)
            if hit[1] == "sounds alike" and c.part == GIVEN and _ending(qf) != _ending(c.form):
                continue  # Bashar / Bushra, Samir / Samira: a masculine and a feminine name
            if hit[0] >= MIN_TOKEN_SIM:
                cands.append((-hit[0], -2, len(cands), (i,), (j,), hit[1]))
    # split / joined words: two adjacent tokens on one side against one token on the other
    if nq > 1 or len(ct) > 1:
        for side in (0, 1):
            two, one = (qt, ct) if side == 0 else (ct, qt)
            if len(two) < 2:
                continue
            where: dict[str, list[int]] = {}
            for j, t in enumerate(one):
                where.setdefault(t.form, []).append(j)
            for i in range(len(two) - 1):
                joined = two[i].form + two[i + 1].form
                if len(joined) < 4:
                    continue
                for j in where.get(joined, ()):
                    two_i: tuple[int, ...] = (i, i + 1)
                    one_j: tuple[int, ...] = (j,)
                    q_idx, c_idx = (two_i, one_j) if side == 0 else (one_j, two_i)
                    cands.append((-0.97, -3, len(cands), q_idx, c_idx, "joined"))
    # an initial of a word led by a particle: A. for AL-TALHI (al + talhi)
    for i, q in enumerate(qt):
        if not q.initial:
            continue
        for j in range(len(ct) - 1):
            c = ct[j]
            if c.weight < 0.5 and not c.initial and c.form[0] == q.form and ct[j + 1].weight >= 1.0:
                cands.append((-0.85, -3, len(cands), (i,), (j, j + 1), "initial"))
    cands.sort()
    used_q: set[int] = set()
    used_c: set[int] = set()
    pairs: list[tuple[float, tuple[int, ...], tuple[int, ...], str]] = []
    for neg_sim, _size, _order, qi, ci, how in cands:
        if used_q.intersection(qi) or used_c.intersection(ci):
            continue
        used_q.update(qi)
        used_c.update(ci)
        pairs.append((-neg_sim, qi, ci, how))
    num = 0.0
    den = 0.0
    for sim, qi, ci, how in pairs:
        if len(qi) == 1 and len(ci) == 1:
            w = max(qt[qi[0]].weight, ct[ci[0]].weight)
            if how == "cut short" and len(qt[qi[0]].form) < 4:
                w = 0.5  # a stub of two or three letters says as much as an initial
        else:
            w = max(max(qt[i].weight for i in qi), max(ct[j].weight for j in ci))
        num += sim * w
        den += w
    # particles and generic words do not block an organisation's name; in a person's name they
    # still count a little (AL-SUGAYER is not SUGHAYR: the benchmark's near-miss negatives)
    matched_real = listed.kind != PERSON and any(
        max(qt[i].weight for i in qi) > NOISE_WEIGHT or max(ct[j].weight for j in ci) > NOISE_WEIGHT
        for _s, qi, ci, _h in pairs
    )
    extra_q = [t for i, t in enumerate(qt) if i not in used_q]
    missing = [t for j, t in enumerate(ct) if j not in used_c]
    for t in extra_q:
        if matched_real and t.weight <= NOISE_WEIGHT:
            continue  # the, al-, Group, Front
        if t.number and listed.kind == PERSON:
            continue  # a generational III of a person
        den += t.weight
    missing_weight = MISSING_WEIGHT_ORG if listed.kind == ORG else MISSING_WEIGHT
    cut = _cut_at(qt, ct, pairs)
    # a dropped second surname or middle name is light only beside exact or transliterated
    # words: a misspelt or abbreviated word and a missing one together are not (Mohamed Salah
    # ~ SALAD, Mohamed Hussein; Mhmd Hassan ~ HASSAN, Mahmoud Ali)
    strong = bool(pairs) and all(p[3] in STRONG_MATCHES for p in pairs)
    light = (
        _light_parts(ct, used_c)
        if listed.kind == PERSON and strong and len(used_c) < len(ct) and ct[0].part
        else set()
    )
    relief = 0.0  # how much lighter the denominator is when the light parts weigh CUT_WEIGHT
    for j, t in enumerate(ct):
        if j in used_c or (matched_real and t.weight <= NOISE_WEIGHT):
            continue
        if j > cut or (listed.kind != ORG and _PATRONYMIC.match(t.form) is not None):
            den += t.weight * CUT_WEIGHT
        else:
            den += t.weight * missing_weight
            if j in light:
                relief += t.weight * (missing_weight - CUT_WEIGHT)
    score = num / den if den else 0.0
    dropped_score = num / (den - relief) if relief else score
    if relief and _news_order(qt, ct, pairs):
        score = dropped_score
    pairs.sort(key=lambda p: p[1][0])
    return NameScore(
        score=round(score, 4),
        query=query.original,
        listed=listed.original,
        pairs=tuple(
            Pair(
                qt[qi[0]].form if len(qi) == 1 else " ".join(qt[i].form for i in qi),
                ct[ci[0]].form if len(ci) == 1 else " ".join(ct[j].form for j in ci),
                sim,
                how,
            )
            for sim, qi, ci, how in pairs
        ),
        extra_query=tuple(t.form for t in extra_q),
        missing=tuple(t.form for t in missing),
        dropped_score=round(dropped_score, 4),
        dropped=tuple(ct[j].form for j in sorted(light)),
    )
