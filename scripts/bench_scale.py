"""Scale benchmark over synthetic corpora (13 / 1,000 / 10,000 / 100,000 entries), measured only through the
public surface (``Assistant.ask`` in-process, ``POST /ask`` over HTTP), so it keeps working when the engine
behind them changes.

``build``: write the corpus (``app.corpus.synth``), build its index with ``scripts/build_index.py`` (timed), then
measure the bare sentence-transformers batch throughput on a sample of the same entry texts in this process,
so the two rates are compared under the same machine load. ``serve``: time the server's start to a healthy
``/healthz``, its RSS, ``/ask`` p50/p99 per operation, the same in-process, and the bare ONNX query call
measured in the same run (``healthy``: only the start-up, ``--runs`` times; ``startup``: its steps one by one).
``cold``: start-up, ``python -m app ask`` and RSS on the real corpus. Every block
records ``uptime``'s load average beside its figures; results go to ``artifacts/scale/*.json``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from app.settings import REPO_ROOT

WORK = REPO_ROOT / "artifacts" / "scale"


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def paths(size: int) -> tuple[Path, Path]:
    return WORK / f"synth-{size}" / "corpus", WORK / f"synth-{size}" / "index"


# ---- build -------------------------------------------------------------------------------------------


class RandomVectors:
    """Stand-in document embedder for corpora too large to embed on the measuring machine: deterministic
    random unit vectors under the real model's name, and the real ONNX query model copied from index/.
    Start-up, linking, compute, FAISS/BM25 search and /ask latencies stay real; what vectors retrieve does
    not, and no build throughput is reported for such a build."""

    def __init__(self) -> None:
        from app.index.embedder import model_fingerprint, model_name
        from app.settings import bundled_model_path

        self.name = model_name(bundled_model_path())
        self.fingerprint = model_fingerprint(bundled_model_path())
        self.dimension = 384

    def encode(self, texts: list[str], *, progress: bool = False) -> Any:
        import numpy as np

        vectors = np.random.default_rng(len(texts)).standard_normal((len(texts), self.dimension)).astype(np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    def write_query_model(self, folder: Path) -> None:
        import shutil

        from app.index.query_model import MODEL_DIR

        shutil.copytree(REPO_ROOT / "index" / MODEL_DIR, folder / MODEL_DIR)


def build_random(size: int) -> dict[str, Any]:
    from app.corpus.synth import write_synthetic_corpus
    from app.index.build import build_index

    corpus, index = paths(size)
    write_synthetic_corpus(REPO_ROOT / "corpus", corpus, size)
    load_before = load_average()
    started = time.perf_counter()
    summary = build_index(corpus, index, RandomVectors())
    seconds = time.perf_counter() - started
    return {"size": size, "random_vectors": True, "build_s": seconds, "index_type": summary.index_type,
            "index_mb": folder_mb(index), "index_mb_without_model": folder_mb(index) - folder_mb(index / "model"),
            "load": f"{load_before} → {load_average()}"}


def build(size: int, sample: int) -> dict[str, Any]:
    from app.corpus.synth import write_synthetic_corpus

    corpus, index = paths(size)
    write_synthetic_corpus(REPO_ROOT / "corpus", corpus, size)
    load_before = load_average()
    started = time.perf_counter()
    subprocess.run([sys.executable, "scripts/build_index.py", "--quiet", "--corpus", str(corpus), "--index",
                    str(index)], cwd=REPO_ROOT, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    model_rate = bare_batch_throughput(corpus, sample)
    result: dict[str, Any] = {
        "size": size, "build_s": seconds, "entries_per_s": size / seconds, "model_texts_per_s": model_rate,
        "index_mb": folder_mb(index), "index_mb_without_model": folder_mb(index) - folder_mb(index / "model"),
        "load": f"{load_before} → {load_average()}",
    }
    result["build_over_model"] = result["entries_per_s"] / model_rate
    return result


def bare_batch_throughput(corpus_dir: Path, sample: int) -> float:
    """Texts/s of the bare sentence-transformers encode (batch 32, as the build calls it) on entry texts."""
    from app.corpus.loader import load_corpus
    from app.index.embedder import SentenceTransformerEmbedder, entry_text
    from app.settings import bundled_model_path

    loaded = load_corpus(corpus_dir)
    texts = [entry_text(e, loaded.vocabulary) for e in random.Random(0).sample(loaded.entries,
                                                                               min(sample, len(loaded.entries)))]
    model = SentenceTransformerEmbedder(bundled_model_path())
    model.encode(texts[:32])
    started = time.perf_counter()
    model.encode(texts)
    return len(texts) / (time.perf_counter() - started)


# ---- serve -------------------------------------------------------------------------------------------

OPERATIONS: dict[str, list[str]] = {
    "figure": ["How many stars does {a} have?", "{a}有多少贡献者？", "{a} commits?"],
    "ranking": ["Which library has the most stars?", "Top 5 libraries by commits", "按贡献者排名前三"],
    "filter": ["libraries with more than 90,000 stars", "贡献者少于2的库"],
    "composite": ["Which Spark library has the most stars?", "How many more stars does {a} have than {b}?",
                  "What is the average number of contributors?"],
    "open": ["library for federated reinforcement pipelines on edge devices",
             "which toolkit helps with quantized speech models in the browser?",
             "Which library has a dynamic dependency scheduler?", "哪个库有动态依赖调度器？"],
}
OPEN_PROBE = "which library is good for collaborative filtering?"


def questions(kind: str, names: list[str], rng: random.Random) -> list[str]:
    """Concrete questions of one kind; named ones get different libraries each time (no lucky cache)."""
    return [t.format(a=rng.choice(names), b=rng.choice(names)) for t in OPERATIONS[kind] for _ in range(4)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(env_extra: dict[str, str], timeout: float = 120.0,
                 cwd: Path = REPO_ROOT) -> tuple[subprocess.Popen[bytes], str, float]:
    """uvicorn on a free port (the app of the checkout at ``cwd``); returns once /healthz answers, with the
    seconds from spawn to healthy."""
    port = free_port()
    env = {**os.environ, "DLQA_QUERY_CACHE_SIZE": "0", **env_extra}
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "uvicorn", "app.main:app", "--port", str(port),
                                "--log-level", "warning"], cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    while time.perf_counter() - started < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        if healthy(port):
            return process, f"http://127.0.0.1:{port}", time.perf_counter() - started
        time.sleep(0.005)
    process.kill()
    raise RuntimeError("server did not become healthy in time")


def healthy(port: int) -> bool:
    """One GET /healthz with the standard library: a refused connection costs microseconds, where each
    ``httpx.get`` costs ~20 ms of CPU (it builds an SSL context), which polling every 5 ms took from the
    server starting on the same 2 cores (start-ups measured about twice as long)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1.0)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def rss_mb(pid: int) -> dict[str, float]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            fields[line.split(":")[0]] = int(line.split()[1]) / 1024
    return {"rss_mb": fields.get("VmRSS", 0.0), "peak_rss_mb": fields.get("VmHWM", 0.0)}


