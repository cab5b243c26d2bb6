"""Dense vector index in FAISS: exact inner product for small corpora, HNSW above a measured size."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Literal

import faiss
import numpy as np

from app.errors import GpuUnavailableError

IndexType = Literal["flat", "hnsw"]

#: Above this many entries the build switches to HNSW. Measured with scripts/bench_index.py on the
#: 2-core machine: exact search passes ~1 ms per query (a tenth of a model call) near 10k entries (README).
HNSW_THRESHOLD = 10_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 200
HNSW_EF_SEARCH = 128


def choose_index_type(count: int, requested: str | None = None) -> IndexType:
    if requested in ("flat", "hnsw"):
        return requested  # type: ignore[return-value]
    if requested not in (None, "auto"):
        raise ValueError(f"unknown index type {requested!r}; use auto, flat or hnsw")
    return "hnsw" if count > HNSW_THRESHOLD else "flat"


def gpu_available() -> bool:
    return hasattr(faiss, "StandardGpuResources") and faiss.get_num_gpus() > 0


#: Adds and searches a few vectors on GPU 0. It runs in a child process because a faiss-gpu wheel without
#: kernels for the card (faiss-gpu-cu12 >= 1.9.0.post1 ships sm_70/sm_80 code only, so an H100/H200 answers
#: "no kernel image is available") fails a C++ assertion that aborts the process instead of raising.
GPU_PROBE = (
    "import faiss, numpy as np\n"
    "x = np.eye(4, 8, dtype='float32')\n"
    "i = faiss.index_cpu_to_gpu(faiss.StandardGpuResources(), 0, faiss.IndexFlatIP(8))\n"
    "i.add(x)\n"
    "assert i.search(x, 1)[1][:, 0].tolist() == [0, 1, 2, 3]\n"
)


_gpu_probed = False


def require_gpu(*, probe: bool = True) -> None:
    """Raise GpuUnavailableError unless faiss-gpu is installed, sees a GPU and (``probe``) can run on it."""
    if not hasattr(faiss, "StandardGpuResources"):
        raise GpuUnavailableError("--gpu needs faiss-gpu: install the extra with `pip install -e '.[gpu]'`")
    if faiss.get_num_gpus() == 0:
        raise GpuUnavailableError("--gpu was asked for but faiss sees no GPU on this machine")
    global _gpu_probed
    if probe and not _gpu_probed:
        done = subprocess.run([sys.executable, "-c", GPU_PROBE], capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            why = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise GpuUnavailableError(
                f"faiss-gpu {faiss.__version__} cannot run on this GPU ({why}); install a faiss-gpu build "
                "with kernels for its compute capability, or build without --gpu")
        _gpu_probed = True


def build_vector_index(vectors: np.ndarray, index_type: IndexType, *, gpu: bool = False) -> faiss.Index:
    """An index over L2-normalised vectors, scored by inner product (= cosine similarity)."""
    dimension = int(vectors.shape[1])
    if index_type == "hnsw":
        faiss.omp_set_num_threads(1)  # one thread makes the HNSW graph reproducible
        hnsw = faiss.IndexHNSWFlat(dimension, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        hnsw.hnsw.efSearch = HNSW_EF_SEARCH
        hnsw.add(vectors)
        return hnsw
    index = faiss.IndexFlatIP(dimension)  # faiss-gpu has no HNSW: above the threshold --gpu builds on the CPU
    if gpu:
        require_gpu()
        resources = faiss.StandardGpuResources()
        gpu_index = faiss.index_cpu_to_gpu(resources, 0, index)
        gpu_index.add(vectors)
        return faiss.index_gpu_to_cpu(gpu_index)
    index.add(vectors)
    return index


def to_gpu(index: faiss.Index) -> faiss.Index:
    require_gpu(probe=False)
    return faiss.index_cpu_to_gpu(faiss.StandardGpuResources(), 0, index)


def save(index: faiss.Index, path: Path) -> None:
    faiss.write_index(index, str(path))


def load(path: Path) -> faiss.Index:
    return faiss.read_index(str(path))


_search_threads: int | None = None


def serve_single_queries() -> None:
    """One OpenMP thread for searches of one query: a parallel flat search of 10,000 vectors measured
    12–20 ms p50 with two threads against 0.3 ms with one on the shared 2-core machine (scripts/bench_scale.py),
    its threads spinning against the model's and other requests'. OpenMP keeps the setting per thread, and
    searches run in the server's worker threads, so ``search`` applies it in the thread that searches."""
    global _search_threads
    _search_threads = 1
    faiss.omp_set_num_threads(1)


def search(index: faiss.Index, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(scores, ids) for one query vector, best first, without FAISS's -1 padding."""
    if _search_threads is not None:
        faiss.omp_set_num_threads(_search_threads)
    k = min(k, index.ntotal)
    if k <= 0:
        return np.empty(0, dtype=np.float32), np.empty(0, dtype=np.int64)
    scores, ids = index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), k)
    keep = ids[0] >= 0
    return scores[0][keep], ids[0][keep]
