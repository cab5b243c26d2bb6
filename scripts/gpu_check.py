"""Prove the faiss-gpu path on a GPU machine: `python scripts/gpu_check.py [--size N] [--index-cpu D --index-gpu D]`.

1. ``app.index.vector`` builds the same flat index with ``gpu=True`` as on the CPU: for random unit vectors
   (``--size``) and for the built index's own embeddings (when ``index/embeddings.npy`` exists), the top-10 of
   every query agree and the scores differ by float rounding only; a search through ``to_gpu`` agrees too.
2. With ``--index-cpu`` and ``--index-gpu`` (two folders built by ``scripts/build_index.py``, the second with
   ``--gpu``), the two ``vectors.faiss`` files hold the same vectors and give the same neighbours.

Prints one JSON object; exits 1 when any comparison fails. It needs faiss-gpu and a GPU (exits 2 otherwise).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.errors import GpuUnavailableError
from app.index import vector

K = 10


def _unit(rows: int, dim: int, seed: int) -> np.ndarray:
    x = np.random.default_rng(seed).standard_normal((rows, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def _agreement(a_ids: np.ndarray, b_ids: np.ndarray) -> float:
    """Share of queries whose top-K id sets are equal (order may differ only between tied scores)."""
    return float(np.mean([set(x) == set(y) for x, y in zip(a_ids, b_ids, strict=True)]))


def compare_builds(vectors: np.ndarray, queries: np.ndarray) -> dict[str, object]:
    start = time.perf_counter()
    cpu = vector.build_vector_index(vectors, "flat", gpu=False)
    cpu_s = time.perf_counter() - start
    start = time.perf_counter()
    gpu_built = vector.build_vector_index(vectors, "flat", gpu=True)
    gpu_s = time.perf_counter() - start
    k = min(K, len(vectors))
    cpu_scores, cpu_ids = cpu.search(queries, k)
    built_scores, built_ids = gpu_built.search(queries, k)
    on_gpu = vector.to_gpu(cpu)
    gpu_scores, gpu_ids = on_gpu.search(queries, k)
    stored = np.vstack([gpu_built.reconstruct(i) for i in range(min(len(vectors), 1000))])
    same_stored = bool(np.array_equal(stored, vectors[: len(stored)]))
    agree_built, agree_on_gpu = _agreement(cpu_ids, built_ids), _agreement(cpu_ids, gpu_ids)
    diff_on_gpu = float(np.abs(cpu_scores - gpu_scores).max())
    ok = same_stored and agree_built == 1.0 and agree_on_gpu >= 0.99 and diff_on_gpu < 1e-4  # a tie may swap
    return {
        "vectors": len(vectors),
        "queries": len(queries),
        "build_cpu_s": round(cpu_s, 4),
        "build_gpu_s": round(gpu_s, 4),
        "gpu_built_index_class": type(gpu_built).__name__,
        "stored_vectors_equal": same_stored,
        "topk_agree_gpu_built": agree_built,
        "topk_agree_search_on_gpu": agree_on_gpu,
        "max_score_diff_search_on_gpu": diff_on_gpu,
        "max_score_diff_gpu_built": float(np.abs(cpu_scores - built_scores).max()),
        "ok": ok,
    }


def compare_index_folders(cpu_dir: Path, gpu_dir: Path) -> dict[str, object]:
    cpu, gpu = vector.load(cpu_dir / "vectors.faiss"), vector.load(gpu_dir / "vectors.faiss")
    a = np.vstack([cpu.reconstruct(i) for i in range(cpu.ntotal)])
    b = np.vstack([gpu.reconstruct(i) for i in range(gpu.ntotal)])
    same_shape = a.shape == b.shape
    cosine = float(np.min(np.sum(a * b, axis=1))) if same_shape else 0.0
    agree = _agreement(cpu.search(a, min(K, len(a)))[1], gpu.search(a, min(K, len(a)))[1]) if same_shape else 0.0
    return {
        "entries": int(cpu.ntotal),
        "same_shape": same_shape,
        "min_cosine_cpu_vs_gpu_built": round(cosine, 6),
        "topk_agree": agree,
        "ok": bool(same_shape and cosine > 0.9999 and agree == 1.0),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--dim", type=int, default=384)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--index-cpu", type=Path)
    parser.add_argument("--index-gpu", type=Path)
    args = parser.parse_args()
    try:
        vector.require_gpu()
    except GpuUnavailableError as exc:
        print(json.dumps({"ok": False, "error": str(exc)}))
        return 2
    import faiss

    report: dict[str, object] = {"faiss": faiss.__version__, "gpus": faiss.get_num_gpus()}
    random_vectors = _unit(args.size, args.dim, 0)
    report["random"] = compare_builds(random_vectors, _unit(args.queries, args.dim, 1))
    embeddings = Path(__file__).resolve().parents[1] / "index" / "embeddings.npy"
    if embeddings.exists():
        own = np.load(embeddings).astype(np.float32)
        report["index_embeddings"] = compare_builds(own, own)
    if args.index_cpu and args.index_gpu:
        report["built_indexes"] = compare_index_folders(args.index_cpu, args.index_gpu)
    report["ok"] = all(part.get("ok") for part in report.values() if isinstance(part, dict))
    print(json.dumps(report, indent=2))
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
