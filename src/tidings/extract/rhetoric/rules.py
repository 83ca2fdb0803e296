"""High-precision rhetoric patterns the small model misses: vocative insults ("you dogs") as name calling.

A vocative insult is "you" followed by at most two qualifiers (a capitalised word such as a
demonym, or a pejorative adjective) and a pejorative noun: "you dogs", "you American
pigs", "you filthy traitors". It labels the people addressed, which is PTC's
Name_Calling,Labeling. The word lists are reviewed here; add words, never whole phrases.

Evidence: in the PTC train articles (371, SemEval-2020 Task 11) the nouns are name calling
where they label people: "infidels" lies inside a Name_Calling gold span 9 times of 11,
"liar" 6 of 8, "scum" 2 of 2, "hypocrites" 2 of 4, "traitors" 2 of 4, "pigs" 2 of 5, "dogs"
1 of 3; as a plain description they are not ("criminal" 4 of 151), hence the vocative frame,
which labels the people addressed. The fine-tuned tagger alone misses the frame: PTC train
holds no "you" + insult, and on the seed article the model reads "you American pigs" as
repetition and skips "you dogs".
"""

from __future__ import annotations

import re

NAME_CALLING = "Name_Calling,Labeling"

# Pejorative nouns used to address people (plural and singular).
INSULT_NOUNS = frozenset(
    [
        "apes",
        "ape",
        "beasts",
        "beast",
        "bastards",
        "bastard",
        "cockroaches",
        "cockroach",
        "cowards",
        "coward",
        "criminals",
        "criminal",
        "crusaders",
        "dogs",
        "dog",
        "donkeys",
        "donkey",
        "fools",
        "fool",
        "hypocrites",
        "hypocrite",
        "idiots",
        "idiot",
        "infidels",
        "infidel",
        "liars",
        "liar",
        "losers",
        "loser",
        "monkeys",
        "monkey",
        "monsters",
        "monster",
        "morons",
        "moron",
        "parasites",
        "parasite",
        "pigs",
        "pig",
        "rats",
        "rat",
        "savages",
        "savage",
        "scum",
        "snakes",
        "snake",
        "swine",
        "thieves",
        "thief",
        "thugs",
        "thug",
        "traitors",
        "traitor",
        "vermin",
        "worms",
        "worm",
        "zombies",
        "zombie",
    ]
)

# Pejorative adjectives that may stand between "you" and the noun.
INSULT_ADJECTIVES = frozenset(
    [
        "bloody",
        "corrupt",
        "cowardly",
        "dirty",
        "disgusting",
        "evil",
        "filthy",
        "greedy",
        "ignorant",
        "lying",
        "miserable",
        "pathetic",
        "stinking",
        "stupid",
        "treacherous",
        "ugly",
        "vile",
        "wretched",
    ]
)

_NOUNS = "|".join(sorted(INSULT_NOUNS, key=len, reverse=True))
_VOCATIVE = re.compile(
    r"\b[Yy]ou\s+(?P<mods>(?:[\w-]+\s+){0,2}?)(?P<noun>(?i:" + _NOUNS + r"))(?![\w-])"
)


def _qualifier(word: str) -> bool:
    return word[:1].isupper() or word.lower() in INSULT_ADJECTIVES


def vocative_insults(text: str) -> list[tuple[int, int]]:
    """Character spans of vocative insults in ``text``, from "you" to the noun, in order."""
    out: list[tuple[int, int]] = []
    for m in _VOCATIVE.finditer(text):
        if not all(_qualifier(w) for w in m.group("mods").split()):
            continue
        out.append((m.start(), m.end()))
    return out


def apply_rules(
    text: str, spans: list[tuple[int, int, float, str, float]]
) -> list[tuple[int, int, float, str, float]]:
    """Add rule spans to tagged ``(start, end, score, label, probability)`` spans.

    A rule span replaces the model spans it overlaps (it takes their union, labelled name
    calling with probability 1 and span score 1: the pattern is sure of itself), so the
    result still has no overlapping spans; sorted.
    """
    out = list(spans)
    for s, e in vocative_insults(text):
        hit = [x for x in out if x[0] < e and x[1] > s]
        start, end = min([s, *(x[0] for x in hit)]), max([e, *(x[1] for x in hit)])
        out = [x for x in out if x not in hit]
        out.append((start, end, 1.0, NAME_CALLING, 1.0))
    return sorted(out)
