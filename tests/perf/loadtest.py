"""Load test: concurrent clients against one or more replicas, each answer checked against it asked alone.

First each script (one question, or a question and its follow-ups in one conversation) is asked once,
sequentially, for a reference answer per step. Then ``clients`` workers ask the scripts round-robin until
``requests`` have been sent or ``max_seconds`` have passed, and each answer is compared with its reference
(answer, answered, language, intent, libraries, value, citation ids; not took_ms or conversation_id).
With several base URLs, consecutive requests alternate between them, so every follow-up reaches another
replica than the question before it: it is resolved only if the replicas share conversations (Redis).
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

from app.local_redis import free_port, local_redis
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
#: Kinds answered from the structured figures (no model call): the mix for the workers comparison.
FIGURE_KINDS = ("figure", "ranking", "filter", "comparison", "aggregate", "follow-up")
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
    followups: int = 0
    followups_resolved: int = 0
    replicas: int = 1
    client_cpu_s: float = 0.0  # CPU the load generator itself used: it shares the machine with the servers

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
        resolved = 100.0 * self.followups_resolved / self.followups if self.followups else 100.0
        return {"clients": self.clients, "replicas": self.replicas, "requests": self.requests, "errors": self.errors,
                "mismatches": self.mismatches, "followups": self.followups,
                "followups_resolved_pct": round(resolved, 2), "seconds": round(self.seconds, 2),
                "client_cpu_pct": round(100 * self.client_cpu_s / self.seconds, 1) if self.seconds else 0.0,
                "throughput_rps": round(self.throughput, 1), "p50_ms": round(percentile(self.latencies_ms, 0.5), 2),
                "p99_ms": round(percentile(self.latencies_ms, 0.99), 2), "problems": self.problems}

    def text(self) -> str:
        s = self.summary()
        lines = [f"{s['requests']} requests from {s['clients']} clients to {s['replicas']} replica(s) in "
                 f"{s['seconds']} s: {s['throughput_rps']} req/s, p50 {s['p50_ms']} ms, p99 {s['p99_ms']} ms, "
                 f"{s['errors']} errors, {s['mismatches']} mismatches, follow-ups resolved "
                 f"{s['followups_resolved_pct']}% of {s['followups']}; client CPU {s['client_cpu_pct']}% of a core"]
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


def chosen_scripts(mix: str) -> list[int]:
    """Indexes of the scripts of a mix: "all", or "figures" (answered from figures, follow-ups included)."""
    if mix == "all":
        return list(range(len(SCRIPTS)))
    if mix == "figures":
        return [n for n, (kind, _) in enumerate(SCRIPTS) if kind in FIGURE_KINDS]
    raise ValueError(f"unknown mix {mix!r}: all or figures")


async def references(client: httpx.AsyncClient) -> list[list[dict[str, Any]]]:
    """Each script asked once, sequentially, of one replica: the expected signature of every step."""
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


class Connection:
    """One keep-alive HTTP/1.1 connection on asyncio streams: POST JSON, read status and body.

    The load generator shares the machine with the servers; a bare client costs a fraction of httpx's CPU
    per request, which leaves that CPU to the servers being measured.
    """

    def __init__(self, base_url: str, headers: dict[str, str]) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        extra = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        self.head = (f"POST /ask HTTP/1.1\r\nhost: {parts.netloc}\r\ncontent-type: application/json\r\n"
                     f"{extra}content-length: ")
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def post(self, payload: dict[str, Any]) -> tuple[int, bytes]:
        if self.streams is None:
            self.streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self.streams
        body = json.dumps(payload).encode()
        try:
            writer.write(f"{self.head}{len(body)}\r\n\r\n".encode() + body)
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split(" ", 2)[1])
            fields = dict(line.split(":", 1) for line in lines[1:] if ":" in line)
            fields = {name.strip().lower(): value.strip() for name, value in fields.items()}
            data = await reader.readexactly(int(fields.get("content-length", "0")))
            if fields.get("connection", "").lower() == "close":
                self.close()
            return status, data
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


async def _worker(bases: list[str], headers: dict[str, str], expected: list[list[dict[str, Any]]],
                  budget: _Budget, order: Iterator[int], report: LoadReport) -> None:
    connections = [Connection(base, headers) for base in bases]
    turn = 0
    try:
        while True:
            script = next(order)
            conversation_id = None
            for step, question in enumerate(SCRIPTS[script][1]):
                if not budget.take():
                    return
                # alternate replicas, so a follow-up lands on another one than the question before it
                connection = connections[turn % len(connections)]
                turn += 1
                if step:
                    report.followups += 1
                started = time.perf_counter()
                try:
                    status, data = await connection.post({"question": question, "conversation_id": conversation_id})
                except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as exc:
                    report.errors += 1
                    report.note(f"error: {question!r}: {exc.__class__.__name__}: {exc}")
                    break
                finally:
                    report.latencies_ms.append((time.perf_counter() - started) * 1000)
                    report.requests += 1
                if status != 200:
                    report.errors += 1
                    report.note(f"error: {question!r}: HTTP {status}: {data[:200]!r}")
                    break
                body = json.loads(data)
                conversation_id = body.get("conversation_id")
                if signature(body) != expected[script][step]:
                    report.mismatches += 1
                    got = json.dumps(signature(body), ensure_ascii=False)[:300]
                    report.note(f"mismatch: {question!r} (step {step + 1}): {got}")
                elif step:
                    report.followups_resolved += 1
    finally:
        for connection in connections:
            connection.close()


async def run_load(base_urls: str | list[str], clients: int = 32, requests: int = 10_000,
                   max_seconds: float = 600.0, api_key: str | None = None, mix: str = "all") -> LoadReport:
    """Reference answers first, then the concurrent run; returns the figures (the caller decides pass/fail)."""
    urls = [base_urls] if isinstance(base_urls, str) else list(base_urls)
    for url in urls:
        require_loopback(url)
    headers = {"X-API-Key": api_key} if api_key else {}
    async with httpx.AsyncClient(base_url=urls[0], headers=headers, timeout=60.0) as client:
        expected = await references(client)
    report = LoadReport(clients=clients, replicas=len(urls))
    budget = _Budget(requests, max_seconds)
    order = itertools.cycle(chosen_scripts(mix))
    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(_worker(urls, headers, expected, budget, order, report) for _ in range(clients)))
    report.seconds = time.perf_counter() - started
    report.client_cpu_s = time.process_time() - cpu
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


def _env(index_dir: Path | None, corpus_dir: Path | None, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {**os.environ, **(extra or {})}
    if index_dir is not None:
        env["DLQA_INDEX_DIR"] = str(index_dir)
    if corpus_dir is not None:
        env["DLQA_CORPUS_DIR"] = str(corpus_dir)
    return env


@contextlib.contextmanager
def _process(command: list[str], env: dict[str, str], base: str, timeout: float, workers: int = 1) -> Iterator[str]:
    """Runs ``command`` (a server at ``base``) in its own session until /healthz answers and ``workers``
    processes said "Application startup complete."; stops it on exit."""
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        try:
            _wait_healthy(process, base, timeout, log, workers)
            yield base
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, 9)
                    process.wait()


@contextlib.contextmanager
def serve(index_dir: Path | None = None, corpus_dir: Path | None = None, timeout: float = 180.0,
          workers: int = 1) -> Iterator[str]:
    """``scripts/serve.py`` (as ``make run`` starts it: several workers share a private redis-server) on a
    free loopback port; yields its URL."""
    port = free_port()
    command = [sys.executable, str(REPO_ROOT / "scripts" / "serve.py"), "--host", "127.0.0.1", "--port", str(port),
               "--workers", str(workers)]
    env = _env(index_dir, corpus_dir, {"DLQA_REDIS_URL": ""})
    with _process(command, env, f"http://127.0.0.1:{port}", timeout, workers) as base:
        yield base


@contextlib.contextmanager
def serve_replicas(count: int, index_dir: Path | None = None, corpus_dir: Path | None = None,
                   timeout: float = 180.0) -> Iterator[list[str]]:
    """A private redis-server and ``count`` single-worker uvicorn replicas sharing it; yields their URLs."""
    with local_redis(port=free_port()) as redis_server, contextlib.ExitStack() as stack:
        env = _env(index_dir, corpus_dir, {"DLQA_REDIS_URL": redis_server.url})
        bases = []
        for _ in range(count):
            port = free_port()
            command = [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(port),
                       "--log-level", "warning"]
            bases.append(stack.enter_context(_process(command, env, f"http://127.0.0.1:{port}", timeout)))
        yield bases


def _wait_healthy(process: subprocess.Popen[bytes], base: str, timeout: float, log: Any, workers: int = 1) -> None:
    deadline = time.monotonic() + timeout
    while workers > 1 and time.monotonic() < deadline and process.poll() is None:
        log.seek(0)
        if log.read().count(b"Application startup complete.") >= workers:
            break
        time.sleep(0.2)
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


def run_load_blocking(base_urls: str | list[str], clients: int = 32, requests: int = 10_000,
                      max_seconds: float = 600.0, api_key: str | None = None, mix: str = "all") -> LoadReport:
    """run_load on a thread of its own, so it works whether or not the caller already runs an event loop."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["report"] = asyncio.run(run_load(base_urls, clients, requests, max_seconds, api_key, mix))
        except BaseException as exc:  # handed back to the caller below
            outcome["error"] = exc

    worker = threading.Thread(target=target, name="load-test")
    worker.start()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    report: LoadReport = outcome["report"]
    return report


