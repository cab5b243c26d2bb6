"""A question in traditional characters is answered in them; every other answer is left as composed."""

from __future__ import annotations

import pytest

from app.engine.text import in_script_of, is_traditional


@pytest.mark.parametrize(("question", "traditional"), [
    ("Theano 是做什麼的？", True), ("這份榜單是按什麼排名的？", True), ("Theano 是做什么的？", False),
    ("PyTorch 有多少", False), ("How many stars does PyTorch have?", False),
])
def test_traditional_questions_are_recognised(question: str, traditional: bool) -> None:
    assert is_traditional(question) is traditional


def test_the_answer_follows_the_question_s_script() -> None:
    answer = "Theano [1] 有 8,536 个星标，数学表达式（截至 2018-10-23 的 GitHub 数据）。"
    expected = "Theano [1] 有 8,536 個星標，數學表達式（截至 2018-10-23 的 GitHub 數據）。"
    assert in_script_of("Theano 有多少個星標？", answer) == expected
    assert in_script_of("Theano 有多少个星标？", answer) == answer


@pytest.mark.slow
def test_a_traditional_question_gets_a_traditional_answer(assistant) -> None:  # type: ignore[no-untyped-def]
    traditional = assistant.ask("Theano 是做什麼的？").answer
    simplified = assistant.ask("Theano 是做什么的？").answer
    assert "數學" in traditional and "数学" not in traditional
    assert "数学" in simplified
