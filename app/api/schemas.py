"""Request and response models of the HTTP API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

Question = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000, strict=True)]


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
