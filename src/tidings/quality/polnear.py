"""PolNeAR scorer: quote recall/precision and speaker accuracy on attributions in quotation marks.

Data: ``<shared>/data/polnear/<split>/text/<stem>.txt`` and ``attributions/<stem>_<annotator>.ann``
(brat standoff: ``T`` lines with Source / Cue / Content spans, ``E`` lines tying them into one
attribution). Where an article has several annotators' files, the first in sorted order is used.

What is scored:

- Gold items are attributions whose Content contains a double quotation mark (“ ” or ").
- Tidings runs on the raw article text, wrapped directly in an ``Article`` (not through
  ``ingest.from_text``, which would move the title out and normalise characters), so every
  offset Tidings returns indexes the same string as the ``.ann`` offsets. The gate measures the
  extractors, not the cleaner.
- A predicted ``direct`` or ``partial`` quote matches an attribution when at least half of the
  quote lies inside the attribution's Content, or it covers at least half of that Content.
  Recall: gold items matched by some quote. Precision: quotes that match any attribution.
- Reported speech, scored apart: attributions whose Content has no quotation mark against
  ``indirect`` quotes, matched the same way (``indirect_*``; a prediction is right when it
  matches any attribution). PolNeAR attributes beliefs and knowledge too ("X believes",
  "X knows"), which Tidings does not report as quotes, so recall here is bounded below 1.
- Speaker accuracy, over matched gold items that have a Source: the predicted speaker is right
  when its entity has a mention overlapping the Source span, or its name (for a speaker that
  names no entity, its words as written, ``speaker_text``) shares a word with the Source text
  ("Donald Trump" / "Trump"). When the Source is a pronoun or a short definite
  description ("the newspaper") its antecedent is not annotated, so the prediction is right when
  Tidings used the same cue and resolved it to an entity; ``speaker_named_accuracy`` leaves those
  sources out and is the stricter figure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tidings.model import Analysis, Article, Quote, content_id
from tidings.quality import PRF, ratio

Span = tuple[int, int]
QUOTE_MARKS = re.compile(r"[“”\"]")
PRONOUNS = frozenset(
    {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "his", "their", "its"}
)
_STOP = frozenset(
    {"the", "a", "an", "of", "mr", "mrs", "ms", "dr", "and", "in", "for", "to", "'s", "’s"}
)


@dataclass(slots=True)
class GoldAttribution:
    """One annotated attribution: Content (maybe discontinuous), Source and Cue spans."""

    content: list[Span]
    source: list[Span] = field(default_factory=list)
    cue: list[Span] = field(default_factory=list)


@dataclass(slots=True)
class GoldArticle:
    stem: str
    text: str
    annotator: str
    attributions: list[GoldAttribution]


def parse_ann(text: str) -> list[GoldAttribution]:
    """Attributions of one brat ``.ann`` file; unparseable lines are skipped."""
    spans: dict[str, list[Span]] = {}
    events: list[dict[str, list[str]]] = []
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        tid, body = parts[0], parts[1]
        if tid.startswith("T"):
            _label, _, offsets = body.partition(" ")
            try:
                spans[tid] = [
                    (int(a), int(b))
                    for a, b in (frag.split() for frag in offsets.split(";") if frag.strip())
                ]
            except ValueError:
                continue
        elif tid.startswith("E"):
            roles: dict[str, list[str]] = {}
            for arg in body.split():
                role, _, ref = arg.partition(":")
                roles.setdefault(role.rstrip("0123456789"), []).append(ref)
            events.append(roles)
    out = []
    for roles in events:
        content = [s for ref in roles.get("Content", []) for s in spans.get(ref, [])]
        if not content:
            continue
        source = [s for ref in roles.get("Source", []) for s in spans.get(ref, [])]
        cue = [s for ref in roles.get("Cue", []) for s in spans.get(ref, [])]
        out.append(GoldAttribution(sorted(content), source, cue))
    return out


def load_split(root: Path, split: str = "test") -> list[GoldArticle]:
    """Articles of a split with one annotator's attributions each (the first file in sorted order)."""
    base = root / split
    texts = base / "text"
    anns = base / "attributions"
    if not texts.is_dir() or not anns.is_dir():
        raise FileNotFoundError(f"PolNeAR split not found: {base}")
    by_stem: dict[str, list[Path]] = {}
    for p in sorted(anns.glob("*.ann")):
        stem, _, _annotator = p.stem.rpartition("_")
        by_stem.setdefault(stem, []).append(p)
    out = []
    for t in sorted(texts.glob("*.txt")):
        files = by_stem.get(t.stem)
        if not files:
            continue
        ann = files[0]
        out.append(
            GoldArticle(
                stem=t.stem,
                text=t.read_text("utf-8"),
                annotator=ann.stem.rpartition("_")[2],
                attributions=parse_ann(ann.read_text("utf-8")),
            )
        )
    return out


def is_quoted(text: str, att: GoldAttribution) -> bool:
    return any(QUOTE_MARKS.search(text[s:e]) for s, e in att.content)


def _overlap(a: Span, spans: Sequence[Span]) -> int:
    return sum(max(0, min(a[1], e) - max(a[0], s)) for s, e in spans)


def _matches(q: Quote, att: GoldAttribution) -> int:
    """Overlap in characters when ``q`` substantially overlaps the Content, else 0."""
    ov = _overlap((q.start, q.end), att.content)
    size = sum(e - s for s, e in att.content)
    if ov and (ov * 2 >= q.end - q.start or ov * 2 >= size):
        return ov
    return 0


