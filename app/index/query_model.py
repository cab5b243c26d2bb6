"""Query-time embedding without torch: the index's ONNX model run by onnxruntime, tokenised by ``tokenizers``.

The build exports the model into ``index/model/`` (see ``app.index.export``); this module only reads
it. Any problem with those files is an index problem: the error names the file and says what to run.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from app.errors import IndexCorruptError

MODEL_DIR = "model"
ONNX_FILE = "model.onnx"
#: The weights, beside the graph (ONNX external data): mapped by onnxruntime rather than copied.
WEIGHTS_FILE = "model.onnx.data"
TOKENIZER_FILE = "tokenizer.json"
CONFIG_FILE = "config.json"
INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")
OUTPUT_NAME = "sentence_embedding"
QUERY_MODEL_FILES = (ONNX_FILE, WEIGHTS_FILE, TOKENIZER_FILE, CONFIG_FILE)
#: Texts per model call when encoding many (a build-time size; queries come one or a few at a time).
ENCODE_BATCH = 32


class OnnxEmbedder:
    """Same vectors as the sentence-transformers model it was exported from (cosine ≥ 0.9999, tested).

    Calls are serialised with a lock: onnxruntime already uses every core for one call;
    ``app.index.batching`` turns concurrent single questions into one call.
    """

    def __init__(self, folder: Path, *, name: str, fingerprint: str, threads: int = 0) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        self.name = name
        self.fingerprint = fingerprint
        with _naming(CONFIG_FILE):
            config = json.loads((folder / CONFIG_FILE).read_text(encoding="utf-8"))
            max_length, pad_id, pad_token = int(config["max_seq_length"]), int(config["pad_id"]), config["pad_token"]
            self.dimension = int(config["dimension"])
        with _naming(TOKENIZER_FILE):
            self._tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        # tokenizer.json pads every text to 128 tokens and truncates at 128; sentence-transformers pads to
        # the longest text of the batch and truncates at the model's max_seq_length (256): do the same.
        self._tokenizer.enable_truncation(max_length=max_length)
        self._tokenizer.enable_padding(pad_id=pad_id, pad_token=str(pad_token))
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        with _naming(f"{ONNX_FILE} or {MODEL_DIR}/{WEIGHTS_FILE}"):
            self._session = onnxruntime.InferenceSession(
                str(folder / ONNX_FILE), options, providers=["CPUExecutionProvider"]
            )
        self._lock = threading.Lock()

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.empty((0, self.dimension), dtype=np.float32)
        parts = [self._encode_batch(texts[i : i + ENCODE_BATCH]) for i in range(0, len(texts), ENCODE_BATCH)]
        return np.ascontiguousarray(np.concatenate(parts), dtype=np.float32)

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        feeds = {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }
        with self._lock:
            (vectors,) = self._session.run([OUTPUT_NAME], feeds)
        return np.asarray(vectors, dtype=np.float32)


class QueryModelFileError(ValueError):
    """One file of the query model could not be read; ``file`` names it."""

    def __init__(self, file: str, cause: BaseException) -> None:
        self.file = file
        super().__init__(f"{MODEL_DIR}/{file} could not be loaded ({cause.__class__.__name__}: {str(cause)[:300]})")


@contextmanager
def _naming(file: str) -> Iterator[None]:
    try:
        yield
    except Exception as exc:  # onnxruntime and tokenizers raise their own types for unreadable files
        raise QueryModelFileError(file, exc) from exc


def open_query_embedder(index_dir: Path, *, name: str, fingerprint: str, dimension: int) -> OnnxEmbedder:
    """The index's query model, loaded and probed once; refuses (naming the file) anything it cannot serve."""
    folder = index_dir / MODEL_DIR
    for file in QUERY_MODEL_FILES:
        if not (folder / file).is_file():
            raise IndexCorruptError(str(index_dir), f"{MODEL_DIR}/{file} is missing")
    try:
        embedder = OnnxEmbedder(folder, name=name, fingerprint=fingerprint)
        with _naming(f"{ONNX_FILE} or {MODEL_DIR}/{WEIGHTS_FILE}"):
            probe = embedder.encode(["probe"])
    except QueryModelFileError as exc:
        raise IndexCorruptError(str(index_dir), str(exc)) from exc
    if probe.ndim != 2 or probe.shape[-1] != dimension:
        raise IndexCorruptError(
            str(index_dir),
            f"{MODEL_DIR}/{ONNX_FILE} gives {probe.shape[-1]}-dimensional vectors, the index holds {dimension}",
        )
    if embedder.dimension != dimension:
        raise IndexCorruptError(
            str(index_dir),
            f"{MODEL_DIR}/{CONFIG_FILE} says {embedder.dimension} dimensions, the index holds {dimension}",
        )
    return embedder
