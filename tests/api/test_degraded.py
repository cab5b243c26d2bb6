"""Redis unreachable from the start: the service still answers, follow-ups start afresh, /healthz says degraded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.engine.assistant import Assistant
from app.local_redis import free_port
from app.main import create_app
from app.settings import Settings
from app.state.redis_store import RedisStateStore


@pytest.fixture()
def degraded_client(assistant: Assistant, embedder, settings: Settings) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    store = RedisStateStore(f"redis://127.0.0.1:{free_port()}/0", timeout_s=0.2)  # nothing listens there
    unreachable = Assistant(assistant.index, embedder, relevance_threshold=settings.relevance_threshold, state=store)
    with TestClient(create_app(settings, unreachable)) as client:
        yield client


def test_unreachable_redis_degrades_without_a_single_500(degraded_client: TestClient) -> None:
    health = degraded_client.get("/healthz")
    assert health.status_code == 200
    assert health.json()["status"] == "degraded" and health.json()["store"]["backend"] == "redis"
    first = degraded_client.post("/ask", json={"question": "How many stars does PyTorch have?"})
    assert first.status_code == 200 and first.json()["value"] == 20243
    follow = degraded_client.post("/ask", json={"question": "How many commits does it have?",
                                                "conversation_id": first.json()["conversation_id"]})
    assert follow.status_code == 200
    assert follow.json()["answered"] is False  # "it" is unknown: a new conversation
    assert follow.json()["conversation_id"] != first.json()["conversation_id"]
