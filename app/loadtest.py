"""Load test: concurrent clients against a running service; every answer must equal the one asked alone.

First each script (one question, or a question and its follow-ups in one conversation) is asked once,
sequentially, for a reference answer per step. Then ``clients`` workers ask the scripts round-robin until
``requests`` have been sent or ``max_seconds`` have passed, and each answer is compared with its reference
(answer, answered, language, intent, libraries, value, citation ids; not took_ms or conversation_id).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ipaddress
import itertools
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from app.settings import REPO_ROOT

#: (kind, steps): a step after the first is a follow-up sent with the conversation id of the one before.
SCRIPTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("figure", ("How many stars does PyTorch have?",)),
    ("figure", ("TensorFlow有多少贡献者？",)),
    ("ranking", ("Top 3 libraries by contributors",)),
    ("ranking", ("按提交次数排名前五",)),
    ("filter", ("libraries with more than 5,000 stars",)),
    ("filter", ("贡献者少于100的库",)),
    ("comparison", ("Which has more commits, Caffe or MXNet?",)),
    ("comparison", ("How many more stars does Caffe have than Theano?",)),
    ("aggregate", ("What is the total number of stars?",)),
    ("aggregate", ("平均每个库有多少贡献者",)),
    ("attribute", ("Which libraries run on Spark?",)),
    ("attribute", ("哪些库支持GPU？",)),
    ("description", ("What is TFLearn?",)),
    ("description", ("介绍一下Caffe",)),
    ("retrieval", ("Which library has a dynamic dependency scheduler?",)),
    ("retrieval", ("哪个库有动态依赖调度器？",)),
    ("unanswerable", ("How many stars does JAX have?",)),
    ("unanswerable", ("今天巴黎天气怎么样？",)),
    ("follow-up", ("How many stars does PyTorch have?", "How many commits does it have?", "What about Theano?")),
    ("follow-up", ("PyTorch有多少贡献者？", "它的星标呢？")),
)
COMPARED = ("answer", "answered", "language", "intent", "libraries", "value")
MAX_SAMPLES = 10


def signature(body: dict[str, Any]) -> dict[str, Any]:
    """The parts of an /ask response that must not depend on load: all but took_ms and conversation_id."""
    kept = {name: body.get(name) for name in COMPARED}
    kept["citations"] = [citation.get("id") for citation in body.get("citations") or []]
    return kept


def percentile(samples: list[float], q: float) -> float:
    if not samples:
        return 0.0
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


@dataclass
class LoadReport:
    clients: int
    requests: int = 0
    errors: int = 0
    mismatches: int = 0
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.requests > 0 and self.errors == 0 and self.mismatches == 0

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def note(self, problem: str) -> None:
        if len(self.problems) < MAX_SAMPLES:
            self.problems.append(problem)

    def summary(self) -> dict[str, Any]:
        return {"clients": self.clients, "requests": self.requests, "errors": self.errors,
                "mismatches": self.mismatches, "seconds": round(self.seconds, 2),
                "throughput_rps": round(self.throughput, 1), "p50_ms": round(percentile(self.latencies_ms, 0.5), 2),
                "p99_ms": round(percentile(self.latencies_ms, 0.99), 2), "problems": self.problems}

    def text(self) -> str:
        s = self.summary()
        lines = [f"{s['requests']} requests from {s['clients']} clients in {s['seconds']} s: "
                 f"{s['throughput_rps']} req/s, p50 {s['p50_ms']} ms, p99 {s['p99_ms']} ms, "
                 f"{s['errors']} errors, {s['mismatches']} mismatches"]
        lines += [f"  {problem}" for problem in self.problems]
        return "\n".join(lines)


class _Budget:
    """Requests left to send and the deadline; workers share one (asyncio: no lock needed)."""

    def __init__(self, requests: int, max_seconds: float) -> None:
        self.left = requests
        self.deadline = time.monotonic() + max_seconds

    def take(self) -> bool:
        if self.left <= 0 or time.monotonic() >= self.deadline:
            return False
        self.left -= 1
        return True


async def _ask(client: httpx.AsyncClient, question: str, conversation_id: str | None) -> httpx.Response:
    return await client.post("/ask", json={"question": question, "conversation_id": conversation_id})


async def references(client: httpx.AsyncClient) -> list[list[dict[str, Any]]]:
    """Each script asked once, sequentially: the expected signature of every step."""
    expected: list[list[dict[str, Any]]] = []
    for _, steps in SCRIPTS:
        conversation_id = None
        answers = []
        for question in steps:
            response = await _ask(client, question, conversation_id)
            response.raise_for_status()
            body = response.json()
            conversation_id = body["conversation_id"]
            answers.append(signature(body))
        expected.append(answers)
    return expected


async def _worker(client: httpx.AsyncClient, expected: list[list[dict[str, Any]]], budget: _Budget,
                  order: Iterator[int], report: LoadReport) -> None:
    while True:
        script = next(order)
        conversation_id = None
        for step, question in enumerate(SCRIPTS[script][1]):
            if not budget.take():
                return
            started = time.perf_counter()
            try:
                response = await _ask(client, question, conversation_id)
            except httpx.HTTPError as exc:
                report.errors += 1
                report.note(f"error: {question!r}: {exc.__class__.__name__}: {exc}")
                break
            finally:
                report.latencies_ms.append((time.perf_counter() - started) * 1000)
                report.requests += 1
            if response.status_code != 200:
                report.errors += 1
                report.note(f"error: {question!r}: HTTP {response.status_code}: {response.text[:200]}")
                break
            body = response.json()
            conversation_id = body.get("conversation_id")
            if signature(body) != expected[script][step]:
                report.mismatches += 1
                got = json.dumps(signature(body), ensure_ascii=False)[:300]
                report.note(f"mismatch: {question!r} (step {step + 1}): {got}")


async def run_load(base_url: str, clients: int = 32, requests: int = 10_000, max_seconds: float = 600.0,
                   api_key: str | None = None) -> LoadReport:
    """Reference answers first, then the concurrent run; returns the figures (the caller decides pass/fail)."""
    require_loopback(base_url)
    headers = {"X-API-Key": api_key} if api_key else {}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=60.0, limits=limits) as client:
        expected = await references(client)
        report = LoadReport(clients=clients)
        budget = _Budget(requests, max_seconds)
        order = itertools.cycle(range(len(SCRIPTS)))
        started = time.perf_counter()
        await asyncio.gather(*(_worker(client, expected, budget, order, report) for _ in range(clients)))
        report.seconds = time.perf_counter() - started
    return report


def require_loopback(base_url: str) -> None:
    """Refuse any address but this machine's: a load test is not to be pointed at someone else."""
    host = urlsplit(base_url).hostname or ""
    if host == "localhost":
        return
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        pass
    raise ValueError(f"{base_url} is not a loopback address; the load test only runs against 127.0.0.1 or localhost")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serve(index_dir: Path | None = None, corpus_dir: Path | None = None, timeout: float = 120.0) -> Iterator[str]:
    """uvicorn app.main:app on a free loopback port over the given (or configured) index; yields its URL."""
    env = dict(os.environ)
    if index_dir is not None:
        env["DLQA_INDEX_DIR"] = str(index_dir)
    if corpus_dir is not None:
        env["DLQA_CORPUS_DIR"] = str(corpus_dir)
    port = _free_port()
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(port),
             "--log-level", "warning"], cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(process, base, timeout, log)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_healthy(process: subprocess.Popen[bytes], base: str, timeout: float, log: Any) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"the server exited with {process.returncode}: "
                               f"{log.read().decode(errors='replace')[-2000:]}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{base}/healthz", timeout=1.0).status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"the server at {base} was not healthy after {timeout:.0f} s")


