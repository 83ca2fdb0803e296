"""Quotes: direct, partial and indirect (reported) speech with speaker, relaying outlet and cue.

How it works, in three passes over one annotated ``Doc``:

1. ``find_quoted_spans`` scans the raw text for quotation marks (straight and curly), paragraph by
   paragraph. A quote left open at a paragraph end continues only when the next paragraph opens
   with a quotation mark (the English convention for quotes spanning paragraphs); otherwise it is
   bounded at the paragraph end, so an unmatched mark never swallows the rest of the article.
   Apostrophes (’) are never quotation marks.
2. Every reporting verb outside quotation marks (``resources/reporting_verbs.txt``) is read from
   the dependency parse: its source (subject, or the object of a relay verb such as "quotes"), the
   relaying outlet ("told Reuters", "The New York Times quotes X"), and its content clause
   ("notes that ...", "theorizes it might ...", "according to X, ..."). Clauses that are not in
   quotation marks become ``indirect`` quotes.
3. Each quoted span is attributed: first to a cue verb that governs it in the parse, then to a
   cue next to it ("“...,” he said", "X said: “...”"), then to a cue in the same sentence, then to
   the neighbouring sentences, and last to the speaker of the quote just before it (a quote with
   no cue continues the previous speaker). Glosses ("the phrase for “as God wills”") and short
   scare quotes that no cue governs are not quotes.

Speakers resolve to entities through ``EntityIndex``: pronouns to the last person (or outlet)
mentioned outside quotation marks, "the newspaper" to the outlet under discussion. A speaker no
entity covers is returned by name with ``entity_id=None``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from tidings.extract.coref import last_outlet, np_span
from tidings.extract.document import (
    ALL_MARKS,
    CLOSE_MARKS,
    STRAIGHT,
    Document,
    QuotedSpan,
)
from tidings.extract.entities import is_outlet, is_outlet_name, read_lexicon
from tidings.extract.index import EntityIndex
from tidings.model import Article, Provenance, Quote, Ref, fact_id

NAME = "tidings.quotes"
VERSION = "0.2.1"

# --- lexicons --------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def reporting_verbs() -> frozenset[str]:
    """Lemmas of verbs that report speech or a stated position (``resources/reporting_verbs.txt``)."""
    return frozenset(w.lower() for w in read_lexicon("reporting_verbs.txt"))


@lru_cache(maxsize=1)
def reporting_nouns() -> frozenset[str]:
    return frozenset(w.lower() for w in read_lexicon("reporting_nouns.txt"))


@lru_cache(maxsize=1)
def relay_verbs() -> frozenset[str]:
    return frozenset(w.lower() for w in read_lexicon("relay_verbs.txt"))


@lru_cache(maxsize=1)
def gloss_cues() -> tuple[tuple[str, ...], ...]:
    """Gloss phrases as word tuples, longest first."""
    cues = {tuple(p.lower().split()) for p in read_lexicon("quote_glosses.txt")}
    return tuple(sorted(cues, key=len, reverse=True))


#: Verbs after which a quoted string names something rather than reporting speech, when the verb
#: modifies a noun ("a group called “X”") or is passive without an agent ("it is dubbed “X”").
NAMING_VERBS = frozenset({"call", "name", "dub", "label", "brand", "title", "nickname", "term"})
#: Verbs whose indirect object or "to"/"with" phrase can be the relaying outlet.
TELL_VERBS = frozenset(
    {
        "tell",
        "say",
        "speak",
        "write",
        "explain",
        "confirm",
        "add",
        "insist",
        "warn",
        "note",
        "claim",
        "deny",
        "admit",
        "comment",
        "state",
    }
)
# --- the document context ------------------------------------------------------------------


@dataclass(slots=True)
class _Attribution:
    """What one cue says: who, through whom, and the content clause (token range) if any."""

    cue: Token
    speaker: Ref | None
    via: Ref | None
    content: tuple[int, int] | None = None  # char span of an indirect content clause


@dataclass
class _Ctx:
    document: Document
    attributions: dict[int, _Attribution] = field(default_factory=dict)
    relays: dict[str, list[tuple[int, Ref]]] = field(default_factory=dict)  # speaker id -> vias
    said: list[_Said] = field(default_factory=list)  # attributions with a speaker, by position

    @property
    def doc(self) -> Doc:
        return self.document.doc

    @property
    def index(self) -> EntityIndex:
        return self.document.index

    @property
    def article(self) -> Article:
        return self.document.article

    @property
    def paras(self) -> list[tuple[int, int]]:
        return self.document.paragraphs

    def quoted(self, pos: int) -> QuotedSpan | None:
        return self.document.quoted(pos)

    def para(self, pos: int) -> int:
        return self.document.para(pos)

    def clip(self, tok: Token) -> tuple[int, int]:
        return self.document.sentence(tok)


def _tokens_in(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


# --- speaker resolution ----------------------------------------------------------------------


def _resolve(ctx: _Ctx, tok: Token) -> Ref | None:
    """The entity a speaker token refers to (the Document's sieves), or its words as written."""
    return ctx.document.ref(tok)


def _last_outlet(ctx: _Ctx, pos: int) -> Ref | None:
    found = last_outlet(ctx.document, pos)
    return found[1] if found else None


# --- cues ------------------------------------------------------------------------------------


def _is_cue_verb(tok: Token) -> bool:
    return tok.pos_ == "VERB" and tok.lemma_.lower() in reporting_verbs()


def _is_cue(tok: Token) -> bool:
    if _is_cue_verb(tok):
        return True
    return tok.pos_ == "NOUN" and tok.lemma_.lower() in reporting_nouns()


def _child(tok: Token, *deps: str) -> Token | None:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def _agent(tok: Token) -> Token | None:
    agent = _child(tok, "agent")
    return _child(agent, "pobj") if agent is not None else None


def _via_of(ctx: _Ctx, verb: Token) -> Ref | None:
    """The outlet a statement was made to: "told Reuters", "said in an interview with CNN"."""
    if verb.lemma_.lower() not in TELL_VERBS:
        return None
    cands: list[Token] = []
    for c in verb.children:
        if c.dep_ in {"dative", "dobj", "iobj"}:
            cands.append(c)
        elif c.dep_ in {"prep"} and c.lower_ in {"to", "with"}:
            cands.extend(g for g in c.children if g.dep_ == "pobj")
        elif c.dep_ == "prep" and c.lower_ == "in":
            for g in c.children:
                if g.dep_ == "pobj" and g.lemma_.lower() in {"interview", "statement", "article"}:
                    for p in g.children:
                        if p.dep_ == "prep" and p.lower_ in {"with", "to"}:
                            cands.extend(x for x in p.children if x.dep_ == "pobj")
    for c in cands:
        ent = ctx.index.covering(c.idx, c.idx + len(c), ("ORG",))
        if ent is not None and is_outlet(ent):
            return Ref(ent.id, ent.name)
        np = np_span(c)
        if ent is None and c.pos_ == "PROPN" and is_outlet_name(np.text):
            return Ref(None, np.text)
    return None


def _attribute(ctx: _Ctx, cue: Token) -> _Attribution:
    """Speaker and relay of a cue verb or noun (memoised per token)."""
    hit = ctx.attributions.get(cue.i)
    if hit is not None:
        return hit
    speaker: Ref | None = None
    via: Ref | None = None
    if cue.pos_ == "NOUN":
        poss = _child(cue, "poss")
        if poss is not None:
            speaker = _resolve(ctx, poss)
        else:
            for p in cue.children:
                if p.dep_ == "prep" and p.lower_ in {"by", "from"}:
                    obj = _child(p, "pobj")
                    if obj is not None:
                        speaker = _resolve(ctx, obj)
                        break
        if speaker is None and cue.head.pos_ in {"VERB", "AUX"} and cue.head is not cue:
            subj = _child(cue.head, "nsubj")
            if subj is not None:
                speaker = _resolve(ctx, subj)
    else:
        speaker, via = _verb_source(ctx, cue)
        earlier = _participle_continues(ctx, cue) if speaker is None else None
        if earlier is not None:
            speaker = _attribute(ctx, earlier).speaker
    att = _Attribution(cue, speaker, via)
    ctx.attributions[cue.i] = att
    return att


def _verb_source(ctx: _Ctx, verb: Token, depth: int = 0) -> tuple[Ref | None, Ref | None]:
    lemma = verb.lemma_.lower()
    subj = _child(verb, "nsubj")
    subjpass = _child(verb, "nsubjpass")
    if subj is not None and ctx.quoted(subj.idx) is not None:
        # the parser took a word of the quote as the subject: a second subject outside the
        # marks ("“One of the brightest ...,” Rep. Ann Cole (D-Md.) said": two nsubj), else the
        # noun next to the verb
        subj = next(
            (c for c in verb.children if c.dep_ == "nsubj" and ctx.quoted(c.idx) is None),
            None,
        ) or _outside_subject(ctx, verb)
    if lemma in relay_verbs():
        obj = _child(verb, "dobj")
        if subj is not None and obj is not None:  # "The Times quotes X saying"
            return _resolve(ctx, obj), _resolve(ctx, subj)
        if subjpass is not None:  # "X is quoted (by Reuters) as saying"
            agent = _agent(verb)
            via = _resolve(ctx, agent) if agent is not None else _last_outlet(ctx, verb.idx)
            return _speaker_or_none(ctx, subjpass), via
    if subj is None and verb.head.pos_ == "PROPN" and verb.dep_ in {"compound", "acl"}:
        # the name the parser hung the cue on: "Said Ellis: “...”" (an inverted cue opening the
        # sentence, parsed as part of the name); "Aaron Kall, the director of debate at ...,
        # compared Trump to ..." (a past-tense cue after a long appositive, parsed as a reduced
        # relative clause: a person's name, a comma right before the verb; "a group called X"
        # stays out)
        after_appos = verb.i > 0 and verb.doc[verb.i - 1].text == ","
        if verb.dep_ == "compound" or (after_appos and verb.head.ent_type_ == "PERSON"):
            subj = verb.head
    after_quote = _after_quote(ctx, verb)
    if after_quote is not None and (subj is None or subj.i > verb.i):
        return _resolve(ctx, after_quote), _via_of(ctx, verb)
    if subj is not None and subj.dep_ != "expl":
        return _resolve(ctx, subj), _via_of(ctx, verb)
    agent = _agent(verb)
    if agent is not None:
        return _resolve(ctx, agent), _via_of(ctx, verb)
    if (
        depth < 5
        and verb.dep_ in {"advcl", "xcomp", "conj", "pcomp", "acl", "ccomp"}
        and verb.head is not verb
    ):
        head = verb.head
        if head.pos_ in {"VERB", "AUX"}:
            speaker, via = _verb_source(ctx, head, depth + 1)
            return speaker, via or _via_of(ctx, verb)
        if head.dep_ == "pobj" or head.pos_ == "ADP":
            # "accusing them of becoming ..." -> climb through the preposition
            up = head.head if head.pos_ == "ADP" else head.head.head
            if up.pos_ in {"VERB", "AUX"} and up is not verb:
                return _verb_source(ctx, up, depth + 1)
    return None, _via_of(ctx, verb)


def _participle_continues(ctx: _Ctx, verb: Token) -> Token | None:
    """The earlier cue verb of the sentence that a subjectless participle cue goes on from, when
    the parser hung the participle elsewhere: "..., is insane,” Sanders said, going on to say that
    the country has spent “hundreds of years ...”" ("going" attached to a later verb); "X said,
    adding that ..." (speeches and interviews reported at length)."""
    part = verb if verb.tag_ == "VBG" else verb.head if verb.dep_ == "xcomp" else None
    if part is None or part.tag_ != "VBG" or part.i == 0 or part.doc[part.i - 1].text != ",":
        return None
    lo = ctx.document.sentence(verb)[0]
    for t in reversed(verb.doc[lo : part.i]):
        if _is_cue_verb(t) and t is not verb and ctx.quoted(t.idx) is None:
            return t if _child(t, "nsubj") is not None else None
    return None


def _outside_subject(ctx: _Ctx, verb: Token) -> Token | None:
    """The noun right before or after a cue verb, outside quotation marks ("“...,” Smith said")."""
    doc = verb.doc
    for i in (verb.i - 1, verb.i + 1):
        if not 0 <= i < len(doc):
            continue
        tok = doc[i]
        if tok.pos_ not in {"PROPN", "NOUN", "PRON"} or ctx.quoted(tok.idx) is not None:
            continue
        while (
            tok.dep_ in {"compound", "flat"}
            and abs(tok.head.i - verb.i) <= 4
            and tok.head is not verb
        ):
            tok = tok.head
        return tok
    return None


#: tokens that end an inverted subject after its verb ("says X, lead author of ...")
_SUBJECT_ENDS = frozenset({",", ".", ";", ":", "(", "—", "–"})


def _after_quote(ctx: _Ctx, verb: Token) -> Token | None:
    """The speaker of a cue verb right after a closing quotation mark, where the parse misses it.

    Before the verb, a capitalised word between the mark and the verb, whatever its tag: "“...,”
    Um wrote in a research note" (the surname "Um" tagged as an interjection; analyst notes in
    company news). After the verb, a long inverted subject whose title the parser splits off:
    "“...,” says Faculty of Health Associate Professor with the School of ... Jennifer Kuk, lead
    author of the study" (science and university releases): the person named last before the
    first comma, when the name closes the phrase and follows no preposition ("says the lawyer
    for John Smith", "said John Smith's lawyer" name someone else).
    """
    doc = verb.doc
    i = verb.i - 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    if i >= 1 and doc[i].is_title and doc[i].pos_ not in {"PRON", "DET"}:
        k = i - 1
        while k >= 0 and doc[k].is_space:
            k -= 1
        return doc[i] if doc[k].text in ALL_MARKS and doc[i].dep_ != "nsubj" else None
    if i < 0 or doc[i].text not in ALL_MARKS:
        return None
    phrase = []
    for t in doc[verb.i + 1 : verb.i + 30]:
        if t.text in _SUBJECT_ENDS or t.text in ALL_MARKS:
            break
        phrase.append(t)
    if not phrase or phrase[-1].ent_type_ != "PERSON":
        return None
    first = phrase[-1]
    while first.i > verb.i + 1 and doc[first.i - 1].ent_type_ == "PERSON" and first.ent_iob_ != "B":
        first = doc[first.i - 1]
    before = doc[first.i - 1]
    return phrase[-1] if before.pos_ not in {"ADP", "DET"} else None


def _speaker_or_none(ctx: _Ctx, tok: Token) -> Ref | None:
    """A passive relay subject: a named source, or None for a generic group ("Experts are cited")."""
    ref = _resolve(ctx, tok)
    if ref is not None and ref.entity_id is None and tok.pos_ == "NOUN" and tok.tag_ == "NNS":
        return None
    return ref


# --- indirect speech -------------------------------------------------------------------------


def _content_of(ctx: _Ctx, verb: Token) -> tuple[int, int] | None:
    """Char span of the reported clause of a cue verb, or None when it has none."""
    doc = ctx.doc
    clause: Token | None = None
    for c in verb.rights:
        if c.dep_ == "ccomp":
            clause = c
            break
    if clause is None:
        for c in verb.rights:
            if c.dep_ in {"conj", "advcl", "dep", "parataxis"} and _starts_with_that(c):
                clause = c
                break
    if clause is None:
        for c in verb.rights:
            if c.dep_ == "dobj" and c.lemma_.lower() in reporting_nouns():
                for g in c.rights:
                    if g.dep_ in {"acl", "relcl", "ccomp"} and _starts_with_that(g):
                        clause = g
                        break
    if clause is not None:
        toks = list(clause.subtree)
        lo, hi = toks[0].i, toks[-1].i + 1
        if lo <= verb.i:
            return None
        return _trim(doc, lo, hi)
    # "Police detained 12 people, the ministry said": the reported clause comes first, and
    # the speaker stands between it and the verb (or after it: "..., said the ministry")
    for c in verb.lefts:
        if c.dep_ == "ccomp":
            subj = _child(verb, "nsubj")
            if subj is None or subj.i < c.right_edge.i:
                return None
            return _trim(doc, c.left_edge.i, c.right_edge.i + 1)
    # "although the BBC theorizes it might have been shot ...": the parser hangs the reporting
    # verb off the reported clause; the content is what follows the cue inside its head's clause
    head = verb.head
    if verb.dep_ in {"advcl", "parataxis"} and head.i > verb.i and head.pos_ in {"VERB", "AUX"}:
        lo = verb.right_edge.i + 1
        hi = head.right_edge.i + 1
        return _trim(doc, lo, hi)
    return None


def _starts_with_that(tok: Token) -> bool:
    """Whether a clause opens with the complementizer "that" (leading punctuation skipped)."""
    first = next((t for t in tok.subtree if not (t.is_punct or t.is_space)), tok)
    return first.lower_ == "that" and first.dep_ == "mark"


def _trim(doc: Doc, lo: int, hi: int) -> tuple[int, int] | None:
    """Token range -> char span without a leading "that" and without edge punctuation."""
    while lo < hi and (
        doc[lo].is_punct
        or doc[lo].is_space
        or (doc[lo].lower_ == "that" and doc[lo].dep_ == "mark")
    ):
        lo += 1
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
        hi -= 1
    if hi - lo < 3 or not any(t.pos_ in {"VERB", "AUX"} for t in doc[lo:hi]):
        return None
    return doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])


