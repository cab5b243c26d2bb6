"""The generated suite itself: size, spread over operations and languages, determinism and well-formed turns."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.generated import gold
from tests.generated.grammar import Case, generate
from tests.generated.suite import stratified_sample

OPERATIONS = {"value", "superlative", "kth", "top_n", "rank", "filter", "count", "attribute_filter", "composition",
              "comparison", "difference", "ratio", "share", "aggregate", "measure_vs_measure", "describe",
              "attribute_of", "yes_no", "metadata", "decline", "follow_up"}
EXPECTATION_KEYS = {"q", "answered", "value", "libraries", "libraries_set", "contains", "language"}


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    return generate()


def questions(cases: list[Case]) -> list[str]:
    return [turn["q"] for case in cases for turn in case]


def test_at_least_two_thousand_distinct_cases(cases: list[Case]) -> None:
    assert len(cases) >= 2000
    assert len({tuple(turn["q"] for turn in case) for case in cases}) == len(cases)


def test_same_cases_on_every_run(cases: list[Case]) -> None:
    assert [case.id for case in generate()] == [case.id for case in cases]


def test_every_operation_in_every_language(cases: list[Case]) -> None:
    seen = Counter((case.operation, case.language) for case in cases)
    for operation in OPERATIONS:
        for language in ("en", "zh", "zh-Hant"):
            assert seen[(operation, language)] >= 3, (operation, language)
    assert {case.operation for case in cases} == OPERATIONS


def test_about_45_percent_chinese_a_third_of_it_traditional(cases: list[Case]) -> None:
    languages = Counter(case.language for case in cases)
    chinese = languages["zh"] + languages["zh-Hant"]
    assert 0.40 <= chinese / len(cases) <= 0.50
    assert 0.28 <= languages["zh-Hant"] / chinese <= 0.38


def test_traditional_questions_are_converted(cases: list[Case]) -> None:
    traditional = " ".join(turn["q"] for case in cases if case.language == "zh-Hant" for turn in case)
    assert "庫" in traditional and "貢獻者" in traditional and "库" not in traditional


def test_turns_are_well_formed(cases: list[Case]) -> None:
    ids = {lib.id for lib in gold.load().libraries}
    for case in cases:
        assert 1 <= len(case) <= 3
        for turn in case:
            assert set(turn) <= EXPECTATION_KEYS, turn
            assert turn["language"] == ("en" if case.language == "en" else "zh")
            assert not re.search(r"[{}]|\s\s", turn["q"]), turn["q"]
            assert set(turn.get("libraries", [])) | set(turn.get("libraries_set", [])) <= ids
            if not turn["answered"]:
                assert turn["value"] is None


def test_names_aliases_and_number_forms_all_appear(cases: list[Case]) -> None:
    text = "\n".join(questions(cases))
    for lib in gold.load().libraries:
        for name in (lib.name, *lib.aliases):
            assert name in text or name.lower() in text, name
    for form in ("10,000", "10000", "10k", "1.5k", "1万", "一万", "1w", "1.5w", "1千", "一千"):
        assert form in text, form


def test_sample_is_about_300_and_covers_every_group(cases: list[Case]) -> None:
    sample = stratified_sample(cases)
    assert 280 <= len(sample) <= 320
    assert {(c.operation, c.language) for c in sample} == {(c.operation, c.language) for c in cases}
    assert [c.id for c in stratified_sample(generate())] == [c.id for c in sample]
