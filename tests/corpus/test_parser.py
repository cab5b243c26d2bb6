"""The ranked-survey parser on the real Chinese source and on an English fixture of the same shape."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from app.corpus.loader import load_corpus
from app.corpus.parser import parse_survey
from app.errors import SurveyParseError

REPO = Path(__file__).resolve().parents[2]
SOURCE = REPO / "corpus" / "sources" / "top13-python-dl-2018.md"
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "english_survey.md"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="module")
def source_entries():  # type: ignore[no-untyped-def]
    return parse_survey(SOURCE.read_text(encoding="utf-8"))


def test_source_is_the_survey_verbatim() -> None:
    shared = REPO.parent / "shared" / "survey" / "000_5261053a8903b33c.txt"
    if not shared.is_file():
        pytest.skip("shared/ is not beside the checkout")
    assert SOURCE.read_bytes() == shared.read_bytes()


def test_parses_all_13_entries_in_order(source_entries) -> None:  # type: ignore[no-untyped-def]
    assert [e.rank for e in source_entries] == list(range(1, 14))
    assert [e.name for e in source_entries][:3] == ["TensorFlow", "PyTorch", "Apache MXNet"]
    assert source_entries[-1].name == "Distributed Keras"


def test_reads_every_label_variant(source_entries) -> None:  # type: ignore[no-untyped-def]
    by_rank = {e.rank: e for e in source_entries}
    assert by_rank[1].figures == {"contributors": 1700, "commits": 42256, "stars": 112591}  # 星级, 提交
    assert by_rank[2].figures == {"contributors": 806, "commits": 14022, "stars": 20243}  # 星标
    assert by_rank[8].figures == {"contributors": 118, "commits": 599, "stars": 8632}  # 提交次数
    assert by_rank[13].figures == {"contributors": 5, "commits": 1125, "stars": 523}


def test_link_placement_irregularities(source_entries) -> None:  # type: ignore[no-untyped-def]
    by_rank = {e.rank: e for e in source_entries}
    assert by_rank[3].url == "https://github.com/apache/incubator-mxnet"  # link wraps the number too
    assert by_rank[13].url is None  # no link at all
    assert by_rank[1].url == "https://github.com/tensorflow/tensorflow"


def test_skips_navigation_adverts_and_related_links(source_entries) -> None:  # type: ignore[no-untyped-def]
    names = {e.name for e in source_entries}
    assert not any("Google" in n or "机器学习库" in n for n in names)
    assert "相关" not in source_entries[-1].description
    assert "顶级 8 款" not in source_entries[-1].description


def test_structured_figures_equal_the_parsed_source(source_entries) -> None:  # type: ignore[no-untyped-def]
    """A typo in a YAML figure cannot slip in: every entry is checked against the parse."""
    corpus = load_corpus(REPO / "corpus")
    parsed = {e.rank: e for e in source_entries}
    assert len(corpus.entries) == 13
    for entry in corpus.entries:
        item = parsed[entry.rank]
        assert item.figures == {
            "contributors": entry.figures.contributors, "commits": entry.figures.commits, "stars": entry.figures.stars,
        }, entry.id
        assert item.url == entry.url, entry.id


def test_chinese_descriptions_are_the_source_text(source_entries) -> None:  # type: ignore[no-untyped-def]
    corpus = load_corpus(REPO / "corpus")
    parsed = {e.rank: e for e in source_entries}
    for entry in corpus.entries:
        assert squash(parsed[entry.rank].description).startswith(squash(entry.description_zh)), entry.id


def test_english_fixture_parses_with_thousands_separators_and_plain_dashes() -> None:
    entries = parse_survey(FIXTURE.read_text(encoding="utf-8"))
    assert [(e.rank, e.name) for e in entries] == [(1, "Alpha"), (2, "Beta Net"), (3, "Gamma"), (4, "Delta Keras")]
    assert entries[0].figures == {"contributors": 1700, "commits": 42256, "stars": 112591}
    assert entries[1].figures == {"contributors": 806, "commits": 14022, "stars": 20243}
    assert entries[2].figures == {"contributors": 12, "commits": 83, "stars": 1131}
    assert entries[1].url == "https://github.com/example/beta"
    assert entries[3].url is None
    assert "- Tensor computation" in entries[1].description
    assert entries[0].description.startswith("Alpha is a library for fast tensors.")


def test_unknown_metric_label_is_an_error() -> None:
    with pytest.raises(SurveyParseError, match="unknown metric label 'forks'"):
        parse_survey("**1\\. [X](https://x.org) (forks – 3, stars – 4)**\n")


def test_text_without_entries_is_an_error() -> None:
    with pytest.raises(SurveyParseError, match="no entries"):
        parse_survey("# Just a heading\n\nSome prose with 3 numbers – 4.\n")
