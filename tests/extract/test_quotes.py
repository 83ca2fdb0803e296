"""Quotes: quotation-mark scanning, attribution patterns, relays, glosses and robustness.

The attribution tests build a Doc with the spaCy model and a plain EntityIndex from ``doc.ents``
(one entity per distinct name), so they don't depend on the entity extractor.
"""

from __future__ import annotations

from typing import Any

import pytest
from spacy.tokens import Doc

from tidings.extract.document import build, find_quoted_spans, paragraphs
from tidings.extract.entities import is_outlet_name
from tidings.extract.index import EntityIndex
from tidings.extract.quotes import NAME, VERSION, extract_quotes
from tidings.model import Article, Entity, Mention, Provenance, Quote, content_id, fact_id


def _analyse(nlp: Any, text: str) -> list[Quote]:
    doc = nlp(text)
    article = Article(id=content_id(text), text=text)
    prov = Provenance(article.id, "test.entities", "0")
    by_name: dict[tuple[str, str], Entity] = {}
    for ent in doc.ents:
        if ent.label_ not in {"PERSON", "ORG", "GPE", "LOC", "NORP"}:
            continue
        key = (ent.text, ent.label_)
        if key not in by_name:
            by_name[key] = Entity(
                fact_id("ent", article.id, *key), ent.text, ent.label_, [], [], prov
            )
        by_name[key].mentions.append(Mention(ent.start_char, ent.end_char, ent.text))
    return extract_quotes(build(doc, article, EntityIndex(list(by_name.values()))))


def _name(ref: Any) -> str | None:
    return ref.name if ref is not None else None


def _who(q: Quote) -> str:
    """The speaker's name, or the words as written when no entity is named."""
    assert q.speaker is None or q.speaker.entity_id is not None, (
        "unresolved speaker given as a name"
    )
    return q.speaker.name if q.speaker is not None else (q.speaker_text or "")


# --- quotation marks (no model) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "inside"),
    [
        ("“a b” and “c d”", ["a b", "c d"]),
        ('He said "yes" and then "no".', ["yes", "no"]),
        ("“Open quote never closed\n\nNext paragraph.", ["Open quote never closed"]),
        ("“One paragraph,\n\n“and the next.”", ["One paragraph,\n\n“and the next."]),
        ("A stray ” close, then “fine”.", ["fine"]),
        ("Rock ’n’ roll isn’t dead, it’s Khalimov’s.", []),
        ("“first “second” third", ["second"]),
        ('a 12" pipe and a 6" bolt', []),
        ("“ ” and “…”", []),
        ("", []),
    ],
)
def test_quotes_find_quoted_spans(text: str, inside: list[str]) -> None:
    assert [text[s.start : s.end] for s in find_quoted_spans(text)] == inside


def test_quotes_unclosed_mark_is_bounded_at_paragraph_end() -> None:
    text = "“Never closed here\n\n" + "Plain sentence. " * 20 + "“Closed.”"
    spans = find_quoted_spans(text)
    assert [text[s.start : s.end] for s in spans] == ["Never closed here", "Closed."]
    assert spans[0].close_at is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("one\n\ntwo\n\n\nthree", ["one", "two", "three"]),
        ("one\ntwo", ["one", "two"]),
        ("single", ["single"]),
    ],
)
def test_quotes_paragraphs(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in paragraphs(text)] == expected


@pytest.mark.parametrize(
    ("name", "outlet"),
    [
        ("The Telegraph", True),
        ("Reuters", True),
        ("The New York Times", True),
        ("NATO", False),
        ("Carnegie Center", False),
    ],
)
def test_quotes_outlet_names(name: str, outlet: bool) -> None:
    assert is_outlet_name(name) is outlet


# --- attribution patterns ----------------------------------------------------------------------

