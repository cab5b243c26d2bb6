"""FAISS against a numpy brute force, and keyword search in English and Chinese."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app.index import vector
from app.index.build import EMBEDDINGS_FILE, VECTORS_FILE
from app.index.keyword import KeywordIndex, tokenize
from app.index.store import load_index
from app.settings import bundled_model_path

REPO = Path(__file__).resolve().parents[2]
QUERIES = [
    "which library is good for collaborative filtering?",
    "distributed deep learning on Apache Spark",
    "symbolic differentiation on the GPU",
    "Microsoft toolkit describing networks as directed graphs",
    "who made Caffe?",
    "哪个库支持协同过滤",
]


@pytest.fixture(scope="module")
def loaded(built_index: Path):  # type: ignore[no-untyped-def]
    return load_index(built_index, REPO / "corpus", bundled_model_path())


def ids_of(loaded, positions) -> list[str]:  # type: ignore[no-untyped-def]
    return [loaded.corpus.entries[int(p)].id for p in positions]


@pytest.mark.parametrize("question", QUERIES)
def test_faiss_equals_numpy_brute_force(built_index: Path, embedder, question: str) -> None:  # type: ignore[no-untyped-def]
    matrix = np.load(built_index / EMBEDDINGS_FILE)
    index = vector.load(built_index / VECTORS_FILE)
    query = embedder.encode([question])[0]
    brute = matrix @ query
    expected = np.argsort(-brute, kind="stable")[:5]
    scores, ids = vector.search(index, query, 5)
    assert ids.tolist() == expected.tolist()
    np.testing.assert_allclose(scores, brute[expected], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("协同过滤", "fastai"),
        ("符号微分", "theano"),
        ("动态依赖调度器", "mxnet"),
        ("有向图描述神经网络", "cntk"),
        ("伯克利视觉与学习中心", "caffe"),
        ("collaborative filtering", "fastai"),
        ("Databricks pipelines", "spark-deep-learning"),
        ("scikit-learn wrappers around Lasagne", "nolearn"),
    ],
)
def test_keyword_index_finds_entries_by_keywords_alone(loaded, query: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    scores, ids = loaded.keywords.search(query, 3)
    assert ids_of(loaded, ids)[0] == expected
    assert scores[0] > 0


def test_keyword_search_of_unknown_words_returns_nothing(loaded) -> None:  # type: ignore[no-untyped-def]
    _, ids = loaded.keywords.search("zzqx blorf", 5)
    assert len(ids) == 0


def test_tokenizer_handles_both_languages() -> None:
    assert tokenize("Libraries on Spark") == ["library", "spark"]
    assert tokenize("协同过滤") == ["协", "同", "过", "滤", "协同", "同过", "过滤"]
    assert "fastai" in tokenize("fast.ai") and "fast" in tokenize("fast.ai")


def test_keyword_index_round_trips(tmp_path: Path) -> None:
    built = KeywordIndex.build(["alpha beta", "gamma 协同过滤"])
    built.save(tmp_path / "kw")
    again = KeywordIndex.load(tmp_path / "kw")
    np.testing.assert_array_equal(built.scores("协同"), again.scores("协同"))


def test_top_positive_equals_a_stable_sort_of_every_score() -> None:
    from app.engine.retrieve import top_positive

    rng = np.random.default_rng(5)
    for size, k in [(1, 1), (50, 10), (1000, 10), (1000, 1000), (20, 0)]:
        scores = rng.choice([0.0, 0.5, 1.0, 2.0, 3.5], size=size).astype(np.float32)  # many ties
        expected = [int(i) for i in np.argsort(-scores, kind="stable")[:k] if scores[i] > 0]
        assert top_positive(scores, k).tolist() == expected
