"""MCP server: the survey as tools for AI agents (``ask``, ``list_libraries``, ``get_library``).

Served over stdio (``python -m app mcp``) and over streamable HTTP at ``/mcp`` inside the FastAPI app
(stateless, so any replica answers; behind the same API key as ``/ask``). Tools reach the engine through
``Assistant.ask`` and the catalogue, exactly as the HTTP routes do.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import FastAPI
from mcp.server import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.transport_security import TransportSecuritySettings
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import BaseModel, Field, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema
from starlette.datastructures import Headers
from starlette.routing import Match, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from app import __version__
from app.api.chat_format import answer_markdown
from app.api.keys import check_key
from app.api.schemas import AskResponse, LibraryOut, Question
from app.engine.assistant import Assistant
from app.settings import Settings

INSTRUCTIONS = (
    "Answers questions about one survey of Python deep-learning libraries ('Top 13 Python Deep Learning "
    "Libraries', KDnuggets, GitHub data as of 2018-10-23), in English or Chinese, with exact figures and cited "
    "sources. Figures are the survey's, not today's. Use `ask` for questions; `list_libraries` / `get_library` "
    "for the raw entries."
)
READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)


#: Keywords whose value is a map of names to schemas, and those whose value is a schema or a list of schemas; every
#: other keyword's value is data (``enum``, ``default``, ``required``...) and is copied as it is.
_SCHEMA_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})
_SUBSCHEMAS = frozenset({"items", "additionalProperties", "additionalItems", "contains", "propertyNames", "not",
                         "if", "then", "else", "unevaluatedItems", "unevaluatedProperties",
                         "anyOf", "oneOf", "allOf", "prefixItems"})


def flat_json_schema(schema: JsonSchemaValue, resolve: Callable[[JsonSchemaValue], JsonSchemaValue],
                     seen: frozenset[str] = frozenset()) -> JsonSchemaValue:
    """``schema`` with every ``$ref`` replaced by what ``resolve`` gives for it, each ``anyOf`` of bare types
    written as one ``type`` list and titles left out: the same constraints, which a client validates a result
    against in about two thirds of the time (the official client checks every result against the output schema,
    and each ``$ref`` is a lookup)."""
    if "$ref" in schema:
        ref = schema["$ref"]
        if ref in seen:
            raise ValueError(f"{ref} refers to itself: a recursive output schema cannot be flattened")
        return flat_json_schema(resolve(schema), resolve, seen | {ref})
    flat: JsonSchemaValue = {}
    for keyword, value in schema.items():
        if keyword == "title":
            continue
        if keyword in _SCHEMA_MAPS:
            flat[keyword] = {name: flat_json_schema(sub, resolve, seen) for name, sub in value.items()}
        elif keyword in _SUBSCHEMAS and isinstance(value, list):
            flat[keyword] = [flat_json_schema(sub, resolve, seen) for sub in value]
        elif keyword in _SUBSCHEMAS and isinstance(value, dict):
            flat[keyword] = flat_json_schema(value, resolve, seen)
        else:
            flat[keyword] = value
    choices = flat.get("anyOf")
    if choices and "type" not in flat and all(set(c) == {"type"} and isinstance(c["type"], str) for c in choices):
        del flat["anyOf"]
        flat["type"] = [choice["type"] for choice in choices]
    return flat


class FlatSchema(BaseModel):
    """Base of a tool's output model: its published JSON schema is flat (see ``flat_json_schema``); fields and
    validation are the parent model's."""

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return flat_json_schema(handler(core_schema), handler.resolve_ref_schema)


class AskResult(FlatSchema, AskResponse):
    """A cited answer, as POST /ask returns it."""


class LibraryResult(FlatSchema, LibraryOut):
    """One library's survey entry, as GET /libraries/{id} returns it."""


class LibraryCatalogue(FlatSchema):
    count: int
    libraries: list[LibraryOut]