# (text, quote text, kind, speaker name or None, via name fragment or None)
CASES = [
    (
        "“We will rebuild the bridge by spring,” Maria Lopez said on Monday.",
        "We will rebuild the bridge by spring,",
        "direct",
        "Maria Lopez",
        None,
    ),
    (
        "“The numbers do not add up,” said Peter Hansen, a budget analyst at the institute.",
        "The numbers do not add up,",
        "direct",
        "Peter Hansen",
        None,
    ),
    (  # a surname the tagger misses, between the closing mark and the verb
        "Bank analyst Priya Um cut her target. “Orders are slowing across the region,” Um wrote "
        "in a note to clients.",
        "Orders are slowing across the region,",
        "direct",
        "Priya Um",
        None,
    ),
    (  # a long inverted subject the parser splits: the last person before the comma
        "“The data surprised all of us,” says Faculty of Medicine Associate Professor with the "
        "School of Public Health Sciences Margaret Okafor, lead author of the study, in a release.",
        "The data surprised all of us,",
        "direct",
        "Margaret Okafor",
        None,
    ),
    (  # a cue from press-conference reports
        "“We defended well and deserved the win,” Ruiz shared at the post-match press conference.",
        "We defended well and deserved the win,",
        "direct",
        "Ruiz",
        None,
    ),
    (  # a signature after a dash, as in reader roundups and epigraphs
        "Readers wrote to us after the debate.\n\n“The candidates ignored our town.” ― Lena "
        "Marquez\n“Nobody mentioned the river.” ― Tomas Ibarra, 41, a farmer",
        "Nobody mentioned the river.",
        "direct",
        "Tomas Ibarra",
        None,
    ),
    (  # a parenthetical party label: the parser gives "said" a second subject in the quote
        '"She would be a fine judge. Not good, great. One of the ablest lawyers in the state," '
        "Rep. Dana K. Whitfield (D-Ore.) said in a phone interview.",
        "She would be a fine judge. Not good, great. One of the ablest lawyers in the state,",
        "direct",
        "Dana K. Whitfield",
        None,
    ),
    (  # an inverted cue opening the sentence, parsed as part of the name
        "The plan adds new tax credits. Said Okonkwo: “I doubt anyone in the room has read it.”",
        "I doubt anyone in the room has read it.",
        "direct",
        "Okonkwo",
        None,
    ),
    (
        "Maria Lopez said: “The river is rising faster than we expected.”",
        "The river is rising faster than we expected.",
        "direct",
        "Maria Lopez",
        None,
    ),
    (
        '"We are ready for the storm," John Smith said.',
        "We are ready for the storm,",
        "direct",
        "John Smith",
        None,
    ),
    (
        "Maria Lopez called the plan “a reckless gamble” during the debate.",
        "a reckless gamble",
        "partial",
        "Maria Lopez",
        None,
    ),
    (
        "General Omar Farouk vowed to bring “vengeance” to his enemies.",
        "vengeance",
        "partial",
        "Omar Farouk",
        None,
    ),
    (
        "Maria Lopez visited the flooded town on Tuesday. “Nobody should have to live like this,” she said.",
        "Nobody should have to live like this,",
        "direct",
        "Maria Lopez",
        None,
    ),
    (
        "Peter Hansen spoke to reporters after the vote. “I think Maria Lopez will win easily,” he said.",
        "I think Maria Lopez will win easily,",
        "direct",
        "Peter Hansen",
        None,
    ),
    (
        "Mrs. Maria Lopez met Mr. Peter Hansen on Monday. “We agreed on nothing at all,” she said.",
        "We agreed on nothing at all,",
        "direct",
        "Maria Lopez",
        None,
    ),
    (
        "“We are leaving,” Maria Lopez said. “There is nothing left for us here.”",
        "There is nothing left for us here.",
        "direct",
        "Maria Lopez",
        None,
    ),
    (
        "Maria Lopez described the night of the flood.\n\n“The water came through the door in minutes and we ran upstairs with the children.”",
        "The water came through the door in minutes and we ran upstairs with the children.",
        "direct",
        "Maria Lopez",
        None,
    ),
    (
        "The Guardian quotes Peter Hansen of the Baltic Institute saying, “The deal is dead and everyone knows it.”",
        "The deal is dead and everyone knows it.",
        "direct",
        "Peter Hansen",
        "Guardian",
    ),
    (
        "The Guardian covered the talks in detail on Friday. Diplomats are cited warning of “a long and bitter winter for the region.”",
        "a long and bitter winter for the region.",
        "partial",
        None,
        "Guardian",
    ),
    (
        "The Times notes that “the policy has failed the very people it was meant to help.”",
        "the policy has failed the very people it was meant to help.",
        "partial",
        "Times",
        None,
    ),
    (
        "Analyst Peter Hansen told Reuters on Monday. “The talks could collapse at any moment,” he warned.",
        "The talks could collapse at any moment,",
        "direct",
        "Peter Hansen",
        "Reuters",
    ),
    (
        "He vanished in May after he “told his wife he was going on a fishing trip,” but he resurfaced in June.",
        "told his wife he was going on a fishing trip,",
        "partial",
        None,
        None,
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "quote", "kind", "speaker", "via"), CASES)
def test_quotes_direct_and_partial(
    nlp: Any, text: str, quote: str, kind: str, speaker: str | None, via: str | None
) -> None:
    quotes = {q.text: q for q in _analyse(nlp, text)}
    assert quote in quotes, f"not found: {quote!r} in {list(quotes)}"
    q = quotes[quote]
    assert q.kind == kind
    if speaker is None:
        assert q.speaker is None, q.speaker
    else:
        assert speaker in _who(q), (q.speaker, q.speaker_text)
    if via is None:
        assert q.via is None, q.via
    else:
        assert q.via is not None and via in q.via.name, q.via


