"""SemEval-2020 Task 11 scorers on the Propaganda Techniques Corpus: SI span overlap and TC micro-F1.

Reimplemented from the task's official ``task-SI_scorer.py`` and ``task-TC_scorer.py`` (their
code is not copied); the figures agree with them on every input they accept.

**SI** (span identification). Spans are sets of character offsets ``range(start, end)``.
Gold spans of an article that share a character are merged first (the official scorer always
merges gold); predicted spans must not overlap (the official scorer stops on them) unless
``merge_pred=True`` (its ``-m`` flag). Then, over every predicted span ``s`` and every gold
span ``t`` of the same article::

    P = sum |s ∩ t| / |s|  /  number of predicted spans
    R = sum |s ∩ t| / |t|  /  number of gold spans (all articles)
    F1 = 2PR / (P + R), 0 when P or R is 0, 1 when there are no spans at all

so a prediction that covers half of a gold span earns half a hit. Touching spans
(``[0, 5)`` and ``[5, 9)``) are not merged. Where the official script would crash on a
prediction in an article absent from the gold file, it counts here as a prediction with no
overlap.

**TC** (technique classification). The prediction must list exactly the gold spans (same
article, start and end, with repeats) and one technique each. Within a group of identical
spans, labels are paired to maximise matches (the official ``align_annotations``); micro-F1
over all techniques then equals the share of gold spans whose label was matched (micro
precision = recall = F1).

This module imports nothing from Tidings at load time, so the training script can use it.
``python -m tidings.quality.ptc [--split dev]`` scores the shipped model on a PTC split.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

Span = tuple[int, int]
EVAL_BATCH = 16  # articles encoded together, as the pipeline batches them

# The 14 technique labels of SemEval-2020 Task 11, spelled as in the corpus files.
TECHNIQUES: tuple[str, ...] = (
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
)


@dataclass(slots=True, frozen=True)
class SIScore:
    """SI figures and the sums behind them."""

    precision: float
    recall: float
    f1: float
    prec_sum: float
    n_pred: int
    rec_sum: float
    n_gold: int


@dataclass(slots=True, frozen=True)
class TCScore:
    """TC micro figures (precision = recall = F1 when every gold span gets one label)."""

    precision: float
    recall: float
    f1: float
    correct: int
    n: int
    per_technique_f1: dict[str, float]


def read_labels(path: str | Path, with_technique: bool) -> dict[str, list[Any]]:
    """PTC label rows by article id: ``(start, end)`` (SI files) or ``(technique, start, end)``.

    Raises ``ValueError`` naming the line when a row has the wrong number of columns, a
    negative offset, or ``end <= start`` (the official format checks).
    """
    out: dict[str, list[Any]] = defaultdict(list)
    cols = 4 if with_technique else 3
    for n, line in enumerate(Path(path).read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = line.rstrip("\n").split("\t")
        if len(row) != cols:
            raise ValueError(f"{path}:{n}: expected {cols} tab-separated columns, got {len(row)}")
        start, end = int(row[-2]), int(row[-1])
        _check(start, end, f"{path}:{n}")
        out[row[0]].append((row[1], start, end) if with_technique else (start, end))
    return dict(out)


def _check(start: int, end: int, where: str) -> None:
    if start < 0 or end < 0:
        raise ValueError(f"{where}: negative offset {start}-{end}")
    if start >= end:
        raise ValueError(f"{where}: end {end} is not after start {start}")


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Merge spans that share at least one character, as the official scorer does; sorted."""
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s < out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def _overlapping(spans: Sequence[Span]) -> Span | None:
    ordered = sorted(spans)
    for (_, e1), (s2, e2) in pairwise(ordered):
        if s2 < e1:
            return (s2, e2)
    return None


def prf(prec_num: float, n_pred: int, rec_num: float, n_gold: int) -> tuple[float, float, float]:
    """The official ``compute_prec_rec_f1``: 0 for an empty denominator, F1 1 when both are."""
    p = prec_num / n_pred if n_pred > 0 else 0.0
    r = rec_num / n_gold if n_gold > 0 else 0.0
    f1 = 0.0
    if n_pred == 0 and n_gold == 0:
        f1 = 1.0
    if p > 0 and r > 0:
        f1 = 2 * p * r / (p + r)
    return p, r, f1


