"""An analysis as highlight layers: text split into segments at every span boundary, each segment
knowing which annotations cover it, and each annotation explaining itself.

Spans of different layers overlap freely (a quote containing an entity containing a claim), so
the text is cut at *every* start and end of *every* span: each resulting segment is covered by a
fixed set of spans and renders as one flat element with the classes of all of them. Nothing is
nested, so no overlap can break the markup. Spans outside the text or empty are dropped; spans are
clipped to the text.

Everything here is plain data: the templates escape it (article text is hostile input).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from urllib.parse import quote as _urlquote

from tidings.model import Analysis, Event, Quote, Ref, RhetoricSpan

#: How many distinct speaker colours the stylesheet defines (``spk-0`` .. ``spk-9``).
PALETTE_SIZE = 10

#: Layers in the order their toggles are shown, with their labels.
LAYERS: tuple[tuple[str, str], ...] = (
    ("entity", "Entities"),
    ("quote", "Quotes by speaker"),
    ("claim", "Claims"),
    ("event", "Events"),
    ("rhetoric", "Rhetoric by voice"),
    ("watchlist", "Watchlist hits"),
)


@dataclass(slots=True)
class Detail:
    """One line of an annotation's explanation: a label, its value and an optional link."""

    label: str
    value: str
    href: str | None = None


@dataclass(slots=True)
class Annotation:
    """What a highlight says about itself: a heading, detail lines and the one-line ``title``."""

    key: str  # DOM-safe id ("a12"), never derived from article content
    layer: str
    heading: str
    details: list[Detail] = field(default_factory=list)
    provenance: str = ""

    @property
    def title(self) -> str:
        """The tooltip: heading and details on one line each."""
        lines = [self.heading, *(f"{d.label}: {d.value}" for d in self.details)]
        return "\n".join(lines)


@dataclass(slots=True, frozen=True)
class Span:
    """A highlighted character range of one layer, pointing at its annotation."""

    start: int
    end: int
    layer: str
    ann: str  # Annotation.key
    css: tuple[str, ...]


@dataclass(slots=True)
class Segment:
    """A run of text covered by the same spans. ``opens`` are annotations starting here (the
    segment is their keyboard stop); ``badges`` are watchlist badges to show after it."""

    start: int
    end: int
    text: str
    css: tuple[str, ...] = ()
    anns: tuple[str, ...] = ()
    opens: tuple[str, ...] = ()
    badges: tuple[str, ...] = ()
    title: str = ""


@dataclass(slots=True)
class Speaker:
    """A speaker of the legend: name, dossier link when the speaker is an entity of the article
    (a description such as "two people" is no entity and gets no link), colour class, and the
    annotation keys of their quotes."""

    name: str
    css: str
    href: str | None
    quotes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ArticleView:
    """Everything the article page needs: segments, annotations, legend, counts per layer, and
    for the side lists the annotation keys of events and of the rhetoric shown, and where in the
    text each annotation starts (``anchors``: annotation key -> segment element id)."""

    segments: list[Segment]
    annotations: dict[str, Annotation]
    speakers: list[Speaker]
    counts: dict[str, int]
    hits: list[str]  # annotation keys of watchlist hits, in order
    unattributed: list[str] = field(default_factory=list)  # quotes without a speaker
    events: list[str] = field(default_factory=list)
    rhetoric: list[str] = field(default_factory=list)
    rhetoric_hidden: int = 0  # spans under the tagger's confident threshold left out
    anchors: dict[str, str] = field(default_factory=dict)
    facts: dict[str, Quote | Event | RhetoricSpan] = field(default_factory=dict)  # by key


def entity_href(name_or_id: str) -> str:
    """The dossier page of an entity (by name or id), path-quoted."""
    return "/entities/" + _urlquote(name_or_id, safe="")


def spoken_by(q: Quote) -> Ref | None:
    """Who a quote is by, as the page shows it: the speaker entity, else the words as written
    ("two dockers", a ref to no entity: shown as text, never linked), else None."""
    if q.speaker is not None:
        return q.speaker
    return Ref(None, q.speaker_text) if q.speaker_text else None


def ref_resolver(analysis: Analysis) -> Callable[[Ref | None], str | None]:
    """A function giving the name of the entity a fact's ``Ref`` points at: by its id or, when
    unresolved, by one of an entity's names or aliases. None for a ref that is no entity of the
    analysis: a speaker described as "two people" or "a spokesman" has no dossier to link to."""
    by_id = {e.id: e.name for e in analysis.entities}
    known = {n.casefold(): e.name for e in analysis.entities for n in (e.name, *e.aliases)}

    def resolve(ref: Ref | None) -> str | None:
        if ref is None:
            return None
        if ref.entity_id in by_id:
            return by_id[ref.entity_id]
        return known.get(ref.name.casefold())

    return resolve