INDIRECT = [
    (
        "The Telegraph notes that the factory closed in 2019 after years of losses.",
        "the factory closed in 2019 after years of losses",
        "Telegraph",
        None,
        "notes",
    ),
    (
        "Analyst Peter Hansen told Reuters that the deal would collapse within a year.",
        "the deal would collapse within a year",
        "Peter Hansen",
        "Reuters",
        "told",
    ),
    (
        "According to Peter Hansen, the bridge will reopen next week.",
        "the bridge will reopen next week",
        "Peter Hansen",
        None,
        "According to",
    ),
    (
        "It is unclear where the photo was taken, although the BBC suggests it may have been taken in Aleppo.",
        "it may have been taken in Aleppo",
        "BBC",
        None,
        "suggests",
    ),
    (
        "The Telegraph relates estimates that some 4,000 men have left the region since March.",
        "some 4,000 men have left the region since March",
        "Telegraph",
        None,
        "relates",
    ),
    (
        "Maria Lopez insisted that the money had been returned to the council.",
        "the money had been returned to the council",
        "Maria Lopez",
        None,
        "insisted",
    ),
    # "according to" closing the clause is the cue, not part of what was said
    (
        "Police seized 3 kilograms of explosives, according to the Maltese interior ministry.",
        "Police seized 3 kilograms of explosives",
        "Maltese interior ministry",
        None,
        "according to",
    ),
    # "according to" inside the clause: the whole clause, cue and all
    (
        "The bridge, according to Peter Hansen, will reopen next week.",
        "The bridge, according to Peter Hansen, will reopen next week",
        "Peter Hansen",
        None,
        "according to",
    ),
    # the reported clause first, the speaker after it
    (
        "Police detained 14 people near the harbour, the Maltese interior ministry said on Monday.",
        "Police detained 14 people near the harbour",
        "Maltese interior ministry",
        None,
        "said",
    ),
    (
        "The economy grew 3 percent last year, said the Bank of Ghana.",
        "The economy grew 3 percent last year",
        "Bank of Ghana",
        None,
        "said",
    ),
    # a description with the speaker's name in apposition: the name speaks
    (
        "A lawyer for the two men, Ilse Vermeer, told Reuters her clients would appeal.",
        "her clients would appeal",
        "Ilse Vermeer",
        "Reuters",
        "told",
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "content", "speaker", "via", "cue"), INDIRECT)
def test_quotes_indirect(
    nlp: Any, text: str, content: str, speaker: str, via: str | None, cue: str
) -> None:
    found = [q for q in _analyse(nlp, text) if q.kind == "indirect"]
    assert [q.text for q in found] == [content]
    q = found[0]
    assert speaker in _who(q), (q.speaker, q.speaker_text)
    assert (_name(q.via) or "").find(via or "") >= 0 if via else q.via is None
    assert q.cue == cue
    assert q.cue_start is not None and text[q.cue_start : q.cue_end] == cue


