"""Latency and memory benchmark: per kind of question, in-process and over HTTP, against the bare model call."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from app.settings import REPO_ROOT, Settings

#: Several phrasings per kind, so a kind is not measured on one lucky question.
KINDS: dict[str, list[str]] = {
    "figure": ["How many stars does PyTorch have?", "TensorFlow有多少贡献者？", "Caffe commits?"],
    "ranking": ["Which library has the most stars?", "按提交次数排名前五", "Top 3 libraries by contributors"],
    "filter": ["libraries with more than 5,000 stars", "贡献者少于100的库"],
    "comparison": ["Which has more commits, Caffe or MXNet?", "How many more stars does Caffe have than Theano?"],
    "aggregate": ["What is the total number of stars?", "平均每个库有多少贡献者"],
    "attribute": ["Which libraries run on Spark?", "哪些库支持GPU？", "who made Caffe?"],
    "description": ["What is TFLearn?", "介绍一下Caffe"],
    "retrieval": ["Which library has a dynamic dependency scheduler?",
                  "What helps me write differentiable programs quickly?"],
    "unanswerable": ["How many stars does JAX have?", "What's the weather in Paris?"],
}
FIGURE_KINDS = ("figure", "ranking", "filter", "comparison", "aggregate")
#: What the baseline embeds: the call the service made per open question before it served with ONNX.
BASELINE_QUESTION = "which library is good for collaborative filtering?"


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(call: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def run(repeat: int = 60, http: bool = True) -> dict[str, object]:
    from app.factory import build_assistant
    from app.index.embedder import SentenceTransformerEmbedder

    settings = Settings()
    assistant = build_assistant(settings)
    # The baseline is the sentence-transformers (torch) call the service used before it served with ONNX.
    encoder = SentenceTransformerEmbedder(settings.resolved_model_path())
    timed(lambda: encoder.encode([BASELINE_QUESTION]), 3)  # warm-up: the first calls set torch up
    model_ms = timed(lambda: encoder.encode([BASELINE_QUESTION]), repeat)
    in_process: dict[str, list[float]] = {}
    for kind, questions in KINDS.items():
        samples: list[float] = []
        for question in questions:
            def ask(question: str = question) -> None:
                assistant.retriever.clear_cache()  # measure the model call every time, not the cache
                assistant.ask(question)
            samples += timed(ask, max(5, repeat // len(questions)))
        in_process[kind] = samples
    over_http: dict[str, list[float]] = {}
    rss_mb = None
    if http:
        over_http, rss_mb, model_by_kind = _over_http(settings, repeat, encoder)
    else:
        model_by_kind = {kind: model_ms for kind in KINDS}
    # what each kind's questions really were (the question understanding changes; "retrieval" must stay open)
    intents = {kind: sorted({assistant.ask(q).intent for q in questions}) for kind, questions in KINDS.items()}
    return {"model_ms": model_ms, "model_by_kind": model_by_kind, "in_process": in_process, "http": over_http,
            "rss_mb": rss_mb, "intents": intents}


Samples = dict[str, list[float]]


def _over_http(settings: Settings, repeat: int, encoder: Any) -> tuple[Samples, float | None, Samples]:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "DLQA_INDEX_DIR": str(settings.index_dir), "DLQA_CORPUS_DIR": str(settings.corpus_dir),
           "DLQA_QUERY_CACHE_SIZE": "0"}
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "app.main:app", "--port", str(port),
                               "--log-level", "warning"], cwd=REPO_ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # logs as if to a file
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            for _ in range(600):
                try:
                    if client.get("/healthz").status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            results: dict[str, list[float]] = {}
            model: dict[str, list[float]] = {}
            for kind, questions in KINDS.items():
                results[kind], model[kind] = _interleaved(client, questions, encoder, repeat)
        rss = _peak_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=20)
    return results, rss, model


def _interleaved(client: httpx.Client, questions: list[str], encoder: Any, repeat: int, *,
                 block: int = 4) -> tuple[list[float], list[float]]:
    """HTTP samples of one kind and baseline samples in alternating short blocks (``block`` of each, a few
    tens of milliseconds), so both see the same machine load even when it changes during the run. The first
    call of each block is made but not kept: it pays for the switch (the other process's thread pools
    still spinning, caches taken by the other side), and the two processes never run at once."""
    http: list[float] = []
    model: list[float] = []
    wanted = max(5, repeat // len(questions)) * len(questions)
    asked = 0
    while len(http) < wanted:
        for i in range(block + 1):
            question = questions[asked % len(questions)]
            asked += 1
            started = time.perf_counter()
            client.post("/ask", json={"question": question}).raise_for_status()
            if i:
                http.append((time.perf_counter() - started) * 1000)
        for i in range(block + 1):
            started = time.perf_counter()
            encoder.encode([BASELINE_QUESTION])
            if i:
                model.append((time.perf_counter() - started) * 1000)
    return http, model


def _peak_rss_mb(pid: int) -> float | None:
    status = Path(f"/proc/{pid}/status")
    if not status.is_file():
        return None
    for line in status.read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def report(results: dict[str, object]) -> str:
    model_ms: list[float] = results["model_ms"]  # type: ignore[assignment]
    by_kind: dict[str, list[float]] = results["model_by_kind"]  # type: ignore[assignment]
    in_process: dict[str, list[float]] = results["in_process"]  # type: ignore[assignment]
    http: dict[str, list[float]] = results["http"]  # type: ignore[assignment]
    p50, p95 = percentile(model_ms, 0.5), percentile(model_ms, 0.95)
    lines = [f"bare sentence-transformers (torch) call, one query: p50 {p50:.2f} ms, p95 {p95:.2f} ms",
             "",
             "| kind | in-process p50 | in-process p95 | HTTP p50 | HTTP p95 | torch call p50 (interleaved) "
             "| HTTP p50 / torch call |",
             "|---|---|---|---|---|---|---|"]
    for kind in KINDS:
        row = in_process[kind]
        cells = [f"{percentile(row, 0.5):.2f} ms", f"{percentile(row, 0.95):.2f} ms"]
        if http:
            h, model = http[kind], percentile(by_kind[kind], 0.5)
            cells += [f"{percentile(h, 0.5):.2f} ms", f"{percentile(h, 0.95):.2f} ms", f"{model:.2f} ms",
                      f"{percentile(h, 0.5) / model:.2f}×"]
        else:
            cells += ["–"] * 4
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    intents: dict[str, list[str]] = results["intents"]  # type: ignore[assignment]
    lines += ["", "operations the questions got: " + "; ".join(f"{k} {'/'.join(v)}" for k, v in intents.items())]
    if results["rss_mb"] is not None:
        lines += ["", f"server peak RSS: {results['rss_mb']:.0f} MB"]
    return "\n".join(lines)
