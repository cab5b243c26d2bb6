"""The OpenAI-compatible chat API with the official ``openai`` client against a real server, and its errors."""

from __future__ import annotations

import httpx
import openai
import pytest

from app.api.schemas import AskResponse
from tests.conftest import API_KEY

PYTORCH_STARS = [{"role": "user", "content": "How many stars does PyTorch have?"}]


@pytest.fixture(scope="module")
def chat(live_server: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{live_server}/v1", api_key="unused", max_retries=0)


def test_models_lists_the_one_model(chat: openai.OpenAI) -> None:
    assert [model.id for model in chat.models.list()] == ["dl-survey"]
    assert chat.models.retrieve("dl-survey").id == "dl-survey"


def test_completion_has_the_answer_with_numbered_source_links(chat: openai.OpenAI) -> None:
    completion = chat.chat.completions.create(model="dl-survey", messages=PYTORCH_STARS)  # type: ignore[arg-type]
    choice = completion.choices[0]
    assert choice.finish_reason == "stop" and choice.message.role == "assistant"
    content = choice.message.content or ""
    assert content.startswith("PyTorch [1] has 20,243 stars on GitHub (GitHub data as of 2018-10-23).")
    assert "**Sources**\n1. [PyTorch](https://github.com/pytorch/pytorch): " in content
    survey = AskResponse.model_validate(completion.model_extra["survey_answer"])  # type: ignore[index]
    assert survey.value == 20243 and survey.citations[0].id == "pytorch" and survey.conversation_id == ""


def test_streaming_sends_deltas_then_stop_then_done(chat: openai.OpenAI, live_server: str) -> None:
    stream = chat.chat.completions.create(model="dl-survey", messages=PYTORCH_STARS, stream=True)  # type: ignore[arg-type]
    chunks = list(stream)
    assert chunks[0].choices[0].delta.role == "assistant"
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert all(chunk.choices[0].finish_reason is None for chunk in chunks[:-1])
    streamed = "".join(chunk.choices[0].delta.content or "" for chunk in chunks)
    whole = chat.chat.completions.create(model="dl-survey", messages=PYTORCH_STARS)  # type: ignore[arg-type]
    assert streamed == whole.choices[0].message.content
    raw = httpx.post(f"{live_server}/v1/chat/completions", timeout=30,
                     json={"model": "dl-survey", "messages": PYTORCH_STARS, "stream": True})
    assert raw.headers["content-type"].startswith("text/event-stream")
    assert raw.text.endswith("data: [DONE]\n\n")


@pytest.mark.parametrize("stream", [False, True])
def test_follow_up_context_comes_from_earlier_user_turns(chat: openai.OpenAI, stream: bool) -> None:
    messages = [
        {"role": "system", "content": "You are helpful."},
        {"role": "user", "content": "How many stars does PyTorch have?"},
        {"role": "assistant", "content": "PyTorch [1] has 20,243 stars on GitHub."},
        {"role": "user", "content": [{"type": "text", "text": "and commits?"}]},
    ]
    if stream:
        chunks = chat.chat.completions.create(model="dl-survey", messages=messages, stream=True)  # type: ignore[arg-type]
        content = "".join(chunk.choices[0].delta.content or "" for chunk in chunks)
    else:
        content = chat.chat.completions.create(model="dl-survey", messages=messages).choices[0].message.content or ""  # type: ignore[arg-type]
    assert content.startswith("PyTorch [1] has 14,022 commits")


def test_chinese_question(chat: openai.OpenAI) -> None:
    completion = chat.chat.completions.create(
        model="dl-survey", messages=[{"role": "user", "content": "TensorFlow有多少贡献者？"}])
    assert "1,700" in (completion.choices[0].message.content or "") and "**来源**" in (
        completion.choices[0].message.content or "")


def test_ignored_parameters_are_accepted(chat: openai.OpenAI) -> None:
    completion = chat.chat.completions.create(
        model="dl-survey", messages=PYTORCH_STARS, temperature=0.2, max_tokens=5, top_p=0.5, user="u1",  # type: ignore[arg-type]
        tools=[{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}],
        extra_body={"stream_options": {"include_usage": True}, "frequency_penalty": 0.1})
    assert "20,243" in (completion.choices[0].message.content or "")


def test_unknown_model_is_404_in_openais_shape(chat: openai.OpenAI) -> None:
    with pytest.raises(openai.NotFoundError) as caught:
        chat.chat.completions.create(model="gpt-4o", messages=PYTORCH_STARS)  # type: ignore[arg-type]
    error = caught.value.body
    assert isinstance(error, dict) and error["code"] == "model_not_found"
    assert "'gpt-4o' does not exist" in error["message"]
    with pytest.raises(openai.NotFoundError):
        chat.models.retrieve("gpt-4o")


@pytest.mark.parametrize(("messages", "reason"), [
    ([{"role": "assistant", "content": "hello"}], "last message must be the user's question"),
    ([{"role": "user", "content": "   "}], "no text"),
    ([{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "x"}}]}], "no text"),
    ([{"role": "user", "content": "x" * 2001}], "the limit is 2000"),
])
def test_unanswerable_messages_are_400(chat: openai.OpenAI, messages: list, reason: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(openai.BadRequestError) as caught:
        chat.chat.completions.create(model="dl-survey", messages=messages)
    assert caught.value.status_code == 400 and reason in str(caught.value.body)


@pytest.mark.parametrize("body", [
    {"model": "dl-survey", "messages": []},
    {"model": "dl-survey"},
    {"model": "dl-survey", "messages": [{"role": "wizard", "content": "hi"}]},
    {"model": "dl-survey", "messages": [{"content": "hi"}]},
    {"model": "dl-survey", "messages": "hi"},
    {"model": 7, "messages": PYTORCH_STARS},
    {"model": "dl-survey", "messages": PYTORCH_STARS, "temperature": 9},
    {"model": "dl-survey", "messages": PYTORCH_STARS, "n": 3},
    [1, 2],
])
def test_malformed_requests_are_400_in_openais_shape(live_server: str, body: object) -> None:
    response = httpx.post(f"{live_server}/v1/chat/completions", json=body, timeout=30)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["type"] == "invalid_request_error" and error["message"]


def test_undecodable_body_is_400_in_openais_shape(live_server: str) -> None:
    response = httpx.post(f"{live_server}/v1/chat/completions", content=b'{"model": \xff',
                          headers={"content-type": "application/json"}, timeout=30)
    assert response.status_code == 400 and response.json()["error"]["param"] == "body"


def test_bearer_key_is_the_api_key(keyed_live_server: str) -> None:
    denied = openai.OpenAI(base_url=f"{keyed_live_server}/v1", api_key="wrong", max_retries=0)
    with pytest.raises(openai.AuthenticationError) as caught:
        denied.chat.completions.create(model="dl-survey", messages=PYTORCH_STARS)  # type: ignore[arg-type]
    assert caught.value.body["code"] == "invalid_api_key"  # type: ignore[index]
    with pytest.raises(openai.AuthenticationError):
        denied.models.list()
    allowed = openai.OpenAI(base_url=f"{keyed_live_server}/v1", api_key=API_KEY, max_retries=0)
    completion = allowed.chat.completions.create(model="dl-survey", messages=PYTORCH_STARS)  # type: ignore[arg-type]
    assert "20,243" in (completion.choices[0].message.content or "")
    assert httpx.get(f"{keyed_live_server}/v1/models", headers={"X-API-Key": API_KEY}).status_code == 200