# (text, quoted string that must not be reported): glosses of more than three words next to a
# real cue, names introduced by naming verbs, and short scare quotes no cue governs
NOT_QUOTES = [
    (
        "“We will return,” Omar Farouk promised, using the Arabic phrase for “if God wills it so.”",
        "if God wills it so.",
    ),
    (
        "Maria Lopez said the programme, dubbed “Clean Water for Every Home,” would start in May.",
        "Clean Water for Every Home,",
    ),
    (
        "Maria Lopez said she had joined a group called “Friends of the Northern Forest” last year.",
        "Friends of the Northern Forest",
    ),
    (
        "The rebels, who call themselves “the Army of the Righteous Path,” said they had taken the town.",
        "the Army of the Righteous Path,",
    ),
    ("The district, known as “the Triangle,” has been quiet for years.", "the Triangle,"),
    ("Critics of the “reform” have been ignored for a decade.", "reform"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "gloss"), NOT_QUOTES)
def test_quotes_glosses_and_scare_quotes_are_not_quotes(nlp: Any, text: str, gloss: str) -> None:
    assert gloss not in [q.text for q in _analyse(nlp, text)]


# --- spans, ids, provenance and robustness -------------------------------------------------------


@pytest.mark.slow
def test_quotes_span_ids_and_provenance(nlp: Any) -> None:
    text = "“We will rebuild the bridge by spring,” Maria Lopez said on Monday."
    q = _analyse(nlp, text)[0]
    art_id = content_id(text)
    assert text[q.start : q.end] == q.text
    assert q.id == fact_id("q", art_id, q.start, q.end)
    assert (q.provenance.article_id, q.provenance.extractor, q.provenance.version) == (
        art_id,
        NAME,
        VERSION,
    )
    assert q.cue == "said" and text[q.cue_start : q.cue_end] == "said"  # type: ignore[misc]


@pytest.mark.slow
def test_quotes_quote_spanning_paragraphs(nlp: Any) -> None:
    text = (
        "“The first thing we did was call the neighbours,” Maria Lopez said. “Then we climbed onto the roof.\n\n"
        "“We waited there for six hours before the boats came.”"
    )
    quotes = _analyse(nlp, text)
    last = quotes[-1]
    assert last.text.startswith("Then we climbed") and last.text.endswith("boats came.")
    assert last.speaker is not None and last.speaker.name == "Maria Lopez"


@pytest.mark.slow
def test_quotes_unclosed_quote_does_not_swallow_the_article(nlp: Any) -> None:
    text = (
        "Maria Lopez said: “We will stay until the end.\n\n"
        "The storm moved north on Tuesday and the roads were closed.\n\n"
        "“The bridge is safe for now,” Peter Hansen said."
    )
    quotes = {q.text: q for q in _analyse(nlp, text) if q.kind != "indirect"}
    assert set(quotes) == {"We will stay until the end.", "The bridge is safe for now,"}
    assert _name(quotes["The bridge is safe for now,"].speaker) == "Peter Hansen"


@pytest.mark.slow
def test_quotes_apostrophes_are_not_quotation_marks(nlp: Any) -> None:
    text = (
        "Khalimov’s men didn’t say where they’d gone. "
        "“I’ve seen the colonel’s orders,” Peter Hansen said, “and they’re real, they’re signed.”"
    )
    texts = [q.text for q in _analyse(nlp, text) if q.kind != "indirect"]
    assert texts == ["I’ve seen the colonel’s orders,", "and they’re real, they’re signed."]


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "",
        "“",
        '"""',
        "”“”“",
        '“Unclosed” “ ” " ’’ ‘ “x',
        "He said “" + "word " * 300,
        "“\n\n“\n\n“",
    ],
)
def test_quotes_never_raise_on_odd_marks(nlp: Any, text: str) -> None:
    quotes = _analyse(nlp, text)
    for q in quotes:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text