def score_si(
    pred: Mapping[str, Sequence[Span]],
    gold: Mapping[str, Sequence[Span]],
    *,
    merge_pred: bool = False,
) -> SIScore:
    """SI precision, recall and F1 of predicted spans against gold spans, by article id.

    Raises ``ValueError`` on an empty or negative span, and on overlapping predicted spans of
    one article unless ``merge_pred``.
    """
    gold_m = {a: merge_spans(v) for a, v in gold.items()}
    prec_sum = rec_sum = 0.0
    n_pred = 0
    for aid, spans in pred.items():
        for s, e in spans:
            _check(s, e, f"article {aid}")
        if merge_pred:
            spans = merge_spans(spans)
        else:
            clash = _overlapping(spans)
            if clash is not None:
                raise ValueError(
                    f"article {aid}: predicted span {clash[0]}-{clash[1]} overlaps another"
                )
        n_pred += len(spans)
        for s, e in spans:
            for gs, ge in gold_m.get(aid, ()):
                inter = min(e, ge) - max(s, gs)
                if inter > 0:
                    prec_sum += inter / (e - s)
                    rec_sum += inter / (ge - gs)
    n_gold = sum(len(v) for v in gold_m.values())
    p, r, f1 = prf(prec_sum, n_pred, rec_sum, n_gold)
    return SIScore(p, r, f1, prec_sum, n_pred, rec_sum, n_gold)


def score_tc(
    pred: Iterable[tuple[str, str, int, int]], gold: Iterable[tuple[str, str, int, int]]
) -> TCScore:
    """TC micro-F1 of ``(article id, technique, start, end)`` rows against gold rows.

    Raises ``ValueError`` when the predicted spans (with repeats) differ from the gold ones.
    """
    groups_p: dict[tuple[str, int, int], list[str]] = defaultdict(list)
    groups_g: dict[tuple[str, int, int], list[str]] = defaultdict(list)
    for aid, tech, s, e in pred:
        groups_p[(aid, s, e)].append(tech)
    for aid, tech, s, e in gold:
        groups_g[(aid, s, e)].append(tech)
    if {k: len(v) for k, v in groups_p.items()} != {k: len(v) for k, v in groups_g.items()}:
        missing = sorted(set(groups_g) - set(groups_p))[:3]
        raise ValueError(f"predicted spans differ from the gold spans (e.g. missing {missing})")
    correct = 0
    tp: Counter[str] = Counter()
    n_pred_t: Counter[str] = Counter()
    n_gold_t: Counter[str] = Counter()
    for key, gl in groups_g.items():
        pc, gc = Counter(groups_p[key]), Counter(gl)
        both = pc & gc
        correct += sum(both.values())
        tp.update(both)
        n_pred_t.update(pc)
        n_gold_t.update(gc)
    n = sum(n_gold_t.values())
    acc = correct / n if n else 1.0
    per = {}
    for t in TECHNIQUES:
        _, _, per[t] = prf(tp[t], n_pred_t[t], tp[t], n_gold_t[t])
        if n_pred_t[t] == 0 and n_gold_t[t] == 0:
            per[t] = 0.0  # sklearn's f1_score(labels=...) gives 0 to an absent label
    return TCScore(acc, acc, acc, correct, n, per)


# --- scoring the shipped model on a PTC split ----------------------------------------------


