"""``Assistant.ask_stateless``: a follow-up answered from resent user turns, never touching the shared store."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow

CONVERSATIONS = [
    ["How many stars does PyTorch have?", "and commits?"],
    ["How many stars does PyTorch have?", "How many commits does it have?", "What about Theano?"],
    ["TensorFlow有多少贡献者？", "它的星标呢？"],
    ["Which libraries run on Spark?", "How many stars does the first one have?"],
    ["What's the weather in Paris?", "and commits?"],
]


@pytest.mark.parametrize("turns", CONVERSATIONS)
def test_answer_equals_asking_the_turns_in_one_conversation(assistant, turns: list[str]) -> None:  # type: ignore[no-untyped-def]
    conversation_id = None
    for turn in turns:
        expected = assistant.ask(turn, 5, conversation_id)
        conversation_id = expected.conversation_id
    stored = len(assistant.conversations)
    got = assistant.ask_stateless(turns[-1], turns[:-1])
    assert (got.answer, got.value, got.citations, got.intent) == (
        expected.answer, expected.value, expected.citations, expected.intent)
    assert got.conversation_id == "" and got.took_ms > 0
    assert len(assistant.conversations) == stored


def test_without_history_it_is_a_fresh_question(assistant) -> None:  # type: ignore[no-untyped-def]
    assert assistant.ask_stateless("How many commits does it have?", []).answered is False
    assert assistant.ask_stateless("Caffe stars", []).value == 25927
