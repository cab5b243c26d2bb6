"""Assembles a ready Assistant from settings: the checked index and its torch-free query model.

Kept apart from ``app.main`` so that the CLI and the Slack Socket Mode runner start without importing
the web stack; nothing here imports torch.
"""

from __future__ import annotations

import gc
from concurrent.futures import ThreadPoolExecutor

from app.engine.assistant import Assistant
from app.index.batching import BatchingEmbedder
from app.settings import Settings
from app.state.store import StateStore


def build_assistant(settings: Settings, state: StateStore | None = None) -> Assistant:
    """Check and load the index and its ONNX query model: raises with a message saying what to run when stale.
    Conversations live in ``state`` (default: this process's memory).

    The cyclic garbage collector is off while the index's objects are made, and they are frozen afterwards:
    they live as long as the process, and at 100,000 entries collections scanning them took 7.5 s of start-up
    against 5.2 s without (and would pause requests later)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _assemble(settings, state)
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def _assemble(settings: Settings, state: StateStore | None) -> Assistant:
    from app.index.manifest import read_manifest, verify_files
    from app.index.store import check_index, load_index, open_embedder
    from app.index.vector import serve_single_queries

    serve_single_queries()

    model_path = settings.resolved_model_path()
    # onnxruntime builds its session in C++ and hashlib hashes large buffers without the GIL: both run in
    # threads while this one compares the corpus with the build's and reads the index files. A file that
    # fails its checksum is reported as such, before anything else that went wrong, and nothing serves.
    manifest = read_manifest(settings.index_dir)
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="load-index") as pool:
        checking = pool.submit(verify_files, settings.index_dir, manifest)
        loading = pool.submit(open_embedder, settings.index_dir, manifest)
        try:
            manifest = check_index(settings.index_dir, settings.corpus_dir, model_path, checksums=False)
            index = load_index(settings.index_dir, settings.corpus_dir, model_path, manifest=manifest)
        finally:
            checking.result()
        embedder = loading.result()
    if index.vectors.d != manifest.model.dimension:
        open_embedder(settings.index_dir, manifest, index.vectors.d)  # raises, naming both dimensions
    batched = BatchingEmbedder(embedder, window_s=settings.embed_batch_window_ms / 1000)
    return Assistant(index, batched, relevance_threshold=settings.relevance_threshold,
                     conversation_limit=settings.conversation_limit,
                     conversation_ttl_s=settings.conversation_ttl_s,
                     query_cache_size=settings.query_cache_size, state=state)
