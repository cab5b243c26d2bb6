"""Loads a built index after checking it against the corpus and its checksums."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import faiss

from app.corpus.lazy import LazyEntries
from app.corpus.loader import corpus_hash, corpus_signature
from app.corpus.models import Corpus, SourceMeta, Vocabulary
from app.engine.catalog import CatalogTables
from app.engine.metrics import Measures
from app.errors import IndexCorruptError, IndexOutOfDateError
from app.index import vector
from app.index.build import CORPUS_FILE, KEYWORD_DIR, VECTORS_FILE
from app.index.embedder import model_fingerprint, model_name
from app.index.keyword import KeywordIndex
from app.index.manifest import Manifest, verify
from app.index.query_model import MODEL_DIR, ONNX_FILE, QUERY_MODEL_FILES, OnnxEmbedder, open_query_embedder
from app.index.tables import TABLE_FILES, TABLES_DIR, read_tables


@dataclass(frozen=True)
class LoadedIndex:
    manifest: Manifest
    corpus: Corpus
    vectors: faiss.Index
    keywords: KeywordIndex
    tables: CatalogTables


def check_index(index_dir: Path, corpus_dir: Path, model_path: Path, *, read_corpus: bool = False,
                checksums: bool = True) -> Manifest:
    """The manifest if index_dir is usable with this corpus and model; else an error saying what to run.
    The corpus files are read and hashed only when their paths, sizes or times differ from the build's, or
    with ``read_corpus`` (``build_index.py --check``). Without ``checksums``, the caller must run
    ``manifest.verify_files`` before using the index (start-up runs it while the files load)."""
    manifest = verify(
        index_dir,
        corpus_hash=lambda: corpus_hash(corpus_dir),
        corpus_signature=None if read_corpus else corpus_signature(corpus_dir),
        model_name=model_name(model_path),
        model_fingerprint=model_fingerprint(model_path),
        checksums=checksums,
    )
    if manifest.model.query_model != MODEL_DIR:
        raise IndexOutOfDateError(str(index_dir), f"it has no ONNX query model ({MODEL_DIR}/{ONNX_FILE})")
    for file in QUERY_MODEL_FILES:
        if f"{MODEL_DIR}/{file}" not in manifest.files:
            raise IndexCorruptError(str(index_dir), f"{MODEL_DIR}/{file} is not in its manifest")
    for file in TABLE_FILES:
        if f"{TABLES_DIR}/{file}" not in manifest.files:
            raise IndexOutOfDateError(str(index_dir), f"it has no catalog tables ({TABLES_DIR}/{file})")
    return manifest


def open_embedder(index_dir: Path, manifest: Manifest, dimension: int | None = None) -> OnnxEmbedder:
    """The torch-free query embedder of a checked index; refuses one whose vectors differ in dimension."""
    if dimension is not None and dimension != manifest.model.dimension:
        raise IndexCorruptError(
            str(index_dir), f"{VECTORS_FILE} holds {dimension}-dimensional vectors, the manifest says "
            f"{manifest.model.dimension}",
        )
    return open_query_embedder(index_dir, name=manifest.model.name, fingerprint=manifest.model.fingerprint,
                               dimension=manifest.model.dimension)


def _read_corpus(path: Path) -> Corpus:
    """corpus.json with its entries made on demand (LazyEntries): the sources and vocabulary are validated."""
    raw = json.loads(path.read_bytes())
    entries = raw["entries"]
    if not isinstance(entries, list) or not all(isinstance(e, dict) and isinstance(e.get("id"), str)
                                                and isinstance(e.get("name"), str) for e in entries):
        raise ValueError("entries must be objects with an id and a name")
    return Corpus.model_construct(sources=[SourceMeta.model_validate(s) for s in raw["sources"]],
                                  vocabulary=Vocabulary.model_validate(raw["vocabulary"]),
                                  entries=LazyEntries(entries))


def load_index(index_dir: Path, corpus_dir: Path, model_path: Path, *, gpu: bool = False,
               manifest: Manifest | None = None) -> LoadedIndex:
    """The checked index (``manifest``: one check_index already returned, so the checksums run once)."""
    manifest = manifest or check_index(index_dir, corpus_dir, model_path)
    try:
        corpus = _read_corpus(index_dir / CORPUS_FILE)
        vectors = vector.load(index_dir / VECTORS_FILE)
        keywords = KeywordIndex.load(index_dir / KEYWORD_DIR)
    except Exception as exc:  # a file that passed its checksum but still fails to load
        raise IndexCorruptError(str(index_dir), f"could not be read ({exc.__class__.__name__}: {exc})") from exc
    tables = read_tables(index_dir, len(corpus.entries), list(Measures(corpus).by_id))
    if vectors.ntotal != manifest.entry_count or len(corpus.entries) != manifest.entry_count:
        raise IndexCorruptError(str(index_dir), "entry counts of the manifest, vectors and corpus disagree")
    if gpu:
        vectors = vector.to_gpu(vectors)
    return LoadedIndex(manifest=manifest, corpus=corpus, vectors=vectors, keywords=keywords, tables=tables)