def segments(text: str, spans: list[Span], titles: dict[str, str] | None = None) -> list[Segment]:
    """Cut ``text`` at every boundary of ``spans``; each segment lists the spans covering it.

    Segments cover the whole text in order with no gaps; uncovered stretches are segments
    without classes. ``titles`` maps annotation keys to tooltips joined into ``Segment.title``.
    """
    n = len(text)
    clean: list[Span] = []
    for s in spans:
        start, end = max(0, s.start), min(n, s.end)
        if start < end:
            clean.append(Span(start, end, s.layer, s.ann, s.css))
    bounds = sorted({0, n, *(s.start for s in clean), *(s.end for s in clean)})
    starting: dict[int, list[Span]] = defaultdict(list)
    for s in clean:
        starting[s.start].append(s)
    active: list[Span] = []
    out: list[Segment] = []
    titles = titles or {}
    for left, right in pairwise(bounds):
        active = [s for s in active if s.end > left]
        opening = starting.get(left, [])
        active.extend(opening)
        if not active:
            out.append(Segment(left, right, text[left:right]))
            continue
        css: list[str] = []
        anns: list[str] = []
        for s in sorted(active, key=_layer_order):
            for c in s.css:
                if c not in css:
                    css.append(c)
            if s.ann not in anns:
                anns.append(s.ann)
        opens = tuple(dict.fromkeys(s.ann for s in opening))
        title = "\n\n".join(titles[a] for a in anns if a in titles)
        out.append(
            Segment(left, right, text[left:right], tuple(css), tuple(anns), opens, (), title)
        )
    return out


_ORDER = {name: i for i, (name, _) in enumerate(LAYERS)}


def _layer_order(s: Span) -> tuple[int, int]:
    return (_ORDER.get(s.layer, 99), s.start)