_SUBJECTS = frozenset({"nsubj", "nsubjpass"})


def _according_obj(t: Token) -> Token | None:
    """The source of "according to X" given the "according" token."""
    doc = t.doc
    to = next((c for c in t.children if c.lower_ == "to"), None)
    if to is None and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
        to = doc[t.i + 1]
    return _child(to, "pobj") if to is not None else None


def _according_to(doc: Doc, lo: int, hi: int) -> list[tuple[Token, Token]]:
    """("according" token, its object) pairs in a token range."""
    out = []
    for t in doc[lo:hi]:
        if t.lower_ == "according":
            obj = _according_obj(t)
            if obj is not None:
                out.append((t, obj))
    return out


@dataclass(slots=True)
class _Said:
    """Someone said something at ``pos``: kept to carry the speaker to a following cue-less quote."""

    pos: int
    speaker: Ref
    via: Ref | None


# --- main ------------------------------------------------------------------------------------


def extract_quotes(document: Document) -> list[Quote]:
    """Direct, partial and indirect quotes of an article, in text order.

    Never raises on odd punctuation: an unbalanced quotation mark only shortens the quote it
    opens. Records the outlets that speak or relay in ``document.outlet_marks``.
    """
    doc, article = document.doc, document.article
    spans = document.quoted_spans
    ctx = _Ctx(document)
    prov = Provenance(article.id, NAME, VERSION)
    quotes: list[Quote] = []

    # pass 1: every reporting verb outside quotation marks, in text order (records outlets and relays)
    for tok in doc:
        if not _is_cue_verb(tok) or ctx.quoted(tok.idx) is not None:
            continue
        att = _attribute(ctx, tok)
        _note(ctx, tok.idx, att)
        if att.speaker is not None:
            ctx.said.append(_Said(tok.idx, att.speaker, att.via))
            ctx.document.note_speaker(tok.idx, att.speaker)
        content = _content_of(ctx, tok)
        if content is None or att.speaker is None:
            continue
        if ctx.document.quoted_share(*content) > 0.5:
            continue
        att.content = content
        quotes.append(_make(ctx, prov, content, "indirect", att.speaker, att.via, tok))
    for sent in doc.sents:
        for acc, obj in _according_to(doc, sent.start, sent.end):
            if ctx.quoted(acc.idx) is not None:
                continue
            head = acc.head
            # "The bridge, according to X, will reopen": the clause, not the noun it follows
            while (
                head.pos_ not in {"VERB", "AUX"}
                and head.dep_ in _SUBJECTS
                and head.head is not head
            ):
                head = head.head
            toks = [t for t in head.subtree if not (acc.left_edge.i <= t.i <= acc.right_edge.i)]
            if not toks:
                continue
            lo, hi = toks[0].i, toks[-1].i + 1
            after = [t for t in toks if t.i > acc.right_edge.i and not t.is_punct]
            if lo < acc.left_edge.i < hi and not after:  # the cue closes the clause: leave it out
                hi = acc.left_edge.i
            content = _trim(doc, lo, hi)
            if content is None or ctx.document.quoted_share(*content) > 0.5:
                continue
            speaker = _resolve(ctx, obj)
            quotes.append(
                _make(ctx, prov, content, "indirect", speaker, None, doc[acc.i : acc.i + 2])
            )

    # pass 2: quoted spans
    for qs in spans:
        found = _attribute_quote(ctx, qs)
        if found is None:
            continue
        kind, speaker, via, cue = found
        if speaker is not None and via is None and speaker.entity_id is not None:
            via = _inherited_relay(ctx, speaker.entity_id, qs.open_at)
        quotes.append(_make(ctx, prov, (qs.start, qs.end), kind, speaker, via, cue))
        if speaker is not None:
            bisect.insort(ctx.said, _Said(qs.start, speaker, via), key=lambda x: x.pos)
    quotes.sort(key=lambda q: (q.start, q.end))
    return _dedupe(quotes)


