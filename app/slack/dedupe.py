"""Remembers what Slack already delivered, so a retry or a duplicate never produces a second reply."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from threading import Lock


class SeenCache:
    """Keys seen in the last ``ttl_s`` seconds, at most ``limit`` of them (the oldest go first)."""

    def __init__(self, limit: int = 10_000, ttl_s: float = 3600.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._limit = limit
        self._ttl = ttl_s
        self._clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = Lock()

    def __len__(self) -> int:
        return len(self._seen)

    def first_time(self, *keys: str) -> bool:
        """True, and remembers every key, when none was seen yet; False when any was (a repeat)."""
        wanted = [key for key in keys if key]
        with self._lock:
            now = self._clock()
            self._expire(now)
            if any(key in self._seen for key in wanted):
                return False
            for key in wanted:
                self._seen[key] = now
                self._seen.move_to_end(key)
            while len(self._seen) > self._limit:
                self._seen.popitem(last=False)
            return True

    def _expire(self, now: float) -> None:
        while self._seen:
            oldest, seen_at = next(iter(self._seen.items()))
            if now - seen_at <= self._ttl:
                break
            del self._seen[oldest]
