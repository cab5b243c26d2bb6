"""The floor under the MCP adapter: a bare SDK server (one no-op tool) beside a bare POST route, one Starlette app.

Served by ``bench_adapters.py --floor`` next to the real app, so what the SDK's streamable-HTTP transport and
client add over plain HTTP is measured in the same run as what our adapter adds over ``/ask``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from mcp.server import MCPServer
from mcp.server.transport_security import TransportSecuritySettings
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

server = MCPServer("floor", log_level="WARNING")


@server.tool()
async def ask(question: str) -> str:
    """Echo the question: no work, so only the transport is measured."""
    return question


async def plain(request: Request) -> JSONResponse:
    """The same no-op as a plain route: parse the JSON body, answer JSON."""
    body = await request.json()
    return JSONResponse({"answer": body["question"]})


transport = server.streamable_http_app(streamable_http_path="/mcp", stateless_http=True, json_response=True,
                                       transport_security=TransportSecuritySettings(
                                           enable_dns_rebinding_protection=False))


@asynccontextmanager
async def lifespan(_: Starlette) -> AsyncIterator[None]:
    async with server.session_manager.run():
        yield


app = Starlette(routes=[Route("/ask", plain, methods=["POST"]), *transport.routes], lifespan=lifespan)