def _make(
    ctx: _Ctx,
    prov: Provenance,
    span: tuple[int, int],
    kind: str,
    speaker: Ref | None,
    via: Ref | None,
    cue: Token | Span | None,
) -> Quote:
    """The Quote; an unresolved speaker goes to ``speaker_text`` (never given as a name), and
    ``provenance.rule`` names the sieve that resolved the speaker."""
    start, end = span
    cue_span = (cue.idx, cue.idx + len(cue)) if isinstance(cue, Token) else None
    if isinstance(cue, Span):
        cue_span = (cue.start_char, cue.end_char)
    resolved = speaker is not None and speaker.entity_id is not None
    return Quote(
        id=fact_id("q", ctx.article.id, start, end),
        text=ctx.article.text[start:end],
        start=start,
        end=end,
        kind=kind,
        speaker=speaker if resolved else None,
        via=via,
        cue=cue.text if cue is not None else None,
        provenance=replace(prov, rule=ctx.document.rule_of(speaker)),
        cue_start=cue_span[0] if cue_span else None,
        cue_end=cue_span[1] if cue_span else None,
        speaker_text=speaker.name if speaker is not None and not resolved else None,
    )


def _dedupe(quotes: list[Quote]) -> list[Quote]:
    seen: set[tuple[int, int]] = set()
    out = []
    for q in quotes:
        if (q.start, q.end) in seen:
            continue
        seen.add((q.start, q.end))
        out.append(q)
    return out


