"""Hand-built analyses for the serve tests: overlapping layers, a small corpus, a hostile article."""

from __future__ import annotations

from typing import Any

from tidings.model import (
    Analysis,
    Claim,
    Entity,
    Event,
    MatchFeature,
    Mention,
    Provenance,
    Quote,
    Ref,
    RhetoricSpan,
    WatchlistHit,
    content_id,
    fact_id,
)


def _span(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    start = text.index(needle, after)
    return start, start + len(needle)


def build(
    text: str,
    *,
    title: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    url: str | None = None,
    entities: list[tuple[str, str]] = (),  # type: ignore[assignment]
    quotes: list[tuple[str, str | None]] = (),  # type: ignore[assignment]
    claims: list[tuple[str, str | None]] = (),  # type: ignore[assignment]
    events: list[tuple[str, str, str | None]] = (),  # type: ignore[assignment]
    rhetoric: list[tuple[str, str, str | None]] = (),  # type: ignore[assignment]
    hits: list[tuple[str, str]] = (),  # type: ignore[assignment]
) -> Analysis:
    """An Analysis whose facts are found by string search in ``text``.

    ``entities`` (name, type): every occurrence is a mention; ``quotes`` (text, speaker);
    ``claims`` (figure, source); ``events`` (trigger, action, actor); ``rhetoric`` (text,
    technique, speaker or None for the outlet's voice); ``hits`` (entity name, listed name).
    """
    aid = content_id(text)

    def prov(name: str) -> Provenance:
        return Provenance(aid, f"tidings.{name}", "1")

    ents: list[Entity] = []
    for name, type_ in entities:
        mentions, pos = [], 0
        while name in text[pos:]:
            s, e = _span(text, name, pos)
            mentions.append(Mention(s, e, name))
            pos = e
        ents.append(
            Entity(
                fact_id("ent", aid, name), name, type_, mentions, [], prov("entities"), salience=1
            )
        )
    by_name = {e.name: e for e in ents}

    def ref(name: str | None) -> Ref | None:
        if name is None:
            return None
        e = by_name.get(name)
        return Ref(e.id if e else None, name)

    a = Analysis(
        id=aid,
        text=text,
        title=title,
        outlet=outlet,
        published=published,
        source="test",
        url=url,
        entities=ents,
        pipeline={"tidings": "test"},
    )
    for qtext, speaker in quotes:
        s, e = _span(text, qtext)
        a.quotes.append(
            Quote(
                fact_id("q", aid, s, e),
                qtext,
                s,
                e,
                "direct",
                ref(speaker),
                None,
                "said",
                prov("quotes"),
            )
        )
    for figure, source in claims:
        s, e = _span(text, figure)
        a.claims.append(
            Claim(
                fact_id("c", aid, s, e),
                figure,
                1.0,
                None,
                "people",
                s,
                e,
                ref(source),
                prov("claims"),
            )
        )
    for trigger, action, actor in events:
        s, e = _span(text, trigger)
        a.events.append(
            Event(fact_id("ev", aid, s, e), trigger, action, s, e, ref(actor), None, prov("events"))
        )
    for span_text, technique, speaker in rhetoric:
        s, e = _span(text, span_text)
        a.rhetoric.append(
            RhetoricSpan(
                fact_id("rh", aid, s, e),
                span_text,
                s,
                e,
                technique,
                0.8,
                "speaker" if speaker else "outlet",
                ref(speaker),
                prov("rhetoric"),
            )
        )
    for name, listed in hits:
        a.watchlist.append(
            WatchlistHit(
                by_name[name].id,
                name,
                "us_ofac_sdn",
                "12345",
                listed,
                ["SDGT"],
                0.93,
                "2015-09-29",
                True,
                [MatchFeature("name", 0.9, f"{name} ~ {listed} (transliteration)")],
                prov("watchlist"),
            )
        )
    return a


KHALIMOV = build(
    "Gulmurod Khalimov, the police commander, joined the Islamic State. "
    '"I will come to your cities," Khalimov said. "He betrayed us," said Ramazon Rahimzoda. '
    "Khalimov said 300 men had followed him.",
    title="Police commander defects",
    outlet="Wire One",
    published="2015-05-28",
    url="https://example.org/khalimov",
    entities=[
        ("Gulmurod Khalimov", "PERSON"),
        ("Khalimov", "PERSON"),
        ("Islamic State", "ORG"),
        ("Ramazon Rahimzoda", "PERSON"),
    ],
    quotes=[
        ("I will come to your cities", "Gulmurod Khalimov"),
        ("He betrayed us", "Ramazon Rahimzoda"),
    ],
    claims=[("300 men", "Gulmurod Khalimov")],
    events=[("joined", "join", "Gulmurod Khalimov")],
    rhetoric=[("I will come to your cities", "threat", "Gulmurod Khalimov")],
    hits=[("Gulmurod Khalimov", "KHALIMOV, Gulmurod")],
)

HALIMOV = build(
    "Colonel Gulmurod Halimov appeared in a video from Syria. "
    "Officials in Dushanbe said 12 officers had been questioned.",
    title="Colonel appears in video",
    outlet="Gazette Two",
    published="2015-06-02",
    entities=[("Gulmurod Halimov", "PERSON"), ("Syria", "GPE"), ("Dushanbe", "GPE")],
    claims=[("12 officers", None)],
)

GARDEN = build(
    "The lavender festival opened on Saturday with 40 stalls.",
    title="Lavender festival opens",
    outlet="Wire One",
    published="2016-07-01",
    entities=[],
    claims=[("40 stalls", None)],
)

UNDATED = build(
    "A note with no date about Gulmurod Khalimov.",
    title="Undated note",
    outlet="Blog",
    entities=[("Gulmurod Khalimov", "PERSON")],
)

XSS_TEXT = (
    "Hostile headline\n\n"
    "<script>window.__xss = 1; alert('xss')</script> said Mallory Evil on Tuesday. "
    'He wrote "><img src=x onerror=alert(1)> and " onmouseover="alert(2)" x=" in a caption. '
    'Visit javascript:alert(3) or <a href="javascript:alert(4)">this link</a>. '
    "Mallory Evil said 5 servers were hit."
)


def xss_analysis() -> Analysis:
    body = XSS_TEXT.split("\n\n", 1)[1] + " (Stored copy.)"  # its own id, not the form's
    return build(
        body,
        title='<script>alert("title")</script> Hostile " onmouseover="alert(5)',
        outlet='<b onmouseover="alert(6)">Evil Outlet</b>',
        published="2020-01-01",
        url="javascript:alert(7)",
        entities=[("Mallory Evil", "PERSON"), ("<script>", "ORG")],
        quotes=[('"><img src=x onerror=alert(1)>', "Mallory Evil")],
        claims=[("5 servers", "Mallory Evil")],
    )


CORPUS = [KHALIMOV, HALIMOV, GARDEN, UNDATED]


def insert_story(store: Any, story_id: str, article_ids: list[str], label: str) -> None:
    """A story grouping ``article_ids``, inserted as the story clustering would."""
    from datetime import UTC, datetime

    from tidings.store import schema as S

    with store.engine.begin() as conn:
        conn.execute(
            S.stories.insert().values(
                id=story_id, label=label, method="test", created_at=datetime.now(UTC)
            )
        )
        conn.execute(
            S.story_articles.insert(),
            [
                {"story_id": story_id, "article_id": a, "score": 0.9, "method": "test"}
                for a in article_ids
            ],
        )


OUTLETS = [
    "Harbour Herald",
    "Coastal Wire",
    "The Daily Ledger",
    "Northern Courier",
    "Evening Standard-Bearer",
    "Port City Radio",
    "Island Times",
    "Quayside Weekly",
]


def strike_story() -> list[Analysis]:
    """Eight outlets' takes on one dock strike: an organisation whose name holds "/", a speaker
    who is no entity ("two dockers"), an event, and rhetoric scored high and low."""
    out = []
    for i, outlet in enumerate(OUTLETS):
        text = (
            f"Dockers at the port walked out on Monday, report {i + 1} says. The union TGWU/Unite "
            'called the strike. "We will not load a single ship," said Maria Okafor, the union '
            'convener. "The managers are parasites," said two dockers at the gate. '
            "Okafor said 400 workers had joined the strike."
        )
        a = build(
            text,
            title=f"Dock strike, take {i + 1}: {outlet} reports the walkout",
            outlet=outlet,
            published=f"2024-03-{4 + i:02d}",
            url=f"https://news{i}.example/strike",
            entities=[("TGWU/Unite", "ORG"), ("Maria Okafor", "PERSON")],
            quotes=[
                ("We will not load a single ship", "Maria Okafor"),
                ("The managers are parasites", "two dockers"),
            ],
            claims=[("400 workers", "Maria Okafor")],
            events=[("walked out", "strike", "TGWU/Unite")],
            rhetoric=[
                ("The managers are parasites", "name_calling", "two dockers"),
                ("a single ship", "exaggeration", "Maria Okafor"),
            ],
        )
        a.rhetoric[1].score, a.rhetoric[1].confident = 0.12, False  # shown only when asked for
        out.append(a)
    return out


def rows(page: dict[str, Any]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = page["items"]
    return items
