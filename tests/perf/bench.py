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
                  "library for data-parallel training of deep learning models"],
    "unanswerable": ["How many stars does JAX have?", "What's the weather in Paris?"],
}
FIGURE_KINDS = ("figure", "ranking", "filter", "comparison", "aggregate")


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
    model_ms = timed(lambda: encoder.encode(["which library is good for collaborative filtering?"]), repeat)
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
    return {"model_ms": model_ms, "model_by_kind": model_by_kind, "in_process": in_process, "http": over_http,
            "rss_mb": rss_mb}


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
                # The baseline is measured right before each kind, with the server idle: same machine
                # load as the HTTP samples, but the two processes' torch threads never compete.
                model[kind] = timed(lambda: encoder.encode(["which library is good for collaborative filtering?"]),
                                    repeat)
                samples: list[float] = []
                for question in questions:
                    def post(question: str = question) -> None:
                        client.post("/ask", json={"question": question}).raise_for_status()
                    samples += timed(post, max(5, repeat // len(questions)))
                results[kind] = samples
        rss = _peak_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=20)
    return results, rss, model


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
             "| kind | in-process p50 | in-process p95 | HTTP p50 | HTTP p95 | model p50 (same block) "
             "| HTTP p50 / model |",
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
    if results["rss_mb"] is not None:
        lines += ["", f"server peak RSS: {results['rss_mb']:.0f} MB"]
    return "\n".join(lines)
