"""Batches concurrent question embeddings: questions queued while the model is busy go in one call.

A lone question is embedded at once. When the previous call carried more than one question (the service is
under concurrent load), the worker waits up to ``window_s`` for more before calling the model, so the
questions arriving within that window share one call instead of queueing behind a lock one by one.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from concurrent.futures import Future

import numpy as np

from app.index.embedder import Embedder

MAX_BATCH = 32


class BatchingEmbedder:
    """An Embedder that merges concurrent small ``encode`` calls into model calls of up to MAX_BATCH texts."""

    def __init__(self, inner: Embedder, *, window_s: float = 0.002, max_batch: int = MAX_BATCH) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self.fingerprint = inner.fingerprint
        self.window_s = window_s
        self.max_batch = max_batch
        self.calls = 0  # model calls made, for tests and benchmarks
        self._queue: deque[tuple[list[str], Future[np.ndarray]]] = deque()
        self._ready = threading.Condition()
        self._worker: threading.Thread | None = None

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        if len(texts) >= self.max_batch:  # already a batch: nothing to gain from waiting
            return self.inner.encode(texts, progress=progress)
        result: Future[np.ndarray] = Future()
        with self._ready:
            if self._worker is None:
                self._worker = threading.Thread(target=self._run, name="embed-batcher", daemon=True)
                self._worker.start()
            self._queue.append((texts, result))
            self._ready.notify()
        return result.result()

    def _run(self) -> None:
        concurrent = False
        while True:
            with self._ready:
                while not self._queue:
                    self._ready.wait()
                if concurrent and self.window_s > 0:
                    deadline = time.monotonic() + self.window_s
                    while self._pending() < self.max_batch and (left := deadline - time.monotonic()) > 0:
                        self._ready.wait(left)
                batch = self._take()
            concurrent = len(batch) > 1
            self._call(batch)

    def _pending(self) -> int:
        return sum(len(texts) for texts, _ in self._queue)

    def _take(self) -> list[tuple[list[str], Future[np.ndarray]]]:
        batch: list[tuple[list[str], Future[np.ndarray]]] = []
        size = 0
        while self._queue and (not batch or size + len(self._queue[0][0]) <= self.max_batch):
            texts, result = self._queue.popleft()
            batch.append((texts, result))
            size += len(texts)
        return batch

    def _call(self, batch: list[tuple[list[str], Future[np.ndarray]]]) -> None:
        texts = [text for part, _ in batch for text in part]
        try:
            vectors = self.inner.encode(texts)
            self.calls += 1
        except BaseException as exc:  # every waiting caller gets the model's error, the worker lives on
            for _, result in batch:
                result.set_exception(exc)
            return
        start = 0
        for part, result in batch:
            result.set_result(vectors[start : start + len(part)])
            start += len(part)
