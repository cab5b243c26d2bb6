"""The state store in Redis (redis-py): shared by every worker and replica. TTLs are Redis's own (SET EX),
de-duplication is SET NX, values are JSON (never pickle).

An outage never reaches a client: reads answer "absent", writes are dropped, de-duplication falls back to
this process's memory, ``health()`` says degraded, and the error is logged at most once a minute. After a
failure Redis is left alone for ``retry_s`` seconds, so requests do not each wait for a time-out.
"""

from __future__ import annotations

import json
import logging
import math
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from app.state.store import JSONDict, MemoryStateStore, StoreHealth

log = logging.getLogger("app.state")
#: All-or-nothing SET NX of several keys (one Slack message arrives under several event ids): the first
#: delivery to run marks every key; any later one sharing a key marks none. One script runs atomically.
MARK_ALL_IF_NONE = """
for _, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 then return 0 end
end
for _, key in ipairs(KEYS) do
  redis.call('SET', key, '1', 'PX', ARGV[1])
end
return 1
"""
T = TypeVar("T")
LOG_EVERY_S = 60.0


class RedisStateStore:
    def __init__(self, url: str, *, timeout_s: float = 0.5, retry_s: float = 1.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        # No retries inside redis-py: one quick failure is better than a request waiting through backoffs.
        self._client = redis.Redis.from_url(
            url, socket_timeout=timeout_s, socket_connect_timeout=timeout_s, retry=Retry(NoBackoff(), 0),
            health_check_interval=30)
        self._retry_s = retry_s
        self._clock = clock
        self._lock = threading.Lock()
        self._down_until = 0.0
        self._degraded = False
        self._last_error = ""
        self._logged_at = -math.inf
        self._suppressed = 0
        self._fallback_seen = MemoryStateStore(limit=10_000, clock=clock)
        self._mark_all_if_none = self._client.register_script(MARK_ALL_IF_NONE)

    def close(self) -> None:
        self._client.close()

    # ---- the interface ----------------------------------------------------------------------------

    def get(self, key: str) -> JSONDict | None:
        raw = self._call(lambda: self._client.get(key), None)
        if raw is None:
            return None
        try:
            value = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            log.error("state store: unreadable value under %s; ignored", key)
            return None
        return value if isinstance(value, dict) else None

    def put(self, key: str, value: JSONDict, ttl_s: float, *, only_if_present: bool = False) -> bool:
        payload = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        stored = self._call(lambda: self._client.set(key, payload, px=_ms(ttl_s), xx=only_if_present), None)
        return bool(stored)

    def add_if_absent(self, *keys: str, ttl_s: float) -> bool:
        wanted = [key for key in keys if key]
        if not wanted:
            return True

        result: Any = self._call(lambda: self._mark_all_if_none(keys=wanted, args=[_ms(ttl_s)]), None)
        if result is None:  # Redis unreachable: at least this process still drops its own repeats
            return self._fallback_seen.add_if_absent(*wanted, ttl_s=ttl_s)
        return int(result) == 1

    def health(self) -> StoreHealth:
        """Pings Redis (unless it failed in the last ``retry_s`` seconds)."""
        self._call(self._client.ping, None)
        with self._lock:
            if self._degraded:
                return StoreHealth("redis", "degraded", self._last_error)
        return StoreHealth("redis", "ok")

    # ---- failure handling ---------------------------------------------------------------------------

    def _call(self, operation: Callable[[], T], fallback: T) -> T:
        if self._clock() < self._down_until:
            return fallback
        try:
            result = operation()
        except redis.RedisError as exc:
            self._failed(exc)
            return fallback
        if self._degraded:
            self._recovered()
        return result

    def _failed(self, exc: Exception) -> None:
        now = self._clock()
        with self._lock:
            self._degraded = True
            self._down_until = now + self._retry_s
            # the class and message of redis-py's errors never hold the password
            self._last_error = f"{type(exc).__name__}: {exc}"[:300]
            if now - self._logged_at < LOG_EVERY_S:
                self._suppressed += 1
                return
            self._logged_at, suppressed, self._suppressed = now, self._suppressed, 0
        more = f" ({suppressed} more failures since the last report)" if suppressed else ""
        log.error("state store degraded: Redis unavailable (%s)%s; answering without shared state",
                  self._last_error, more)

    def _recovered(self) -> None:
        with self._lock:
            if not self._degraded:
                return
            self._degraded = False
        log.warning("state store recovered: Redis answers again")


def _ms(ttl_s: float) -> int:
    return max(1, round(ttl_s * 1000))