def _load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="load_test.py", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--url", action="append", help="base URL of a running replica (loopback only); give it "
                        "several times to alternate between replicas; default: start the servers")
    parser.add_argument("--replicas", type=int, default=0,
                        help="start a private redis-server and this many single-worker replicas; alternate")
    parser.add_argument("--workers", default="1",
                        help="start scripts/serve.py with this many workers; a comma list (1,2) runs each in turn "
                        "and prints the throughput relative to the first")
    parser.add_argument("--mix", choices=["all", "figures"], default="all",
                        help="all kinds of question, or only those answered from figures (with follow-ups)")
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients (default 32)")
    parser.add_argument("--requests", type=int, default=10_000, help="requests in all (default 10000)")
    parser.add_argument("--max-seconds", type=float, default=600.0, help="stop after this long (default 600)")
    parser.add_argument("--index", type=Path, help="index folder for the started servers (default: settings)")
    parser.add_argument("--corpus", type=Path, help="corpus folder for the started servers (default: settings)")
    parser.add_argument("--api-key", default=os.environ.get("DLQA_API_KEY"), help="X-API-Key (default: $DLQA_API_KEY)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.clients < 1 or args.requests < 1 or args.max_seconds <= 0 or args.replicas < 0:
        parser.error("--clients, --requests and --max-seconds must be positive")
    try:
        worker_counts = [int(n) for n in str(args.workers).split(",") if n.strip()]
    except ValueError:
        parser.error("--workers takes a number or a comma list of numbers")
    load = {"clients": args.clients, "requests": args.requests, "max_seconds": args.max_seconds,
            "api_key": args.api_key, "mix": args.mix}
    runs: list[tuple[str, LoadReport, str]] = []  # setup, figures, load average right after the run
    try:
        if args.url:
            runs.append((f"{len(args.url)} given URL(s)", run_load_blocking(args.url, **load), _load_average()))
        elif args.replicas:
            with serve_replicas(args.replicas, args.index, args.corpus) as bases:
                runs.append((f"{args.replicas} replicas + Redis", run_load_blocking(bases, **load), _load_average()))
        else:
            for workers in worker_counts:
                with serve(args.index, args.corpus, workers=workers) as base:
                    runs.append((f"WORKERS={workers}", run_load_blocking(base, **load), _load_average()))
    except (ValueError, RuntimeError, httpx.HTTPError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    base_rate = runs[0][1].throughput
    if args.json:
        print(json.dumps([{"setup": name, "mix": args.mix, "load_average": averages, **report.summary(),
                           "relative_throughput": round(report.throughput / base_rate, 2) if base_rate else None}
                          for name, report, averages in runs], ensure_ascii=False, indent=1))
    else:
        for name, report, averages in runs:
            relative = f" ({report.throughput / base_rate:.2f}x the first)" if len(runs) > 1 and base_rate else ""
            print(f"{name}, mix {args.mix}{relative}, load average after the run {averages}:\n{report.text()}")
    return 0 if all(report.ok and report.followups_resolved == report.followups for _, report, _ in runs) else 1
