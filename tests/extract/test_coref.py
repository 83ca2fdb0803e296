"""Reference resolution sieves (``tidings.extract.coref``) on sentences written for these tests.

Each test runs the real spaCy model and the real entity extractor, builds the article's
``Document`` and resolves one token; switching a sieve off fails its test.
"""

from __future__ import annotations

from typing import Any

import pytest

from tidings.extract import coref
from tidings.extract.document import Document, build
from tidings.extract.entities import extract_entities
from tidings.extract.index import EntityIndex
from tidings.model import Article, content_id

pytestmark = pytest.mark.slow


def _document(nlp: Any, text: str, outlet: str | None = None) -> Document:
    doc = nlp(text)
    article = Article(id=content_id(text), text=text, outlet=outlet)
    return build(doc, article, EntityIndex(extract_entities(doc, article)))


def _token(d: Document, word: str, nth: int = 0) -> Any:
    return [t for t in d.doc if t.text == word][nth]


def _resolve(nlp: Any, text: str, word: str, nth: int = 0) -> coref.Resolution:
    d = _document(nlp, text)
    return d.resolve(_token(d, word, nth))


def _name(r: coref.Resolution) -> str | None:
    return r.ref.name if r.ref is not None and r.ref.entity_id is not None else None


def test_sieve_table_order_and_names() -> None:
    names = [s.__name__ for s in coref.SIEVES]
    assert names[0] == "not_a_source" and names[-1] == "as_written"
    assert len(set(names)) == len(names)
    assert all(s.__doc__ for s in coref.SIEVES)  # each names its evidence


def test_not_a_source(nlp: Any) -> None:
    d = _document(nlp, "At 5:45 p.m. the council voted.")
    tok = next(t for t in d.doc if t.ent_type_ == "TIME")
    assert coref.not_a_source(d, tok) == coref.Resolution(None, "not_a_source")


def test_relative_pronoun(nlp: Any) -> None:
    r = _resolve(nlp, "Reporters met Anna Lindqvist, who said the plan was late.", "who")
    assert _name(r) == "Anna Lindqvist"


@pytest.mark.parametrize(("word", "name"), [("She", "Elena Brandt"), ("He", "Tomas Herzog")])
def test_person_pronoun_gender_from_honorifics(nlp: Any, word: str, name: str) -> None:
    text = f"Mr. Tomas Herzog met Mrs. Elena Brandt on Monday. {word} said the talks were useful."
    r = _resolve(nlp, text, word)
    assert (_name(r), r.rule) == (name, "person_pronoun")


def test_person_pronoun_without_a_person_stays_as_written(nlp: Any) -> None:
    r = _resolve(nlp, "The bridge was closed. He said it would reopen.", "He")
    assert r.ref is not None and (r.ref.entity_id, r.ref.name) == (None, "He")


def test_org_pronoun(nlp: Any) -> None:
    text = "Microsoft cut 200 jobs in March. It said the cuts were final."
    r = _resolve(nlp, text, "It")
    assert (_name(r), r.rule) == ("Microsoft", "org_pronoun")


def test_other_pronoun_is_kept_as_written(nlp: Any) -> None:
    r = _resolve(nlp, "Microsoft cut jobs. They said the cuts were final.", "They")
    assert r.ref is not None and r.ref.entity_id is None and r.rule == "other_pronoun"


def test_named_mention_ignores_a_place_modifier(nlp: Any) -> None:
    d = _document(nlp, "The Chicago-based company said profits rose.")
    assert coref.named_mention(d, _token(d, "company")) is None
    d = _document(nlp, "Microsoft said profits rose.")
    r = coref.named_mention(d, _token(d, "Microsoft"))
    assert r is not None and _name(r) == "Microsoft"


def test_appositive_name(nlp: Any) -> None:
    text = "A spokesman for the port, Karin Olsen, said the ships would wait."
    r = _resolve(nlp, text, "spokesman")
    assert (_name(r), r.rule) == ("Karin Olsen", "appositive_name")


def test_title_before_name(nlp: Any) -> None:
    d = _document(nlp, "Union chief Marta Kowalska said the strike would go on.")
    r = coref.title_before_name(d, _token(d, "chief"))
    assert r is not None and _name(r) == "Marta Kowalska"


def test_outlet_description(nlp: Any) -> None:
    text = "Reuters reported the deal on Monday. The agency said the talks had ended."
    r = _resolve(nlp, text, "agency")
    assert (_name(r), r.rule) == ("Reuters", "outlet_description")


def test_statement_issuer_own_and_earlier(nlp: Any) -> None:
    text = (
        "A statement issued by the Harbour Authority said the port would reopen.\n\n"
        "Two ships were damaged, the statement said."
    )
    d = _document(nlp, text)
    first, second = (d.resolve(_token(d, "statement", i)) for i in (0, 1))
    assert (_name(first), first.rule) == ("Harbour Authority", "statement_issuer")
    assert (_name(second), second.rule) == ("Harbour Authority", "statement_issuer")


def test_statement_issuer_of_an_issued_statement(nlp: Any) -> None:
    text = "Microsoft issued a statement on Friday. The outage is over, the statement said."
    r = _resolve(nlp, text, "statement", 1)
    assert _name(r) == "Microsoft"


