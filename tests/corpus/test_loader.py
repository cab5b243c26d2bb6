"""Corpus validation: each kind of mistake fails with the file, the entry and the field named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from app.corpus.loader import corpus_hash, load_corpus
from app.errors import CorpusError

REPO_CORPUS = Path(__file__).resolve().parents[2] / "corpus"
CANONICAL_IDS = {
    "tensorflow", "pytorch", "mxnet", "theano", "caffe", "fastai", "cntk", "tflearn", "lasagne", "nolearn",
    "elephas", "spark-deep-learning", "distributed-keras",
}


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(REPO_CORPUS, target)
    return target


def edit(corpus: Path, entry_id: str, change) -> Path:  # type: ignore[no-untyped-def]
    path = corpus / "libraries" / f"{entry_id}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_real_corpus_has_the_canonical_ids() -> None:
    corpus = load_corpus(REPO_CORPUS)
    assert {e.id for e in corpus.entries} == CANONICAL_IDS
    assert [e.rank for e in corpus.entries] == list(range(1, 14))
    assert corpus.sources[0].as_of.isoformat() == "2018-10-23"


def test_every_entry_has_english_and_chinese_descriptions_and_aliases_resolve() -> None:
    corpus = load_corpus(REPO_CORPUS)
    by_id = {e.id: e for e in corpus.entries}
    assert "TF" in by_id["tensorflow"].aliases
    assert "Microsoft Cognitive Toolkit" in by_id["cntk"].aliases
    assert "Deep Learning Pipelines" in by_id["spark-deep-learning"].aliases
    assert by_id["tflearn"].attributes.built_on == ["tensorflow"]
    assert by_id["lasagne"].attributes.built_on == ["theano"]
    assert "spark" in by_id["spark-deep-learning"].attributes.runs_on
    assert by_id["elephas"].attributes.runs_on == []  # the translation's description of Elephas names no Spark
    assert by_id["caffe"].attributes.developed_by == ["bair-bvlc"]


def test_duplicate_id_names_both_files(corpus_copy: Path) -> None:
    shutil.copy(corpus_copy / "libraries" / "caffe.yaml", corpus_copy / "libraries" / "zz-caffe-copy.yaml")
    with pytest.raises(CorpusError) as err:
        load_corpus(corpus_copy)
    message = str(err.value)
    assert "zz-caffe-copy.yaml" in message and "'caffe'" in message and "field id" in message
    assert "duplicate id" in message and "caffe.yaml" in message


def test_duplicate_alias_names_the_entry_and_the_owner(corpus_copy: Path) -> None:
    edit(corpus_copy, "pytorch", lambda d: d["aliases"].append("T.F."))
    with pytest.raises(CorpusError) as err:
        load_corpus(corpus_copy)
    message = str(err.value)  # files load alphabetically: the clash is reported on the later one
    assert "libraries/tensorflow.yaml, entry 'tensorflow'" in message
    assert "field aliases: 'tf' is already a name of 'pytorch'" in message


def test_missing_figure(corpus_copy: Path) -> None:
    edit(corpus_copy, "theano", lambda d: d["figures"].pop("stars"))
    expected = r"libraries/theano.yaml, entry 'theano': field figures.stars: missing, but source \S+ says 8536"
    with pytest.raises(CorpusError, match=expected):
        load_corpus(corpus_copy)


def test_negative_number(corpus_copy: Path) -> None:
    edit(corpus_copy, "caffe", lambda d: d["figures"].update(commits=-4152))
    expected = r"caffe.yaml, entry 'caffe': field figures: .*commits must be a non-negative whole number, not -4152"
    with pytest.raises(CorpusError, match=expected):
        load_corpus(corpus_copy)


def test_unknown_attribute_value(corpus_copy: Path) -> None:
    edit(corpus_copy, "elephas", lambda d: d["attributes"].setdefault("runs_on", []).append("hadoop"))
    expected = r"elephas.yaml, entry 'elephas': field attributes.runs_on: unknown value 'hadoop'"
    with pytest.raises(CorpusError, match=expected):
        load_corpus(corpus_copy)


def test_unknown_attribute_kind(corpus_copy: Path) -> None:
    edit(corpus_copy, "elephas", lambda d: d["attributes"].update(flavour=["sweet"]))
    with pytest.raises(CorpusError, match=r"elephas.yaml, entry 'elephas': field attributes.flavour: Extra inputs"):
        load_corpus(corpus_copy)


def test_figure_typo_against_the_source(corpus_copy: Path) -> None:
    edit(corpus_copy, "tensorflow", lambda d: d["figures"].update(stars=112519))
    with pytest.raises(CorpusError, match=r"field figures.stars: 112519 but source top13-python-dl-2018 says 112591"):
        load_corpus(corpus_copy)


def test_invalid_yaml_names_the_file(corpus_copy: Path) -> None:
    (corpus_copy / "libraries" / "nolearn.yaml").write_text("id: nolearn\nname: [unclosed\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"libraries/nolearn.yaml: not valid YAML"):
        load_corpus(corpus_copy)


def test_file_name_must_match_id(corpus_copy: Path) -> None:
    (corpus_copy / "libraries" / "caffe.yaml").rename(corpus_copy / "libraries" / "caffe2.yaml")
    with pytest.raises(CorpusError, match=r"caffe2.yaml, entry 'caffe': field id: must equal the file name"):
        load_corpus(corpus_copy)


def test_corpus_hash_changes_with_any_edit(corpus_copy: Path) -> None:
    before = corpus_hash(corpus_copy)
    assert before == corpus_hash(REPO_CORPUS)
    edit(corpus_copy, "caffe", lambda d: d.update(description_en=d["description_en"] + " Edited."))
    assert corpus_hash(corpus_copy) != before


def test_unknown_metric(corpus_copy: Path) -> None:
    edit(corpus_copy, "caffe", lambda d: d["figures"].update(forks=100))
    expected = r"caffe.yaml, entry 'caffe': field figures.forks: unknown metric; declare it in vocabulary.yaml"
    with pytest.raises(CorpusError, match=expected):
        load_corpus(corpus_copy)


def test_derived_metric_of_an_unknown_metric(corpus_copy: Path) -> None:
    path = corpus_copy / "vocabulary.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("denominator: contributors", "denominator: people", 1),
                    encoding="utf-8")
    expected = r"vocabulary.yaml, entry 'commits_per_contributor': .*'people' is not one of metrics"
    with pytest.raises(CorpusError, match=expected):
        load_corpus(corpus_copy)


def _edit_source(corpus: Path, change) -> None:  # type: ignore[no-untyped-def]
    path = corpus / "sources" / "top13-python-dl-2018.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_passages_quote_the_document_verbatim() -> None:
    source = load_corpus(REPO_CORPUS).sources[0]
    ids = {p.id for p in source.passages}
    assert {"python-share", "keras-left-out", "figure-1", "next-part"} <= ids
    assert next(p for p in source.passages if p.id == "python-share").value == 45


def test_passage_quote_not_in_the_document(corpus_copy: Path) -> None:
    _edit_source(corpus_copy, lambda d: d["passages"][0]["quote"].append("Keras 是最好的库"))
    expected = r"top13-python-dl-2018.yaml, entry 'python-share': field passages.0.quote: 'Keras 是最好的库' is not in"
    with pytest.raises(CorpusError, match=expected):
        load_corpus(corpus_copy)


def test_duplicate_passage_id(corpus_copy: Path) -> None:
    _edit_source(corpus_copy, lambda d: d["passages"][1].update(id=d["passages"][0]["id"]))
    with pytest.raises(CorpusError, match=r"entry 'python-share': field passages.1.id: duplicate passage id"):
        load_corpus(corpus_copy)
