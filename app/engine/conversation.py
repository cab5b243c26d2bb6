"""What a conversation remembers of its last turn (plain JSON data), and conversations on top of a state
store: the last turn of each, as JSON, expiring when idle.

In memory by default (bounded, least recently used go first); with Redis any worker or replica continues
a conversation another one started. A turn that cannot be read back counts as no conversation.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.engine.plan import Plan
from app.state.store import MemoryStateStore, StateStore

log = logging.getLogger("app.engine")
NAMESPACE = "dlqa:conversation:"
RECENT = 4  # libraries remembered for "the two", "both"
TURN_FORMAT = 2  # 1 was the flat query of the intent chain


class Turn(BaseModel):
    """The last question's plan and what its answer asserted: enough to re-run the plan with one part
    changed ("and commits?", "what about Caffe?", "of those…", "how many times more?")."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    plan: Plan
    ids: list[str] = Field(default_factory=list)  # the answer's entries, in answer order
    set_ids: list[str] = Field(default_factory=list)  # the scope the answer was computed over
    recent: list[str] = Field(default_factory=list)  # libraries the conversation named, most recent first
    earlier: list[str] = Field(default_factory=list)  # the answer before's entries ("which are in both lists?")

    @property
    def focus(self) -> str | None:
        """What "it" refers to: the one entry the answer was about, else the last library named."""
        if len(self.ids) == 1:
            return self.ids[0]
        return self.recent[0] if self.recent else (self.ids[0] if self.ids else None)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON, the conversation store's format (no pickle)."""
        return {"v": TURN_FORMAT, **self.model_dump(mode="json", exclude_defaults=True)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Turn:
        """The inverse of ``to_dict``; ValueError for another format or a malformed turn. Fields a newer
        writer added are ignored."""
        if data.get("v") != TURN_FORMAT:
            raise ValueError(f"turn format {data.get('v')!r}, expected {TURN_FORMAT}")
        return cls.model_validate({k: v for k, v in data.items() if k in cls.model_fields})


class ConversationStore:
    def __init__(self, limit: int = 10_000, ttl_s: float = 3600.0, clock: Callable[[], float] = time.monotonic,
                 *, state: StateStore | None = None) -> None:
        self.state: StateStore = state if state is not None else MemoryStateStore(limit, clock)
        self._ttl = ttl_s

    def __len__(self) -> int:
        """Conversations held in this process's memory (a shared store is counted by Redis, not here)."""
        if not isinstance(self.state, MemoryStateStore):
            raise TypeError("conversations in Redis are counted by Redis (DBSIZE), not by this process")
        return len(self.state)

    def get(self, conversation_id: str | None) -> Turn | None:
        """The last turn of a live conversation; None when unknown, expired or unreadable."""
        if not conversation_id:
            return None
        data = self.state.get(NAMESPACE + conversation_id)
        if data is None:
            return None
        try:
            return Turn.from_dict(data)
        except (KeyError, TypeError, ValueError) as exc:
            log.error("conversation %s: stored turn unreadable (%s); starting afresh", conversation_id[:40], exc)
            return None

    def put(self, conversation_id: str | None, turn: Turn, *, adopt: bool = False) -> str:
        """Store the turn; returns the id to send next time: a new random one when the given id is unknown or
        expired, unless ``adopt`` (a thread we manage, such as a Slack thread, keeps its own key)."""
        data = turn.to_dict()
        if conversation_id and (adopt or self.state.put(NAMESPACE + conversation_id, data, self._ttl,
                                                       only_if_present=True)):
            if adopt:
                self.state.put(NAMESPACE + conversation_id, data, self._ttl)
            return conversation_id
        new_id = uuid.uuid4().hex
        self.state.put(NAMESPACE + new_id, data, self._ttl)
        return new_id
