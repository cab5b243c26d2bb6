"""The MCP server with the official client: in-process, over stdio (a real subprocess) and over HTTP at /mcp."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import httpx2
import pytest
from jsonschema.validators import validator_for
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from mcp.types import CallToolResult

from app.api.schemas import AskResponse, LibraryList, LibraryOut
from app.mcp_server import build_server
from app.settings import REPO_ROOT
from tests.conftest import API_KEY, CORPUS

pytestmark = pytest.mark.slow

Scenario = Callable[[Client], Awaitable[None]]


def run(scenario: Scenario, client: Client) -> None:
    """Run the scenario on a loop of its own thread (the browser tests' Playwright keeps a loop in this one)."""
    async def main() -> None:
        async with client:
            await scenario(client)

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, main()).result()


def structured(result: CallToolResult) -> dict[str, Any]:
    assert not result.is_error, result.content
    assert isinstance(result.structured_content, dict)
    return result.structured_content


def text(result: CallToolResult) -> str:
    return "".join(getattr(block, "text", "") for block in result.content)


async def everything_an_agent_does(client: Client) -> None:
    """The battery each transport must pass: tools, each tool, a follow-up, Chinese, unknown library, limits."""
    tools = {tool.name: tool for tool in (await client.list_tools()).tools}
    assert set(tools) == {"ask", "list_libraries", "get_library"}
    assert tools["ask"].input_schema["properties"]["question"]["maxLength"] == 2000
    assert tools["ask"].output_schema is not None

    first = await client.call_tool("ask", {"question": "How many stars does PyTorch have?"})
    body = AskResponse.model_validate(structured(first))
    assert body.answered and body.value == 20243 and "[1]" in body.answer
    assert body.citations[0].url == "https://github.com/pytorch/pytorch"
    assert body.answer in text(first) and "1. [PyTorch](https://github.com/pytorch/pytorch)" in text(first)

    follow_up = structured(await client.call_tool(
        "ask", {"question": "How many commits does it have?", "conversation_id": body.conversation_id}))
    assert follow_up["value"] == 14022 and follow_up["libraries"][0]["id"] == "pytorch"

    chinese = structured(await client.call_tool("ask", {"question": "TensorFlow有多少贡献者？"}))
    assert chinese["language"] == "zh" and chinese["value"] == 1700

    catalogue = structured(await client.call_tool("list_libraries", {}))
    assert catalogue["count"] == 13 and len(catalogue["libraries"]) == 13
    assert LibraryOut.model_validate(structured(await client.call_tool("get_library", {"id_or_alias": "TF"}))).id \
        == "tensorflow"

    unknown = await client.call_tool("get_library", {"id_or_alias": "jax"})
    assert unknown.is_error and "no library 'jax' in the survey" in text(unknown)
    not_covered = structured(await client.call_tool("ask", {"question": "How many stars does JAX have?"}))
    assert not_covered["answered"] is False and not_covered["value"] is None

    oversized = await client.call_tool("ask", {"question": "x" * 2001})
    assert oversized.is_error and "at most 2000 characters" in text(oversized)


def test_in_process(assistant) -> None:  # type: ignore[no-untyped-def]
    run(everything_an_agent_does, Client(build_server(lambda: assistant)))


def test_over_stdio_with_a_real_subprocess(built_index: Path) -> None:
    env = {**os.environ, "DLQA_INDEX_DIR": str(built_index), "DLQA_CORPUS_DIR": str(CORPUS)}
    params = StdioServerParameters(command=sys.executable, args=["-m", "app", "mcp"], env=env, cwd=REPO_ROOT)
    run(everything_an_agent_does, Client(params, read_timeout_seconds=120))


def test_over_http_against_the_running_server(live_server: str) -> None:
    run(everything_an_agent_does, Client(f"{live_server}/mcp"))


def test_http_needs_the_api_key_when_one_is_set(keyed_live_server: str) -> None:
    url = f"{keyed_live_server}/mcp"
    denied = httpx.post(url, json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
                        headers={"Accept": "application/json, text/event-stream"})
    assert denied.status_code == 401 and API_KEY not in denied.text

    async def ask_with_key(client: Client) -> None:
        result = await client.call_tool("ask", {"question": "Caffe stars"})
        assert structured(result)["value"] == 25927

    for headers in ({"Authorization": f"Bearer {API_KEY}"}, {"X-API-Key": API_KEY}):
        transport = streamable_http_client(url, http_client=httpx2.AsyncClient(headers=headers, timeout=60))
        run(ask_with_key, Client(transport))


