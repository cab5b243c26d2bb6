"""OpenAI-compatible chat API (``/v1/models``, ``/v1/chat/completions``) for chat front ends with a base URL.

Thin like the other routes: the answer comes from ``Assistant.ask_stateless`` (``Assistant.ask`` replayed over
the earlier user turns), so follow-ups work without server state. Errors take OpenAI's shape in ``errors.py``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from app.api import chat_format
from app.api.keys import check_key
from app.api.schemas import ChatCompletion, ChatCompletionRequest, ModelCard, ModelList, OpenAIError
from app.engine.assistant import Assistant
from app.errors import UnknownModelError

MODEL_ID = "dl-survey"
#: A fixed creation time (the survey's as-of date, 2018-10-23 UTC) so the model list never changes.
MODEL_CREATED = 1540252800


#: One server-sent event of a streamed answer (OpenAPI 3.1: the schema describes each event).
SSE_EVENT = {"type": "object", "required": ["data"], "properties": {"data": {
    "type": "string", "description": "A chat.completion.chunk as JSON; the last event is [DONE]"}}}


def require_key(request: Request) -> None:
    check_key(request.app.state.settings, request.headers)


router = APIRouter(prefix="/v1", dependencies=[Depends(require_key)], tags=["OpenAI-compatible"])
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": OpenAIError, "description": "Malformed request or messages, in OpenAI's error shape"},
    401: {"model": OpenAIError, "description": "Missing or wrong API key"},
}


@router.get("/models", response_model=ModelList, responses=ERRORS)
def models() -> ModelList:
    return ModelList(data=[ModelCard(id=MODEL_ID, created=MODEL_CREATED, owned_by="dlsurvey-assistant")])


@router.get("/models/{model_id}", response_model=ModelCard,
            responses={**ERRORS, 404: {"model": OpenAIError, "description": "No such model"}})
def model(model_id: str) -> ModelCard:
    if model_id != MODEL_ID:
        raise UnknownModelError(model_id[:100], MODEL_ID)
    return ModelCard(id=MODEL_ID, created=MODEL_CREATED, owned_by="dlsurvey-assistant")


@router.post("/chat/completions", response_model=ChatCompletion, responses={
    200: {"content": {"text/event-stream": {"schema": SSE_EVENT}},
          "description": "A chat.completion, or with stream=true chat.completion.chunk events then [DONE]"},
    **ERRORS, 404: {"model": OpenAIError, "description": "Unknown model"}})
def chat_completions(body: ChatCompletionRequest, request: Request) -> Response:
    if body.model != MODEL_ID:
        raise UnknownModelError(body.model[:100], MODEL_ID)
    question, history = chat_format.split_conversation(body.messages)
    assistant: Assistant = request.app.state.assistant
    answer = assistant.ask_stateless(question, history)
    request.state.intent, request.state.answered = answer.intent, answer.answered
    if request.app.state.settings.log_questions:
        request.state.question = question
    request.app.state.metrics.observe_answer(answer.intent, answer.answered)
    if body.stream:
        # The whole answer exists at once, so its events go out in one write: the same stream for a client,
        # without a thread-pool hop per chunk that a StreamingResponse over a sync iterator would cost.
        return Response("".join(chat_format.stream_events(answer, MODEL_ID)), media_type="text/event-stream",
                        headers={"Cache-Control": "no-cache"})
    return Response(chat_format.completion(answer, MODEL_ID).model_dump_json(), media_type="application/json")