def timed(call: Any, items: list[str], rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        for item in items:
            started = time.perf_counter()
            call(item)
            samples.append((time.perf_counter() - started) * 1000)
    return samples


def summary(samples: list[float]) -> dict[str, float]:
    return {"p50": percentile(samples, 0.5), "p99": percentile(samples, 0.99), "n": len(samples)}


def serve(size: int, rounds: int) -> dict[str, Any]:
    from app.factory import build_assistant
    from app.settings import Settings

    corpus, index = paths(size) if size > 13 else (REPO_ROOT / "corpus", REPO_ROOT / "index")
    env = {"DLQA_INDEX_DIR": str(index), "DLQA_CORPUS_DIR": str(corpus)}
    result: dict[str, Any] = {"size": size, "load_start": load_average()}
    names = [e["name"] for e in json.loads((index / "corpus.json").read_text(encoding="utf-8"))["entries"]]
    rng = random.Random(size)
    asked = {kind: questions(kind, names, rng) for kind in OPERATIONS}

    process, base, healthy_s = start_server(env)
    try:
        result["startup_s"] = healthy_s
        with httpx.Client(base_url=base, timeout=60) as client:
            def post(question: str) -> None:
                client.post("/ask", json={"question": question}).raise_for_status()
            timed(post, asked["figure"][:3], 1)  # first requests pay lazy imports; not what is measured
            result["http"] = {kind: summary(timed(post, asked[kind], rounds)) for kind in OPERATIONS}
        result.update(rss_mb(process.pid))
    finally:
        process.terminate()
        process.wait(timeout=30)

    assistant = build_assistant(Settings(index_dir=index, corpus_dir=corpus, query_cache_size=0))
    embedder = assistant.retriever._embedder
    probes = [OPEN_PROBE, *asked["open"]]
    timed(lambda q: assistant.ask(q), asked["figure"][:3], 1)
    result["in_process"] = {kind: summary(timed(lambda q: assistant.ask(q), asked[kind], rounds))
                            for kind in OPERATIONS}
    result["intents"] = {kind: sorted({f"{a.intent}:{a.answered}" for a in map(assistant.ask, asked[kind])})
                         for kind in OPERATIONS}  # what each operation's questions really were
    # The bare query embedding call, on the same open questions, right after them: the ratio's baseline.
    result["bare_onnx_ms"] = summary(timed(lambda q: embedder.encode([q]), probes, rounds))
    result["load_end"] = load_average()
    return result


# ---- cold start on the real corpus ---------------------------------------------------------------------


def cold(runs: int) -> dict[str, Any]:
    result: dict[str, Any] = {"load_start": load_average()}
    starts, rss = [], []
    for _ in range(runs):
        process, base, healthy_s = start_server({})
        try:
            httpx.post(f"{base}/ask", json={"question": OPEN_PROBE}, timeout=30).raise_for_status()
            starts.append(healthy_s)
            rss.append(rss_mb(process.pid))
        finally:
            process.terminate()
            process.wait(timeout=30)
    asks = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "app", "ask", OPEN_PROBE], cwd=REPO_ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        asks.append(time.perf_counter() - started)
    # What a start-up is made of, measured in the same run: the interpreter alone, importing the web app,
    # and what the service no longer does (import torch + sentence-transformers and load the model).
    floors = {
        "python_s": "pass",
        "import_app_main_s": "import app.main",
        "torch_model_load_s": "from app.index.embedder import SentenceTransformerEmbedder as S; "
                              "from app.settings import bundled_model_path as p; S(p()).encode(['x'])",
    }
    for label, code in floors.items():
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, check=True, capture_output=True)
            samples.append(time.perf_counter() - started)
        result[label] = samples
    result.update({"startup_s": starts, "cli_ask_s": asks, "rss_mb": [r["rss_mb"] for r in rss],
                   "peak_rss_mb": [r["peak_rss_mb"] for r in rss], "load_end": load_average()})
    return result