def _parsed(nlp: Any, rows: str, person: str) -> list[Quote]:
    """Quotes of a Doc with a given parse ("word head dep pos tag lemma" per line, ``_`` for a
    space-less join to the next word), for parses the model makes on real sentences but not on
    short written ones; ``person`` is the one PERSON entity, at the start."""
    table = [r.split() for r in rows.strip().splitlines()]
    words = [r[0] for r in table]
    spaces = [not r[0].endswith("_") for r in table]
    words = [w.removesuffix("_") for w in words]
    doc = Doc(
        nlp.vocab,
        words,
        spaces,
        heads=[int(r[1]) for r in table],
        deps=[r[2] for r in table],
        pos=[r[3] for r in table],
        tags=[r[4] for r in table],
        lemmas=[r[5] for r in table],
    )
    doc.ents = [doc.char_span(0, len(person), label="PERSON")]
    article = Article(id=content_id(doc.text), text=doc.text)
    prov = Provenance(article.id, "test.entities", "0")
    ent = Entity("ent-1", person, "PERSON", [Mention(0, len(person), person)], [], prov)
    return extract_quotes(build(doc, article, EntityIndex([ent])))


def test_quotes_cue_parsed_as_a_relative_clause_of_the_name(nlp: Any) -> None:
    """ "Aaron Feld, a debate coach, compared him to a referee who is “working the crowd”" with
    "compared" parsed as ``acl`` of the name, as the model parses a longer real sentence."""
    rows = """
    Aaron 1 compound PROPN NNP aaron
    Feld_ 1 ROOT PROPN NNP feld
    , 1 punct PUNCT , ,
    a 5 det DET DT a
    debate 5 compound NOUN NN debate
    coach_ 1 appos NOUN NN coach
    , 1 punct PUNCT , ,
    compared 1 acl VERB VBN compare
    him 7 dobj PRON PRP he
    to 7 prep ADP IN to
    a 11 det DET DT a
    referee 9 pobj NOUN NN referee
    who 15 nsubj PRON WP who
    is 15 aux AUX VBZ be
    “_ 15 punct PUNCT `` “
    working 11 relcl VERB VBG work
    the 17 det DET DT the
    crowd_ 15 dobj NOUN NN crowd
    ”_ 15 punct PUNCT '' ”
    . 7 punct PUNCT . .
    """
    quotes = _parsed(nlp, rows, "Aaron Feld")
    assert [(q.text, _who(q)) for q in quotes] == [("working the crowd", "Aaron Feld")]


def test_quotes_participle_cue_goes_on_from_the_earlier_cue(nlp: Any) -> None:
    """ "Moreno said, going on to say that roads took “decades of work”" with "going" hung on a
    later verb, as the model parses a long real sentence: the speaker of "said" goes on."""
    rows = """
    Moreno 1 nsubj PROPN NNP moreno
    said_ 13 parataxis VERB VBD say
    , 1 punct PUNCT , ,
    going 13 advcl VERB VBG go
    on 3 prt ADP RP on
    to 6 aux PART TO to
    say 3 xcomp VERB VB say
    that 9 mark SCONJ IN that
    roads 9 nsubj NOUN NNS road
    took 6 ccomp VERB VBD take
    “_ 11 punct PUNCT `` “
    decades_ 9 dobj NOUN NNS decade
    ” 11 punct PUNCT '' ”
    ended 13 ROOT VERB VBD end
    . 13 punct PUNCT . .
    """
    quotes = {q.text: q for q in _parsed(nlp, rows, "Moreno")}
    assert _who(quotes["decades"]) == "Moreno"
