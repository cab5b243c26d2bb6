"""What a conversation remembers of its last turn (plain JSON data), and the in-memory store of turns:
bounded in number (least recently used go first) and expiring when idle."""

from __future__ import annotations

import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from threading import Lock
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.engine.plan import Plan

RECENT = 4  # libraries remembered for "the two", "both"


class Turn(BaseModel):
    """The last question's plan and what its answer asserted: enough to re-run the plan with one part
    changed ("and commits?", "what about Caffe?", "of those…", "how many times more?")."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    plan: Plan
    ids: list[str] = Field(default_factory=list)  # the answer's entries, in answer order
    set_ids: list[str] = Field(default_factory=list)  # the scope the answer was computed over
    recent: list[str] = Field(default_factory=list)  # libraries the conversation named, most recent first

    @property
    def focus(self) -> str | None:
        """What "it" refers to: the one entry the answer was about, else the last library named."""
        if len(self.ids) == 1:
            return self.ids[0]
        return self.recent[0] if self.recent else (self.ids[0] if self.ids else None)

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Turn:
        return cls.model_validate(data)


class ConversationStore:
    """Turns kept as JSON-ready dicts, so another store (e.g. Redis) can hold the same data."""

    def __init__(self, limit: int, ttl_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._limit = limit
        self._ttl = ttl_s
        self._clock = clock
        self._items: OrderedDict[str, tuple[float, dict[str, Any]]] = OrderedDict()
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
            touched, data = item
            if self._clock() - touched > self._ttl:
                del self._items[conversation_id]
                return None
        return Turn.from_dict(data)

    def put(self, conversation_id: str | None, turn: Turn, *, adopt: bool = False) -> str:
        """Store the turn; returns the id to send next time: a new random one when the given id is unknown or
        expired, unless ``adopt`` (a thread we manage, such as a Slack thread, keeps its own key)."""
        data = turn.to_dict()
        with self._lock:
            now = self._clock()
            key = conversation_id or ""
            if key not in self._items and not (adopt and key):
                key = uuid.uuid4().hex
            self._items[key] = (now, data)
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
