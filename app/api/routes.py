"""Routes: parse and validate, call the engine, return its result. No business logic here."""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import PlainTextResponse, Response

from app.api.deps import AssistantDep, MetricsDep, SettingsDep, StoreDep
from app.api.schemas import AskRequest, AskResponse, ErrorResponse, Health, LibraryList, LibraryOut, StoreStatus
from app.errors import UnauthorizedError, UnknownLibraryError


async def require_api_key(request: Request, settings: SettingsDep) -> None:
    """Only when an API key is configured; compared in constant time (async: no thread hop, see deps)."""
    expected = settings.api_key
    if expected is None:
        return
    given = request.headers.get("x-api-key", "")
    if not hmac.compare_digest(given.encode(), expected.get_secret_value().encode()):
        raise UnauthorizedError()


router = APIRouter()
protected = APIRouter(dependencies=[Depends(require_api_key)])
INVALID: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorResponse, "description": "The request names the field and the reason"}
}


@router.get("/healthz", response_model=Health)
def healthz(assistant: AssistantDep, store: StoreDep) -> Health:
    """200 while the process answers; ``status`` is "degraded" while the shared state store is unreachable."""
    manifest = assistant.index.manifest
    health = store.health()
    return Health(status=health.status, entries=manifest.entry_count, index_type=manifest.faiss_index_type,
                  built_at=manifest.built_at, model=manifest.model.name,
                  store=StoreStatus(backend=health.backend, status=health.status, detail=health.detail))


@router.get("/metrics", response_class=PlainTextResponse)
def metrics(recorded: MetricsDep) -> PlainTextResponse:
    return PlainTextResponse(recorded.render(), media_type="text/plain; version=0.0.4")


@protected.post("/ask", response_model=AskResponse, responses={**INVALID, 401: {"model": ErrorResponse}})
def ask(body: AskRequest, request: Request, assistant: AssistantDep, settings: SettingsDep,
        recorded: MetricsDep) -> Response:
    answer = assistant.ask(body.question, body.top_k, body.conversation_id, debug=body.debug)
    request.state.intent, request.state.answered = answer.intent, answer.answered
    if settings.log_questions:
        request.state.question = body.question
    recorded.observe_answer(answer.intent, answer.answered)
    response = AskResponse(
        answer=answer.answer, answered=answer.answered, language=answer.language,  # type: ignore[arg-type]
        intent=answer.intent, libraries=answer.libraries, value=answer.value,  # type: ignore[arg-type]
        citations=answer.citations, conversation_id=answer.conversation_id, took_ms=answer.took_ms,  # type: ignore[arg-type]
        plan=answer.plan,
    )
    # Validated once here; returned as JSON so FastAPI does not validate and serialise it a second time.
    exclude = None if answer.plan is not None else {"plan"}  # the plan only when asked for (debug)
    return Response(response.model_dump_json(exclude=exclude), media_type="application/json")


@protected.get("/libraries", response_model=LibraryList, responses={401: {"model": ErrorResponse}})
def libraries(assistant: AssistantDep) -> LibraryList:
    entries = assistant.catalog.entries
    return LibraryList(count=len(entries), libraries=[LibraryOut.from_entry(e) for e in entries])


@protected.get("/libraries/{library_id}", response_model=LibraryOut,
               responses={404: {"model": ErrorResponse}, 401: {"model": ErrorResponse}})
def library(library_id: str, assistant: AssistantDep) -> LibraryOut:
    entry = assistant.catalog.find(library_id)
    if entry is None:
        raise UnknownLibraryError(library_id[:100])
    return LibraryOut.from_entry(entry)