# ---- open questions at 32 concurrent clients --------------------------------------------------------------

#: Words of no vocabulary term, so every question is an open one (retrieval), never an attribute lookup.
WORDS = ("federated", "quantized", "speech", "browser", "sparse", "graph", "symbolic", "pipelines", "tensors",
         "scheduler", "imperative", "kernels", "expressive", "dependency", "compiler", "profiling")


def open_questions(count: int) -> list[str]:
    rng = random.Random(3)
    return [f"which library is good for {' '.join(rng.sample(WORDS, 3))} work, case {i}?" for i in range(count)]


def concurrency(clients: int, requests: int) -> dict[str, Any]:
    """Open questions from ``clients`` threads through ``Assistant.ask`` (cache off), with the embedder the
    service used before (sentence-transformers, one call at a time behind its lock), the ONNX one alone
    (lock-serialised), and the ONNX one behind the batcher the service now uses."""
    from concurrent.futures import ThreadPoolExecutor

    from app.engine.assistant import Assistant
    from app.index.batching import BatchingEmbedder
    from app.index.embedder import SentenceTransformerEmbedder
    from app.index.store import load_index, open_embedder
    from app.settings import Settings

    settings = Settings()
    index = load_index(settings.index_dir, settings.corpus_dir, settings.resolved_model_path())
    onnx = open_embedder(settings.index_dir, index.manifest)
    embedders: dict[str, Any] = {
        "sentence-transformers (torch), serialised": SentenceTransformerEmbedder(settings.resolved_model_path()),
        "onnxruntime, serialised": onnx,
        "onnxruntime, batched": BatchingEmbedder(onnx, window_s=settings.embed_batch_window_ms / 1000),
    }
    result: dict[str, Any] = {"clients": clients, "requests": requests, "load_start": load_average()}
    asked = open_questions(requests)
    for label, embedder in embedders.items():
        assistant = Assistant(index, embedder, relevance_threshold=settings.relevance_threshold, query_cache_size=0)
        if "intents" not in result:  # what the questions really were
            result["intents"] = sorted({assistant.ask(q).intent for q in asked})
        for question in asked[:clients]:  # warm-up
            assistant.ask(question)
        latencies: list[float] = []

        def ask(question: str, assistant: Assistant = assistant, latencies: list[float] = latencies) -> None:
            started = time.perf_counter()
            assistant.ask(question)
            latencies.append((time.perf_counter() - started) * 1000)

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=clients) as pool:
            list(pool.map(ask, asked))
        seconds = time.perf_counter() - started
        result[label] = {"req_per_s": requests / seconds, **summary(latencies),
                         "model_calls": getattr(embedder, "calls", None)}
    result["load_end"] = load_average()
    return result


