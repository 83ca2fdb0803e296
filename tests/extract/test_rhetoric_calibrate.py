"""The span calibrator's fit (``scripts/calibrate_rhetoric.py``) on data made up here."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "calibrate_rhetoric.py"


@pytest.fixture(scope="module")
def calibrate() -> ModuleType:
    spec = importlib.util.spec_from_file_location("calibrate_rhetoric", SCRIPT)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["calibrate_rhetoric"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_fit_logistic_recovers_fractional_targets(calibrate: ModuleType) -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(4000, 2))
    true_w, true_b = np.asarray([1.5, -0.5]), -0.3
    y = 1.0 / (1.0 + np.exp(-(x @ true_w + true_b)))  # targets are probabilities, not 0/1
    w, b = calibrate.fit_logistic(x, y, l2=0.0)
    assert np.allclose(w, true_w, atol=1e-3) and b == pytest.approx(true_b, abs=1e-3)


def test_fit_logistic_l2_shrinks_weights_not_bias(calibrate: ModuleType) -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=(500, 1))
    y = (x[:, 0] > 0).astype(float) * 0.8 + 0.1
    loose, b_loose = calibrate.fit_logistic(x, y, l2=0.0)
    tight, b_tight = calibrate.fit_logistic(x, y, l2=1.0)
    assert 0 < tight[0] < loose[0]
    assert abs(b_tight) < 0.2 and abs(b_loose) < 0.2  # the targets are symmetric around 0.5


def test_heldout_ids_are_the_trainers_split(calibrate: ModuleType, tmp_path: Path) -> None:
    folder = tmp_path / "train-articles"
    folder.mkdir()
    for k in range(20):
        (folder / f"article{1000 + k}.txt").write_text("x", "utf-8")
    held = calibrate.heldout_ids(tmp_path, 0.1, 13)
    assert len(held) == 2 and held == sorted(held)
    assert held == calibrate.heldout_ids(tmp_path, 0.1, 13)
