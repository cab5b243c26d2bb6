"""Latency the integrations add: the same questions on ``/ask``, ``/v1/chat/completions`` and MCP ``ask``.

One uvicorn server on loopback, one run: every round asks each question once per route, in turn, so the
routes are measured under the same machine load; p50 and p95 per route and the p50 difference to ``/ask``.
MCP is measured three ways: the official client (which negotiates protocol 2026-07-28, one self-contained
POST per call) and bare JSON-RPC POSTs at 2025-11-25 (the SDK's stateless per-request transport, what
clients of that revision get) and at 2026-07-28. With ``floor``, a second server runs a bare SDK app
(``mcp_floor_app``: a no-op tool beside a no-op route) and the same three MCP calls are measured against it,
in the same rounds: what the SDK itself adds over plain HTTP, with nothing of ours in the way.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import AsyncExitStack, contextmanager
from typing import Any

import httpx
from mcp import Client

from app.settings import REPO_ROOT

#: Questions answered from figures (no model call), where an adapter's overhead weighs most; one retrieval one.
QUESTIONS = ["How many stars does PyTorch have?", "按提交次数排名前五", "Which libraries run on Spark?",
             "How many more stars does Caffe have than Theano?", "Which library has a dynamic dependency scheduler?"]
MCP_ROUTES = ["MCP ask (official client)", "MCP ask (JSON-RPC, 2025-11-25)", "MCP ask (JSON-RPC, 2026-07-28)"]
ROUTES = ["/ask", "chat completion", "chat completion (stream)", *MCP_ROUTES]
FLOOR = "bare SDK: "
FLOOR_ROUTES = [f"{FLOOR}plain route", *(f"{FLOOR}{route}" for route in MCP_ROUTES)]
MODERN = "2026-07-28"

Call = Callable[[str], Awaitable[object]]


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _mcp_calls(http: httpx.AsyncClient, agent: Client) -> list[Call]:
    """The three ways of calling the ``ask`` tool at ``http``'s ``/mcp``: official client, 2025 and 2026 JSON-RPC."""

    async def mcp_client(question: str) -> object:
        result = await agent.call_tool("ask", {"question": question})
        assert not result.is_error
        return result

    async def mcp_2025(question: str) -> object:
        call = {"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                "params": {"name": "ask", "arguments": {"question": question}}}
        headers = {"accept": "application/json, text/event-stream", "mcp-protocol-version": "2025-11-25"}
        return (await http.post("/mcp", json=call, headers=headers)).raise_for_status()

    async def mcp_2026(question: str) -> object:
        meta = {"io.modelcontextprotocol/protocolVersion": MODERN, "io.modelcontextprotocol/clientCapabilities": {}}
        call = {"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                "params": {"name": "ask", "arguments": {"question": question}, "_meta": meta}}
        headers = {"accept": "application/json, text/event-stream", "mcp-protocol-version": MODERN,
                   "mcp-method": "tools/call", "mcp-name": "ask"}
        response = (await http.post("/mcp", json=call, headers=headers)).raise_for_status()
        assert "result" in response.json(), response.text
        return response

    return [mcp_client, mcp_2025, mcp_2026]


def _calls(http: httpx.AsyncClient, agent: Client) -> dict[str, Call]:
    async def ask(question: str) -> object:
        return (await http.post("/ask", json={"question": question})).raise_for_status()

    async def chat(question: str) -> object:
        body = {"model": "dl-survey", "messages": [{"role": "user", "content": question}]}
        return (await http.post("/v1/chat/completions", json=body)).raise_for_status()

    async def chat_stream(question: str) -> object:
        body = {"model": "dl-survey", "messages": [{"role": "user", "content": question}], "stream": True}
        async with http.stream("POST", "/v1/chat/completions", json=body) as response:
            text = (await response.aread()).decode()
        assert text.endswith("data: [DONE]\n\n")
        return text

    return dict(zip(ROUTES, [ask, chat, chat_stream, *_mcp_calls(http, agent)], strict=True))


async def _connect(stack: AsyncExitStack, base: str) -> tuple[httpx.AsyncClient, Client]:
    http = await stack.enter_async_context(httpx.AsyncClient(base_url=base, timeout=30))
    agent = await stack.enter_async_context(Client(f"{base}/mcp"))
    return http, agent


async def measure(base: str, rounds: int, floor_base: str | None = None) -> dict[str, list[float]]:
    """Milliseconds per call, by route: ``rounds`` rounds of every question on every route, interleaved."""
    async with AsyncExitStack() as stack:
        calls = _calls(*await _connect(stack, base))
        if floor_base is not None:
            http, agent = await _connect(stack, floor_base)

            async def plain(question: str) -> object:
                return (await http.post("/ask", json={"question": question})).raise_for_status()

            calls.update(zip(FLOOR_ROUTES, [plain, *_mcp_calls(http, agent)], strict=True))
        samples: dict[str, list[float]] = {route: [] for route in calls}
        for question in QUESTIONS:  # warm-up: connections, caches, first-call costs
            for call in calls.values():
                await call(question)
        for _ in range(rounds):
            for question in QUESTIONS:
                for route, call in calls.items():
                    started = time.perf_counter()
                    await call(question)
                    samples[route].append((time.perf_counter() - started) * 1000)
    return samples


@contextmanager
def _serve(app: str, app_dir: str | None = None) -> Iterator[str]:
    """A uvicorn server for ``app`` on a free loopback port (logs discarded); yields its base URL once healthy."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    extra = ["--app-dir", app_dir] if app_dir else []
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", app, *extra, "--port", str(port),
                               "--log-level", "warning"], cwd=REPO_ROOT, env=dict(os.environ),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(900):
            try:  # the bare app has no /healthz (and a GET of /mcp would open a stream): it is asked a question
                probe = (httpx.get(f"{base}/healthz", timeout=1) if app_dir is None
                         else httpx.post(f"{base}/ask", json={"question": "ready?"}, timeout=1))
                if probe.status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None:
                raise RuntimeError(f"the server for {app} exited; run `make index` first")
            time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


def run(rounds: int = 60, floor: bool = False) -> dict[str, list[float]]:
    """Serve the app (and with ``floor`` the bare SDK app beside it) and measure every route against it."""
    with _serve("app.main:app") as base:
        if not floor:
            return asyncio.run(measure(base, rounds))
        with _serve("mcp_floor_app:app", app_dir=str(REPO_ROOT / "tests" / "perf")) as floor_base:
            return asyncio.run(measure(base, rounds, floor_base))


def report(samples: dict[str, list[float]], load: Any = None) -> str:
    """A markdown table: p50, p95 and the p50 over ``/ask`` (bare SDK rows: over the bare plain route)."""
    baselines = {"": percentile(samples["/ask"], 0.5)}
    if FLOOR_ROUTES[0] in samples:
        baselines[FLOOR] = percentile(samples[FLOOR_ROUTES[0]], 0.5)
    lines = ["| route | p50 | p95 | p50 over /ask (bare SDK: over the bare route) |", "|---|---|---|---|"]
    for route, row in samples.items():
        p50 = percentile(row, 0.5)
        baseline = baselines[FLOOR if route.startswith(FLOOR) else ""]
        extra = "–" if route in ("/ask", FLOOR_ROUTES[0]) else f"{p50 - baseline:+.2f} ms"
        lines.append(f"| {route} | {p50:.2f} ms | {percentile(row, 0.95):.2f} ms | {extra} |")
    footer = f"\n\n{len(samples['/ask'])} samples per route ({len(QUESTIONS)} questions)"
    if load is not None:
        footer += f"; load average before and after: {load}"
    return "\n".join(lines) + footer
