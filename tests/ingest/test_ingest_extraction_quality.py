"""Quality gate: HTML body extraction on the Scrapinghub article-extraction benchmark (shared data)."""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
from pathlib import Path
from types import ModuleType

import pytest

from tidings import ingest
from tidings.exc import InputError

# Measured at commit time: P 0.951, R 0.971, F1 0.961 (trafilatura.extract alone: F1 0.953; before
# the line classifier and the credit rules: P 0.947, R 0.976: the benchmark's gold bodies keep wire
# credit lines and "© Reuters", which are now removed).
# Lower these only with a reason in the commit message.
FLOORS = {"precision": 0.94, "recall": 0.97, "f1": 0.955}


def _bench(repo_root: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bench_extraction", repo_root / "benchmarks" / "bench_extraction.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_ingest_extraction_benchmark_floors(shared_dir: Path, repo_root: Path) -> None:
    data = shared_dir / "data" / "article-extraction-benchmark"
    if not (data / "ground-truth.json").is_file():
        reason = "article-extraction-benchmark not in the shared data folder"
        if os.environ.get("CI") == "true":  # a gate whose data is missing fails in CI
            pytest.fail(reason)
        pytest.skip(reason)
    bench = _bench(repo_root)
    gold = json.loads((data / "ground-truth.json").read_text("utf-8"))
    pairs, failures = [], []
    for key in sorted(gold):
        html = gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes())
        try:
            text = ingest.from_bytes(html, f"{key}.html", media_type="text/html").text
        except InputError as e:
            failures.append(str(e))
            text = ""
        pairs.append((gold[key]["articleBody"], text))
    scores = bench.score(pairs)
    assert failures == []
    for metric, floor in FLOORS.items():
        assert scores[metric] >= floor, f"{metric} {scores[metric]:.3f} < floor {floor}"


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        ("one two three four five", "one two three four five", (1.0, 0.0, 0.0)),
        ("one two three four five", "", (0.0, 0.0, 1.0)),
        ("one two three four", "one two three four five", (0.5, 0.5, 0.0)),
    ],
)
def test_ingest_extraction_metric(
    repo_root: Path, gold: str, pred: str, expected: tuple[float, float, float]
) -> None:
    assert _bench(repo_root).match(gold, pred) == pytest.approx(expected)
