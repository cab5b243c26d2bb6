"""In-memory conversations: bounded in number (least recently used go first) and expiring when idle."""

from __future__ import annotations

import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from threading import Lock

from app.engine.intent import Turn


class ConversationStore:
    def __init__(self, limit: int, ttl_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._limit = limit
        self._ttl = ttl_s
        self._clock = clock
        self._items: OrderedDict[str, tuple[float, Turn]] = OrderedDict()
        self._lock = Lock()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, conversation_id: str | None) -> Turn | None:
        """The last turn of a live conversation; None when unknown or expired."""
        if not conversation_id:
            return None
        with self._lock:
            item = self._items.get(conversation_id)
            if item is None:
                return None
            touched, turn = item
            if self._clock() - touched > self._ttl:
                del self._items[conversation_id]
                return None
            return turn

    def put(self, conversation_id: str | None, turn: Turn, *, adopt: bool = False) -> str:
        """Store the turn; returns the id to send next time: a new random one when the given id is unknown or
        expired, unless ``adopt`` (a thread we manage, such as a Slack thread, keeps its own key)."""
        with self._lock:
            now = self._clock()
            key = conversation_id or ""
            if key not in self._items and not (adopt and key):
                key = uuid.uuid4().hex
            self._items[key] = (now, turn)
            self._items.move_to_end(key)
            self._evict(now)
            return key

    def _evict(self, now: float) -> None:
        while self._items:
            oldest_id, (touched, _) = next(iter(self._items.items()))
            if len(self._items) > self._limit or now - touched > self._ttl:
                del self._items[oldest_id]
            else:
                break
