"""Entities: one entry per real-world entity per article, with every mention. (placeholder: raw spaCy NER)"""

from __future__ import annotations

from spacy.tokens import Doc

from tidings.model import Article, Entity, Mention, Provenance, fact_id

NAME = "tidings.entities"
VERSION = "0.0.1"


def extract_entities(doc: Doc, article: Article) -> list[Entity]:
    prov = Provenance(article.id, NAME, VERSION)
    by_key: dict[tuple[str, str], Entity] = {}
    for ent in doc.ents:
        if ent.label_ not in {"PERSON", "ORG", "GPE", "LOC", "NORP"}:
            continue
        key = (ent.text, ent.label_)
        if key not in by_key:
            by_key[key] = Entity(
                id=fact_id("ent", article.id, ent.text, ent.label_),
                name=ent.text, type=ent.label_, mentions=[], descriptors=[], provenance=prov,
            )
        by_key[key].mentions.append(Mention(ent.start_char, ent.end_char, ent.text))
    return list(by_key.values())
