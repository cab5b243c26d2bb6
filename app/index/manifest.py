"""manifest.json: what an index was built from, and the checks that refuse a stale or damaged one."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from app.errors import IndexCorruptError, IndexNotFoundError, IndexOutOfDateError

#: 2: the ONNX query model (model/) is part of the index.
FORMAT_VERSION = 2
MANIFEST = "manifest.json"


class ModelInfo(BaseModel):
    name: str
    dimension: int
    fingerprint: str
    #: Folder of the ONNX query model inside the index (None: built by an embedder that exports none).
    query_model: str | None = None


class Manifest(BaseModel):
    format_version: int
    model: ModelInfo
    entry_count: int
    corpus_hash: str
    #: Paths, sizes and modification times of the corpus files (loader.corpus_signature): while they are
    #: unchanged, start-up trusts corpus_hash without reading the corpus. None: built before it was recorded.
    corpus_signature: str | None = None
    faiss_index_type: str
    versions: dict[str, str]
    files: dict[str, str]
    content_hash: str
    built_at: str
    build_seconds: float


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def checksum_files(folder: Path) -> dict[str, str]:
    """sha256 of every file in the index folder except the manifest itself and the README."""
    return {
        path.relative_to(folder).as_posix(): sha256_file(path)
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name not in (MANIFEST, "README.md")
    }


def content_hash(files: dict[str, str]) -> str:
    """One hash over the files' checksums: equal for two builds that wrote identical files."""
    return hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()


def write_manifest(folder: Path, data: dict[str, Any]) -> Manifest:
    manifest = Manifest.model_validate(data)
    (folder / MANIFEST).write_text(json.dumps(manifest.model_dump(), indent=2, sort_keys=True) + "\n")
    return manifest


def read_manifest(folder: Path) -> Manifest:
    path = folder / MANIFEST
    if not folder.is_dir() or not path.is_file():
        raise IndexNotFoundError(str(folder))
    try:
        manifest = Manifest.model_validate_json(path.read_bytes())
    except (ValidationError, ValueError) as exc:
        raise IndexCorruptError(str(folder), f"{MANIFEST} is unreadable ({exc.__class__.__name__})") from exc
    if manifest.format_version != FORMAT_VERSION:
        raise IndexOutOfDateError(
            str(folder), f"format version {manifest.format_version}, this code reads {FORMAT_VERSION}"
        )
    return manifest


def verify(folder: Path, *, corpus_hash: str | Callable[[], str], model_name: str, model_fingerprint: str,
           corpus_signature: str | None = None, checksums: bool = True) -> Manifest:
    """The manifest of a usable index, or an error saying why the index must be rebuilt. ``corpus_hash`` may be
    a function, called only when ``corpus_signature`` is not given or differs from the manifest's. Without
    ``checksums`` the caller runs ``verify_files`` itself (start-up does, beside loading the files)."""
    manifest = read_manifest(folder)
    if checksums:
        verify_files(folder, manifest)
    if corpus_signature is None or corpus_signature != manifest.corpus_signature:
        current = corpus_hash() if callable(corpus_hash) else corpus_hash
        if manifest.corpus_hash != current:
            raise IndexOutOfDateError(
                str(folder),
                f"it was built from another corpus (sha {manifest.corpus_hash[:12]}, corpus now {current[:12]})",
            )
    if (manifest.model.name, manifest.model.fingerprint) != (model_name, model_fingerprint):
        raise IndexOutOfDateError(
            str(folder), f"it was built with model {manifest.model.name}, the settings name {model_name}"
        )
    return manifest


def verify_files(folder: Path, manifest: Manifest) -> None:
    """Raises unless every file the manifest lists is there with its checksum."""
    actual = checksum_files(folder)
    for name, expected in manifest.files.items():
        if name not in actual:
            raise IndexCorruptError(str(folder), f"{name} is missing")
        if actual[name] != expected:
            raise IndexCorruptError(str(folder), f"{name} does not match its checksum (truncated or edited)")