def _note(ctx: _Ctx, pos: int, att: _Attribution) -> None:
    """Remember outlets that speak or relay, and who spoke through which outlet."""
    for ref in (att.via, att.speaker):
        if ref is None:
            continue
        ent = ctx.index.get(ref.entity_id)
        if (ent is not None and is_outlet(ent)) or (
            ent is None and is_outlet_name(ref.name) and ref.name[:1].isupper()
        ):
            ctx.document.outlet_marks.append((pos, ref))
            break
    if att.via is not None and att.speaker is not None and att.speaker.entity_id:
        ctx.relays.setdefault(att.speaker.entity_id, []).append((pos, att.via))


def _inherited_relay(ctx: _Ctx, speaker_id: str, pos: int) -> Ref | None:
    """ "Knyazev told Reuters. “...,” he warned": the relay of the speaker's statement just before."""
    for p, via in reversed(ctx.relays.get(speaker_id, [])):
        if p < pos and pos - p <= 600 and ctx.para(pos) - ctx.para(p) <= 1:
            return via
    return None


def _words(text: str) -> int:
    return sum(1 for w in text.split() if any(c.isalpha() for c in w))


def _is_gloss(ctx: _Ctx, qs: QuotedSpan) -> bool:
    """A quoted string introduced as a translation, name or term, not as speech."""
    before = ctx.article.text[max(0, qs.open_at - 60) : qs.open_at].lower()
    words = re.findall(r"[\w'’-]+", before)
    return any(tuple(words[-len(cue) :]) == cue for cue in gloss_cues())


