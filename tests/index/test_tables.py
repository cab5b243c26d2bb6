"""The catalog's tables in the index: read back identical to computing them, checksummed, and a damaged or
mismatched file refused with its name and what to run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import yaml

from app.corpus.loader import corpus_hash, load_corpus
from app.corpus.models import Corpus, LibraryEntry, SourceMeta
from app.corpus.synth import SOURCE_ID, synthetic_entries
from app.engine.catalog import Catalog, CatalogTables
from app.engine.metrics import Measures
from app.errors import IndexCorruptError, IndexOutOfDateError
from app.index.build import CORPUS_FILE, build_index
from app.index.manifest import verify
from app.index.tables import TABLES_DIR, read_tables, write_tables
from tests.fakes import HashEmbedder

REPO = Path(__file__).resolve().parents[2]


def _tables_of(catalog: Catalog) -> dict[str, object]:
    return {"columns": catalog._columns, "desc": catalog._desc, "asc": catalog._asc, "rank": catalog._rank,
            "linked": catalog._linked, "has": catalog._has}


def _assert_same(computed: Catalog, loaded: Catalog) -> None:
    for name, value in _tables_of(computed).items():
        other = _tables_of(loaded)[name]
        if isinstance(value, dict):
            assert isinstance(other, dict) and list(value) == list(other), name  # same keys, same order
            for key in value:
                assert np.array_equal(value[key], other[key], equal_nan=True), (name, key)
                assert value[key].dtype == other[key].dtype, (name, key)
        else:
            assert isinstance(value, np.ndarray) and isinstance(other, np.ndarray)
            assert np.array_equal(value, other, equal_nan=True) and value.dtype == other.dtype, name


def test_tables_read_back_equal_the_computed_ones_for_synthetic_entries(tmp_path: Path) -> None:
    corpus = load_corpus(REPO / "corpus")
    vocabulary = yaml.safe_load((REPO / "corpus" / "vocabulary.yaml").read_text(encoding="utf-8"))
    extra = [LibraryEntry.model_validate(e) for e in synthetic_entries(2000, vocabulary, "2018-10-23", set(), seed=3)]
    source = SourceMeta(id=SOURCE_ID, title="Synthetic", file="s.md", language="en", as_of=corpus.sources[0].as_of,
                        format="text")
    corpus = Corpus(sources=[*corpus.sources, source], vocabulary=corpus.vocabulary, entries=[*corpus.entries, *extra])
    entries = list(corpus.entries)
    write_tables(tmp_path, CatalogTables.compute(entries, Measures(corpus)), len(entries))
    # served from corpus.json, whose sorted keys can order the vocabulary's measures differently
    served = Corpus.model_validate_json(corpus.model_dump_json())
    loaded = read_tables(tmp_path, len(entries), list(Measures(served).by_id))
    _assert_same(Catalog(served), Catalog(served, loaded))


def test_the_build_writes_tables_that_match_its_corpus_json(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_index(REPO / "corpus", index_dir, HashEmbedder())
    served = Corpus.model_validate_json((index_dir / CORPUS_FILE).read_bytes())
    loaded = read_tables(index_dir, len(served.entries), list(Measures(served).by_id))
    _assert_same(Catalog(served), Catalog(served, loaded))
    # rebuilding writes identical bytes
    again = tmp_path / "again"
    build_index(REPO / "corpus", again, HashEmbedder())
    for path in sorted((index_dir / TABLES_DIR).iterdir()):
        assert path.read_bytes() == (again / TABLES_DIR / path.name).read_bytes(), path.name


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    target = tmp_path / "index"
    build_index(REPO / "corpus", target, HashEmbedder())
    return target


def _read(index_dir: Path) -> CatalogTables:
    served = Corpus.model_validate_json((index_dir / CORPUS_FILE).read_bytes())
    return read_tables(index_dir, len(served.entries), list(Measures(served).by_id))


def test_a_truncated_table_fails_its_checksum(index_dir: Path) -> None:
    path = index_dir / TABLES_DIR / "has.npy"
    path.write_bytes(path.read_bytes()[:100])
    embedder = HashEmbedder()
    with pytest.raises(IndexCorruptError, match=r"catalog/has\.npy.*run `make index`"):
        verify(index_dir, corpus_hash=corpus_hash(REPO / "corpus"), model_name=embedder.name,
               model_fingerprint=embedder.fingerprint)
    with pytest.raises(IndexCorruptError, match=r"catalog/has\.npy could not be read.*run `make index`"):
        _read(index_dir)


def test_a_table_of_another_shape_is_refused_with_its_name(index_dir: Path) -> None:
    np.save(index_dir / TABLES_DIR / "desc.npy", np.zeros((6, 12), dtype=np.int64))
    with pytest.raises(IndexCorruptError, match=r"catalog/desc\.npy holds int64 \(6, 12\).*run `make index`"):
        _read(index_dir)


def test_tables_for_other_measures_or_sizes_are_refused(index_dir: Path) -> None:
    names_path = index_dir / TABLES_DIR / "tables.json"
    names = json.loads(names_path.read_text())
    names["measures"] = names["measures"][:-1]
    names_path.write_text(json.dumps(names))
    with pytest.raises(IndexCorruptError, match=r"catalog/tables\.json does not describe.*run `make index`"):
        _read(index_dir)
    names_path.write_text("{not json")
    with pytest.raises(IndexCorruptError, match=r"catalog/tables\.json could not be read"):
        _read(index_dir)


def test_an_index_without_tables_is_out_of_date(index_dir: Path) -> None:
    shutil.rmtree(index_dir / TABLES_DIR)
    with pytest.raises(IndexOutOfDateError, match=r"no catalog tables \(catalog/tables\.json\).*run `make index`"):
        _read(index_dir)
