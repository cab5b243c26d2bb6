"""The HTTP service: health, libraries, /ask contract and its 422s, and start-up refusal on a bad index."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.settings import REPO_ROOT


def test_healthz(client) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["entries"] == 13 and body["index_type"] == "flat"


def test_libraries_lists_all_entries_with_figures(client) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/libraries").json()
    assert body["count"] == 13
    first = body["libraries"][0]
    assert first["id"] == "tensorflow"
    assert first["figures"] == {"contributors": 1700, "commits": 42256, "stars": 112591, "as_of": "2018-10-23"}


@pytest.mark.parametrize("key", ["pytorch", "PyTorch", "Microsoft Cognitive Toolkit", "dist-keras", "fastai", "TF"])
def test_library_by_id_or_alias(client, key: str) -> None:  # type: ignore[no-untyped-def]
    response = client.get(f"/libraries/{key}")
    assert response.status_code == 200
    assert response.json()["id"] in {"pytorch", "cntk", "distributed-keras", "fastai", "tensorflow"}


def test_unknown_library_is_404_with_a_message(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/libraries/jax")
    assert response.status_code == 404
    assert "no library 'jax'" in response.json()["detail"]


def test_ask_returns_the_whole_contract(client) -> None:  # type: ignore[no-untyped-def]
    body = client.post("/ask", json={"question": "How many stars does PyTorch have?"}).json()
    assert set(body) == {"answer", "answered", "language", "intent", "libraries", "value", "citations",
                         "conversation_id", "took_ms"}
    assert body["answered"] is True and body["language"] == "en" and body["value"] == 20243
    assert body["libraries"] == [{"id": "pytorch", "name": "PyTorch", "metric": "stars", "value": 20243}]
    assert "[1]" in body["answer"] and "2018-10-23" in body["answer"]
    citation = body["citations"][0]
    assert citation["n"] == 1 and citation["id"] == "pytorch" and citation["url"].startswith("https://github.com/")


def test_top_k_limits_citations(client) -> None:  # type: ignore[no-untyped-def]
    body = client.post("/ask", json={"question": "Rank all libraries by stars", "top_k": 2}).json()
    assert len(body["libraries"]) == 13
    assert [c["n"] for c in body["citations"]] == [1, 2]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"question": ""}, "question"),
        ({"question": "   "}, "question"),
        ({"question": "x" * 2001}, "question"),
        ({}, "question"),
        ({"question": 42}, "question"),
        ({"question": "hi", "top_k": 0}, "top_k"),
        ({"question": "hi", "top_k": 21}, "top_k"),
        ({"question": "hi", "top_k": "five"}, "top_k"),
        ({"question": "hi", "conversation_id": "c" * 129}, "conversation_id"),
        ({"question": "hi", "conversation_id": 7}, "conversation_id"),
    ],
)
def test_bad_requests_are_422_naming_the_field(client, payload: dict, field: str) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/ask", json=payload)
    assert response.status_code == 422
    body = response.json()
    assert any(item["field"] == field and item["reason"] for item in body["detail"])


def test_malformed_json_is_422(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/ask", content=b'{"question": "hi"', headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "body"


def test_question_of_exactly_2000_characters_is_accepted(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/ask", json={"question": "  " + "a" * 2000 + "  "})
    assert response.status_code == 200
    assert response.json()["answered"] is False


def test_unknown_conversation_id_starts_a_new_one(client) -> None:  # type: ignore[no-untyped-def]
    body = client.post("/ask", json={"question": "How many commits does it have?", "conversation_id": "nope"}).json()
    assert body["conversation_id"] != "nope"
    assert body["answered"] is False


def test_cli_ask_prints_answer_and_citations(built_index: Path) -> None:
    env = {**os.environ, "DLQA_INDEX_DIR": str(built_index)}
    result = subprocess.run([sys.executable, "-m", "app", "ask", "Which libraries run on Spark?"],
                            capture_output=True, text=True, env=env, cwd=REPO_ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "spark-deep-learning [1]" in result.stdout
    assert "[1] spark-deep-learning – https://github.com/databricks/spark-deep-learning" in result.stdout
    as_json = subprocess.run([sys.executable, "-m", "app", "ask", "TensorFlow有多少贡献者？", "--json"],
                             capture_output=True, text=True, env=env, cwd=REPO_ROOT, timeout=120)
    assert '"value": 1700' in as_json.stdout and '"language": "zh"' in as_json.stdout


@pytest.mark.parametrize("damage", ["truncate", "stale"])
def test_server_refuses_to_start_on_a_bad_index(tmp_path: Path, built_index: Path, damage: str) -> None:
    index_dir, corpus_dir = tmp_path / "index", tmp_path / "corpus"
    shutil.copytree(built_index, index_dir)
    shutil.copytree(REPO_ROOT / "corpus", corpus_dir)
    if damage == "truncate":
        (index_dir / "vectors.faiss").write_bytes((index_dir / "vectors.faiss").read_bytes()[:100])
    else:
        with (corpus_dir / "libraries" / "caffe.yaml").open("a", encoding="utf-8") as handle:
            handle.write("\n# edited\n")
    env = {**os.environ, "DLQA_INDEX_DIR": str(index_dir), "DLQA_CORPUS_DIR": str(corpus_dir)}
    result = subprocess.run([sys.executable, "-m", "uvicorn", "app.main:app", "--port", "0"], capture_output=True,
                            text=True, env=env, cwd=REPO_ROOT, timeout=120)
    assert result.returncode != 0
    assert "refusing to start" in result.stderr and "run `make index`" in result.stderr


def test_ask_with_debug_returns_the_plan(client) -> None:  # type: ignore[no-untyped-def]
    body = client.post("/ask", json={"question": "贡献者超过100的库里，星标最少的是哪个？", "debug": True}).json()
    plan = body["plan"]
    assert plan["op"]["kind"] == "top" and plan["op"]["order"] == "asc" and plan["measure"] == "stars"
    assert plan["scope"]["metrics"] == [{"metric": "contributors", "op": ">", "value": 100.0, "high": None}]
    assert body["libraries"][0]["id"] == "theano" and body["value"] == 8536


def test_ask_rejects_a_debug_flag_that_is_not_a_boolean(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/ask", json={"question": "hi", "debug": "yes"})
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "debug"
