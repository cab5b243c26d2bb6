"""Loads a question set (tests/data/*.yaml) and checks one answer against its expectations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from app.engine.text import to_simplified

DATA = Path(__file__).resolve().parents[1] / "data"


def load_cases(name: str) -> list[tuple[str, list[dict[str, Any]]]]:
    """(test id, questions asked in one conversation) for each item of the set."""
    cases = []
    for i, item in enumerate(yaml.safe_load((DATA / name).read_text(encoding="utf-8"))):
        turns = item.get("conversation", [item])
        cases.append((f"{i:03d}:{turns[0]['q'][:40]}", turns))
    return cases


def same_value(actual: Any, expected: Any) -> bool:
    """Exact for counts and figures; a rounding step's leeway for ratios, shares and means (2 decimals)."""
    if expected is None or actual is None or isinstance(actual, bool):
        return actual is expected
    if isinstance(expected, float) or isinstance(actual, float):
        return abs(float(actual) - float(expected)) <= max(0.011, 0.001 * abs(float(expected)))
    return bool(actual == expected)


def problems(expected: dict[str, Any], answer: Any) -> list[str]:
    """Every way the answer differs from what the question set expects (empty when it passes)."""
    found = []
    ids = [lib["id"] for lib in answer.libraries]
    if answer.answered != expected["answered"]:
        found.append(f"answered={answer.answered}")
    if "value" in expected and not same_value(answer.value, expected["value"]):
        found.append(f"value={answer.value!r}, expected {expected['value']!r}")
    if "libraries" in expected and ids != expected["libraries"]:
        found.append(f"libraries={ids}, expected {expected['libraries']}")
    if "libraries_set" in expected and set(ids) != set(expected["libraries_set"]):
        found.append(f"libraries={ids}, expected any order of {expected['libraries_set']}")
    if "language" in expected and answer.language != expected["language"]:
        found.append(f"language={answer.language}")
    if "intent" in expected and answer.intent != expected["intent"]:
        found.append(f"intent={answer.intent}, expected {expected['intent']}")
    said = to_simplified(answer.answer)  # a word is the same word in either script ("微软", "微軟")
    for text in expected.get("contains", []):
        if to_simplified(text) not in said:
            found.append(f"answer lacks {text!r}")
    for text in expected.get("not_contains", []):
        if to_simplified(text) in said:
            found.append(f"answer has {text!r}")
    if answer.answered and answer.libraries and not answer.citations and answer.intent != "survey_info":
        found.append("no citations")
    if not answer.answered and answer.value is not None:
        found.append("a number on an unanswered question")
    return found


def load_path(path: Path) -> list[tuple[str, list[dict[str, Any]]]]:
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [(f"{i:03d}:{item.get('conversation', [item])[0]['q'][:40]}", item.get("conversation", [item]))
            for i, item in enumerate(items)]


def score(assistant: Any, cases: list[tuple[str, list[dict[str, Any]]]]) -> tuple[int, list[str]]:
    """(cases passed, a report line per failing case); a conversation passes when every turn does."""
    passed, failures = 0, []
    for case_id, turns in cases:
        try:
            check_conversation(assistant, turns)
            passed += 1
        except AssertionError as err:
            failures.append(f"{case_id}: {err}")
    return passed, failures


def check_conversation(assistant: Any, turns: list[dict[str, Any]]) -> None:
    """Ask the turns in order in one conversation; fail on the first answer that misses its expectations."""
    conversation_id = None
    for turn in turns:
        answer = assistant.ask(turn["q"], 5, conversation_id)
        conversation_id = answer.conversation_id
        found = problems(turn, answer)
        assert not found, f"{turn['q']!r}: {'; '.join(found)}\n  answer: {answer.answer}"
