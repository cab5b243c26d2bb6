"""The gold evaluator against facts checked by hand in the survey text (corpus/sources/top13-python-dl-2018.md)."""

from __future__ import annotations

import pytest

from tests.generated import gold


@pytest.fixture(scope="module")
def survey() -> gold.Survey:
    return gold.load()


def ids(libraries: list[gold.Library]) -> list[str]:
    return [lib.id for lib in libraries]


def test_reads_figures_as_printed_in_the_survey(survey: gold.Survey) -> None:
    tensorflow = survey.library("tensorflow")
    assert tensorflow.figures == {"stars": 112591, "commits": 42256, "contributors": 1700}
    assert survey.library("pytorch").figures["stars"] == 20243
    assert survey.library("distributed-keras").figures["contributors"] == 5


def test_keeps_the_survey_order_and_date(survey: gold.Survey) -> None:
    assert len(survey.libraries) == 13
    assert survey.libraries[0].id == "tensorflow"
    assert survey.libraries[-1].id == "distributed-keras"
    assert survey.as_of == "2018-10-23"


def test_top_three_by_stars(survey: gold.Survey) -> None:
    assert ids(gold.top(survey.libraries, "stars", 3)) == ["tensorflow", "caffe", "pytorch"]


def test_fewest_commits_and_second_most_commits(survey: gold.Survey) -> None:
    assert gold.kth(survey.libraries, "commits", 1, most=False).id == "spark-deep-learning"
    assert gold.kth(survey.libraries, "commits", 2).id == "theano"


def test_rank_by_metric_is_not_the_survey_rank(survey: gold.Survey) -> None:
    assert gold.rank_of(survey, "pytorch", "stars") == 3
    assert gold.rank_of(survey, "theano", "commits") == 2
    assert gold.rank_of(survey, "caffe", "stars") == 2


def test_derived_measures(survey: gold.Survey) -> None:
    assert gold.reported(survey.library("distributed-keras"), "commits_per_contributor") == 225.0
    assert gold.reported(survey.library("tensorflow"), "commits_per_contributor") == 24.86  # 42256 / 1700
    assert gold.reported(survey.library("tflearn"), "stars_per_commit") == 14.41  # 8632 / 599
    assert gold.kth(survey.libraries, "commits_per_contributor", 1).id == "distributed-keras"


def test_thresholds_are_strict_and_between_is_inclusive(survey: gold.Survey) -> None:
    more = gold.threshold(survey.libraries, "stars", "gt", 10000)
    assert ids(more) == ["tensorflow", "pytorch", "mxnet", "caffe", "cntk"]
    assert ids(gold.threshold(survey.libraries, "stars", "gt", 20243)) == ["tensorflow", "caffe"]
    assert ids(gold.threshold(survey.libraries, "stars", "ge", 20243)) == ["tensorflow", "pytorch", "caffe"]
    between = gold.threshold(survey.libraries, "commits", "between", 1000, 10000)
    assert ids(between) == ["mxnet", "caffe", "fastai", "lasagne", "distributed-keras"]
    assert ids(gold.threshold(survey.libraries, "contributors", "between", 5, 13)) == [
        "elephas", "spark-deep-learning", "distributed-keras"]


def test_attributes_by_kind_and_negation(survey: gold.Survey) -> None:
    assert ids(gold.with_term(survey.libraries, "theano", "built_on")) == ["lasagne"]
    assert ids(gold.with_term(survey.libraries, "keras", "built_on")) == ["elephas", "distributed-keras"]
    assert ids(gold.with_term(survey.libraries, "spark", "runs_on")) == ["spark-deep-learning", "distributed-keras"]
    assert ids(gold.with_term(survey.libraries, "spark", "built_on")) == ["spark-deep-learning", "distributed-keras"]
    assert ids(gold.with_term(survey.libraries, "microsoft", "developed_by")) == ["cntk"]
    assert ids(gold.with_term(survey.libraries, "gpu")) == ["tensorflow", "pytorch", "theano"]
    assert len(gold.with_term(survey.libraries, "keras", "built_on", negate=True)) == 11
    assert ids(gold.with_term(survey.libraries, "scikit-learn")) == ["nolearn"]


def test_more_commits_than_stars(survey: gold.Survey) -> None:
    assert ids(gold.measure_above(survey.libraries, "commits", "stars")) == ["theano", "cntk", "distributed-keras"]


def test_aggregates(survey: gold.Survey) -> None:
    everything = survey.libraries
    assert gold.aggregate(everything, "stars", "sum") == 222672
    assert gold.aggregate(everything, "stars", "mean") == 17128.6
    assert gold.aggregate(everything, "commits", "median") == 2237  # fast.ai, 7th of 13
    assert gold.aggregate(everything, "contributors", "min") == 5
    assert gold.extreme(everything, "contributors", "min").id == "distributed-keras"
    keras = gold.with_term(everything, "keras", "built_on")
    assert gold.aggregate(keras, "stars", "sum") == 1046 + 523
    assert gold.aggregate(keras, "commits", "median") == (249 + 1125) / 2


def test_pairs(survey: gold.Survey) -> None:
    caffe, theano = survey.library("caffe"), survey.library("theano")
    assert gold.difference(caffe, theano, "stars") == 25927 - 8536
    assert gold.ratio(caffe, theano, "stars") == 3.04
    assert ids(gold.larger_first(theano, caffe, "stars")) == ["caffe", "theano"]
    assert gold.share(survey.library("tensorflow"), "stars", survey.libraries) == 50.56


def test_ties_keep_survey_rank_order() -> None:
    def lib(library_id: str, rank: int, stars: int) -> gold.Library:
        return gold.Library(library_id, library_id, (), rank, {"stars": stars, "commits": 1, "contributors": 1}, {})

    libraries = [lib("c", 3, 10), lib("a", 1, 10), lib("b", 2, 20)]
    assert ids(gold.ranked(libraries, "stars")) == ["b", "a", "c"]
    assert ids(gold.ranked(libraries, "stars", most=False)) == ["a", "c", "b"]


def test_rounding_refuses_an_exact_half() -> None:
    assert gold.rounded(2, 3, 2) == 0.67
    assert gold.rounded(1, 8, 1) == 0.1
    with pytest.raises(ValueError, match="rounding tie"):
        gold.rounded(49, 4, 1)  # 12.25: half-up says 12.3, Python's round says 12.2
