"""Events: triggers, actors and targets, time, place, modality, provenance, taxonomy, and the seed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from tidings.exc import ConfigError
from tidings.extract import events as ev
from tidings.extract.index import EntityIndex
from tidings.model import Article, Entity, Event, Mention, Provenance, Quote, Ref, fact_id
from tidings.quality.events import name_matches

_TYPES = {"PERSON", "ORG", "GPE", "LOC", "NORP"}


def _index(doc: Any, article_id: str) -> EntityIndex:
    """An EntityIndex from spaCy's own entities; a person's surname joins the full name."""
    prov = Provenance(article_id=article_id, extractor="test", version="0")
    by_key: dict[tuple[str, str], Entity] = {}
    for span in doc.ents:
        if span.label_ not in _TYPES:
            continue
        text = span.text[4:] if span.text.lower().startswith("the ") else span.text
        key = (text, span.label_)
        if span.label_ == "PERSON":
            for name, label in by_key:
                if label == "PERSON" and name.split()[-1] == text.split()[-1]:
                    key = (name, label)
        ent = by_key.get(key)
        if ent is None:
            ent = by_key[key] = Entity(
                id=f"ent-{len(by_key)}",
                name=key[0],
                type=span.label_,
                mentions=[],
                descriptors=[],
                provenance=prov,
            )
        ent.mentions.append(Mention(span.start_char, span.end_char, span.text))
    return EntityIndex(list(by_key.values()))


def _run(
    nlp: Any, text: str, published: str | None = "2015-05-29", quotes: Sequence[Quote] = ()
) -> tuple[list[Event], EntityIndex]:
    article = Article(id="a1", text=text, published=published)
    doc = nlp(text)
    index = _index(doc, article.id)
    return ev.extract_events(doc, index, quotes, article), index


def _triples(events: Sequence[Event]) -> set[tuple[str, str | None, str | None]]:
    return {(e.action, e.actor and e.actor.name, e.target and e.target.name) for e in events}


# --- actors and targets --------------------------------------------------------------------

ARGUMENT_CASES = [
    # plain verb + preposition of the class
    (
        "Colonel Ivan Petrov has defected to the Islamic State.",
        ("defect", "Ivan Petrov", "Islamic State"),
    ),
    # passive with agent: the agent acts, the subject undergoes
    (
        "Ivan Petrov was trained by American special forces.",
        ("train", "American special forces", "Ivan Petrov"),
    ),
    # participle modifying the subject
    (
        "Colonel Ivan Petrov, trained by American special forces, has defected to the Islamic State.",
        ("train", "American special forces", "Ivan Petrov"),
    ),
    # pronoun subject -> the person mentioned before
    (
        "Ivan Petrov left Moscow in March. He disappeared in April.",
        ("disappear", "Ivan Petrov", None),
    ),
    # eventive noun with a possessive pronoun
    (
        "Ivan Petrov spoke in the video. His threat to the United States was chilling.",
        ("threaten", "Ivan Petrov", "United States"),
    ),
    # light verb: the subject of "launched" is the actor of the attack
    ("Hamas launched an attack on Israel on Saturday.", ("attack", "Hamas", "Israel")),
    # infinitive with object control
    (
        "The European Union urged Belarus to release Anna Ivanova.",
        ("yield", "Belarus", "Anna Ivanova"),
    ),
    (
        "The European Union urged Belarus to release Anna Ivanova.",
        ("appeal", "European Union", "Belarus"),
    ),
    # phrasal trigger
    ("Prime Minister Boris Novak stepped down on Friday.", ("resign", "Boris Novak", None)),
    # conjoined verbs share the subject
    (
        "Anna Ivanova left Minsk and joined the opposition in Vilnius.",
        ("join", "Anna Ivanova", "opposition"),
    ),
    # vow with a violent complement is a threat
    (
        "Ivan Petrov appeared in a video, vowing to bring slaughter to Tajikistan.",
        ("threaten", "Ivan Petrov", "Tajikistan"),
    ),
    # threatening speech directed at a party
    ("Ivan Petrov snarled at Tajikistan in the video.", ("threaten", "Ivan Petrov", "Tajikistan")),
    # "the government of X" stands for X
    (
        "Ivan Petrov condemned the government of Tajikistan.",
        ("disapprove", "Ivan Petrov", "Tajikistan"),
    ),
    # aid: the recipient, not the thing given, is the target
    ("Japan donated 30 million dollars to Pakistan.", ("provide_aid", "Japan", "Pakistan")),
    # a wire dateline is not part of the first sentence's subject
    (
        "QUITO, June 8 - Ecuador severed relations with Venezuela on Wednesday.",
        ("reduce_relations", "Ecuador", "Venezuela"),
    ),
    # property stands for its owner: the company is attacked, not "networks"
    (
        "Hackers attacked the computer networks of Danske Bank on Monday.",
        ("attack", "Hackers", "Danske Bank"),
    ),
    # "X said it had ...": the pronoun is the one who says so
    (
        "Boris Novak fled to Tallinn. The Finnish coastguard said it had detained Ivan Petrov.",
        ("arrest", "Finnish coastguard", "Ivan Petrov"),
    ),
    # conjoined passives share their agent
    (
        "The Libyan navy is trained and funded by the European Union.",
        ("train", "European Union", "Libyan navy"),
    ),
    # "ready to meet": the subject of the copula
    (
        "Anna Ivanova said she was ready to meet Boris Novak in Vienna.",
        ("meet", "Anna Ivanova", "Boris Novak"),
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "triple"), ARGUMENT_CASES)
def test_events_actor_target(
    nlp: Any, text: str, triple: tuple[str, str | None, str | None]
) -> None:
    events, _ = _run(nlp, text)
    assert triple in _triples(events), _triples(events)


NOT_EVENT_CASES = [
    ("The government appears willing to negotiate with the rebels.", "appear"),
    ("Islamic State released a video on Monday.", "yield"),
    ("Moscow will respond, the Russian foreign ministry announced on Thursday.", "make_statement"),
    ("The weather was fine in Paris on Monday.", None),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "action"), NOT_EVENT_CASES)
def test_events_not_events(nlp: Any, text: str, action: str | None) -> None:
    events, _ = _run(nlp, text)
    actions = {e.action for e in events}
    assert (action not in actions) if action else not actions, _triples(events)


@pytest.mark.slow
def test_events_repeat_not_counted_twice(nlp: Any) -> None:
    text = "Ivan Petrov has defected to the Islamic State. His defection shocked Moscow."
    events, _ = _run(nlp, text)
    assert [e.action for e in events].count("defect") == 1


@pytest.mark.slow
def test_events_unnamed_participants_dropped(nlp: Any) -> None:
    events, _ = _run(nlp, "The man attacked his neighbour with a knife.")
    assert events == []


# --- modality and voice --------------------------------------------------------------------

MODALITY_CASES = [
    ("Russia attacked Ukraine on Tuesday.", "asserted", None),
    ("Russia did not attack Ukraine.", "negated", None),
    ("Russia could attack Ukraine.", "hypothetical", None),
    ("Russia will attack Ukraine.", "hypothetical", None),
    ("Russia plans to attack Ukraine.", "hypothetical", None),
    ("If Russia attacks Ukraine, NATO will respond.", "hypothetical", None),
    ("Russia refused to attack Ukraine.", "negated", None),
    ("NATO said Russia attacked Ukraine.", "reported", "NATO"),
    ("According to NATO, Russia attacked Ukraine.", "reported", "NATO"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "modality", "by"), MODALITY_CASES)
def test_events_modality(nlp: Any, text: str, modality: str, by: str | None) -> None:
    events, _ = _run(nlp, text)
    attacks = [e for e in events if e.action == "attack"]
    assert attacks, _triples(events)
    assert attacks[0].modality == modality
    assert (attacks[0].asserted_by and attacks[0].asserted_by.name) == by


@pytest.mark.slow
def test_events_inside_quote_asserted_by_speaker(nlp: Any) -> None:
    text = "“Russia attacked Ukraine on Tuesday,” Joe Biden said."
    doc = nlp(text)
    index = _index(doc, "a1")
    biden = next(e for e in index.entities if e.name == "Joe Biden")
    quote = Quote(
        id="q1",
        text=text[1:33],
        start=1,
        end=33,
        kind="direct",
        speaker=Ref(biden.id, biden.name),
        via=None,
        cue="said",
        provenance=Provenance("a1", "test", "0"),
    )
    article = Article(id="a1", text=text, published="2015-05-29")
    events = ev.extract_events(doc, index, [quote], article)
    attack = next(e for e in events if e.action == "attack")
    assert attack.modality == "reported"
    assert attack.asserted_by == Ref(biden.id, "Joe Biden")


# --- time and place ------------------------------------------------------------------------

WHEN_CASES = [
    ("Wednesday", "2015-05-29", "2015-05-27"),
    ("on Friday", "2015-05-29", "2015-05-29"),
    ("last Friday", "2015-05-29", "2015-05-22"),
    ("next Monday", "2015-05-29", "2015-06-01"),
    ("Wednesday night", "2015-05-29", "2015-05-27"),
    ("April", "2015-05-29", "2015-04"),
    ("in June", "2015-05-29", "2014-06"),
    ("last May", "2015-05-29", "2014-05"),
    ("yesterday", "2015-05-29", "2015-05-28"),
    ("today", "2015-05-29", "2015-05-29"),
    ("three days ago", "2015-05-29", "2015-05-26"),
    ("last week", "2015-05-29", "2015-W21"),
    ("this week", "2015-05-29", "2015-W22"),
    ("last month", "2015-01-10", "2014-12"),
    ("earlier this month", "2015-05-29", "2015-05"),
    ("last year", "2015-05-29", "2014"),
    ("May 27, 2015", "2015-05-29", "2015-05-27"),
    ("27 May", "2015-05-29", "2015-05-27"),
    ("Dec. 3", "2015-05-29", "2014-12-03"),
    ("April 2012", "2015-05-29", "2012-04"),
    ("in 2012", "2015-05-29", "2012"),
    ("2015-05-02", "2015-05-29", "2015-05-02"),
    ("Wednesday", None, None),
    ("Wednesday", "not a date", None),
    ("the other day", "2015-05-29", None),
    ("February 30", "2015-05-29", None),
]


@pytest.mark.parametrize(("text", "published", "expected"), WHEN_CASES)
def test_events_normalize_when(text: str, published: str | None, expected: str | None) -> None:
    assert ev.normalize_when(text, published) == expected


@pytest.mark.slow
@pytest.mark.parametrize(("published", "when"), [("2015-05-29", "2015-04"), (None, None)])
def test_events_when_against_article_date(
    nlp: Any, published: str | None, when: str | None
) -> None:
    events, _ = _run(nlp, "Ivan Petrov left Moscow in March. He disappeared in April.", published)
    gone = next(e for e in events if e.action == "disappear")
    assert gone.when_text == "April"
    assert gone.when == when


@pytest.mark.slow
def test_events_where(nlp: Any) -> None:
    events, _ = _run(nlp, "Police arrested John Smith in London on Monday.")
    arrest = next(e for e in events if e.action == "arrest")
    assert arrest.where is not None and arrest.where.name == "London"
    assert arrest.when == "2015-05-25"


# --- provenance ----------------------------------------------------------------------------


@pytest.mark.slow
def test_events_offsets_and_provenance(nlp: Any) -> None:
    text = "Ivan Petrov spoke on Monday.\n\nColonel Ivan Petrov has defected to the Islamic State."
    events, _ = _run(nlp, text)
    (defect,) = [e for e in events if e.action == "defect"]
    assert text[defect.start : defect.end] == defect.trigger == "defected"
    assert defect.sentence_start is not None and defect.sentence_end is not None
    assert text[defect.sentence_start : defect.sentence_end] == text.split("\n\n")[1]
    assert defect.provenance == Provenance("a1", ev.NAME, ev.VERSION, rule="class_verb")
    assert defect.id == fact_id("ev", "a1", defect.start, defect.end, "defect")


# --- taxonomy ------------------------------------------------------------------------------

CAMEO = [
    "make_statement", "appeal", "express_intent_to_cooperate", "consult",
    "engage_in_diplomatic_cooperation", "engage_in_material_cooperation", "provide_aid", "yield",
    "investigate", "demand", "disapprove", "reject", "threaten", "protest",
    "exhibit_force_posture", "reduce_relations", "coerce", "assault", "fight",
    "use_unconventional_mass_violence",
]  # fmt: skip
NEWS = [
    "defect", "join", "attack", "kill", "arrest", "sanction", "train", "disappear", "appear",
    "resign", "appoint", "convict", "meet", "fund",
]  # fmt: skip


def test_events_taxonomy_covers_cameo_and_news_classes() -> None:
    tax = ev.taxonomy()
    assert [tax.classes[c].code for c in CAMEO] == [f"{i:02d}" for i in range(1, 21)]
    for name in CAMEO + NEWS:
        ac = tax.classes[name]
        assert ac.description
        assert ac.verbs or ac.nouns or ac.phrasal


@pytest.mark.parametrize(
    "data",
    [{}, {"classes": []}, {"classes": {"x": "y"}}, {"classes": {"x": {"poss_role": "both"}}}],
)
def test_events_taxonomy_malformed(data: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        ev.parse_taxonomy(data)


# --- the seed article ----------------------------------------------------------------------


@pytest.mark.slow
def test_events_seed(nlp: Any, seed_analysis: Any, seed_gold: dict[str, Any]) -> None:
    a = seed_analysis
    article = Article(id=a.id, text=a.text, published=a.published)
    events = ev.extract_events(nlp(a.text), EntityIndex(a.entities), a.quotes, article)
    by_id = {e.id: e for e in a.entities}
    for gold in seed_gold["events"]:
        found = [
            e
            for e in events
            if e.action == gold["action"]
            and name_matches(gold["actor"], e.actor, by_id)
            and name_matches(gold["target"], e.target, by_id)
        ]
        assert found, f"missing {gold}"
    train = next(e for e in events if e.action == "train")
    assert train.actor == Ref(None, "Russian and American special forces")
    assert train.target is not None and train.target.name == "Gulmurod Khalimov"
    when = {e.action: e.when for e in events}
    assert when["disappear"] == "2015-04"
    assert when["appear"] == "2015-05-27"
    gold_actions = {g["action"] for g in seed_gold["events"]}
    for e in events:
        if e.action in gold_actions:
            assert (e.modality, e.asserted_by) == ("asserted", None), e


# --- open events, news families, salience --------------------------------------------------


def _one(events: Sequence[Event], lemma: str) -> Event:
    (found,) = [e for e in events if e.lemma == lemma]
    return found


def test_open_event_keeps_lemma_without_class(nlp: Any) -> None:
    events, _ = _run(nlp, "Maria Lindqvist unveiled a new bridge design in Oslo on Tuesday.")
    e = _one(events, "unveil")
    assert (e.action, e.event_class, e.provenance.rule) == ("unveil", None, "open_main_clause")
    assert e.actor is not None and e.actor.name == "Maria Lindqvist"
    assert e.target is not None and e.target.name == "new bridge design"


def test_open_passive_takes_the_subject_as_target(nlp: Any) -> None:
    events, _ = _run(nlp, "Tom Harker was cleared of all wrongdoing on Friday.")
    e = _one(events, "clear")
    assert e.provenance.rule == "open_passive"
    assert e.actor is None and e.target is not None and e.target.name == "Tom Harker"


def test_open_event_lemma_keeps_the_particle(nlp: Any) -> None:
    events, _ = _run(nlp, "Maria Lindqvist shut down the old plant last week.")
    assert _one(events, "shut down").target is not None


def test_open_event_in_a_time_clause(nlp: Any) -> None:
    text = "Tom Harker said it was special when Maria Lindqvist crossed the line first."
    events, _ = _run(nlp, text)
    actor = _one(events, "cross").actor
    assert actor is not None and actor.name == "Maria Lindqvist"
    assert not [e for e in events if e.lemma in ("say", "be")]


@pytest.mark.parametrize(
    "text",
    [
        "Will Maria Lindqvist sign the contract?",  # a question
        "Maria Lindqvist could sign the contract next week.",  # hypothetical
        "Maria Lindqvist did not sign the contract.",  # negated
        "She signed the contract.",  # unresolved pronoun, nobody named
        "Maria Lindqvist expects a good season.",  # mental verb
        "Maria Lindqvist said the team played really well.",  # the speaker's view
        "The samples were collected over a week.",  # unnamed passive without agent
    ],
)
def test_open_event_not_reported(nlp: Any, text: str) -> None:
    events, _ = _run(nlp, text)
    assert not [e for e in events if e.event_class is None]


def test_open_event_not_inside_quotation_marks(nlp: Any) -> None:
    from tidings.extract.document import build

    text = '"We crushed them in the second half," Maria Lindqvist said.'
    article = Article(id="a1", text=text, published="2015-05-29")
    doc = nlp(text)
    index = _index(doc, article.id)
    events = ev.extract_events(doc, index, [], article, build(doc, article, index))
    assert not [e for e in events if e.lemma == "crush"]


def test_plead_guilty_is_not_an_appeal(nlp: Any) -> None:
    events, _ = _run(nlp, "The teenager pleaded guilty to two counts of arson on Monday.")
    e = _one(events, "plead guilty")
    assert (e.action, e.event_class) == ("plead_guilty", "plead_guilty")
    assert e.actor is not None and e.actor.name == "teenager"  # a party as written


def test_sports_result_is_classed(nlp: Any) -> None:
    events, _ = _run(nlp, "Maria Lindqvist beat Ana Duarte in the final on Sunday.")
    e = _one(events, "beat")
    assert e.event_class == "win"
    assert e.target is not None and e.target.name == "Ana Duarte"


def test_description_actor_is_the_main_party(nlp: Any) -> None:
    text = (
        "Tom Harker met Maria Lindqvist in Oslo. Maria Lindqvist thanked him. "
        "The veteran champion then crossed the line first."
    )
    events, _ = _run(nlp, text)
    e = _one(events, "cross")
    assert e.actor is not None and e.actor.name == "Maria Lindqvist"


def test_counted_description_is_not_the_main_party(nlp: Any) -> None:
    text = "Tom Harker met Maria Lindqvist in Oslo. The two champions crossed the line together."
    events, _ = _run(nlp, text)
    e = _one(events, "cross")
    assert e.actor is not None and e.actor.entity_id is None


def test_salience_marks_the_headline_event_main(nlp: Any) -> None:
    title = "Maria Lindqvist unveils bridge design"
    text = (
        f"{title}\n\nMaria Lindqvist unveiled a new bridge design in Oslo on Tuesday.\n\n"
        + "The city was founded long ago. " * 12
        + "\n\nA council committee approved a small budget later."
    )
    article = Article(id="a1", text=text, title=title, published="2015-05-29")
    doc = nlp(text)
    events = ev.extract_events(doc, _index(doc, article.id), [], article)
    lede = next(e for e in events if e.lemma == "unveil" and e.start > len(title))
    late = _one(events, "approve")
    assert lede.salience > late.salience
    assert lede.main and not late.main
    assert [s for s, _ in ev.SALIENCE] and abs(sum(w for _, w in ev.SALIENCE) - 1) < 1e-9


def test_asserted_by_is_never_a_city(nlp: Any) -> None:
    events, _ = _run(nlp, "Maria Lindqvist unveiled the plan on Tuesday, according to Frankfurt.")
    e = _one(events, "unveil")
    assert e.modality == "reported" and e.asserted_by is None


def test_open_event_is_one_fact_however_many_parties(nlp: Any) -> None:
    text = "Maria Lindqvist praised the crew. Maria Lindqvist thanked Tom Harker, Ana Duarte and Ken Obi."
    events, _ = _run(nlp, text)
    assert len([e for e in events if e.lemma == "thank"]) == 1


def test_shares_stand_for_the_company(nlp: Any) -> None:
    text = (
        "Northwind Corporation reported a loss. Northwind Corporation blamed the weather. "
        "Shares tumbled 4 percent in late trading."
    )
    events, index = _run(nlp, text)
    e = _one(events, "tumble")
    northwind = next(x for x in index.entities if x.name == "Northwind Corporation")
    assert e.actor is not None and e.actor.entity_id == northwind.id


def test_dateline_gives_the_lede_its_place(nlp: Any) -> None:
    text = (
        "OSLO (Reuters) - Maria Lindqvist unveiled a new bridge design on Tuesday.\n\n"
        "Tom Harker praised the design later."
    )
    events, _ = _run(nlp, text)
    lede, later = _one(events, "unveil"), _one(events, "praise")
    assert lede.where is not None and lede.where.name == "OSLO"
    assert later.where is None


def test_salience_reads_a_title_kept_apart(nlp: Any) -> None:
    text = (
        "Updated on Tuesday\n\nThe council met in the morning. "
        "Maria Lindqvist unveiled a new bridge design in Oslo on Tuesday."
    )
    article = Article(id="a1", text=text, title="Lindqvist unveils bridge", published="2015-05-29")
    doc = nlp(text)
    events = ev.extract_events(doc, _index(doc, article.id), [], article)
    unveil = _one(events, "unveil")
    assert unveil.main and unveil.salience >= 0.5


def test_open_event_after_a_preposition(nlp: Any) -> None:
    events, _ = _run(nlp, "After crossing the line first, Maria Lindqvist celebrated with fans.")
    actor = _one(events, "cross").actor
    assert actor is not None and actor.name == "Maria Lindqvist"


@pytest.mark.parametrize(
    ("text", "lemma", "actor", "target"),
    [
        (
            "The Harbour Board agreed to raise pilot fees by 4 percent.",
            "agree to raise",
            "Harbour Board",
            "pilot fees",
        ),
        (
            "The Riverside Council voted to close the old library.",
            "vote to close",
            "Riverside Council",
            "old library",
        ),
    ],
)
def test_open_event_keeps_the_decision_and_what_was_decided(
    nlp: Any, text: str, lemma: str, actor: str, target: str
) -> None:
    events, _ = _run(nlp, text)
    e = _one(events, lemma)
    assert e.actor is not None and e.actor.name == actor
    assert e.target is not None and e.target.name == target
    assert not [x for x in events if x.lemma in ("agree", "vote")]


@pytest.mark.parametrize(
    "text",
    [
        "The Dockers Guild halted its blockade on Friday, local radio reported.",
        "The Dockers Guild said it had halted its blockade on Friday.",
    ],
)
def test_open_event_attributed_as_a_fact(nlp: Any, text: str) -> None:
    events, _ = _run(nlp, text)
    e = _one(events, "halt")
    assert e.provenance.rule == "open_attributed"
    assert e.actor is not None and e.actor.name == "Dockers Guild"


def test_open_event_speaker_view_of_another_stays_out(nlp: Any) -> None:
    events, _ = _run(nlp, "Tom Harker said the Dockers Guild had halted its blockade.")
    assert not [e for e in events if e.lemma == "halt"]


@pytest.mark.parametrize(
    "text",
    [
        "Maria Lindqvist set fire to the old barn on Sunday.",
        "Maria Lindqvist set the old barn on fire on Sunday.",
    ],
)
def test_open_event_bare_noun_joins_the_action(nlp: Any, text: str) -> None:
    events, _ = _run(nlp, text)
    e = _one(events, "set fire")
    assert e.target is not None and e.target.name == "old barn"


def test_open_event_place_noun_is_not_the_action(nlp: Any) -> None:
    events, _ = _run(nlp, "Maria Lindqvist hugged her brother outside court.")
    assert _one(events, "hug").target is not None


def test_class_conditions_failing_leave_an_open_event(nlp: Any) -> None:
    events, _ = _run(nlp, "Maria Lindqvist captured first place in Oslo on Sunday.")
    e = _one(events, "capture")
    assert (e.action, e.event_class, e.provenance.rule) == ("capture", None, "open_main_clause")
    events, _ = _run(nlp, "Police captured Tom Harker in Oslo on Sunday.")
    assert _one(events, "capture").event_class == "arrest"


def test_open_event_light_verb_keeps_the_nominalised_act(nlp: Any) -> None:
    events, _ = _run(nlp, "Northwind United completed the signing of Tom Harker on Friday.")
    e = _one(events, "complete signing")
    assert e.actor is not None and e.actor.name == "Northwind United"
    assert e.target is not None and e.target.name == "Tom Harker"
    events, _ = _run(nlp, "Maria Lindqvist launched her first television in Oslo.")
    assert _one(events, "launch").target is not None


@pytest.mark.parametrize(
    ("text", "lemma", "is_event"),
    [
        ("Tom Harker admitted possession of a stolen car on Friday.", "admit", True),
        ("Northwind Foods reported a drop in quarterly profit.", "report", True),
        ("Tom Harker pointed out the importance of training.", "point out", False),
        ("Tom Harker told reporters about the plan.", "tell", False),
    ],
)
def test_open_event_reporting_verb_with_a_thing_is_an_act(
    nlp: Any, text: str, lemma: str, is_event: bool
) -> None:
    events, _ = _run(nlp, text)
    assert bool([e for e in events if e.lemma == lemma]) is is_event


def test_open_event_decision_noun_infinitive_is_a_fact(nlp: Any) -> None:
    text = "The Harbour Board's decision to close the north pier angered local fishermen."
    events, _ = _run(nlp, text)
    e = _one(events, "close")
    assert e.actor is not None and e.actor.name.startswith("Harbour Board")  # the possessor
    assert e.modality == "asserted"
    events, _ = _run(nlp, "The Harbour Board's plan to close the north pier angered fishermen.")
    assert not [x for x in events if x.lemma == "close"]


def test_open_event_not_a_standing_state(nlp: Any) -> None:
    text = "Northwind Rail, which operates the coastal line, hired Tom Harker on Monday."
    events, _ = _run(nlp, text)
    assert not [e for e in events if e.lemma == "operate"]
    assert _one(events, "hire").actor is not None
    events, _ = _run(nlp, "Maria Lindqvist unveils a new bridge design in Oslo.")
    assert _one(events, "unveil").actor is not None  # a headline-style present is news


def test_open_event_not_a_statistic(nlp: Any) -> None:
    events, _ = _run(nlp, "Only 12.5 percent reported daily exercise, Tom Harker found.")
    assert not [e for e in events if e.event_class is None and e.lemma == "report"]
    events, _ = _run(nlp, "About 40 percent of the miners blocked the road on Monday.")
    assert _one(events, "block").actor is not None


def test_open_event_verb_with_a_that_clause_is_speech(nlp: Any) -> None:
    events, _ = _run(nlp, "Maria Lindqvist clarified that the bridge would open in May.")
    assert not [e for e in events if e.lemma == "clarify"]


def test_it_that_acts_is_not_a_city(nlp: Any) -> None:
    text = (
        "Northwind Motors unveiled a new van at a show in Leeds that marked ten years since "
        "it launched its first car."
    )
    events, _ = _run(nlp, text)
    actor = _one(events, "launch").actor
    assert actor is not None and actor.name == "Northwind Motors"
