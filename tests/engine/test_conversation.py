"""Conversations on a state store: a turn survives JSON both ways for every question in the public set,
stays small, and a conversation started through one store (replica) continues through another."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.corpus.loader import load_corpus
from app.engine.catalog import Catalog
from app.engine.conversation import NAMESPACE, ConversationStore, Turn
from app.engine.linking import EntityLinker
from app.engine.parse import parse
from app.engine.planner import make_plan
from app.local_redis import LocalRedis
from app.state.redis_store import RedisStateStore
from app.state.store import MemoryStateStore
from tests.conftest import sweep
from tests.engine.questions import load_cases

REPO = Path(__file__).resolve().parents[2]
QUESTIONS = [turn["q"] for _, turns in load_cases("questions.yaml") for turn in turns]


class Planner:
    def __init__(self) -> None:
        corpus = load_corpus(REPO / "corpus")
        self.catalog, self.linker = Catalog(corpus), EntityLinker(corpus)

    def turn(self, question: str, previous: Turn | None = None, ids: list[str] | None = None) -> Turn:
        plan = make_plan(parse(question, self.linker, self.catalog.measures), self.catalog, previous)
        return Turn(plan=plan, ids=ids or [], recent=ids or [])


@pytest.fixture(scope="module")
def linker() -> Planner:
    return Planner()


def test_every_public_question_turn_round_trips_through_json(linker: Planner) -> None:
    previous = None
    largest = 0
    for question in QUESTIONS:
        turn = linker.turn(question, previous, ["pytorch", "theano"])
        text = json.dumps(turn.to_dict(), ensure_ascii=False)
        largest = max(largest, len(text.encode()))
        assert Turn.from_dict(json.loads(text)) == turn, question
        previous = turn
    assert largest < 1024  # what one conversation costs in Redis


def test_turn_from_another_format_is_refused(linker: Planner) -> None:
    data = linker.turn("How many stars does PyTorch have?").to_dict()
    with pytest.raises(ValueError, match="turn format"):
        Turn.from_dict({**data, "v": 99})
    # fields a newer writer added are ignored
    newer = {**data, "summary": {"op": "value"}}
    assert Turn.from_dict(newer) == Turn.from_dict(data)


def test_unreadable_turn_is_no_conversation(linker: Planner) -> None:
    state = MemoryStateStore()
    store = ConversationStore(state=state)
    state.put(NAMESPACE + "broken", {"v": 2, "plan": {"language": "xx"}}, ttl_s=60)  # no operation, bad language
    assert store.get("broken") is None
    state.put(NAMESPACE + "old", {"v": 1, "query": {"raw": "x"}}, ttl_s=60)  # the intent chain's format
    assert store.get("old") is None


def test_conversation_continues_through_another_replicas_store(redis_server: LocalRedis,
                                                               linker: Planner) -> None:
    sweep(redis_server)
    one, two = RedisStateStore(redis_server.url), RedisStateStore(redis_server.url)
    try:
        first, second = ConversationStore(ttl_s=60, state=one), ConversationStore(ttl_s=60, state=two)
        turn = linker.turn("How many stars does PyTorch have?", None, ["pytorch"])
        conversation_id = first.put(None, turn)
        assert second.get(conversation_id) == turn
        assert second.put(conversation_id, turn) == conversation_id  # known everywhere: kept
        assert second.put("made-up-by-client", turn) != "made-up-by-client"
        assert second.put("thread:T1:C1:1.0", turn, adopt=True) == "thread:T1:C1:1.0"
        assert first.get("thread:T1:C1:1.0") == turn
    finally:
        one.close()
        two.close()
