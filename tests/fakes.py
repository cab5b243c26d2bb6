"""Test doubles for the model only: a deterministic embedder for fast unit tests of the code around it."""

from __future__ import annotations

import hashlib

import numpy as np

from app.index.keyword import tokenize


class HashEmbedder:
    """Bag of hashed tokens, L2-normalised: texts sharing words get similar vectors; no model needed."""

    name = "test/hash-embedder"
    fingerprint = "hash-embedder-v1"

    def __init__(self, dimension: int = 64, fail: bool = False) -> None:
        self.dimension = dimension
        self.fail = fail

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        if self.fail:
            raise RuntimeError("embedding failed on purpose")
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in tokenize(text) or ["<empty>"]:
                slot = int.from_bytes(hashlib.sha256(token.encode()).digest()[:4], "little") % self.dimension
                out[row, slot] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-9)
