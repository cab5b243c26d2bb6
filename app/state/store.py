"""The state-store interface and its in-memory implementation (one process, the default).

Values are opaque JSON-serialisable dicts under namespaced string keys, each with a time to live. The
Redis implementation (``app.state.redis_store``) keeps the same promises across processes and machines.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from threading import Lock
from typing import Any, Literal, Protocol

JSONDict = dict[str, Any]


@dataclass(frozen=True)
class StoreHealth:
    backend: Literal["memory", "redis"]
    status: Literal["ok", "degraded"]
    detail: str = ""


class StateStore(Protocol):
    """Get/put of JSON dicts with a TTL, and an atomic add-if-absent. Never raises for a store outage:
    a store that cannot be reached answers "absent" and reports itself degraded in ``health()``."""

    def get(self, key: str) -> JSONDict | None:
        """The value under ``key``; None when absent, expired or unreadable."""
        ...

    def put(self, key: str, value: JSONDict, ttl_s: float, *, only_if_present: bool = False) -> bool:
        """Store ``value`` for ``ttl_s`` seconds; with ``only_if_present`` only when the key is live.
        True when stored."""
        ...

    def add_if_absent(self, *keys: str, ttl_s: float) -> bool:
        """When no key is live, mark them all for ``ttl_s`` seconds and return True (a first time); else mark
        none and return False. Atomic: of concurrent callers sharing any key, exactly one gets True."""
        ...

    def health(self) -> StoreHealth: ...


class MemoryStateStore:
    """This process only: at most ``limit`` keys (least recently written go first), expiring by TTL."""

    def __init__(self, limit: int = 10_000, clock: Callable[[], float] = time.monotonic) -> None:
        self._limit = limit
        self._clock = clock
        self._items: OrderedDict[str, tuple[float, JSONDict]] = OrderedDict()
        self._lock = Lock()

    def __len__(self) -> int:
        with self._lock:
            self._expire(self._clock())
            return len(self._items)

    def get(self, key: str) -> JSONDict | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            if self._clock() >= item[0]:
                del self._items[key]
                return None
            return item[1]

    def put(self, key: str, value: JSONDict, ttl_s: float, *, only_if_present: bool = False) -> bool:
        with self._lock:
            now = self._clock()
            if only_if_present and not self._live(key, now):
                return False
            self._set(key, value, now + ttl_s, now)
            return True

    def add_if_absent(self, *keys: str, ttl_s: float) -> bool:
        wanted = [key for key in keys if key]
        with self._lock:
            now = self._clock()
            if any(self._live(key, now) for key in wanted):
                return False
            for key in wanted:
                self._set(key, {}, now + ttl_s, now)
            return True

    def health(self) -> StoreHealth:
        return StoreHealth("memory", "ok")

    def _live(self, key: str, now: float) -> bool:
        item = self._items.get(key)
        return item is not None and now < item[0]

    def _set(self, key: str, value: JSONDict, expires: float, now: float) -> None:
        self._items[key] = (expires, value)
        self._items.move_to_end(key)
        self._expire(now)
        while len(self._items) > self._limit:
            self._items.popitem(last=False)

    def _expire(self, now: float) -> None:
        # Oldest written first; with one TTL per namespace that is also the first to expire.
        while self._items:
            expires, _ = next(iter(self._items.values()))
            if now < expires:
                break
            self._items.popitem(last=False)
