"""Fit the rhetoric span calibrator and its confident threshold on held-out PTC train articles.

    python scripts/calibrate_rhetoric.py [--ptc ../shared/data/ptc]

Runs in the Tidings environment (numpy only, no torch or scikit-learn), after
``scripts/train_rhetoric.py``. The articles are the train articles that script held out (the
same rule: sorted ids shuffled with ``args.seed``, the first ``args.holdout`` share, both read
from ``rhetoric.json``); the encoder never trained on them. The dev split is never read.

1. The shipped tagger encodes them and proposes its ``candidates`` (the decoded spans, less
   lone names); each span's target is the share of its characters inside a gold span (what
   the SI precision of the task sums).
2. A logistic regression over ``tagger.SPAN_FEATURES`` with those fractional targets (Newton
   steps, a little L2) gives P(a character of the span is gold).
3. The confident threshold is the one with the best held-out F0.5 (precision weighted twice
   as recall) of the official SI score.

Writes ``calibration`` into ``rhetoric.json`` (weights, bias, threshold and the held-out
figures) and prints the threshold table.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import numpy as np

from tidings.extract.rhetoric import MODEL_DIR
from tidings.extract.rhetoric.tagger import SPAN_FEATURES, Tagger, span_features
from tidings.quality import ptc

REPO = Path(__file__).resolve().parents[1]
THRESHOLDS = tuple(round(0.2 + 0.025 * k, 3) for k in range(13))  # 0.2 .. 0.5
L2 = 1e-2


def heldout_ids(ptc_dir: Path, holdout: float, seed: int) -> list[str]:
    """The train article ids ``train_rhetoric.py`` held out."""
    ids = sorted(p.stem.removeprefix("article") for p in (ptc_dir / "train-articles").glob("*.txt"))
    random.Random(seed).shuffle(ids)
    return sorted(ids[: int(len(ids) * holdout)])


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = L2) -> tuple[np.ndarray, float]:
    """Logistic regression with targets in [0, 1] by Newton's method; (weights, bias)."""
    z = np.hstack([x, np.ones((len(x), 1))]).astype(np.float64)
    w = np.zeros(z.shape[1])
    reg = np.full(z.shape[1], l2 * len(x))
    reg[-1] = 0.0  # the bias is not shrunk
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-z @ w))
        grad = z.T @ (p - y) + reg * w
        hess = (z * (p * (1 - p))[:, None]).T @ z + np.diag(reg)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1].astype(np.float32), float(w[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ptc", type=Path, default=REPO.parent / "shared/data/ptc")
    ap.add_argument("--model-dir", type=Path, default=MODEL_DIR)
    args = ap.parse_args(argv)
    meta_path = args.model_dir / "rhetoric.json"
    meta = json.loads(meta_path.read_text("utf-8"))
    ids = heldout_ids(args.ptc, meta["args"]["holdout"], meta["args"]["seed"])
    tagger = Tagger(args.model_dir)
    texts, gold = [], {}
    for aid in ids:
        texts.append((args.ptc / "train-articles" / f"article{aid}.txt").read_text("utf-8"))
        path = args.ptc / "train-labels-task-flc-tc" / f"article{aid}.task-flc-tc.labels"
        rows = ptc.read_labels(path, with_technique=True).get(aid, [])
        gold[aid] = ptc.merge_spans([(s, e) for _, s, e in rows])
    keys, feats, targets = [], [], []
    for aid, text, (p, probs, _, _) in zip(ids, texts, tagger.encode_many(texts), strict=True):
        for s, e in tagger.candidates(text, p, probs):
            inside = sum(max(0, min(e, ge) - max(s, gs)) for gs, ge in gold[aid])
            keys.append((aid, s, e))
            feats.append(span_features(text, p, probs, s, e))
            targets.append(inside / (e - s))
    x, y = np.stack(feats), np.asarray(targets)
    weights, bias = fit_logistic(x, y)
    scores = 1.0 / (1.0 + np.exp(-(x @ weights + bias)))
    print(
        f"{len(ids)} held-out train articles, {len(y)} candidate spans, mean target {y.mean():.3f}"
    )

    def si(keep: np.ndarray) -> ptc.SIScore:
        pred: dict[str, list[tuple[int, int]]] = {aid: [] for aid in ids}
        for (aid, s, e), k in zip(keys, keep, strict=True):
            if k:
                pred[aid].append((s, e))
        return ptc.score_si(pred, gold)

    def f_half(sc: ptc.SIScore) -> float:
        p, r = sc.precision, sc.recall
        return 1.25 * p * r / (0.25 * p + r) if p + r else 0.0

    every = si(np.ones(len(y), bool))
    print(f"all spans: P {every.precision:.4f} R {every.recall:.4f} F1 {every.f1:.4f}")
    best = (-1.0, 0.0)
    table = {}
    for th in THRESHOLDS:
        sc = si(scores >= th)
        table[th] = sc
        print(
            f"confident >= {th:.3f}: {sc.n_pred} spans P {sc.precision:.4f} R {sc.recall:.4f} "
            f"F1 {sc.f1:.4f} F0.5 {f_half(sc):.4f}"
        )
        best = max(best, (f_half(sc), th))
    th = best[1]
    chosen = table[th]
    meta["calibration"] = {
        "features": list(SPAN_FEATURES),
        "weights": [round(float(v), 5) for v in weights],
        "bias": round(bias, 5),
        "confident": th,
        "fitted_on": f"{len(ids)} held-out PTC train articles, {len(y)} candidate spans",
        "heldout_all": {"p": round(every.precision, 4), "r": round(every.recall, 4)},
        "heldout_confident": {"p": round(chosen.precision, 4), "r": round(chosen.recall, 4)},
    }
    meta_path.write_text(json.dumps(meta, indent=1) + "\n", "utf-8")
    print(f"confident threshold {th} (best held-out F0.5) written to {meta_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
