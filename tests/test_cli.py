"""The command line: `python -m app ask` answers with citations, prints the plan with --plan, JSON with --json."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CORPUS

REPO = Path(__file__).resolve().parents[1]


def run_cli(built_index: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DLQA_INDEX_DIR": str(built_index), "DLQA_CORPUS_DIR": str(CORPUS), "HF_HUB_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-m", "app", "ask", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120, check=False)


@pytest.mark.slow
def test_cli_prints_the_plan_and_the_cited_answer(built_index: Path) -> None:
    done = run_cli(built_index, "--plan", "贡献者超过100的库里，星标最少的是哪个？")
    assert done.returncode == 0, done.stderr
    plan_line, answer_line = done.stdout.splitlines()[:2]
    plan = json.loads(plan_line.removeprefix("plan: "))
    assert plan["op"]["kind"] == "top" and plan["measure"] == "stars"
    assert "Theano [1]" in answer_line and "8,536" in answer_line


@pytest.mark.slow
def test_cli_json_and_empty_question(built_index: Path) -> None:
    done = run_cli(built_index, "--json", "How many times more stars does TensorFlow have than PyTorch?")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["value"] == 5.56
    assert run_cli(built_index, "  ").returncode == 2
