"""Nothing is keyed to the 13 libraries: one added to the corpus is answerable after a rebuild."""

from __future__ import annotations

import shutil

import pytest
import yaml

from app.engine.assistant import Assistant
from app.index.build import build_index
from app.index.store import load_index
from app.settings import REPO_ROOT, bundled_model_path

JAX = {
    "id": "jax",
    "name": "JAX",
    "aliases": ["google jax", "jax.numpy"],
    "source": "team-notes-2019",
    "rank": None,
    "url": "https://github.com/google/jax",
    "figures": {"contributors": 120, "commits": 3100, "stars": 6400, "as_of": "2019-06-01"},
    "description_zh": "JAX 是一个把 NumPy 程序自动微分并编译到 GPU 上运行的库。",
    "description_en": "JAX differentiates and compiles NumPy programs so they run on GPUs.",
    "attributes": {"compatible_with": ["numpy"], "capabilities": ["gpu", "automatic-differentiation"]},
}
NOTES = {"id": "team-notes-2019", "title": "Team notes", "file": "team-notes-2019.md", "url": None,
         "language": "en", "as_of": "2019-06-01", "format": "text"}


@pytest.fixture(scope="module")
def extended(tmp_path_factory: pytest.TempPathFactory, embedder) -> Assistant:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("extended")
    corpus = root / "corpus"
    shutil.copytree(REPO_ROOT / "corpus", corpus)
    (corpus / "sources" / "team-notes-2019.md").write_text("JAX: 120 contributors, 3100 commits, 6400 stars.\n")
    (corpus / "sources" / "team-notes-2019.yaml").write_text(yaml.safe_dump(NOTES))
    (corpus / "libraries" / "jax.yaml").write_text(yaml.safe_dump(JAX, allow_unicode=True), encoding="utf-8")
    build_index(corpus, root / "index", embedder)
    index = load_index(root / "index", corpus, bundled_model_path())
    return Assistant(index, embedder, relevance_threshold=0.40)


def test_new_library_figure_is_answered_with_its_own_date(extended: Assistant) -> None:
    answer = extended.ask("How many stars does JAX have?")
    assert answer.answered and answer.value == 6400
    assert "2019-06-01" in answer.answer
    assert answer.citations[0]["url"] == "https://github.com/google/jax"


def test_new_library_by_alias_typo_and_in_chinese(extended: Assistant) -> None:
    assert extended.ask("google jax commits").value == 3100
    assert extended.ask("JAX有多少贡献者？").value == 120


def test_new_library_joins_rankings_filters_and_attribute_lists(extended: Assistant) -> None:
    ranking = extended.ask("Top 9 libraries by stars")  # ... TFLearn 8,632, Theano 8,536, JAX 6,400
    assert [lib["id"] for lib in ranking.libraries][-1] == "jax"
    assert "jax" in {lib["id"] for lib in extended.ask("Which libraries support GPU?").libraries}
    compatible = {lib["id"] for lib in extended.ask("Which libraries are compatible with NumPy?").libraries}
    assert compatible == {"pytorch", "jax"}
    assert extended.ask("How many libraries are there?").value == 14


def test_new_library_description_and_retrieval(extended: Assistant) -> None:
    assert extended.ask("What is JAX?").libraries[0]["id"] == "jax"
    assert extended.ask("which library compiles NumPy programs?").libraries[0]["id"] == "jax"