def _kind(ctx: _Ctx, qs: QuotedSpan) -> str:
    """``direct`` for a full utterance set off by punctuation, ``partial`` for a fragment in a sentence."""
    text = ctx.article.text
    first = next((c for c in text[qs.start : qs.end] if c.isalpha()), "")
    if not first or first.islower():
        return "partial"
    i = qs.open_at - 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    if i < 0 or text[i] in "\n.!?:,;—–-([" or text[i] in CLOSE_MARKS or text[i] == STRAIGHT:
        return "direct"
    return "partial"


def _quote_cue(ctx: _Ctx, qs: QuotedSpan) -> tuple[Token | None, str]:
    """The cue of a quoted span and how it was found (``syntax``, ``adjacent``, ``sentence``, ``neighbour``)."""
    doc = ctx.doc
    span = _tokens_in(doc, qs.open_at, qs.outer_end)
    if span is None or len(span) == 0:
        return None, ""
    qlo, qhi = span.start, span.end
    lo, _ = ctx.clip(doc[qlo])
    _, hi = ctx.clip(doc[qhi - 1])

    def usable(t: Token) -> bool:
        return lo <= t.i < hi and not (qlo <= t.i < qhi) and ctx.quoted(t.idx) is None

    # 1. a cue that governs the quote in the parse
    best: tuple[int, int, Token] | None = None
    for t in doc[qlo:qhi]:
        if qlo <= t.head.i < qhi and t.head is not t:
            continue
        h, hops = t.head, 1
        while h is not t and hops <= 6:
            if not (lo <= h.i < hi):
                break
            if usable(h) and _is_cue(h):
                key = (hops, abs(h.i - qlo))
                if best is None or key < best[:2]:
                    best = (hops, abs(h.i - qlo), h)
                break
            if h.head is h:
                break
            h, hops = h.head, hops + 1
    if best is not None:
        return best[2], "syntax"
    # 2. a cue right after ("“...,” he said", "“...,” X, a senator from Y, said") or right
    # before ("X said: “...”"): after the quote only the cue's subject may stand before the cue
    j = qhi
    while j < min(hi, qhi + 20):
        t = doc[j]
        if ctx.quoted(t.idx) is not None:
            break
        if _is_cue_verb(t):
            subj = _child(t, "nsubj", "nsubjpass")
            inside = (
                set(range(subj.left_edge.i, subj.right_edge.i + 1)) if subj is not None else set()
            )
            if all(doc[k].is_punct or doc[k].is_space or k in inside for k in range(qhi, j)):
                return t, "adjacent"
            break
        j += 1
    j, n = qlo - 1, 0
    j, n = qlo - 1, 0
    prev_sig = next((doc[k] for k in range(qlo - 1, lo - 1, -1) if not doc[k].is_space), None)
    if prev_sig is not None and prev_sig.text in {":", ","}:
        while j >= lo and n < 6:
            t = doc[j]
            if ctx.quoted(t.idx) is not None:
                break
            if _is_cue_verb(t):
                return t, "adjacent"
            if not (t.is_punct or t.is_space):
                n += 1
            j -= 1
    # 3. a cue elsewhere in the same sentence with a subject
    cands = [
        t for t in doc[lo:hi] if usable(t) and _is_cue_verb(t) and _child(t, "nsubj", "nsubjpass")
    ]
    if cands:
        return min(cands, key=lambda t: min(abs(t.i - qlo), abs(t.i - qhi))), "sentence"
    for acc, _obj in _according_to(doc, lo, hi):
        if usable(acc):
            return acc, "according"
    # 4. the neighbouring sentences: "“...” \n He said." / "X said: \n “...”"
    if qhi >= hi - 1 and hi < len(doc):
        nlo, nhi = (
            ctx.clip(doc[hi]) if not doc[hi].is_space else ctx.clip(doc[min(hi + 1, len(doc) - 1)])
        )
        if ctx.para(doc[nlo].idx) == ctx.para(qs.open_at):
            for t in doc[nlo : min(nhi, nlo + 4)]:
                if _is_cue_verb(t) and ctx.quoted(t.idx) is None:
                    return t, "neighbour"
    if qlo <= lo + 1 and lo > 0:
        k = lo - 1
        while k > 0 and (doc[k].is_space or doc[k].text in ALL_MARKS):
            k -= 1
        if doc[k].text == ":":
            plo, _ = ctx.clip(doc[k])
            for t in doc[plo:k]:
                if _is_cue_verb(t) and ctx.quoted(t.idx) is None:
                    return t, "neighbour"
    return None, ""


