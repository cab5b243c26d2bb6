"""Concurrent question embeddings share model calls, each caller gets its own vector, errors reach every caller."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from app.index.batching import BatchingEmbedder
from tests.fakes import HashEmbedder


class SlowEmbedder(HashEmbedder):
    """The fake model, taking 20 ms a call whatever the batch: like a real model on short questions."""

    def __init__(self) -> None:
        super().__init__()
        self.batches: list[int] = []
        self.active = 0
        self.overlapped = False
        self._lock = threading.Lock()

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        with self._lock:
            self.active += 1
            self.overlapped |= self.active > 1
        time.sleep(0.02)
        self.batches.append(len(texts))
        with self._lock:
            self.active -= 1
        return super().encode(texts)


def test_a_lone_question_is_embedded_at_once_and_alike() -> None:
    inner = HashEmbedder()
    batched = BatchingEmbedder(inner, window_s=0.5)
    started = time.perf_counter()
    vector = batched.encode(["which library runs on spark?"])
    assert time.perf_counter() - started < 0.25  # no window for a question that came alone
    np.testing.assert_array_equal(vector, inner.encode(["which library runs on spark?"]))
    assert (batched.name, batched.dimension, batched.fingerprint) == (inner.name, 64, inner.fingerprint)


def test_concurrent_questions_share_model_calls_and_get_their_own_vectors() -> None:
    inner = SlowEmbedder()
    batched = BatchingEmbedder(inner, window_s=0.002)
    questions = [f"question number {i} about tensors {i * 7}" for i in range(64)]
    with ThreadPoolExecutor(max_workers=32) as pool:
        vectors = list(pool.map(lambda q: batched.encode([q]), questions))
    expected = HashEmbedder().encode(questions)
    for got, want in zip(vectors, expected, strict=True):
        np.testing.assert_array_equal(got[0], want)
    assert sum(inner.batches) == 64
    assert len(inner.batches) <= 16 and max(inner.batches) > 1  # 64 questions, far fewer model calls
    assert max(inner.batches) <= 32 and not inner.overlapped  # one model call at a time, never above the cap


def test_large_requests_skip_the_queue() -> None:
    inner = SlowEmbedder()
    out = BatchingEmbedder(inner).encode([f"text {i}" for i in range(40)])
    assert out.shape == (40, 64) and inner.batches == [40]


def test_a_model_error_reaches_every_waiting_caller_and_the_worker_survives() -> None:
    inner = HashEmbedder(fail=True)
    batched = BatchingEmbedder(inner)
    with pytest.raises(RuntimeError, match="embedding failed on purpose"):
        batched.encode(["a"])
    inner.fail = False
    assert batched.encode(["a"]).shape == (1, 64)
