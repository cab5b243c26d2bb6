"""Index build: manifest, reproducibility, atomic failure, stale and corrupt detection, CLI exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import yaml

from app.cli import build_index_main
from app.corpus.loader import corpus_hash, corpus_signature
from app.errors import IndexCorruptError, IndexNotFoundError, IndexOutOfDateError
from app.index.build import EMBEDDINGS_FILE, VECTORS_FILE, build_index
from app.index.manifest import read_manifest, verify
from app.index.store import load_index
from tests.fakes import HashEmbedder

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus", target)
    return target


def check(index_dir: Path, corpus_dir: Path, embedder: HashEmbedder):  # type: ignore[no-untyped-def]
    return verify(index_dir, corpus_hash=corpus_hash(corpus_dir), model_name=embedder.name,
                  model_fingerprint=embedder.fingerprint)


def test_build_writes_manifest_and_files(tmp_path: Path, corpus_copy: Path) -> None:
    embedder = HashEmbedder()
    summary = build_index(corpus_copy, tmp_path / "index", embedder)
    manifest = read_manifest(tmp_path / "index")
    assert summary.entries == manifest.entry_count == 13
    assert manifest.model.name == embedder.name and manifest.model.dimension == 64
    assert manifest.faiss_index_type == "flat"
    assert manifest.corpus_hash == corpus_hash(corpus_copy)
    assert set(manifest.files) >= {"corpus.json", "vectors.faiss", "embeddings.npy", "keyword/params.index.json"}
    assert {"faiss-cpu", "sentence-transformers", "torch", "bm25s"} <= set(manifest.versions)
    assert (tmp_path / "index" / "README.md").is_file()
    check(tmp_path / "index", corpus_copy, embedder)


def test_rebuild_on_unchanged_corpus_is_identical_with_the_real_model(
    tmp_path: Path, built_index: Path, embedder  # type: ignore[no-untyped-def]
) -> None:
    again = tmp_path / "again"
    build_index(REPO / "corpus", again, embedder)
    first, second = read_manifest(built_index), read_manifest(again)
    assert first.content_hash == second.content_hash
    assert first.files == second.files
    np.testing.assert_array_equal(np.load(built_index / EMBEDDINGS_FILE), np.load(again / EMBEDDINGS_FILE))


def test_failed_embedding_keeps_the_previous_index(tmp_path: Path, corpus_copy: Path) -> None:
    index_dir = tmp_path / "index"
    build_index(corpus_copy, index_dir, HashEmbedder())
    before = {p.name: p.read_bytes() for p in index_dir.rglob("*") if p.is_file()}
    with pytest.raises(RuntimeError, match="embedding failed on purpose"):
        build_index(corpus_copy, index_dir, HashEmbedder(fail=True))
    after = {p.name: p.read_bytes() for p in index_dir.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir()] == ["corpus", "index"]  # no half-built folder left behind
    check(index_dir, corpus_copy, HashEmbedder())


def test_edited_corpus_makes_the_index_stale(tmp_path: Path, corpus_copy: Path) -> None:
    build_index(corpus_copy, tmp_path / "index", HashEmbedder())
    path = corpus_copy / "libraries" / "caffe.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["description_en"] += " More words."
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(IndexOutOfDateError, match=r"built from another corpus.*run `make index`"):
        check(tmp_path / "index", corpus_copy, HashEmbedder())


def test_other_model_makes_the_index_stale(tmp_path: Path, corpus_copy: Path) -> None:
    build_index(corpus_copy, tmp_path / "index", HashEmbedder())
    with pytest.raises(IndexOutOfDateError, match="built with model test/hash-embedder"):
        verify(tmp_path / "index", corpus_hash=corpus_hash(corpus_copy), model_name="other", model_fingerprint="x")


@pytest.mark.parametrize("damage", ["truncate", "delete", "garbage_manifest"])
def test_damaged_index_is_refused(tmp_path: Path, corpus_copy: Path, damage: str) -> None:
    index_dir = tmp_path / "index"
    build_index(corpus_copy, index_dir, HashEmbedder())
    if damage == "truncate":
        data = (index_dir / VECTORS_FILE).read_bytes()
        (index_dir / VECTORS_FILE).write_bytes(data[: len(data) // 2])
    elif damage == "delete":
        (index_dir / "keyword" / "vocab.index.json").unlink()
    else:
        (index_dir / "manifest.json").write_text("{not json")
    with pytest.raises(IndexCorruptError, match="run `make index`"):
        check(index_dir, corpus_copy, HashEmbedder())


def test_missing_index_says_what_to_run(tmp_path: Path, corpus_copy: Path) -> None:
    with pytest.raises(IndexNotFoundError, match=r"no index in .*run `make index`"):
        check(tmp_path / "nothing", corpus_copy, HashEmbedder())


def test_hnsw_index_type_finds_the_same_best_entries(tmp_path: Path, corpus_copy: Path) -> None:
    from app.index import vector

    embedder = HashEmbedder()
    build_index(corpus_copy, tmp_path / "flat", embedder, index_type="flat")
    build_index(corpus_copy, tmp_path / "hnsw", embedder, index_type="hnsw")
    assert read_manifest(tmp_path / "hnsw").faiss_index_type == "hnsw"
    flat, hnsw = vector.load(tmp_path / "flat" / VECTORS_FILE), vector.load(tmp_path / "hnsw" / VECTORS_FILE)
    for text in ["collaborative filtering", "Spark Keras distributed", "GPU tensors NumPy"]:
        query = embedder.encode([text])[0]
        assert vector.search(flat, query, 3)[1].tolist() == vector.search(hnsw, query, 3)[1].tolist()


def test_index_type_is_chosen_by_size() -> None:
    from app.index.vector import HNSW_THRESHOLD, choose_index_type

    assert choose_index_type(13) == "flat"
    assert choose_index_type(HNSW_THRESHOLD) == "flat"
    assert choose_index_type(HNSW_THRESHOLD + 1) == "hnsw"
    assert choose_index_type(13, "hnsw") == "hnsw"
    with pytest.raises(ValueError, match="unknown index type"):
        choose_index_type(13, "ivf")


def test_loaded_index_matches_manifest(built_index: Path) -> None:
    from app.settings import bundled_model_path

    loaded = load_index(built_index, REPO / "corpus", bundled_model_path())
    assert loaded.vectors.ntotal == 13 == len(loaded.corpus.entries)
    assert json.loads((built_index / "manifest.json").read_text())["model"]["dimension"] == 384


def test_cli_check_fails_with_the_reason(tmp_path: Path, corpus_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = build_index_main(["--check", "--corpus", str(corpus_copy), "--index", str(tmp_path / "none")])
    assert code == 1
    assert "no index in" in capsys.readouterr().err


def test_cli_gpu_without_gpu_exits_non_zero(tmp_path: Path, corpus_copy: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_index.py"), "--gpu", "--corpus", str(corpus_copy),
         "--index", str(tmp_path / "index")],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert "--gpu" in result.stderr and ("faiss-gpu" in result.stderr or "no GPU" in result.stderr)
    assert not (tmp_path / "index").exists()


def _not_called() -> str:
    raise AssertionError("the corpus was read although its stat signature had not changed")


def test_start_up_trusts_an_unchanged_corpus_signature_and_rereads_a_changed_one(
    tmp_path: Path, corpus_copy: Path
) -> None:
    """Start-up compares paths, sizes and times of the corpus files with the build's instead of hashing
    their contents; when they differ (a touch, a copy) it hashes, and only a real edit makes the index stale."""
    index_dir, embedder = tmp_path / "index", HashEmbedder()
    build_index(corpus_copy, index_dir, embedder)  # copytree kept the repository's old times: settled
    assert read_manifest(index_dir).corpus_signature == corpus_signature(corpus_copy)

    def start_up(corpus_hash: Callable[[], str]) -> None:
        verify(index_dir, corpus_hash=corpus_hash, corpus_signature=corpus_signature(corpus_copy),
               model_name=embedder.name, model_fingerprint=embedder.fingerprint)

    start_up(_not_called)
    path = corpus_copy / "libraries" / "caffe.yaml"
    os.utime(path)  # touched: the contents are hashed, and still match
    start_up(lambda: corpus_hash(corpus_copy))
    path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    with pytest.raises(IndexOutOfDateError, match="built from another corpus"):
        start_up(lambda: corpus_hash(corpus_copy))


def test_check_reads_the_corpus_even_when_sizes_and_times_are_unchanged(tmp_path: Path, corpus_copy: Path) -> None:
    index_dir = tmp_path / "index"
    build_index(corpus_copy, index_dir, HashEmbedder())
    path = corpus_copy / "libraries" / "caffe.yaml"
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Caffe", "Cafe!", 1), encoding="utf-8")  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert corpus_signature(corpus_copy) == read_manifest(index_dir).corpus_signature
    with pytest.raises(IndexOutOfDateError, match="built from another corpus"):
        check(index_dir, corpus_copy, HashEmbedder())  # what --check does: hash the contents


def test_a_corpus_written_just_before_the_build_gets_no_signature(tmp_path: Path, corpus_copy: Path) -> None:
    """A write within the file system's timestamp tick could leave size and time unchanged, so a build of
    files written less than SETTLED_S ago records none, and start-up hashes the contents."""
    (corpus_copy / "libraries" / "caffe.yaml").touch()
    build_index(corpus_copy, tmp_path / "index", HashEmbedder())
    assert read_manifest(tmp_path / "index").corpus_signature is None
