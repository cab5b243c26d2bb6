"""The public question set, asked of the real model and index: every question must pass."""

from __future__ import annotations

from typing import Any

import pytest

from tests.engine.questions import check_conversation, load_cases

CASES = load_cases("questions.yaml")


def test_the_set_is_big_enough_and_bilingual() -> None:
    questions = [turn["q"] for _, turns in CASES for turn in turns]
    chinese = [q for q in questions if any("\u4e00" <= ch <= "\u9fff" for ch in q)]
    assert len(questions) >= 80
    assert len(chinese) >= len(questions) // 3 - 1


@pytest.mark.slow
@pytest.mark.parametrize("turns", [turns for _, turns in CASES], ids=[case_id for case_id, _ in CASES])
def test_public_question(assistant, turns: list[dict[str, Any]]) -> None:  # type: ignore[no-untyped-def]
    check_conversation(assistant, turns)
