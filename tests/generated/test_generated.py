"""A stratified, deterministic sample of the generated questions against the real assistant (full run:
`python scripts/generated_suite.py`)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.engine.questions import check_conversation
from tests.generated.grammar import Case, generate
from tests.generated.suite import stratified_sample

SAMPLE = stratified_sample(generate())


@pytest.mark.slow
@pytest.mark.parametrize("case", SAMPLE, ids=[f"{c.operation}-{c.language}-{i:03d}" for i, c in enumerate(SAMPLE)])
def test_generated_question(assistant: Any, case: Case) -> None:
    check_conversation(assistant, case)
