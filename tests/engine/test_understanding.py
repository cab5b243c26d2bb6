"""Units of question understanding on the real corpus's words: numbers, entity linking, parts of a question."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.corpus.loader import load_corpus
from app.engine.linking import EntityLinker
from app.engine.metrics import Measures
from app.engine.numbers import find_numbers, parse_chinese_numeral
from app.engine.parse import Parts, parse

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def words() -> tuple[EntityLinker, Measures]:
    corpus = load_corpus(REPO / "corpus")
    return EntityLinker(corpus), Measures(corpus)


def parts_of(words: tuple[EntityLinker, Measures], question: str) -> Parts:
    return parse(question, *words)


@pytest.mark.parametrize(
    ("text", "value"),
    [("5,000", 5000), ("5000", 5000), ("5k", 5000), ("10k", 10000), ("1.5万", 15000), ("1万", 10000),
     ("一万", 10000), ("两千五百", 2500), ("十五", 15), ("万", 10000), ("ten thousand", 10000),
     ("a million", 1_000_000), ("2 thousand", 2000), ("2w", 20000), ("1.5w", 15000), ("1.5k", 1500)],
)
def test_numbers_as_people_write_them(text: str, value: int) -> None:
    assert find_numbers(text)[0][0] == value


def test_absurdly_long_numbers_are_ignored_not_fatal(words) -> None:  # type: ignore[no-untyped-def]
    assert find_numbers("9" * 400) == []
    assert parts_of(words, f"libraries with more than {'9' * 400} stars").filters == []


def test_chinese_numeral_rejects_other_text() -> None:
    assert parse_chinese_numeral("库") is None
    assert parse_chinese_numeral("三百零五") == 305


@pytest.mark.parametrize(
    ("question", "expected"),
    [("pytorh", "pytorch"), ("Tensorflw stars", "tensorflow"), ("lasagna", "lasagne"), ("cafe", "caffe"),
     ("Fast.AI", "fastai"), ("微软认知工具包", "cntk"), ("deep learning pipelines", "spark-deep-learning"),
     ("distributed kears commits", "distributed-keras"), ("spark deep lerning", "spark-deep-learning")],
)
def test_linking_names_aliases_and_typos(words, question: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert [m.key for m in words[0].link(question.lower()).libraries] == [expected]


@pytest.mark.parametrize("question", ["what should I learn", "these libraries", "the theory of networks",
                                      "distributed training", "spark clusters"])
def test_linking_leaves_ordinary_words_alone(words, question: str) -> None:  # type: ignore[no-untyped-def]
    assert words[0].link(question).libraries == []


@pytest.mark.parametrize(
    ("question", "metric", "op", "value", "high"),
    [("libraries with more than 10k stars", "stars", ">", 10000, None),
     ("贡献者超过100的库", "contributors", ">", 100, None),
     ("星标过万的库", "stars", ">", 10000, None),
     ("commits between 1000 and 5000", "commits", "between", 1000, 5000),
     ("贡献者在100到500之间的庫", "contributors", "between", 100, 500),
     ("提交超过1.5w的库", "commits", ">", 15000, None),
     ("libs with >= 200 contributors", "contributors", ">=", 200, None),
     ("星标在2000以下的库", "stars", "<=", 2000, None)],
)
def test_thresholds_and_ranges_attach_to_their_measure(words, question, metric, op, value, high) -> None:  # type: ignore[no-untyped-def]
    found = parts_of(words, question).filters
    assert len(found) == 1
    assert (found[0].metric, found[0].op, found[0].value, found[0].high) == (metric, op, value, high)


def test_a_count_of_libraries_is_not_a_threshold(words) -> None:  # type: ignore[no-untyped-def]
    assert parts_of(words, "the average stars of the other 12 libraries").filters == []
    assert parts_of(words, "不算TensorFlow的话，其余12个库的平均星标").n is None


@pytest.mark.parametrize(
    ("question", "negated"),
    [("不是基于Keras的库", True), ("which libraries are not built on keras", True),
     ("哪些库是基于Keras的", False), ("有没有哪个库是对 Lasagne 做封装的", False), ("是不是基于Keras", False)],
)
def test_negation_governs_the_attribute(words, question: str, negated: bool) -> None:  # type: ignore[no-untyped-def]
    attributes = parts_of(words, question).attributes
    assert len(attributes) == 1 and attributes[0].negated is negated


def test_exclusions_are_not_subjects(words) -> None:  # type: ignore[no-untyped-def]
    parts = parts_of(words, "Excluding TensorFlow, which library has the most commits?")
    assert parts.exclude == ["tensorflow"] and parts.subjects == []
    assert parts_of(words, "除了TensorFlow以外星标最多的是哪个").exclude == ["tensorflow"]


def test_one_measure_against_another(words) -> None:  # type: ignore[no-untyped-def]
    (versus,) = parts_of(words, "Which libraries have more commits than stars?").versus
    assert (versus.left, versus.op, versus.right) == ("commits", ">", "stars")
    (versus,) = parts_of(words, "有几个库的星标数比提交数多？").versus
    assert (versus.left, versus.op, versus.right) == ("stars", ">", "commits")


def test_derived_measures_win_over_their_parts(words) -> None:  # type: ignore[no-untyped-def]
    assert parts_of(words, "commits per contributor for CNTK").measure == "commits_per_contributor"
    assert parts_of(words, "哪个库的人均提交数最少").measure == "commits_per_contributor"
    assert parts_of(words, "Caffe 平均每个贡献者对应多少个星标").measure == "stars_per_contributor"


def test_traditional_chinese_is_read_as_simplified(words) -> None:  # type: ignore[no-untyped-def]
    parts = parts_of(words, "貢獻者第二多的是哪個庫？")
    assert parts.measure == "contributors" and parts.k == 2
    assert "库" in parts.text and parts.language == "zh"
