"""Conversations on a state store: a turn survives JSON both ways for every question in the public set,
stays small, and a conversation started through one store (replica) continues through another."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.corpus.loader import load_corpus
from app.engine.conversation import NAMESPACE, ConversationStore
from app.engine.intent import Turn, classify
from app.engine.linking import EntityLinker
from app.engine.understand import understand
from app.local_redis import LocalRedis
from app.state.redis_store import RedisStateStore
from app.state.store import MemoryStateStore
from tests.conftest import sweep
from tests.engine.questions import load_cases

REPO = Path(__file__).resolve().parents[2]
QUESTIONS = [turn["q"] for _, turns in load_cases("questions.yaml") for turn in turns]


@pytest.fixture(scope="module")
def linker() -> EntityLinker:
    return EntityLinker(load_corpus(REPO / "corpus"))


def test_every_public_question_turn_round_trips_through_json(linker: EntityLinker) -> None:
    previous = None
    largest = 0
    for question in QUESTIONS:
        turn = Turn(classify(understand(question, linker), previous), ["pytorch", "theano"])
        text = json.dumps(turn.to_dict(), ensure_ascii=False)
        largest = max(largest, len(text.encode()))
        assert Turn.from_dict(json.loads(text)) == turn, question
        previous = turn
    assert largest < 1024  # what one conversation costs in Redis


def test_turn_from_another_format_is_refused(linker: EntityLinker) -> None:
    data = Turn(classify(understand("How many stars does PyTorch have?", linker))).to_dict()
    with pytest.raises(ValueError, match="turn format"):
        Turn.from_dict({**data, "v": 99})
    # fields a newer writer added are ignored
    newer = {**data, "query": {**data["query"], "plan": {"op": "figure"}}}
    assert Turn.from_dict(newer) == Turn.from_dict(data)


def test_unreadable_turn_is_no_conversation(linker: EntityLinker) -> None:
    state = MemoryStateStore()
    store = ConversationStore(state=state)
    state.put(NAMESPACE + "broken", {"v": 1, "query": {"raw": "x"}}, ttl_s=60)  # text and language missing
    assert store.get("broken") is None


def test_conversation_continues_through_another_replicas_store(redis_server: LocalRedis,
                                                               linker: EntityLinker) -> None:
    sweep(redis_server)
    one, two = RedisStateStore(redis_server.url), RedisStateStore(redis_server.url)
    try:
        first, second = ConversationStore(ttl_s=60, state=one), ConversationStore(ttl_s=60, state=two)
        turn = Turn(classify(understand("How many stars does PyTorch have?", linker)), ["pytorch"])
        conversation_id = first.put(None, turn)
        assert second.get(conversation_id) == turn
        assert second.put(conversation_id, turn) == conversation_id  # known everywhere: kept
        assert second.put("made-up-by-client", turn) != "made-up-by-client"
        assert second.put("thread:T1:C1:1.0", turn, adopt=True) == "thread:T1:C1:1.0"
        assert first.get("thread:T1:C1:1.0") == turn
    finally:
        one.close()
        two.close()