# ---- where start-up goes -----------------------------------------------------------------------------------


def startup(size: int) -> dict[str, Any]:
    """The steps of build_assistant timed one by one, in this process (imports done first), with the garbage
    collector off as build_assistant has it; then build_assistant itself, whole."""
    import gc

    from app.corpus.loader import corpus_hash, corpus_signature
    from app.engine.assistant import Assistant
    from app.engine.catalog import Catalog
    from app.engine.linking import EntityLinker
    from app.factory import build_assistant
    from app.index.manifest import checksum_files
    from app.index.store import check_index, load_index, open_embedder
    from app.settings import Settings

    corpus, index = paths(size) if size > 13 else (REPO_ROOT / "corpus", REPO_ROOT / "index")
    settings = Settings(index_dir=index, corpus_dir=corpus, query_cache_size=0)
    model = settings.resolved_model_path()
    steps: dict[str, Any] = {"size": size, "load_start": load_average()}

    def step(label: str, call: Any) -> Any:
        started = time.perf_counter()
        value = call()
        steps[label] = time.perf_counter() - started
        return value

    gc.disable()
    step("corpus_signature_s", lambda: corpus_signature(corpus))
    step("corpus_hash_s (when the signature differs, and --check)", lambda: corpus_hash(corpus))
    step("index_checksums_s", lambda: checksum_files(index))
    manifest = step("check_index_s", lambda: check_index(index, corpus, model))
    loaded = step("load_index_s (corpus.json, faiss, bm25)",
                  lambda: load_index(index, corpus, model, manifest=manifest))
    embedder = step("open_onnx_s", lambda: open_embedder(index, manifest))
    step("catalog_s (tables read from the index)", lambda: Catalog(loaded.corpus, loaded.tables))
    step("catalog_computed_s (what the tables save)", lambda: Catalog(loaded.corpus))
    step("entity_linker_s", lambda: EntityLinker(loaded.corpus))
    step("assistant_init_s (catalog + linker + retriever)",
         lambda: Assistant(loaded, embedder, relevance_threshold=settings.relevance_threshold))
    gc.enable()
    gc.collect()
    step("build_assistant_s (all of it, the model loading beside the index)", lambda: build_assistant(settings))
    steps["load_end"] = load_average()
    return steps


