"""Turning chat messages into a question and its history, and answers into markdown with source links."""

from __future__ import annotations

import pytest

from app.api.chat_format import HISTORY_TURNS, answer_markdown, split_conversation
from app.api.schemas import AskResponse, ChatMessage
from app.errors import ChatRequestError


def messages(*pairs: tuple[str, object]) -> list[ChatMessage]:
    return [ChatMessage.model_validate({"role": role, "content": content}) for role, content in pairs]


def test_question_is_the_last_user_message_and_history_the_earlier_user_ones() -> None:
    question, history = split_conversation(messages(
        ("system", "be brief"), ("user", " How many stars does PyTorch have? "), ("assistant", "20,243"),
        ("user", [{"type": "text", "text": "and"}, {"type": "image_url"}, {"type": "text", "text": "commits?"}])))
    assert question == "and\ncommits?"
    assert history == ["How many stars does PyTorch have?"]


def test_history_keeps_only_the_last_turns_and_skips_empty_ones() -> None:
    chat = [("user", f"question {n}") for n in range(20)] + [("user", "  "), ("user", "last")]
    question, history = split_conversation(messages(*chat))
    assert question == "last" and history == [f"question {n}" for n in range(20 - HISTORY_TURNS, 20)]


@pytest.mark.parametrize(("chat", "reason"), [
    ([("user", "hi"), ("assistant", "hello")], "last message must be the user's question"),
    ([("user", None)], "no text"),
    ([("user", "a" * 2001)], "limit is 2000"),
])
def test_unanswerable_conversations_raise_a_request_error(chat: list[tuple[str, object]], reason: str) -> None:
    with pytest.raises(ChatRequestError, match=reason):
        split_conversation(messages(*chat))


def test_markdown_numbers_the_sources_and_links_those_with_a_url() -> None:
    answer = AskResponse.model_validate({
        "answer": "A [1] and B [2].", "answered": True, "language": "zh", "intent": "comparison", "libraries": [],
        "value": None, "conversation_id": "", "took_ms": 0.1, "citations": [
            {"n": 1, "id": "a", "name": "A [lib]", "url": "https://example.org/a", "snippet": "a: 1 star", "score": 1,
             "kind": "library", "as_of": "2018-10-23"},
            {"n": 2, "id": "b", "name": "B", "url": None, "snippet": "b: 2 stars", "score": 1,
             "kind": "library", "as_of": "2018-10-23"}]})
    assert answer_markdown(answer) == ("A [1] and B [2].\n\n**来源**\n1. [A (lib)](https://example.org/a): a: 1 star\n"
                                       "2. B: b: 2 stars")


def test_markdown_of_an_answer_without_citations_is_the_answer() -> None:
    answer = AskResponse.model_validate({
        "answer": "The survey does not say.", "answered": False, "language": "en", "intent": "out_of_scope",
        "libraries": [], "value": None, "citations": [], "conversation_id": "", "took_ms": 0.1})
    assert answer_markdown(answer) == "The survey does not say."
