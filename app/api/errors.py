"""Maps domain and validation errors to HTTP responses, in one place. No stack trace ever reaches a client."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.errors import AssistantError, UnauthorizedError, UnknownLibraryError

log = logging.getLogger("app.api")


def _field(loc: tuple[object, ...] | list[object]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path") and not isinstance(p, int)]
    return ".".join(parts) or "body"


async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
    detail = [{"field": _field(e.get("loc", ())), "reason": str(e.get("msg", "invalid"))} for e in exc.errors()]
    return JSONResponse(status_code=422, content={"error": "invalid request", "detail": detail})


async def _unknown_library(_: Request, exc: UnknownLibraryError) -> JSONResponse:
    return JSONResponse(status_code=404, content={"error": "not found", "detail": str(exc)})


async def _unauthorized(_: Request, exc: UnauthorizedError) -> JSONResponse:
    return JSONResponse(status_code=401, content={"error": "unauthorized", "detail": str(exc)},
                        headers={"WWW-Authenticate": "X-API-Key"})


async def _domain(_: Request, exc: AssistantError) -> JSONResponse:
    log.error("domain error: %s", exc)
    return JSONResponse(status_code=503, content={"error": "unavailable", "detail": str(exc)})


#: FastAPI's own words when a JSON body cannot be decoded (invalid UTF-8, nesting deeper than the parser takes).
BODY_PARSE_ERROR = "There was an error parsing the body"


async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
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
    app.add_exception_handler(AssistantError, _domain)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected)