def healthy_runs(size: int, runs: int, baseline: Path | None = None) -> dict[str, Any]:
    """Start-up to a healthy server, ``runs`` times: spawn to the first 200 on /healthz, then stop. With
    ``baseline`` (another checkout, e.g. ``git archive main``), each run starts that checkout's app on the same
    index just before this one's, so both see the same machine load."""
    corpus, index = paths(size) if size > 13 else (REPO_ROOT / "corpus", REPO_ROOT / "index")
    env = {"DLQA_INDEX_DIR": str(index), "DLQA_CORPUS_DIR": str(corpus)}
    result: dict[str, Any] = {"size": size, "load_start": load_average(), "startup_s": []}
    if baseline is not None:
        result["baseline"], result["baseline_startup_s"] = str(baseline), []
    checkouts = ([("baseline_startup_s", baseline)] if baseline is not None else []) + [("startup_s", REPO_ROOT)]
    for _ in range(runs):
        for key, cwd in checkouts:
            process, _, seconds = start_server(env, cwd=cwd)
            process.terminate()
            process.wait(timeout=30)
            result[key].append(seconds)
    result["median_s"] = sorted(result["startup_s"])[runs // 2]
    if baseline is not None:
        result["baseline_median_s"] = sorted(result["baseline_startup_s"])[runs // 2]
    result["load_end"] = load_average()
    return result


# ---- report ------------------------------------------------------------------------------------------------


def report(sizes: list[int]) -> str:
    """Markdown tables of the saved results (artifacts/scale/*.json)."""

    def saved(name: str) -> dict[str, Any] | None:
        path = WORK / f"{name}.json"
        return json.loads(path.read_text()) if path.is_file() else None

    lines = ["| entries | document vectors | build | build rate | index on disk (+ model) | start-up to healthy "
             "| server RSS | load average |", "|---|---|---|---|---|---|---|---|"]
    for size in sizes:
        built = saved(f"build-{size}") or saved(f"build-random-{size}")
        served = saved(f"serve-{size}")
        if served is None:
            continue
        if built is None:
            vectors, build, rate, disk = "model", "–", "–", "–"
        else:
            vectors = "random (see below)" if built.get("random_vectors") else "model"
            build = f"{built['build_s']:.0f} s"
            rate = (f"{built['entries_per_s']:.1f}/s (bare model {built['model_texts_per_s']:.1f}/s: "
                    f"{built['build_over_model']:.2f}×)" if "entries_per_s" in built else "–")
            disk = f"{built['index_mb_without_model']:.0f} MB (+91 MB)"
        lines.append(f"| {size:,} | {vectors} | {build} | {rate} | {disk} | {served['startup_s']:.1f} s | "
                     f"{served['rss_mb']:.0f} MB | {served['load_start']} → {served['load_end']} |")
    lines += ["", "| entries | " + " | ".join(f"{k} HTTP p50 / p99" for k in OPERATIONS)
              + " | figure in-process p50 | open in-process p50 | bare ONNX call p50 | open / bare |",
              "|---|" + "---|" * (len(OPERATIONS) + 4)]
    for size in sizes:
        served = saved(f"serve-{size}")
        if served is None:
            continue
        http = " | ".join(f"{served['http'][k]['p50']:.1f} / {served['http'][k]['p99']:.1f} ms" for k in OPERATIONS)
        own, bare = served["in_process"], served["bare_onnx_ms"]["p50"]
        lines.append(f"| {size:,} | {http} | {own['figure']['p50']:.2f} ms | {own['open']['p50']:.1f} ms | "
                     f"{bare:.1f} ms | {own['open']['p50'] / bare:.2f}× |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("phase", choices=["build", "build-random", "serve", "cold", "concurrency", "startup", "healthy",
                                          "report"])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--rounds", type=int, default=5, help="passes over each operation's questions")
    parser.add_argument("--runs", type=int, default=5, help="cold starts and CLI runs")
    parser.add_argument("--requests", type=int, default=640, help="open questions for the concurrency phase")
    parser.add_argument("--sample", type=int, default=2000, help="texts for the bare model throughput")
    parser.add_argument("--baseline", type=Path, default=None,
                        help="healthy: another checkout whose app starts on the same index before each of ours")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    if args.phase == "report":
        print(report([13, *(int(s) for s in args.sizes.split(","))]))
        return 0
    if args.phase in ("cold", "concurrency"):
        outcome: Any = cold(args.runs) if args.phase == "cold" else concurrency(32, args.requests)
        print(json.dumps(outcome, indent=1))
        (WORK / f"{args.phase}.json").write_text(json.dumps(outcome, indent=1))
        return 0
    for size in (int(s) for s in args.sizes.split(",")):
        if args.phase == "build":
            outcome = build(size, args.sample)
        elif args.phase == "build-random":
            outcome = build_random(size)
        elif args.phase == "startup":
            outcome = startup(size)
        elif args.phase == "healthy":
            outcome = healthy_runs(size, args.runs, args.baseline)
        else:
            outcome = serve(size, args.rounds)
        print(json.dumps(outcome, indent=1), flush=True)
        (WORK / f"{args.phase}-{size}.json").write_text(json.dumps(outcome, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
