"""Builds index/ from corpus/: embed, index, write, then rename into place so a failure changes nothing."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import numpy as np

from app.corpus.loader import corpus_hash, corpus_signature, load_corpus
from app.corpus.models import Corpus
from app.engine.catalog import CatalogTables
from app.engine.metrics import Measures
from app.index import vector
from app.index.embedder import Embedder, entry_text
from app.index.keyword import KeywordIndex
from app.index.manifest import FORMAT_VERSION, Manifest, checksum_files, content_hash, write_manifest
from app.index.query_model import MODEL_DIR
from app.index.tables import write_tables

CORPUS_FILE = "corpus.json"
VECTORS_FILE = "vectors.faiss"
EMBEDDINGS_FILE = "embeddings.npy"
KEYWORD_DIR = "keyword"
#: A corpus file written less than this long before the end of a build gets no stat signature: a write within
#: the file system's timestamp tick may leave its size and time unchanged (loader.corpus_signature).
SETTLED_S = 2.0

INDEX_README = """# index/

Build output of `python scripts/build_index.py` (git-ignored except this file). Rebuilt by `make index`
or `make run` whenever `scripts/build_index.py --check` finds it missing, stale or damaged.

- `manifest.json`: format version, model and dimension, entry count, corpus hash, FAISS index type,
  library versions, sha256 of every file below, build time.
- `corpus.json`: the validated corpus the index was built from (sources, vocabulary, entries); the
  service answers from this copy, not from corpus/.
- `vectors.faiss`: FAISS index over each entry's text (row i = entry i of corpus.json).
- `embeddings.npy`: the same vectors as float32, L2-normalised.
- `keyword/`: bm25s keyword index (English words, Chinese character uni- and bigrams).
- `catalog/`: the catalog's tables (a column and two orders per measure, rank and link columns, a mask
  per attribute term; `tables.json` names the rows), read at start-up instead of computed.
- `model/`: the query model the service embeds questions with, without torch: `model.onnx` (the
  sentence-transformers model exported with mean pooling and normalisation) and its weights
  `model.onnx.data`, `tokenizer.json`, `config.json`.
"""


@dataclass(frozen=True)
class BuildSummary:
    entries: int
    dimension: int
    index_type: str
    seconds: float
    manifest: Manifest


def _versions() -> dict[str, str]:
    versions = {}
    for package in ("dlsurvey-assistant", "faiss-cpu", "sentence-transformers", "torch", "bm25s", "numpy",
                    "onnxruntime", "tokenizers"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "absent"
    return versions


def build_index(
    corpus_dir: Path,
    index_dir: Path,
    embedder: Embedder,
    *,
    index_type: str | None = None,
    gpu: bool = False,
    progress: bool = False,
) -> BuildSummary:
    """Build into a temporary sibling of index_dir and swap it in; the old index survives any failure."""
    started = time.perf_counter()
    if gpu:
        vector.require_gpu()  # also when called without the CLI, which checks before loading the model
    hashed = corpus_hash(corpus_dir)  # before reading it: an edit during the build shows as a stale index
    corpus = load_corpus(corpus_dir)
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{index_dir.name}.building-", dir=index_dir.parent))
    staging.chmod(0o755)
    try:
        kind = _write_index(staging, corpus, embedder, index_type, gpu=gpu, progress=progress)
        query_model = _write_query_model(staging, embedder)
        files = checksum_files(staging)
        manifest = write_manifest(
            staging,
            {
                "format_version": FORMAT_VERSION,
                "model": {"name": embedder.name, "dimension": embedder.dimension, "fingerprint": embedder.fingerprint,
                          "query_model": query_model},
                "entry_count": len(corpus.entries),
                "corpus_hash": hashed,
                "corpus_signature": _settled_signature(corpus_dir, hashed),
                "faiss_index_type": kind,
                "versions": _versions(),
                "files": files,
                "content_hash": content_hash(files),
                "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "build_seconds": round(time.perf_counter() - started, 3),
            },
        )
        _copy_readme(index_dir, staging)
        _swap_into_place(staging, index_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildSummary(len(corpus.entries), embedder.dimension, kind, time.perf_counter() - started, manifest)


def _settled_signature(corpus_dir: Path, hashed: str) -> str | None:
    """The corpus's stat signature if it proves the corpus is still the one the index was built from: every
    file last written over SETTLED_S ago (so any later write changes a time) and the contents hashing as
    they did at the start. None otherwise: start-up then hashes the contents."""
    signature = corpus_signature(corpus_dir, settled_s=SETTLED_S)
    return signature if signature is not None and corpus_hash(corpus_dir) == hashed else None


def _write_index(
    folder: Path, corpus: Corpus, embedder: Embedder, index_type: str | None, *, gpu: bool, progress: bool
) -> str:
    texts = [entry_text(entry, corpus.vocabulary) for entry in corpus.entries]
    vectors = embedder.encode(texts, progress=progress)
    if vectors.shape != (len(texts), embedder.dimension):
        raise ValueError(f"embedder returned shape {vectors.shape}, expected ({len(texts)}, {embedder.dimension})")
    kind = vector.choose_index_type(len(texts), index_type)
    vector.save(vector.build_vector_index(vectors, kind, gpu=gpu), folder / VECTORS_FILE)
    np.save(folder / EMBEDDINGS_FILE, vectors)
    KeywordIndex.build(texts).save(folder / KEYWORD_DIR)
    entries = list(corpus.entries)
    write_tables(folder, CatalogTables.compute(entries, Measures(corpus)), len(entries))
    payload = corpus.model_dump(mode="json")
    (folder / CORPUS_FILE).write_text(json.dumps(payload, ensure_ascii=False, sort_keys=True, indent=1) + "\n")
    return kind


def _write_query_model(folder: Path, embedder: Embedder) -> str | None:
    """Export the torch-free query model when the embedder can (the real one can; test doubles cannot)."""
    export = getattr(embedder, "write_query_model", None)
    if export is None:
        return None
    export(folder)
    return MODEL_DIR


def _copy_readme(index_dir: Path, staging: Path) -> None:
    existing = index_dir / "README.md"
    if existing.is_file():
        shutil.copy2(existing, staging / "README.md")
    else:
        (staging / "README.md").write_text(INDEX_README)


def _swap_into_place(staging: Path, index_dir: Path) -> None:
    """Two renames: the old index moves aside only once the new one is complete on disk."""
    for path in staging.rglob("*"):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
    retired = None
    if index_dir.exists():
        retired = index_dir.parent / f".{index_dir.name}.old-{os.getpid()}-{time.time_ns()}"
        index_dir.rename(retired)
    staging.rename(index_dir)
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)
