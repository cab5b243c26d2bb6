"""Request and response models of the HTTP API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from app.corpus.models import LibraryEntry

# The pattern says in the schema what stripping means: at least one character that is not whitespace.
Question = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000, pattern=r"\S",
                                            strict=True)]


def _integral_float_as_int(value: object) -> object:
    # JSON Schema's "integer" includes 7.0; strict mode still refuses "7", true and 7.5.
    return int(value) if isinstance(value, float) and value.is_integer() else value


class AskRequest(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"question": "How many stars does PyTorch have?"}]})

    question: Question = Field(description="The question, in English or Chinese (1–2000 characters after trimming)")
    top_k: Annotated[int, BeforeValidator(_integral_float_as_int)] = Field(
        default=5, ge=1, le=20, strict=True, description="The most citations to return"
    )
    conversation_id: str | None = Field(
        default=None, max_length=128, strict=True, description="Continue an earlier conversation"
    )
    debug: bool = Field(default=False, strict=True, description="Also return the query plan the answer ran")


class LibraryRef(BaseModel):
    id: str
    name: str
    metric: str | None = Field(default=None, description="The measure the answer states for it (a metric id)")
    value: int | float | None = None


class FigureOut(BaseModel):
    metric: str
    label: str = Field(description="The metric's name in the answer's language")
    value: int


class Citation(BaseModel):
    n: int
    kind: Literal["library", "source"] = Field(description="A library entry, or the source document itself")
    id: str
    name: str
    url: str | None
    snippet: str
    score: float
    figures: list[FigureOut] = Field(default_factory=list, description="The entry's figures (empty for a source)")
    as_of: str = Field(description="The date of the figures")


class AskResponse(BaseModel):
    answer: str
    answered: bool
    language: Literal["en", "zh"]
    intent: str
    libraries: list[LibraryRef]
    value: int | float | None
    citations: list[Citation]
    conversation_id: str
    took_ms: float
    plan: dict[str, Any] | None = Field(default=None, description="The query plan (scope, measure, operation), "
                                                                   "when the request set debug")


class FiguresOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    as_of: dt.date


class LibraryOut(BaseModel):
    id: str
    name: str
    aliases: list[str]
    rank: int | None
    url: str | None
    source: str
    figures: FiguresOut
    description_en: str
    description_zh: str
    attributes: dict[str, list[str]]

    @classmethod
    def from_entry(cls, entry: LibraryEntry) -> Self:
        data = entry.model_dump(mode="json")
        data["figures"] = {"as_of": str(entry.figures.as_of), **entry.figures.values()}
        data["attributes"] = dict(entry.attributes.items())
        return cls.model_validate(data)


class LibraryList(BaseModel):
    count: int
    libraries: list[LibraryOut]


class StoreStatus(BaseModel):
    backend: Literal["memory", "redis"] = Field(description="Where conversations and Slack state live")
    status: Literal["ok", "degraded"] = Field(description="degraded: Redis unreachable, answering without it")
    detail: str = Field(default="", description="The last error while degraded")


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    entries: int
    index_type: str
    built_at: str
    model: str
    store: StoreStatus


class ErrorDetail(BaseModel):
    field: str
    reason: str


class ErrorResponse(BaseModel):
    error: str
    detail: list[ErrorDetail] | str


class FeedbackSummary(BaseModel):
    answers: int = Field(description="Answers the Slack bot posted")
    helpful: int = Field(description="Votes 'helpful' (one per user and answer)")
    not_helpful: int = Field(description="Votes 'not helpful'")
    total: int = Field(description="All votes")


# --- OpenAI-compatible chat API (/v1): the subset of OpenAI's shapes that chat front ends send and read ---

ChatRole = Literal["system", "developer", "user", "assistant", "tool", "function"]


#: Strict like AskRequest (no "5" for 5, no false for 0.0), yet 7.0 is a JSON-Schema integer. (The bound goes
#: before the validator, or the schema says "ge" where JSON Schema wants "minimum".)
PositiveInt = Annotated[int, Field(ge=1), BeforeValidator(_integral_float_as_int)]


class ChatContentPart(BaseModel):
    """One part of a message's content; only ``text`` parts are read (images and the like are ignored)."""

    model_config = ConfigDict(extra="allow", strict=True)

    type: str = Field(max_length=64)
    text: str | None = None


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)

    role: ChatRole
    content: str | list[ChatContentPart] | None = None
    name: str | None = Field(default=None, max_length=256)

    def text(self) -> str:
        """The message's text: the string, or its text parts joined by newlines."""
        if isinstance(self.content, str):
            return self.content
        return "\n".join(part.text for part in self.content or [] if part.type == "text" and part.text)


class ChatCompletionRequest(BaseModel):
    """OpenAI's chat-completion request. Unknown fields are accepted; the sampling and tool parameters are
    accepted and ignored (answers are computed from the survey, not sampled)."""

    model_config = ConfigDict(extra="allow", strict=True, json_schema_extra={"examples": [
        {"model": "dl-survey", "messages": [{"role": "user", "content": "How many stars does PyTorch have?"}]}]})

    model: str = Field(max_length=256, description="The model id; GET /v1/models lists the one there is")
    messages: list[ChatMessage] = Field(min_length=1, max_length=200, description=(
        "The conversation so far; the last message must be the user's question (1–2000 characters). Earlier "
        "user messages give follow-ups their context; system and assistant messages are ignored"))
    stream: bool = Field(default=False, description="Answer as server-sent events of chat.completion.chunk")
    temperature: float | None = Field(default=None, ge=0, le=2, description="Accepted and ignored")
    top_p: float | None = Field(default=None, ge=0, le=1, description="Accepted and ignored")
    max_tokens: PositiveInt | None = Field(default=None, description="Accepted and ignored")
    max_completion_tokens: PositiveInt | None = Field(default=None, description="Accepted and ignored")
    n: Annotated[int, Field(ge=1, le=1), BeforeValidator(_integral_float_as_int)] | None = Field(
        default=None, description="Only 1 is supported")
    tools: list[dict[str, object]] | None = Field(default=None, description="Accepted and ignored")
    tool_choice: str | dict[str, object] | None = Field(default=None, description="Accepted and ignored")
    user: str | None = Field(default=None, max_length=256, description="Accepted and ignored")


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]


class ChatReply(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class ChatChoice(BaseModel):
    index: int = 0
    message: ChatReply
    finish_reason: Literal["stop"] = "stop"


class ChatUsage(BaseModel):
    """Always zeros: no tokens are generated."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[ChatChoice]
    usage: ChatUsage = Field(default_factory=ChatUsage)
    survey_answer: AskResponse = Field(description="The structured answer, as POST /ask returns it "
                                                   "(conversation_id is empty: the chat API keeps no state)")


class ChatDelta(BaseModel):
    role: Literal["assistant"] | None = None
    content: str | None = None


class ChatChunkChoice(BaseModel):
    index: int = 0
    delta: ChatDelta
    finish_reason: Literal["stop"] | None = None


class ChatCompletionChunk(BaseModel):
    id: str
    object: Literal["chat.completion.chunk"] = "chat.completion.chunk"
    created: int
    model: str
    choices: list[ChatChunkChoice]
    survey_answer: AskResponse | None = Field(default=None, description="On the final chunk only")


class OpenAIErrorBody(BaseModel):
    message: str
    type: str
    param: str | None = None
    code: str | None = None


class OpenAIError(BaseModel):
    error: OpenAIErrorBody