def build_server(assistant: Callable[[], Assistant]) -> MCPServer:
    """The MCP server with its three tools; ``assistant`` hands out the loaded engine when a tool runs."""
    server = MCPServer("dl-survey", title="Deep-learning library survey", version=__version__,
                       instructions=INSTRUCTIONS, log_level="WARNING")

    @server.tool(annotations=READ_ONLY, description=(
        "Answer a question about the survey of 13 Python deep-learning libraries (GitHub stars, commits and "
        "contributors as of 2018-10-23; rankings, filters, comparisons, totals; what each library is, runs on, "
        "is built on or made by). English or Chinese. The answer text carries [n] markers matching `citations` "
        "(with GitHub URLs); `answered` is false when the survey does not cover the question, and then `value` "
        "is null. Pass the returned `conversation_id` with a follow-up ('and commits?', 'what about Theano?')."))
    def ask(
        question: Annotated[Question, Field(description="The question, English or Chinese, 1-2000 characters")],
        conversation_id: Annotated[str | None, Field(
            max_length=128, description="conversation_id of an earlier answer, to ask a follow-up")] = None,
    ) -> Annotated[CallToolResult, AskResult]:
        answer = assistant().ask(question, 5, conversation_id)
        # The SDK validates structured content against AskResult (the output schema), so it is built once here;
        # like /ask, without the plan unless there is one.
        structured = {field: getattr(answer, field) for field in AskResult.model_fields}
        if structured["plan"] is None:
            del structured["plan"]
        return CallToolResult(content=[TextContent(type="text", text=answer_markdown(answer))],
                              structured_content=structured)

    @server.tool(annotations=READ_ONLY, description=(
        "List every library in the survey with its id, name, aliases, survey rank, GitHub URL, figures "
        "(contributors, commits, stars, as-of date), English and Chinese description and attributes. "
        "Use it to see what the survey covers; use `ask` for computed answers."))
    def list_libraries() -> LibraryCatalogue:
        entries = assistant().catalog.entries
        return LibraryCatalogue(count=len(entries), libraries=[LibraryOut.from_entry(e) for e in entries])

    @server.tool(annotations=READ_ONLY, description=(
        "Get one library's survey entry by id, name or alias (e.g. 'pytorch', 'TF', 'Microsoft Cognitive "
        "Toolkit'). Returns an error result naming the key when the survey has no such library."))
    def get_library(
        id_or_alias: Annotated[str, Field(min_length=1, max_length=200, description="Library id, name or alias")],
    ) -> LibraryResult:
        engine = assistant()
        entry = engine.catalog.find(id_or_alias)
        if entry is None:
            raise ToolError(f"no library {id_or_alias[:100]!r} in the survey; list_libraries lists the "
                            f"{len(engine.catalog.entries)} it covers")
        return LibraryResult.from_entry(entry)

    return server


def serve_stdio(settings: Settings) -> None:
    """Load the engine and serve MCP on stdin/stdout until the client closes (logs go to stderr)."""
    from app.main import build_assistant

    engine = build_assistant(settings)
    build_server(lambda: engine).run("stdio")


def _split(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def transport_security(settings: Settings) -> TransportSecuritySettings:
    """Host/Origin checks against DNS rebinding; ``*`` in the allowed hosts turns them off (e.g. behind a proxy)."""
    hosts = _split(settings.mcp_allowed_hosts)
    if "*" in hosts:
        return TransportSecuritySettings(enable_dns_rebinding_protection=False)
    return TransportSecuritySettings(allowed_hosts=hosts, allowed_origins=_split(settings.mcp_allowed_origins))


class KeyGuard:
    """Lets a request through to ``/mcp`` only with the API key, when one is set (mapped to 401 in errors.py)."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        check_key(self.settings, Headers(scope=scope))
        await self.app(scope, receive, send)


class McpRoute(Route):
    """A plain route that names itself in the scope, as FastAPI's routes do, so the access log and metrics
    count ``/mcp`` under its path."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        match, child_scope = super().matches(scope)
        if match != Match.NONE:
            child_scope["route"] = self
        return match, child_scope


def mount(app: FastAPI, settings: Settings) -> MCPServer:
    """Serve MCP over streamable HTTP at ``/mcp`` and run its session manager inside the app's lifespan."""
    server = build_server(lambda: app.state.assistant)
    transport = server.streamable_http_app(streamable_http_path="/mcp", stateless_http=True, json_response=True,
                                           transport_security=transport_security(settings),
                                           max_request_body_size=settings.max_body_bytes)
    for route in transport.routes:  # the one /mcp route (no auth routes: the API key guards it)
        assert isinstance(route, Route)
        # First in the list: a request for /mcp is then matched at once instead of after every API route.
        app.router.routes.insert(0, McpRoute(route.path, KeyGuard(route.endpoint, settings), name="mcp"))
    host_lifespan = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(host: Any) -> AsyncIterator[Any]:
        async with host_lifespan(host) as state, server.session_manager.run():
            yield state

    app.router.lifespan_context = lifespan
    app.state.mcp = server
    return server
