"""Remembers what Slack already delivered, so a retry or a duplicate never produces a second reply.

The memory is a state store: this process's (the default) or Redis, shared by every replica, where the
first delivery to mark a key wins (SET NX) whichever replica it reached.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from app.state.store import MemoryStateStore, StateStore

NAMESPACE = "dlqa:slack:seen:"


class SeenCache:
    """Keys seen in the last ``ttl_s`` seconds (in memory: at most ``limit`` of them, the oldest go first)."""

    def __init__(self, limit: int = 10_000, ttl_s: float = 3600.0, clock: Callable[[], float] = time.monotonic,
                 *, state: StateStore | None = None) -> None:
        self._memory = MemoryStateStore(limit, clock) if state is None else None
        self._state: StateStore = state if state is not None else self._memory  # type: ignore[assignment]
        self._ttl = ttl_s

    def __len__(self) -> int:
        return len(self._memory) if self._memory is not None else 0

    def first_time(self, *keys: str) -> bool:
        """True, and remembers every key, when none was seen yet; False when any was (a repeat)."""
        return self._state.add_if_absent(*(NAMESPACE + key for key in keys if key), ttl_s=self._ttl)
