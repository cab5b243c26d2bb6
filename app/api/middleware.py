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
    """413 for bodies over the limit: from Content-Length before the app runs, or as soon as a stream passes it.

    The rest of the body is read and dropped first (up to ``drain_bytes``), so that a client that sends its
    whole body before reading (urllib, requests) reads the 413 instead of a reset connection. A client that
    asked ``Expect: 100-continue`` (curl) has sent nothing yet: it gets the 413 at once. Past ``drain_bytes``
    the 413 goes out and the connection closes.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, drain_bytes: int = 16 * 1024 * 1024) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.drain_bytes = drain_bytes

    def _too_big(self) -> dict[str, Any]:
        return {"error": "request too large", "detail": f"bodies are limited to {self.max_bytes} bytes"}

    async def _drain(self, receive: Receive, already: int) -> None:
        seen = already
        while seen <= self.drain_bytes:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            seen += len(message.get("body", b""))
            if not message.get("more_body", False):
                return

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            if headers.get(b"expect", b"").lower() != b"100-continue" and int(declared) <= self.drain_bytes:
                await self._drain(receive, 0)
            await _reply(send, 413, self._too_big())
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
                    if message.get("more_body", False):
                        await self._drain(receive, seen)
                    await _reply(send, 413, self._too_big())
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
