"""Held-out questions, written after tuning on the public set; every one must pass like the public set."""

from __future__ import annotations

from typing import Any

import pytest

from tests.engine.questions import check_conversation, load_cases

CASES = load_cases("holdout.yaml")


@pytest.mark.slow
@pytest.mark.parametrize("turns", [turns for _, turns in CASES], ids=[case_id for case_id, _ in CASES])
def test_holdout_question(assistant, turns: list[dict[str, Any]]) -> None:  # type: ignore[no-untyped-def]
    check_conversation(assistant, turns)