def test_http_refuses_a_foreign_host_header(live_server: str) -> None:
    response = httpx.post(f"{live_server}/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
                          headers={"Host": "evil.example", "Accept": "application/json, text/event-stream"})
    assert response.status_code == 421


def _accepts(schema: dict[str, Any], instance: Any) -> bool:
    return validator_for(schema)(schema).is_valid(instance)


def test_published_output_schemas_are_flat_and_accept_and_refuse_what_the_models_do(assistant) -> None:  # type: ignore[no-untyped-def]
    """The flat schemas clients validate every result against are checked against the REST API's (pydantic's:
    $ref, anyOf) on real results and on broken copies of them."""
    async def scenario(client: Client) -> None:
        published = {tool.name: tool.output_schema for tool in (await client.list_tools()).tools}
        answers = [structured(await client.call_tool("ask", {"question": question})) for question in (
            "How many stars does PyTorch have?", "按提交次数排名前五", "Which libraries run on Spark?",
            "How many stars does JAX have?", "Which library has a dynamic dependency scheduler?")]
        catalogue = structured(await client.call_tool("list_libraries", {}))
        library = structured(await client.call_tool("get_library", {"id_or_alias": "PyTorch"}))

        def broken(body: dict[str, Any], *path: str | int, value: Any = "x") -> dict[str, Any]:
            copy = json.loads(json.dumps(body))
            node = copy
            for step in path[:-1]:
                node = node[step]
            if value is None:
                del node[path[-1]]
            else:
                node[path[-1]] = value
            return copy

        top_five = answers[1]
        cases: list[tuple[str, type[Any], list[dict[str, Any]], list[dict[str, Any]]]] = [
            ("ask", AskResponse, answers, [
                broken(top_five, "value", value="many"), broken(top_five, "answer", value=None),
                broken(top_five, "language", value="fr"), broken(top_five, "libraries", 0, "metric", value=3),
                broken(top_five, "citations", 4, "figures", 2, "value", value=1.5),
                broken(top_five, "citations", 0, "kind", value="blog"), broken(top_five, "plan", value=[1])]),
            ("list_libraries", LibraryList, [catalogue], [
                broken(catalogue, "libraries", 12, "rank", value="first"), broken(catalogue, "count", value=None)]),
            ("get_library", LibraryOut, [library], [
                broken(library, "aliases", value=[1]), broken(library, "figures", "as_of", value=None)]),
        ]
        for name, model, good, bad in cases:
            flat, full = published[name], model.model_json_schema()
            assert flat is not None and "$ref" not in json.dumps(flat) and "$defs" not in flat
            assert "$ref" in json.dumps(full)  # pydantic's own, the REST API's, is nested
            for instance in good:
                assert _accepts(flat, instance) and _accepts(full, instance)
            for instance in bad:
                assert not _accepts(flat, instance) and not _accepts(full, instance), instance
        assert "plan" not in answers[0]  # as on /ask: the plan only when there is one

    run(scenario, Client(build_server(lambda: assistant)))


def test_whitespace_question_is_a_clear_error(assistant) -> None:  # type: ignore[no-untyped-def]
    async def scenario(client: Client) -> None:
        result = await client.call_tool("ask", {"question": "   "})
        assert result.is_error and "at least 1 character" in text(result)

    run(scenario, Client(build_server(lambda: assistant)))


def test_allowed_hosts_are_configurable_and_mcp_is_counted_under_its_route(settings, assistant) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from app.main import create_app

    listing = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
    headers = {"Accept": "application/json, text/event-stream"}
    with TestClient(create_app(settings, assistant)) as client:  # TestClient's Host "testserver" is not allowed
        assert client.post("/mcp", json=listing, headers=headers).status_code == 421
    opened = settings.model_copy(update={"mcp_allowed_hosts": "testserver,mcp.example:443"})
    with TestClient(create_app(opened, assistant)) as client:
        response = client.post("/mcp", json=listing, headers=headers)
        assert response.status_code == 200 and {t["name"] for t in response.json()["result"]["tools"]} == {
            "ask", "list_libraries", "get_library"}
        assert 'dlqa_requests_total{method="POST",path="/mcp",status="200"}' in client.get("/metrics").text