def evaluate(
    ptc_dir: str | Path, split: str = "dev", model_dir: str | Path | None = None, threads: int = 1
) -> dict[str, float]:
    """Run the rhetoric tagger on a PTC split and score SI and TC; also articles per second.

    SI is scored on what ``extract_rhetoric`` outputs (tagger and rule spans): ``si_*`` on
    the confident spans, the ones a reader is shown by default, and ``si_*_all`` on every
    span the JSON keeps. TC labels the gold spans (the task's TC setting). ``ptc_dir`` is the
    corpus folder (``<shared>/data/ptc``). Raises ``FileNotFoundError`` when the split is
    absent.
    """
    from tidings.extract.rhetoric import MODEL_DIR
    from tidings.extract.rhetoric.rules import NAME_CALLING, apply_rules, vocative_insults
    from tidings.extract.rhetoric.tagger import Tagger

    ptc_dir = Path(ptc_dir)
    arts = sorted((ptc_dir / f"{split}-articles").glob("article*.txt"))
    if not arts:
        raise FileNotFoundError(f"no {split} articles under {ptc_dir}")
    tagger = Tagger(model_dir or MODEL_DIR, threads=threads)
    gold_tc_rows: list[tuple[str, str, int, int]] = []
    for path in sorted((ptc_dir / f"{split}-labels-task-flc-tc").glob("*.labels")):
        for aid, rows in read_labels(path, with_technique=True).items():
            gold_tc_rows += [(aid, t, s, e) for t, s, e in rows]
    gold_tc: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for aid, t, s, e in gold_tc_rows:
        gold_tc[aid].append((t, s, e))
    pred_all: dict[str, list[Span]] = {}
    pred_confident: dict[str, list[Span]] = {}
    pred_tc: list[tuple[str, str, int, int]] = []
    t0 = time.perf_counter()
    for b0 in range(0, len(arts), EVAL_BATCH):
        chunk = arts[b0 : b0 + EVAL_BATCH]
        texts = [path.read_text("utf-8") for path in chunk]
        for path, text, enc in zip(chunk, texts, tagger.encode_many(texts), strict=True):
            aid = path.stem.removeprefix("article")
            tagged = apply_rules(text, tagger.tag_encoded(text, *enc))
            pred_all[aid] = [(s, e) for s, e, *_ in tagged]
            pred_confident[aid] = [(s, e) for s, e, sc, *_ in tagged if sc >= tagger.confident]
            counts = Counter((s, e) for _, s, e in gold_tc.get(aid, []))
            gold_spans = sorted(counts)
            if not gold_spans:
                continue
            probs_tc = tagger.classify(text, enc[0], enc[2], enc[3], gold_spans)
            for r, (s, e) in enumerate(gold_spans):
                if vocative_insults(text[s:e]) == [(0, e - s)]:  # the rules, as at run time
                    probs_tc[r] = 0.0
                    probs_tc[r, tagger.labels.index(NAME_CALLING)] = 1.0
                # k gold rows on one span: answer the k most likely techniques
                for b in probs_tc[r].argsort()[::-1][: counts[(s, e)]]:
                    pred_tc.append((aid, tagger.labels[int(b)], s, e))
    secs = time.perf_counter() - t0
    gold_si = {aid: [(s, e) for _, s, e in rows] for aid, rows in gold_tc.items()}
    si = score_si(pred_confident, gold_si)
    si_all = score_si(pred_all, gold_si)
    tc = score_tc(pred_tc, gold_tc_rows)
    return {
        "si_precision": round(si.precision, 4),
        "si_recall": round(si.recall, 4),
        "si_f1": round(si.f1, 4),
        "si_precision_all": round(si_all.precision, 4),
        "si_recall_all": round(si_all.recall, 4),
        "si_f1_all": round(si_all.f1, 4),
        "tc_micro_f1": round(tc.f1, 4),
        "articles_per_second": round(len(arts) / secs, 2),
    }


def main(argv: list[str] | None = None) -> int:
    """``python -m tidings.quality.ptc``: print the figures of the shipped model on a split."""
    ap = argparse.ArgumentParser(
        prog="python -m tidings.quality.ptc", description=__doc__.split("\n")[0]
    )
    ap.add_argument(
        "--ptc", type=Path, default=Path(__file__).resolve().parents[4] / "shared/data/ptc"
    )
    ap.add_argument("--split", default="dev")
    ap.add_argument("--model-dir", type=Path, default=None)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args(argv)
    try:
        figures = evaluate(args.ptc, args.split, args.model_dir, args.threads)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
