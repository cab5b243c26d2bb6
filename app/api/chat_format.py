"""Answers as chat front ends want them: markdown with numbered source links, and OpenAI completion shapes."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator, Sequence

from app.api.schemas import (
    AskResponse,
    ChatChoice,
    ChatChunkChoice,
    ChatCompletion,
    ChatCompletionChunk,
    ChatDelta,
    ChatMessage,
    ChatReply,
)
from app.engine.assistant import Answer
from app.errors import ChatRequestError

MAX_QUESTION_CHARS = 2000
#: Earlier user questions replayed for a follow-up's context. The engine remembers one turn, and a turn is
#: filled from the one before it, so only a short tail matters; the cap bounds the work a long chat costs.
HISTORY_TURNS = 8
SOURCES_HEADING = {"en": "**Sources**", "zh": "**来源**"}


def split_conversation(messages: Sequence[ChatMessage]) -> tuple[str, list[str]]:
    """The question (the last message, which must be the user's) and the earlier user questions, oldest first."""
    last = messages[-1]
    if last.role != "user":
        raise ChatRequestError(f"the last message must be the user's question, not a {last.role!r} message")
    question = last.text().strip()
    if not question:
        raise ChatRequestError("the last user message has no text")
    if len(question) > MAX_QUESTION_CHARS:
        raise ChatRequestError(f"the question is {len(question)} characters long; the limit is {MAX_QUESTION_CHARS}")
    earlier = [m.text().strip()[:MAX_QUESTION_CHARS] for m in messages[:-1] if m.role == "user"]
    return question, [text for text in earlier if text][-HISTORY_TURNS:]


def ask_response(answer: Answer) -> AskResponse:
    """The engine's answer in the ``POST /ask`` contract."""
    return AskResponse.model_validate(vars(answer))


def answer_markdown(answer: Answer | AskResponse) -> str:
    """The answer text (its ``[n]`` markers kept) followed by the citations as a numbered list of links."""
    if not answer.citations:
        return answer.answer
    lines = [answer.answer, "", SOURCES_HEADING.get(answer.language, SOURCES_HEADING["en"])]
    for citation in answer.citations:
        item = citation if isinstance(citation, dict) else citation.model_dump()
        name = str(item["name"]).replace("[", "(").replace("]", ")")
        link = f"[{name}]({item['url']})" if item["url"] else name
        lines.append(f"{item['n']}. {link}: {item['snippet']}")
    return "\n".join(lines)


def completion(answer: Answer, model: str) -> ChatCompletion:
    return ChatCompletion(id=_completion_id(), created=int(time.time()), model=model,
                          choices=[ChatChoice(message=ChatReply(content=answer_markdown(answer)))],
                          survey_answer=ask_response(answer))


def stream_events(answer: Answer, model: str) -> Iterator[str]:
    """Server-sent events: the role, the content line by line, a final chunk with ``finish_reason: "stop"``
    (carrying the structured answer), then ``data: [DONE]``."""
    completion_id, created = _completion_id(), int(time.time())

    def event(delta: ChatDelta, finish: bool = False, survey: AskResponse | None = None) -> str:
        chunk = ChatCompletionChunk(id=completion_id, created=created, model=model, survey_answer=survey,
                                    choices=[ChatChunkChoice(delta=delta, finish_reason="stop" if finish else None)])
        # As OpenAI's: "finish_reason": null until the last chunk, a delta without unset keys ({} at the end);
        # the structured answer only rides on the last chunk.
        data = chunk.model_dump(mode="json", exclude=None if survey else {"survey_answer"})
        data["choices"][0]["delta"] = delta.model_dump(exclude_none=True)
        return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"

    yield event(ChatDelta(role="assistant", content=""))
    for piece in answer_markdown(answer).splitlines(keepends=True):
        yield event(ChatDelta(content=piece))
    yield event(ChatDelta(), finish=True, survey=ask_response(answer))
    yield "data: [DONE]\n\n"


def _completion_id() -> str:
    return f"chatcmpl-{uuid.uuid4().hex}"


