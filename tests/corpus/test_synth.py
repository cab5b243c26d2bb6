"""Synthetic corpora: valid like the real one, the requested size, unique names, the same for the same seed."""

from __future__ import annotations

from pathlib import Path

from app.corpus.loader import corpus_hash, load_corpus, normalize_name
from app.corpus.synth import write_synthetic_corpus
from app.settings import REPO_ROOT


def test_synthetic_corpus_loads_with_the_requested_size(tmp_path: Path) -> None:
    added = write_synthetic_corpus(REPO_ROOT / "corpus", tmp_path / "corpus", 300)
    corpus = load_corpus(tmp_path / "corpus")  # the loader's checks: names unique, attributes known, dates
    assert added == 287 and len(corpus.entries) == 300
    generated = [e for e in corpus.entries if e.source == "synthetic"]
    assert all(e.description_en and e.description_zh and e.figures.stars >= 0 for e in generated)
    assert any(any("\u4e00" <= ch <= "\u9fff" for alias in e.aliases for ch in alias) for e in generated)
    names = [name for e in corpus.entries for name in {normalize_name(n) for n in e.names()}]
    assert len(names) == len(set(names))


def test_same_seed_writes_the_same_corpus(tmp_path: Path) -> None:
    write_synthetic_corpus(REPO_ROOT / "corpus", tmp_path / "a", 120, seed=3)
    write_synthetic_corpus(REPO_ROOT / "corpus", tmp_path / "b", 120, seed=3)
    assert corpus_hash(tmp_path / "a") == corpus_hash(tmp_path / "b")


def test_size_at_most_the_real_corpus_adds_nothing(tmp_path: Path) -> None:
    assert write_synthetic_corpus(REPO_ROOT / "corpus", tmp_path / "corpus", 13) == 0
    assert len(load_corpus(tmp_path / "corpus").entries) == 13