def _attribute_quote(
    ctx: _Ctx, qs: QuotedSpan
) -> tuple[str, Ref | None, Ref | None, Token | None] | None:
    """(kind, speaker, via, cue) of a quoted span, or None when it is a gloss or a scare quote."""
    if _is_gloss(ctx, qs):
        return None
    cue, how = _quote_cue(ctx, qs)
    if (
        cue is not None
        and cue.lemma_.lower() in NAMING_VERBS
        and (
            cue.dep_ == "acl"
            or (_child(cue, "nsubjpass") is not None and _agent(cue) is None)
            or any(c.dep_ == "dobj" and c.lower_.endswith(("self", "selves")) for c in cue.children)
        )
    ):
        return None  # "a group called “X”", "it is dubbed “X”", "who call themselves “X”"
    words = _words(ctx.article.text[qs.start : qs.end])
    kind = _kind(ctx, qs)
    if cue is None or how == "according":
        if how == "according" and cue is not None:
            obj = _according_obj(cue)
            speaker = _resolve(ctx, obj) if obj is not None else None
            return kind, speaker, None, cue
        signed = _dash_signature(ctx, qs)
        if signed is not None:
            return kind, _resolve(ctx, signed), None, None
        last = _last_said(ctx, qs)
        if last is not None:
            return kind, last.speaker, last.via, None
        if words <= 3:
            return None  # scare quotes: a short quoted phrase nobody is said to say
        return kind, None, None, None
    if words <= 3 and how not in {"syntax", "adjacent"}:
        return None
    att = _attribute(ctx, cue)
    return kind, att.speaker, att.via, cue