def run_load_blocking(base_url: str, clients: int = 32, requests: int = 10_000, max_seconds: float = 600.0,
                      api_key: str | None = None) -> LoadReport:
    """run_load on a thread of its own, so it works whether or not the caller already runs an event loop."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["report"] = asyncio.run(run_load(base_url, clients, requests, max_seconds, api_key))
        except BaseException as exc:  # handed back to the caller below
            outcome["error"] = exc

    worker = threading.Thread(target=target, name="load-test")
    worker.start()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    report: LoadReport = outcome["report"]
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="load_test.py", description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="base URL of a running service (loopback only); default: start one")
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients (default 32)")
    parser.add_argument("--requests", type=int, default=10_000, help="requests in all (default 10000)")
    parser.add_argument("--max-seconds", type=float, default=600.0, help="stop after this long (default 600)")
    parser.add_argument("--index", type=Path, help="index folder for the started server (default: settings)")
    parser.add_argument("--corpus", type=Path, help="corpus folder for the started server (default: settings)")
    parser.add_argument("--api-key", default=os.environ.get("DLQA_API_KEY"), help="X-API-Key (default: $DLQA_API_KEY)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.clients < 1 or args.requests < 1 or args.max_seconds <= 0:
        parser.error("--clients, --requests and --max-seconds must be positive")
    try:
        if args.url:
            report = run_load_blocking(args.url, args.clients, args.requests, args.max_seconds, args.api_key)
        else:
            with serve(args.index, args.corpus) as base:
                report = run_load_blocking(base, args.clients, args.requests, args.max_seconds, args.api_key)
    except (ValueError, RuntimeError, httpx.HTTPError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(report.summary(), ensure_ascii=False, indent=1) if args.json else report.text())
    return 0 if report.ok else 1
