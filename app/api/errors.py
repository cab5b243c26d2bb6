"""Maps domain and validation errors to HTTP responses, in one place. No stack trace ever reaches a client."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.errors import AssistantError, ChatRequestError, UnauthorizedError, UnknownLibraryError, UnknownModelError

log = logging.getLogger("app.api")


def _field(loc: tuple[object, ...] | list[object]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path") and not isinstance(p, int)]
    return ".".join(parts) or "body"


def _is_openai(request: Request) -> bool:
    """Routes of the OpenAI-compatible API answer errors in OpenAI's shape, which its clients read."""
    return request.url.path.startswith("/v1/")


def _openai(status: int, message: str, kind: str = "invalid_request_error", param: str | None = None,
            code: str | None = None, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(status_code=status, headers=headers,
                        content={"error": {"message": message, "type": kind, "param": param, "code": code}})


async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    if _is_openai(request):  # OpenAI answers 400 for a malformed request
        errors = [(_field(e.get("loc", ())), str(e.get("msg", "invalid"))) for e in exc.errors()] or [("body", "")]
        message = "; ".join(f"{field}: {reason}" for field, reason in errors[:5])
        return _openai(400, message, param=errors[0][0])
    detail = [{"field": _field(e.get("loc", ())), "reason": str(e.get("msg", "invalid"))} for e in exc.errors()]
    return JSONResponse(status_code=422, content={"error": "invalid request", "detail": detail})


async def _unknown_library(_: Request, exc: UnknownLibraryError) -> JSONResponse:
    return JSONResponse(status_code=404, content={"error": "not found", "detail": str(exc)})


async def _unknown_model(_: Request, exc: UnknownModelError) -> JSONResponse:
    return _openai(404, str(exc), param="model", code="model_not_found")


async def _chat_request(_: Request, exc: ChatRequestError) -> JSONResponse:
    return _openai(400, str(exc), param=exc.param)


async def _unauthorized(request: Request, exc: UnauthorizedError) -> JSONResponse:
    if _is_openai(request):
        return _openai(401, str(exc), code="invalid_api_key", headers={"WWW-Authenticate": "Bearer"})
    return JSONResponse(status_code=401, content={"error": "unauthorized", "detail": str(exc)},
                        headers={"WWW-Authenticate": "X-API-Key"})


async def _domain(_: Request, exc: AssistantError) -> JSONResponse:
    log.error("domain error: %s", exc)
    return JSONResponse(status_code=503, content={"error": "unavailable", "detail": str(exc)})


#: FastAPI's own words when a JSON body cannot be decoded (invalid UTF-8, nesting deeper than the parser takes).
BODY_PARSE_ERROR = "There was an error parsing the body"


async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    if _is_openai(request):
        parse_error = exc.status_code == 400 and exc.detail == BODY_PARSE_ERROR
        message = "the body is not valid JSON (it must be UTF-8 and not nested too deeply)" if parse_error else str(
            exc.detail)
        return _openai(exc.status_code, message, param="body" if parse_error else None,
                       headers=getattr(exc, "headers", None))
    if exc.status_code == 400 and exc.detail == BODY_PARSE_ERROR:
        return JSONResponse(status_code=422, content={"error": "invalid request", "detail": [
            {"field": "body", "reason": "not valid JSON (it must be UTF-8 and not nested too deeply)"}]})
    return JSONResponse(status_code=exc.status_code, content={"error": "http error", "detail": str(exc.detail)},
                        headers=getattr(exc, "headers", None))


async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error", exc_info=exc)
    return JSONResponse(status_code=500, content={"error": "internal error", "detail": "the error was logged"})


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)  # type: ignore[arg-type]
    app.add_exception_handler(UnknownLibraryError, _unknown_library)  # type: ignore[arg-type]
    app.add_exception_handler(UnauthorizedError, _unauthorized)  # type: ignore[arg-type]
    app.add_exception_handler(UnknownModelError, _unknown_model)  # type: ignore[arg-type]
    app.add_exception_handler(ChatRequestError, _chat_request)  # type: ignore[arg-type]
    app.add_exception_handler(AssistantError, _domain)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected)