def test_descriptor_match(nlp: Any) -> None:
    text = "Colonel Ivan Petrov commands the unit. The colonel said the base was safe."
    r = _resolve(nlp, text, "colonel")
    assert (_name(r), r.rule) == ("Ivan Petrov", "descriptor_match")


def test_org_description_head_in_the_name(nlp: Any) -> None:
    text = (
        "Microsoft and the Interior Ministry of Norland signed a contract. "
        "The ministry said the deal was worth 2 million euros."
    )
    r = _resolve(nlp, text, "ministry")
    assert (_name(r), r.rule) == ("Interior Ministry of Norland", "org_description")


def test_org_description_generic_noun_takes_the_company_named_most(nlp: Any) -> None:
    text = (
        "Microsoft unveiled a tablet. Microsoft showed it at the World Mobile Congress. "
        "The company said it would ship in May."
    )
    r = _resolve(nlp, text, "company")
    assert (_name(r), r.rule) == ("Microsoft", "org_description")


def test_org_description_generic_noun_skips_other_kinds(nlp: Any) -> None:
    d = _document(nlp, "The Interior Ministry of Norland spoke. The company said nothing.")
    assert coref.org_description(d, _token(d, "company")) is None


def test_person_description_with_one_person_in_view(nlp: Any) -> None:
    text = "Luis Moreno praised his players. The Spanish tactician said the win was deserved."
    r = _resolve(nlp, text, "tactician")
    assert (_name(r), r.rule) == ("Luis Moreno", "person_description")


def test_person_description_with_two_people_is_not_guessed(nlp: Any) -> None:
    text = "Luis Moreno met Karl Berg. The veteran coach said the win was deserved."
    r = _resolve(nlp, text, "coach")
    assert r.rule == "as_written" and r.ref is not None and r.ref.entity_id is None


def test_as_written(nlp: Any) -> None:
    r = _resolve(nlp, "Police said the road was closed.", "Police")
    assert r.ref is not None and (r.ref.entity_id, r.ref.name, r.rule) == (
        None,
        "Police",
        "as_written",
    )


def test_document_rule_of_and_sentence(nlp: Any) -> None:
    d = _document(nlp, "Microsoft cut jobs. It said so.\n\nA second paragraph follows here.")
    tok = _token(d, "It")
    ref = d.ref(tok)
    assert d.rule_of(ref) == "org_pronoun"
    lo, hi = d.sentence(tok)
    assert d.doc[lo:hi].text.strip() == "It said so."
    assert d.para(d.text.index("A second")) == 1


def test_named_mention_surname_he(nlp: Any) -> None:
    text = "He Jianxiong, a spokesman for the water bureau, said 300 homes were damaged."
    assert _name(_resolve(nlp, text, "Jianxiong")) == "He Jianxiong"


def test_org_description_a_news_company_can_be_the_company(nlp: Any) -> None:
    text = "Thomson Reuters reported higher profit on Tuesday. The company said sales rose."
    d = _document(nlp, text, outlet="Bloomberg")
    assert _name(d.resolve(_token(d, "company"))) == "Reuters"  # the outlet's alias entry
    d = _document(nlp, text, outlet="Reuters")  # but not the article's own outlet
    assert _name(d.resolve(_token(d, "company"))) is None


def test_person_pronoun_subject_prefers_the_last_speaker(nlp: Any) -> None:
    from tidings.extract.quotes import extract_quotes

    text = (
        "Maria Lopez said she had played well after beating Elena Brandt in the final. "
        "She said the title had been a childhood dream."
    )
    d = _document(nlp, text)
    quotes = {q.text: q for q in extract_quotes(d)}
    q = quotes["the title had been a childhood dream"]
    assert q.speaker is not None and q.speaker.name == "Maria Lopez"
    assert q.provenance.rule == "person_pronoun"


def test_org_pronoun_after_a_statement_is_its_issuer(nlp: Any) -> None:
    text = (
        "A statement from Sony described the talks with Microsoft. "
        "It said the deal would last five years."
    )
    r = _resolve(nlp, text, "It")
    assert (_name(r), r.rule) == ("Sony", "org_pronoun")


def test_appositive_name_before_a_name_in_the_title(nlp: Any) -> None:
    text = (
        "“The pumps are running again,” says Port Harbour Water Board Director of Operations, "
        "Thandeka Mokoena."
    )
    d = _document(nlp, text)
    r = d.resolve(_token(d, "Director"))
    assert (_name(r), r.rule) == ("Thandeka Mokoena", "appositive_name")
    # a head that is a name keeps its own: the appositive describes it
    d = _document(nlp, "Karin Olsen, a spokeswoman for Maersk, said the ships would wait.")
    assert coref.appositive_name(d, _token(d, "Olsen")) is None


def test_surname_match(nlp: Any) -> None:
    text = "Bank analyst Priya Venkataraman cut her forecast. Venkataraman wrote that sales fell."
    d = _document(nlp, text)
    tok = _token(d, "Venkataraman", 1)
    r = coref.surname_match(d, tok)
    assert r is not None and (_name(r), r.rule) == ("Priya Venkataraman", "surname_match")
    # a capitalised word that ends no earlier person's name is not guessed
    assert coref.surname_match(d, _token(d, "Bank")) is None
