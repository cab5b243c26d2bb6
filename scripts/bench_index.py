"""Measure exact (IndexFlatIP) against HNSW search latency by corpus size, to place HNSW_THRESHOLD."""

import argparse
import statistics
import time

import faiss
import numpy as np

from app.index.vector import build_vector_index


def measure(size: int, dimension: int, queries: int, rng: np.random.Generator) -> tuple[float, float, float]:
    data = rng.standard_normal((size, dimension)).astype(np.float32)
    data /= np.linalg.norm(data, axis=1, keepdims=True)
    probe = data[rng.integers(0, size, queries)] + 0.05 * rng.standard_normal((queries, dimension)).astype(np.float32)
    probe /= np.linalg.norm(probe, axis=1, keepdims=True)
    results = []
    for kind in ("flat", "hnsw"):
        index = build_vector_index(data, kind)
        faiss.omp_set_num_threads(2)
        samples, found = [], []
        for row in probe:
            started = time.perf_counter()
            _, ids = index.search(row.reshape(1, -1), 5)
            samples.append((time.perf_counter() - started) * 1000)
            found.append(ids[0])
        results.append((statistics.median(samples), found))
    recall = float(np.mean([len(set(a) & set(b)) / 5 for a, b in zip(results[0][1], results[1][1], strict=True)]))
    return results[0][0], results[1][0], recall


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,5000,10000,20000,50000")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    print("| entries | flat p50 | HNSW p50 | HNSW recall@5 |\n|---|---|---|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        flat, hnsw, recall = measure(size, 384, args.queries, rng)
        print(f"| {size:,} | {flat:.3f} ms | {hnsw:.3f} ms | {recall:.3f} |")
