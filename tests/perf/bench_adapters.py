"""Latency the integrations add: the same questions on ``/ask``, ``/v1/chat/completions`` and MCP ``ask``.

One uvicorn server on loopback, one run: every round asks each question once per route, in turn, so the
routes are measured under the same machine load; p50 and p95 per route and the p50 difference to ``/ask``.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable

import httpx
from mcp import Client

from app.settings import REPO_ROOT

#: Questions answered from figures (no model call), where an adapter's overhead weighs most; one retrieval one.
QUESTIONS = ["How many stars does PyTorch have?", "按提交次数排名前五", "Which libraries run on Spark?",
             "How many more stars does Caffe have than Theano?", "Which library has a dynamic dependency scheduler?"]
ROUTES = ["/ask", "chat completion", "chat completion (stream)", "MCP ask (official client)", "MCP ask (JSON-RPC)"]
MCP_HEADERS = {"accept": "application/json, text/event-stream"}

Call = Callable[[str], Awaitable[object]]


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


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

    async def mcp_client(question: str) -> object:
        result = await agent.call_tool("ask", {"question": question})
        assert not result.is_error
        return result

    async def mcp_raw(question: str) -> object:
        call = {"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                "params": {"name": "ask", "arguments": {"question": question}}}
        return (await http.post("/mcp", json=call, headers=MCP_HEADERS)).raise_for_status()

    return dict(zip(ROUTES, [ask, chat, chat_stream, mcp_client, mcp_raw], strict=True))


async def measure(base: str, rounds: int) -> dict[str, list[float]]:
    """Milliseconds per call, by route: ``rounds`` rounds of every question on every route, interleaved."""
    samples: dict[str, list[float]] = {route: [] for route in ROUTES}
    async with httpx.AsyncClient(base_url=base, timeout=30) as http, Client(f"{base}/mcp") as agent:
        calls = _calls(http, agent)
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


def run(rounds: int = 60) -> dict[str, list[float]]:
    """Serve the app (logs discarded as if written to a file) and measure every route against it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "app.main:app", "--port", str(port),
                               "--log-level", "warning"], cwd=REPO_ROOT, env=dict(os.environ),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(900):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None:
                raise RuntimeError("the server exited; run `make index` first")
            time.sleep(0.1)
        return asyncio.run(measure(base, rounds))
    finally:
        server.terminate()
        server.wait(timeout=20)


def report(samples: dict[str, list[float]]) -> str:
    baseline = percentile(samples["/ask"], 0.5)
    lines = ["| route | p50 | p95 | p50 over /ask |", "|---|---|---|---|"]
    for route, row in samples.items():
        p50 = percentile(row, 0.5)
        extra = "–" if route == "/ask" else f"{p50 - baseline:+.2f} ms"
        lines.append(f"| {route} | {p50:.2f} ms | {percentile(row, 0.95):.2f} ms | {extra} |")
    return "\n".join(lines) + f"\n\n{len(samples['/ask'])} samples per route ({len(QUESTIONS)} questions)"
