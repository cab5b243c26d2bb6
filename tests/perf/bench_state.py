"""What Redis adds to a follow-up question: the same in-process follow-up timed with conversations in memory
and in a local redis-server over loopback TCP (and a unix socket), interleaved so both see the same load."""

from __future__ import annotations

import argparse
import os
import time
from typing import Any

from app.engine.assistant import Assistant
from app.local_redis import free_port, local_redis
from app.settings import Settings
from app.state.redis_store import RedisStateStore
from app.state.store import MemoryStateStore, StateStore

FOLLOW_UPS = (("How many stars does PyTorch have?", "How many commits does it have?"),
              ("按提交次数排名前五", "贡献者呢？"),
              ("How many stars does Caffe have?", "What about Theano?"))


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def follow_up_ms(assistant: Assistant, first: str, follow: str) -> float:
    conversation_id = assistant.ask(first).conversation_id
    started = time.perf_counter()
    answer = assistant.ask(follow, 5, conversation_id)
    elapsed = (time.perf_counter() - started) * 1000
    assert answer.conversation_id == conversation_id, "the follow-up did not continue its conversation"
    return elapsed


def run(repeat: int) -> dict[str, Any]:
    from app.index.embedder import SentenceTransformerEmbedder
    from app.index.store import load_index

    settings = Settings()
    index = load_index(settings.index_dir, settings.corpus_dir, settings.resolved_model_path())
    embedder = SentenceTransformerEmbedder(settings.resolved_model_path())
    with local_redis(port=free_port()) as tcp, local_redis() as unix:
        stores: dict[str, StateStore] = {"memory": MemoryStateStore(),
                                          "redis (loopback TCP)": RedisStateStore(tcp.url),
                                          "redis (unix socket)": RedisStateStore(unix.url)}
        assistants = {name: Assistant(index, embedder, relevance_threshold=settings.relevance_threshold, state=store)
                      for name, store in stores.items()}
        samples: dict[str, list[float]] = {name: [] for name in assistants}
        for n in range(repeat + 20):
            first, follow = FOLLOW_UPS[n % len(FOLLOW_UPS)]
            for name, assistant in assistants.items():
                elapsed = follow_up_ms(assistant, first, follow)
                if n >= 20:  # the first rounds warm caches and connections
                    samples[name].append(elapsed)
        for store in stores.values():
            if isinstance(store, RedisStateStore):
                store.close()
    memory_p50 = percentile(samples["memory"], 0.5)
    return {name: {"p50_ms": round(percentile(s, 0.5), 3), "p95_ms": round(percentile(s, 0.95), 3),
                   "added_p50_ms": round(percentile(s, 0.5) - memory_p50, 3)} for name, s in samples.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench_state.py", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=500, help="follow-ups timed per store")
    args = parser.parse_args(argv)
    results = run(args.repeat)
    print(f"follow-up question, in-process, {args.repeat} samples each, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("| store | p50 | p95 | added to p50 |\n|---|---|---|---|")
    for name, figures in results.items():
        p50, p95, added = figures["p50_ms"], figures["p95_ms"], figures["added_p50_ms"]
        print(f"| {name} | {p50:.3f} ms | {p95:.3f} ms | {added:+.3f} ms |")
    worst = max(figures["added_p50_ms"] for figures in results.values())
    return 0 if worst <= 0.5 else 1