def article_view(
    analysis: Analysis, *, linkable: bool = True, all_rhetoric: bool = False
) -> ArticleView:
    """Highlight layers of ``analysis``. With ``linkable`` (the analysis is stored), entities,
    and speakers, sources and actors that are entities, link to dossiers. Rhetoric spans that are not
    ``confident`` (scored under the tagger's calibrated threshold) are left out unless
    ``all_rhetoric`` (counted in ``rhetoric_hidden``)."""
    anns: dict[str, Annotation] = {}
    spans: list[Span] = []
    facts: dict[str, Quote | Event | RhetoricSpan] = {}

    def new(layer: str, heading: str, provenance: str) -> Annotation:
        a = Annotation(key=f"a{len(anns)}", layer=layer, heading=heading, provenance=provenance)
        anns[a.key] = a
        return a

    known = {n.casefold(): e.id for e in analysis.entities for n in (e.name, *e.aliases)}
    entity_of = ref_resolver(analysis)

    def href_for(ref: Ref | None) -> str | None:
        name = entity_of(ref) if linkable else None
        return entity_href(name) if name is not None else None

    def prov(extractor: str, version: str) -> str:
        return f"{extractor} {version}, article {analysis.id}"

    hits_by_entity: dict[str, list[str]] = defaultdict(list)
    hit_keys: list[str] = []
    for w in analysis.watchlist:
        a = new(
            "watchlist",
            f"Watchlist hit: {w.name} ~ {w.listed_name}",
            prov(w.provenance.extractor, w.provenance.version),
        )
        a.details.append(Detail("List", f"{w.list} ({w.list_id})"))
        if w.programs:
            a.details.append(Detail("Programs", ", ".join(w.programs)))
        a.details.append(Detail("Score", f"{w.score:.2f}"))
        if w.listed_on:
            a.details.append(Detail("Listed on", w.listed_on))
        if w.article_predates_listing is not None:
            a.details.append(
                Detail("Article predates listing", "yes" if w.article_predates_listing else "no")
            )
        for f in w.explanation:
            a.details.append(Detail(f"Why ({f.name}, {f.weight:+.2f})", f.detail))
        hits_by_entity[w.entity_id].append(a.key)
        hit_keys.append(a.key)

    badge_at: dict[int, list[str]] = defaultdict(list)
    for e in analysis.entities:
        a = new(
            "entity",
            f"{e.type.title()}: {e.name}",
            prov(e.provenance.extractor, e.provenance.version),
        )
        if linkable:
            a.details.append(
                Detail("Dossier", f"Open the dossier of {e.name}", entity_href(e.name))
            )
        if e.aliases:
            a.details.append(Detail("Also called", ", ".join(e.aliases)))
        if e.descriptors:
            a.details.append(Detail("Described as", ", ".join(e.descriptors)))
        if e.country:
            a.details.append(Detail("Country", e.country))
        a.details.append(Detail("Mentions", str(len(e.mentions))))
        hits = hits_by_entity.get(e.id, [])
        if hits:
            a.details.append(Detail("Watchlist", f"{len(hits)} hit(s): see the badge"))
        css = ("ent", f"ent-{e.type.lower()}", *(("wl",) if hits else ()))
        for m in e.mentions:
            spans.append(Span(m.start, m.end, "entity", a.key, css))
        if hits and e.mentions:
            first = min(e.mentions, key=lambda m: m.start)
            badge_at[first.end].extend(hits)
        for k in hits:  # a hit's highlight is its entity's mentions
            for m in e.mentions:
                spans.append(Span(m.start, m.end, "watchlist", k, ("wl",)))

    # one colour per person: an unresolved speaker ref named like an entity shares its colour
    speakers: dict[str, Speaker] = {}
    unattributed: list[str] = []
    for q in analysis.quotes:
        by = spoken_by(q)
        who = by.name if by else None
        a = new(
            "quote",
            f"{q.kind.title()} quote by {who or 'an unidentified speaker'}",
            prov(q.provenance.extractor, q.provenance.version),
        )
        facts[a.key] = q
        colour = "spk-none"
        if by is not None:
            sk = _speaker_key(by, known)
            if sk not in speakers:
                speakers[sk] = Speaker(by.name, f"spk-{len(speakers) % PALETTE_SIZE}", href_for(by))
            speakers[sk].quotes.append(a.key)
            colour = speakers[sk].css
            a.details.append(Detail("Speaker", by.name, href_for(by)))
        else:
            unattributed.append(a.key)
        if q.via is not None:
            a.details.append(Detail("Reported via", q.via.name, href_for(q.via)))
        if q.cue:
            a.details.append(Detail("Cue", q.cue))
        spans.append(Span(q.start, q.end, "quote", a.key, ("q", colour)))

    for c in analysis.claims:
        a = new("claim", f"Claim: {c.figure}", prov(c.provenance.extractor, c.provenance.version))
        if c.value is not None:
            a.details.append(Detail("Value", f"{c.value:g}" + (f" {c.unit}" if c.unit else "")))
        if c.qualifier:
            a.details.append(Detail("Qualifier", c.qualifier))
        if c.about:
            a.details.append(Detail("About", c.about))
        a.details.append(
            Detail("Source", c.source.name if c.source else "the outlet", href_for(c.source))
        )
        spans.append(Span(c.start, c.end, "claim", a.key, ("cl",)))

    event_keys: list[str] = []
    for ev in analysis.events:
        a = new(
            "event",
            f"Event: {ev.action} ({ev.trigger})",
            prov(ev.provenance.extractor, ev.provenance.version),
        )
        for label, ref in (("Actor", ev.actor), ("Target", ev.target), ("Where", ev.where)):
            if ref is not None:
                a.details.append(Detail(label, ref.name, href_for(ref)))
        if ev.when or ev.when_text:
            a.details.append(Detail("When", " / ".join(x for x in (ev.when_text, ev.when) if x)))
        a.details.append(Detail("Modality", ev.modality))
        if ev.asserted_by is not None:
            a.details.append(Detail("Asserted by", ev.asserted_by.name, href_for(ev.asserted_by)))
        spans.append(Span(ev.start, ev.end, "event", a.key, ("ev",)))
        event_keys.append(a.key)
        facts[a.key] = ev

    rhetoric_keys: list[str] = []
    shown = [r for r in analysis.rhetoric if all_rhetoric or r.confident]
    for r in shown:
        voice = (
            f"the speaker {r.speaker.name}"
            if r.voice == "speaker" and r.speaker
            else ("a speaker" if r.voice == "speaker" else "the outlet")
        )
        a = new(
            "rhetoric",
            f"Rhetoric: {r.technique.replace('_', ' ')}",
            prov(r.provenance.extractor, r.provenance.version),
        )
        a.details.append(Detail("Voice", voice, href_for(r.speaker)))
        a.details.append(Detail("Score", f"{r.score:.2f}"))
        voice_css = "rh-speaker" if r.voice == "speaker" else "rh-outlet"
        spans.append(Span(r.start, r.end, "rhetoric", a.key, ("rh", voice_css)))
        rhetoric_keys.append(a.key)
        facts[a.key] = r

    titles = {k: a.title for k, a in anns.items()}
    segs = segments(analysis.text, spans, titles)
    anchors: dict[str, str] = {}
    for i, s in enumerate(segs):
        for k in s.opens:
            anchors.setdefault(k, f"s{i}")
        if s.end in badge_at and s.anns:
            # the badge follows the last segment of the entity's first mention
            keys = [k for k in badge_at[s.end] if k in s.anns]
            if keys:
                s.badges = tuple(keys)
                del badge_at[s.end]
    counts = {
        "entity": len(analysis.entities),
        "quote": len(analysis.quotes),
        "claim": len(analysis.claims),
        "event": len(analysis.events),
        "rhetoric": len(shown),
        "watchlist": len(analysis.watchlist),
    }
    return ArticleView(
        segs,
        anns,
        list(speakers.values()),
        counts,
        hit_keys,
        unattributed=unattributed,
        events=event_keys,
        rhetoric=rhetoric_keys,
        rhetoric_hidden=len(analysis.rhetoric) - len(shown),
        anchors=anchors,
        facts=facts,
    )


def _speaker_key(ref: Ref, known: dict[str, str]) -> str:
    name = ref.name.casefold()
    return ref.entity_id or known.get(name) or f"name:{name}"