def is_anaphor(text: str) -> bool:
    """A pronoun or a short definite description ("the newspaper", "the daily", "this man")."""
    words = text.strip().split()
    if len(words) == 1:
        return words[0].lower() in PRONOUNS
    return (
        len(words) == 2
        and words[0].lower() in {"the", "this", "that"}
        and words[1].isalpha()
        and words[1].islower()
    )


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[\w’']+", text.lower()) if w not in _STOP}


def speaker_correct(analysis: Analysis, q: Quote, att: GoldAttribution) -> bool:
    """Whether the quote's speaker agrees with the gold Source (see the module docstring)."""
    said_by = q.speaker.name if q.speaker is not None else q.speaker_text
    if said_by is None:
        return False
    text = analysis.text
    source_text = " ".join(text[s:e] for s, e in att.source)
    ent = analysis.entity(q.speaker.entity_id) if q.speaker is not None else None
    if ent is not None:
        for m in ent.mentions:
            if _overlap((m.start, m.end), att.source):
                return True
    names = [said_by] + ([ent.name, *ent.aliases] if ent is not None else [])
    gold_words = _words(source_text)
    if any(_words(n) & gold_words for n in names):
        return True
    if is_anaphor(source_text):
        same_cue = any(
            q.cue_start is not None
            and q.cue_end is not None
            and min(q.cue_end, e) > max(q.cue_start, s)
            for s, e in att.cue
        )
        return same_cue and ent is not None
    return False


@dataclass(slots=True)
class ArticleScore:
    quotes: PRF
    speakers_right: int
    speakers_total: int
    named_right: int
    named_total: int
    indirect: PRF = field(default_factory=PRF)
    indirect_speakers_right: int = 0
    indirect_speakers_total: int = 0


def _best(preds: Sequence[Quote], att: GoldAttribution) -> Quote | None:
    """The prediction overlapping the attribution's Content most, if any matches."""
    overlap, best = max(
        ((_matches(q, att), q) for q in preds), key=lambda x: x[0], default=(0, None)
    )
    return best if overlap else None


def score_article(article: GoldArticle, analysis: Analysis) -> ArticleScore:
    """Score one analysed article against its gold attributions."""
    quoted = [a for a in article.attributions if is_quoted(article.text, a)]
    preds = [q for q in analysis.quotes if q.kind in {"direct", "partial"}]
    prf = PRF(n_pred=len(preds), n_gold=len(quoted))
    prf.tp_pred = sum(1 for q in preds if any(_matches(q, a) for a in article.attributions))
    right = total = named_right = named_total = 0
    for att in quoted:
        best = _best(preds, att)
        if best is None:
            continue
        prf.tp_gold += 1
        if not att.source:
            continue
        ok = speaker_correct(analysis, best, att)
        total += 1
        right += ok
        src = " ".join(article.text[s:e] for s, e in att.source).strip().lower()
        if not is_anaphor(src):
            named_total += 1
            named_right += ok
    # reported speech: attributions without quotation marks against ``indirect`` quotes
    unquoted = [a for a in article.attributions if not is_quoted(article.text, a)]
    ind = [q for q in analysis.quotes if q.kind == "indirect"]
    iprf = PRF(n_pred=len(ind), n_gold=len(unquoted))
    iprf.tp_pred = sum(1 for q in ind if any(_matches(q, a) for a in article.attributions))
    i_right = i_total = 0
    for att in unquoted:
        best = _best(ind, att)
        if best is None:
            continue
        iprf.tp_gold += 1
        if att.source:
            i_total += 1
            i_right += speaker_correct(analysis, best, att)
    return ArticleScore(prf, right, total, named_right, named_total, iprf, i_right, i_total)


def analyse(
    articles: Sequence[GoldArticle],
) -> Iterator[tuple[GoldArticle, Analysis | None, str | None]]:
    """Run the pipeline on each article's raw text; yields (article, analysis or None, error)."""
    from tidings.pipeline import Options, Pipeline

    pipe = Pipeline(options=Options(watchlist=False))
    for art in articles:
        article = Article(id=content_id(art.text), text=art.text, source=art.stem)
        try:
            yield art, pipe.analyze_doc(article, pipe.nlp(art.text)), None
        except Exception as e:  # the scorer reports failures instead of stopping
            yield art, None, f"{type(e).__name__}: {e}"


def score_split(root: Path, split: str = "test", limit: int | None = None) -> dict[str, Any]:
    """Figures for a split: quote precision/recall/F1, speaker accuracy, articles failed."""
    articles = load_split(root, split)
    if limit is not None:
        articles = articles[:limit]
    total, indirect = PRF(), PRF()
    right = count = named_right = named_count = i_right = i_count = 0
    failed: list[str] = []
    for art, analysis, error in analyse(articles):
        if analysis is None:
            failed.append(f"{art.stem}: {error}")
            total.n_gold += sum(1 for a in art.attributions if is_quoted(art.text, a))
            continue
        s = score_article(art, analysis)
        total.add(s.quotes)
        right += s.speakers_right
        count += s.speakers_total
        named_right += s.named_right
        named_count += s.named_total
        indirect.add(s.indirect)
        i_right += s.indirect_speakers_right
        i_count += s.indirect_speakers_total
    figures: dict[str, Any] = {
        **total.figures("quote"),
        "speaker_accuracy": ratio(right, count),
        "speaker_named_accuracy": ratio(named_right, named_count),
        "articles_analysed": ratio(len(articles) - len(failed), len(articles)),
        "articles": len(articles),
        "articles_failed": len(failed),
        "gold_quoted": total.n_gold,
        "predicted_quotes": total.n_pred,
        **indirect.figures("indirect"),
        "indirect_speaker_accuracy": ratio(i_right, i_count),
        "gold_unquoted": indirect.n_gold,
    }
    if failed:
        figures["failures"] = failed
    return figures
