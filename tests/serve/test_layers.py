"""Highlight layers: segments at every span boundary (overlaps), speaker colours, badges."""

from __future__ import annotations

import pytest
from serve_corpus import KHALIMOV, build

from tidings.serve.layers import PALETTE_SIZE, Span, article_view, segments


def S(start: int, end: int, ann: str, layer: str = "quote") -> Span:
    return Span(start, end, layer, ann, (ann,))


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ("abcdef", [], [("abcdef", ())]),
        ("abcdef", [S(1, 3, "x")], [("a", ()), ("bc", ("x",)), ("def", ())]),
        # nested: an entity inside a quote
        (
            "abcdef",
            [S(0, 6, "q"), S(2, 4, "e", "entity")],
            [("ab", ("q",)), ("cd", ("e", "q")), ("ef", ("q",))],
        ),
        # crossing: neither contains the other
        (
            "abcdef",
            [S(0, 4, "x"), S(2, 6, "y")],
            [("ab", ("x",)), ("cd", ("x", "y")), ("ef", ("y",))],
        ),
        # same span twice, adjacent spans, a span at the very end
        ("abcd", [S(0, 2, "x"), S(0, 2, "y"), S(2, 4, "z")], [("ab", ("x", "y")), ("cd", ("z",))]),
        # out of range and empty spans are dropped or clipped
        (
            "abc",
            [S(-5, 1, "x"), S(2, 99, "y"), S(1, 1, "z"), S(5, 9, "w")],
            [("a", ("x",)), ("b", ()), ("c", ("y",))],
        ),
    ],
)
def test_layers_segments_split_at_every_boundary(
    text: str, spans: list[Span], expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    segs = segments(text, spans)
    assert "".join(s.text for s in segs) == text
    assert [(s.text, tuple(sorted(s.anns))) for s in segs] == [
        (t, tuple(sorted(a))) for t, a in expected
    ]
    for s in segs:
        assert text[s.start : s.end] == s.text


def test_layers_segments_open_once_per_annotation() -> None:
    segs = segments("abcdef", [S(0, 6, "q"), S(2, 4, "e", "entity")])
    assert [s.opens for s in segs] == [("q",), ("e",), ()]


def test_layers_speakers_get_one_colour_each() -> None:
    view = article_view(KHALIMOV)
    by_speaker = {sp.name: sp.css for sp in view.speakers}
    assert set(by_speaker) == {"Gulmurod Khalimov", "Ramazon Rahimzoda"}
    assert by_speaker["Gulmurod Khalimov"] != by_speaker["Ramazon Rahimzoda"]
    quote_segments = [s for s in view.segments if "q" in s.css]
    for s in quote_segments:
        colours = [c for c in s.css if c.startswith("spk-")]
        assert len(colours) == 1
    khalimov_text = "I will come to your cities"
    inside = [s for s in quote_segments if s.text in khalimov_text]
    assert {c for s in inside for c in s.css if c.startswith("spk-")} == {
        by_speaker["Gulmurod Khalimov"]
    }


def test_layers_palette_wraps_and_unattributed_is_grey() -> None:
    names = [f"Speaker{i}" for i in range(PALETTE_SIZE + 2)]
    text = " ".join(f"{n} said q{i}." for i, n in enumerate(names)) + " Someone said qq."
    a = build(
        text,
        entities=[(n, "PERSON") for n in names],
        quotes=[*((f"q{i}.", n) for i, n in enumerate(names)), ("qq.", None)],
    )
    view = article_view(a)
    assert len(view.speakers) == len(names)
    assert view.speakers[PALETTE_SIZE].css == "spk-0"
    last = next(s for s in view.segments if s.text == "qq.")
    assert "spk-none" in last.css


def test_layers_every_layer_explains_itself() -> None:
    view = article_view(KHALIMOV)
    layers = {a.layer for a in view.annotations.values()}
    assert layers == {"entity", "quote", "claim", "event", "rhetoric", "watchlist"}
    hit = view.annotations[view.hits[0]]
    assert "KHALIMOV, Gulmurod" in hit.heading
    assert any("transliteration" in d.value for d in hit.details)
    for s in view.segments:
        if s.anns:
            assert s.title, s.text
    # the overlap of quote, rhetoric and entity-free text carries all three explanations
    seg = next(s for s in view.segments if s.text.startswith("I will come"))
    assert {view.annotations[k].layer for k in seg.anns} == {"quote", "rhetoric"}


def test_layers_watchlist_badge_after_first_mention_only() -> None:
    view = article_view(KHALIMOV)
    badged = [s for s in view.segments if s.badges]
    assert len(badged) == 1
    first = KHALIMOV.text.index("Gulmurod Khalimov")
    assert badged[0].end == first + len("Gulmurod Khalimov")  # after the whole (overlapped) name
    assert badged[0].badges == tuple(view.hits)


@pytest.mark.parametrize(("linkable", "has_links"), [(True, True), (False, False)])
def test_layers_dossier_links_only_when_stored(linkable: bool, has_links: bool) -> None:
    view = article_view(KHALIMOV, linkable=linkable)
    links = [d.href for a in view.annotations.values() for d in a.details if d.href]
    assert bool(links) is has_links
    if has_links:
        assert "/entities/Gulmurod%20Khalimov" in links


def test_layers_unresolved_speaker_shares_the_entity_colour() -> None:
    a = build(
        "Ann Lee said a1. Lee said b2.",
        entities=[("Ann Lee", "PERSON")],
        quotes=[("a1.", "Ann Lee"), ("b2.", "ann lee")],  # the second ref is unresolved
    )
    view = article_view(a)
    assert [len(sp.quotes) for sp in view.speakers] == [2]


def test_layers_only_entities_link_to_dossiers() -> None:
    a = build(
        '"We are leaving," said two fishermen. "We stay," said Ana Ruiz.',
        entities=[("Ana Ruiz", "PERSON")],
        quotes=[("We are leaving", "two fishermen"), ("We stay", "Ana Ruiz")],
    )
    view = article_view(a)
    assert {sp.name: sp.href for sp in view.speakers} == {
        "two fishermen": None,
        "Ana Ruiz": "/entities/Ana%20Ruiz",
    }
    assert [
        d.href for ann in view.annotations.values() for d in ann.details if d.label == "Speaker"
    ] == [None, "/entities/Ana%20Ruiz"]


def test_layers_low_rhetoric_left_out_and_side_lists_anchored() -> None:
    a = build(
        "The regime of thugs crushed the protest, a total disaster.",
        rhetoric=[
            ("regime of thugs", "name_calling", None),
            ("total disaster", "loaded_language", None),
        ],
        events=[("crushed", "suppress", None)],
    )
    a.rhetoric[1].score, a.rhetoric[1].confident = 0.1, False
    view = article_view(a)
    assert [view.facts[k].text for k in view.rhetoric] == ["regime of thugs"]
    assert view.rhetoric_hidden == 1 and view.counts["rhetoric"] == 1
    assert len(article_view(a, all_rhetoric=True).rhetoric) == 2
    for k in [*view.rhetoric, *view.events]:  # each side-list entry points at its first segment
        seg = view.segments[int(view.anchors[k][1:])]
        assert k in seg.opens