#: dashes that open a signature after a quotation ("“...” ― Sonya Herrera")
_DASHES = "—―–"


def _dash_signature(ctx: _Ctx, qs: QuotedSpan) -> Token | None:
    """The name signed after a quotation with a dash, on the same line: "“Mr. Trump embodies
    ...” ― Sonya Herrera" (reader roundups, epigraphs, social-media posts quoted in a list): the
    last word of the name that follows the dash (a person or organisation, or a run of proper
    nouns when the tagger missed it), before any comma ("― Ana Ruiz, 34, a nurse")."""
    text = ctx.article.text
    i = qs.outer_end
    while i < len(text) and text[i] in " \t\u00a0":
        i += 1
    if i >= len(text) or text[i] not in _DASHES:
        return None
    line_end = text.find("\n", i)
    span = _tokens_in(ctx.doc, i + 1, line_end if line_end != -1 else len(text))
    if span is None:
        return None
    name: list[Token] = []
    for t in span:
        if t.is_space and not name:
            continue
        if not (t.pos_ == "PROPN" or t.ent_type_ in {"PERSON", "ORG"}) or ctx.quoted(t.idx):
            break
        name.append(t)
    return name[-1] if name else None


def _last_said(ctx: _Ctx, qs: QuotedSpan) -> _Said | None:
    """The speaker a quote with no cue continues.

    The last attribution before it in the same paragraph, or, when the quote opens its
    paragraph, the last attribution of the previous paragraph (the convention for a speaker who
    goes on talking in the next paragraph).
    """
    i = bisect.bisect_left([x.pos for x in ctx.said], qs.open_at) - 1
    if i < 0:
        return None
    last = ctx.said[i]
    p_cur, p_last = ctx.para(qs.open_at), ctx.para(last.pos)
    if p_last == p_cur:
        return last
    opens = ctx.article.text[ctx.paras[p_cur][0] : qs.open_at].strip() == ""
    if p_last == p_cur - 1 and opens:
        return last
    return None
