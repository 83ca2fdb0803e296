"""The SemEval-2020 Task 11 scorers: SI span overlap (partial credit) and TC micro-F1, on made-up spans."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.quality.ptc import merge_spans, prf, read_labels, score_si, score_tc

# (predicted spans by article, gold spans by article, precision, recall, F1), worked by hand
# from the official formulas: P = sum |s∩t|/|s| / #pred, R = sum |s∩t|/|t| / #gold.
SI_CASES = [
    ({"a": [(0, 10)]}, {"a": [(0, 10)]}, 1.0, 1.0, 1.0),
    ({"a": [(0, 10)]}, {"a": [(5, 15)]}, 0.5, 0.5, 0.5),
    # one prediction covering two gold spans: 5/20 + 5/20 over 1 pred; 1 + 1 over 2 gold
    ({"a": [(0, 20)]}, {"a": [(0, 5), (10, 15)]}, 0.5, 1.0, 2 / 3),
    # overlapping gold spans are merged into (0, 15) first
    ({"a": [(0, 15)]}, {"a": [(0, 10), (5, 15)]}, 1.0, 1.0, 1.0),
    # touching gold spans are not merged: 5/10 + 5/10 over 1 pred; 1 + 1 over 2 gold
    ({"a": [(0, 10)]}, {"a": [(0, 5), (5, 10)]}, 1.0, 1.0, 1.0),
    # two predictions inside one gold span: each fully precise, recall 4/10 + 3/10
    ({"a": [(0, 4), (6, 9)]}, {"a": [(0, 10)]}, 1.0, 0.7, 2 * 0.7 / 1.7),
    ({}, {"a": [(0, 5)]}, 0.0, 0.0, 0.0),
    ({"a": []}, {}, 0.0, 0.0, 1.0),
    # a prediction in an article without gold spans earns nothing
    ({"b": [(0, 5)]}, {"a": [(0, 5)]}, 0.0, 0.0, 0.0),
    # gold of an article with no predictions still counts in recall
    ({"a": [(0, 5)]}, {"a": [(0, 5)], "b": [(3, 9)]}, 1.0, 0.5, 2 / 3),
]


@pytest.mark.parametrize(("pred", "gold", "p", "r", "f1"), SI_CASES)
def test_ptc_score_si_partial_overlap(
    pred: dict[str, list[tuple[int, int]]],
    gold: dict[str, list[tuple[int, int]]],
    p: float,
    r: float,
    f1: float,
) -> None:
    score = score_si(pred, gold)
    assert score.precision == pytest.approx(p)
    assert score.recall == pytest.approx(r)
    assert score.f1 == pytest.approx(f1)


def test_ptc_score_si_rejects_overlapping_predictions() -> None:
    with pytest.raises(ValueError, match="overlaps"):
        score_si({"a": [(0, 10), (5, 12)]}, {"a": [(0, 10)]})


def test_ptc_score_si_merges_predictions_on_request() -> None:
    # merged into (0, 12): precision 10/12, recall 1
    score = score_si({"a": [(0, 10), (5, 12)]}, {"a": [(0, 10)]}, merge_pred=True)
    assert score.n_pred == 1
    assert score.precision == pytest.approx(10 / 12)
    assert score.recall == pytest.approx(1.0)


@pytest.mark.parametrize("span", [(5, 5), (9, 3), (-1, 4)])
def test_ptc_score_si_rejects_bad_spans(span: tuple[int, int]) -> None:
    with pytest.raises(ValueError):
        score_si({"a": [span]}, {"a": [(0, 10)]})


@pytest.mark.parametrize(
    ("spans", "merged"),
    [
        ([(5, 9), (0, 3)], [(0, 3), (5, 9)]),
        ([(0, 5), (4, 9), (8, 12)], [(0, 12)]),
        ([(0, 5), (5, 9)], [(0, 5), (5, 9)]),
        ([(0, 10), (2, 3)], [(0, 10)]),
        ([], []),
    ],
)
def test_ptc_merge_spans_shared_characters(
    spans: list[tuple[int, int]], merged: list[tuple[int, int]]
) -> None:
    assert merge_spans(spans) == merged


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((1.0, 2, 1.0, 4), (0.5, 0.25, 1 / 3)),
        ((0.0, 0, 0.0, 0), (0.0, 0.0, 1.0)),
        ((0.0, 3, 0.0, 3), (0.0, 0.0, 0.0)),
    ],
)
def test_ptc_prf_edges(
    args: tuple[float, int, float, int], expected: tuple[float, float, float]
) -> None:
    assert prf(*args) == pytest.approx(expected)


G = [
    ("a", "Loaded_Language", 0, 5),
    ("a", "Doubt", 10, 20),
    ("b", "Repetition", 3, 8),
    ("b", "Slogans", 30, 40),
]

TC_CASES = [
    (G, 1.0),
    ([*G[:3], ("b", "Doubt", 30, 40)], 0.75),
    # order of rows does not matter
    (list(reversed(G)), 1.0),
]


@pytest.mark.parametrize(("pred", "f1"), TC_CASES)
def test_ptc_score_tc_micro_f1(pred: list[tuple[str, str, int, int]], f1: float) -> None:
    score = score_tc(pred, G)
    assert score.f1 == pytest.approx(f1)
    assert score.precision == score.recall == score.f1


@pytest.mark.parametrize(
    ("pred_labels", "gold_labels", "f1"),
    [
        # one span with two gold techniques: any order matches (best alignment)
        (["Doubt", "Repetition"], ["Repetition", "Doubt"], 1.0),
        (["Doubt", "Doubt"], ["Repetition", "Doubt"], 0.5),
        (["Slogans", "Flag-Waving"], ["Repetition", "Doubt"], 0.0),
    ],
)
def test_ptc_score_tc_repeated_span_best_match(
    pred_labels: list[str], gold_labels: list[str], f1: float
) -> None:
    pred = [("a", t, 0, 9) for t in pred_labels]
    gold = [("a", t, 0, 9) for t in gold_labels]
    assert score_tc(pred, gold).f1 == pytest.approx(f1)


def test_ptc_score_tc_per_technique() -> None:
    score = score_tc([*G[:3], ("b", "Doubt", 30, 40)], G)
    assert score.per_technique_f1["Loaded_Language"] == pytest.approx(1.0)
    assert score.per_technique_f1["Doubt"] == pytest.approx(2 / 3)
    assert score.per_technique_f1["Slogans"] == 0.0


@pytest.mark.parametrize(
    "pred",
    [G[:3], [*G, ("a", "Doubt", 50, 60)], [*G[:3], ("b", "Slogans", 30, 41)]],
)
def test_ptc_score_tc_requires_the_gold_spans(pred: list[tuple[str, str, int, int]]) -> None:
    with pytest.raises(ValueError, match="differ"):
        score_tc(pred, G)


def test_ptc_read_labels_both_formats(tmp_path: Path) -> None:
    si = tmp_path / "si.labels"
    si.write_text("111\t3\t9\n111\t20\t25\n222\t0\t4\n", "utf-8")
    tc = tmp_path / "tc.labels"
    tc.write_text("111\tDoubt\t3\t9\n", "utf-8")
    assert read_labels(si, with_technique=False) == {"111": [(3, 9), (20, 25)], "222": [(0, 4)]}
    assert read_labels(tc, with_technique=True) == {"111": [("Doubt", 3, 9)]}


@pytest.mark.parametrize(
    ("line", "message"),
    [("111\t3\n", "columns"), ("111\t9\t3\n", "not after"), ("111\t-2\t3\n", "negative")],
)
def test_ptc_read_labels_rejects_bad_rows(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.labels"
    path.write_text(line, "utf-8")
    with pytest.raises(ValueError, match=message):
        read_labels(path, with_technique=False)
