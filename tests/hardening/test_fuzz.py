"""Fuzzing: schemathesis against the service's own OpenAPI schema; hypothesis on question understanding."""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import positive_data_acceptance

from app.api.schemas import AskResponse, ChatCompletion, ChatCompletionChunk

#: 200 in `make test`; DLQA_FUZZ_EXAMPLES=3000 for a deeper search (3000 passed when this was written).
PROPERTY_EXAMPLES = int(os.environ.get("DLQA_FUZZ_EXAMPLES", "200"))

pytestmark = pytest.mark.slow


class SessionApp:
    """ASGI app forwarding to the session's app (its state set up by the ``client`` fixture).

    Until a test sets ``target`` it forwards to a fresh ``create_app(Settings())``, enough to serve the schema at import
    time; its own lifespan is a no-op, so the repository's index/ is never loaded. (Schemathesis's
    ``from_fixture`` reads ``request.node._nodeid``, which this pytest no longer has.)
    """

    def __init__(self) -> None:
        from app.main import create_app
        from app.settings import Settings

        self.target: Any = create_app(Settings())

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        await self.target(scope, receive, send)


SESSION_APP = SessionApp()
schema = schemathesis.openapi.from_asgi("/openapi.json", SESSION_APP)


@pytest.fixture(autouse=True)
def _session_app(client) -> None:
    SESSION_APP.target = client.app


def openai_errors_have_openais_shape(ctx: Any, response: Any, case: schemathesis.Case) -> bool | None:
    if case.path.startswith("/v1/") and 400 <= response.status_code < 500 and response.status_code != 413:
        error = response.json()["error"]
        assert isinstance(error["message"], str) and error["message"] and error["type"], error
    return None


@schema.parametrize()
@hypothesis_settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_conforms_to_its_schema(case: schemathesis.Case) -> None:
    # All default checks: no 5xx, documented status codes and content types, responses match their schema,
    # invalid data rejected, valid data accepted. One exception: a chat's last message must be the user's
    # question, which JSON Schema cannot say, so a schema-valid chat may get a 400 (in OpenAI's shape).
    excluded = [positive_data_acceptance] if case.path == "/v1/chat/completions" else None
    case.call_and_validate(excluded_checks=excluded, additional_checks=[openai_errors_have_openais_shape])


#: Any text: control characters, every plane (no lone surrogates: they cannot be sent as UTF-8), and very
#: long questions made by repetition (the engine is called directly, without the 2,000-character limit).
QUESTIONS = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp"]), max_size=50),
    st.text(min_size=1, max_size=40).map(lambda s: s * 1000),
    st.lists(st.sampled_from(["PyTorch", "星标", "stars", "多少", "top", "5k", "it", "它", "和", "vs", " ", "?",
                              "\x00", "Theano", "比", "more than", "一万", "GPU", "Spark"]),
             max_size=30).map("".join),
)


@given(question=QUESTIONS, top_k=st.integers(1, 20),
       conversation_id=st.none() | st.text(max_size=128) | st.just("thread:T:C:1"))
@hypothesis_settings(max_examples=PROPERTY_EXAMPLES, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_any_text_gets_a_valid_answer_never_an_exception(assistant, question: str, top_k: int,
                                                          conversation_id: str | None) -> None:
    answer = assistant.ask(question, top_k, conversation_id)
    assert answer.language in ("en", "zh")
    assert isinstance(answer.answered, bool) and isinstance(answer.answer, str) and answer.answer
    if not answer.answered:
        assert answer.value is None
    assert len(answer.citations) <= top_k
    AskResponse.model_validate({k: v for k, v in vars(answer).items() if k != "extra"})


#: Message texts: anything, Chinese and English question words, and texts either side of the 2,000 limit.
MESSAGE_TEXTS = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=100),
    st.lists(st.sampled_from(["PyTorch", "星标", "stars", "and commits?", "它", "what about", "Theano", "top 3",
                              "\x00", " ", "GPU", "?"]), max_size=12).map(" ".join),
    st.text(alphabet="ab c", min_size=1, max_size=10).map(lambda s: s * 220),
)
CONTENTS = st.one_of(
    st.none(), MESSAGE_TEXTS,
    st.lists(st.one_of(st.builds(lambda t: {"type": "text", "text": t}, MESSAGE_TEXTS),
                       st.just({"type": "image_url", "image_url": {"url": "data:,"}})), max_size=3),
)
MESSAGES = st.lists(st.fixed_dictionaries({
    "role": st.sampled_from(["system", "developer", "user", "user", "user", "assistant", "tool"]),
    "content": CONTENTS}), min_size=1, max_size=8)


@given(messages=MESSAGES, stream=st.booleans())
@hypothesis_settings(max_examples=PROPERTY_EXAMPLES, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_any_chat_messages_get_an_answer_or_a_400_never_a_server_error(client, messages: list[dict[str, Any]],
                                                                        stream: bool) -> None:
    body = {"model": "dl-survey", "messages": messages, "stream": stream}
    response = client.post("/v1/chat/completions", json=body)
    assert response.status_code in (200, 400, 413), response.text
    if response.status_code == 400:
        assert response.json()["error"]["type"] == "invalid_request_error"
    elif response.status_code == 200 and stream:
        events = [line[len("data: "):] for line in response.text.split("\n\n") if line]
        assert events[-1] == "[DONE]"
        chunks = [ChatCompletionChunk.model_validate_json(event) for event in events[:-1]]
        assert chunks[-1].choices[0].finish_reason == "stop" and chunks[-1].survey_answer is not None
    elif response.status_code == 200:
        completion = ChatCompletion.model_validate(response.json())
        assert completion.choices[0].message.content.startswith(completion.survey_answer.answer)
