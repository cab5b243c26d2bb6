"""Opens the state store the settings ask for: Redis when ``DLQA_REDIS_URL`` is set, else this process's memory."""

from __future__ import annotations

from app.settings import Settings
from app.state.store import MemoryStateStore, StateStore


def open_state_store(settings: Settings) -> StateStore:
    if settings.redis_url is None:
        return MemoryStateStore(settings.conversation_limit)
    from app.state.redis_store import RedisStateStore

    return RedisStateStore(settings.redis_url.get_secret_value(), timeout_s=settings.redis_timeout_s)


def describe(settings: Settings) -> str:
    """Where the state lives, for the start-up log (never the password)."""
    if settings.redis_url is None:
        return "in this process's memory (one worker; set DLQA_REDIS_URL to share it)"
    from redis.connection import parse_url

    parts = parse_url(settings.redis_url.get_secret_value())
    where = parts.get("path") or f"{parts.get('host', 'localhost')}:{parts.get('port', 6379)}"
    return f"in Redis at {where}"
