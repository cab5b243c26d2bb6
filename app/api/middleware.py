"""ASGI middleware: request-size limit, and one structured access-log line plus metrics per request."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.metrics import Metrics

access_log = logging.getLogger("app.access")


async def _reply(send: Send, status: int, body: dict[str, Any]) -> None:
    payload = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": payload})


class BodySizeLimit:
    """413 for bodies over the limit: at once from Content-Length, or as soon as a stream passes it."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        too_big = {"error": "request too large", "detail": f"bodies are limited to {self.max_bytes} bytes"}
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await _reply(send, 413, too_big)
            return
        seen = 0
        replied = False

        async def limited_receive() -> Message:
            nonlocal seen, replied
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes and not replied:
                    replied = True
                    await _reply(send, 413, too_big)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if not replied:  # once the 413 went out, whatever the app answers is dropped
                await send(message)

        await self.app(scope, limited_receive, guarded_send)


class AccessLog:
    """One JSON log line per request (no question text unless enabled) and the request metrics."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        scope.setdefault("state", {})

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            seconds = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            self.metrics.observe_request(scope.get("method", ""), route, status, seconds)
            state = scope["state"]
            line: dict[str, Any] = {"method": scope.get("method"), "path": route, "status": status,
                                    "ms": round(seconds * 1000, 2)}
            for key in ("intent", "answered", "question"):
                if key in state:
                    line[key] = state[key]
            access_log.info(json.dumps(line, ensure_ascii=False))
