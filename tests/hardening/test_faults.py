"""Faults: the corpus edited while serving, index files missing, a build killed mid-way, a locked feedback file."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.settings import REPO_ROOT
from tests.conftest import CORPUS, start_server, stop_server
from tests.slack.conftest import slack_env
from tests.slack.fake_slack import FakeSlack
from tests.slack.slackkit import event, mention, new_ts, send_json

pytestmark = pytest.mark.slow

TORCHY = "How many stars does Torchy have?"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _ask(base: str, question: str) -> dict[str, Any]:
    response = httpx.post(f"{base}/ask", json={"question": question}, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def test_corpus_edited_while_serving_changes_nothing_until_rebuild_and_restart(
        tmp_path: Path, built_index: Path, embedder) -> None:
    from app.index.build import build_index

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(built_index, index)
    env = {"DLQA_INDEX_DIR": str(index), "DLQA_CORPUS_DIR": str(corpus)}
    process, base = start_server(env)
    try:
        assert _ask(base, TORCHY)["answered"] is False
        entry = corpus / "libraries" / "pytorch.yaml"
        entry.write_text(entry.read_text(encoding="utf-8").replace("aliases: [", "aliases: [Torchy, ", 1),
                         encoding="utf-8")
        # the running service answers from its own copy of the corpus (index/corpus.json), as before
        assert _ask(base, TORCHY)["answered"] is False
        assert _ask(base, "How many stars does PyTorch have?")["value"] == 20243
        assert httpx.get(f"{base}/healthz", timeout=5).status_code == 200
    finally:
        stop_server(process)
    build_index(corpus, index, embedder)
    process, base = start_server(env)
    try:
        answer = _ask(base, TORCHY)
        assert answer["answered"] is True and answer["value"] == 20243
        assert [c["id"] for c in answer["citations"]] == ["pytorch"]
    finally:
        stop_server(process)


def _start_refused(index: Path) -> str:
    env = {**os.environ, "DLQA_INDEX_DIR": str(index), "DLQA_CORPUS_DIR": str(CORPUS)}
    result = subprocess.run([sys.executable, "-m", "uvicorn", "app.main:app", "--port", "0"], capture_output=True,
                            text=True, env=env, cwd=REPO_ROOT, timeout=120)
    assert result.returncode != 0
    return result.stderr


@pytest.mark.parametrize("missing", ["vectors.faiss", "corpus.json", "manifest.json", "keyword", "catalog/has.npy",
                                     "catalog", "the folder"])
def test_server_refuses_to_start_when_index_files_are_deleted(tmp_path: Path, built_index: Path,
                                                              missing: str) -> None:
    index = tmp_path / "index"
    shutil.copytree(built_index, index)
    target = index if missing == "the folder" else index / missing
    if target.is_dir():
        shutil.rmtree(target)
    else:
        target.unlink()
    stderr = _start_refused(index)
    refusal = next(line for line in stderr.splitlines() if "refusing to start" in line)
    assert str(index) in refusal and "run `make index`" in refusal


@pytest.mark.parametrize("when", ["loading the model", "building"])
def test_build_killed_with_sigkill_leaves_the_previous_index_intact(tmp_path: Path, built_index: Path,
                                                                   when: str) -> None:
    index = tmp_path / "index"
    shutil.copytree(built_index, index)
    before = _snapshot(index)
    build = subprocess.Popen([sys.executable, "scripts/build_index.py", "--quiet", "--corpus", str(CORPUS),
                              "--index", str(index)], cwd=REPO_ROOT, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    try:
        if when == "loading the model":
            time.sleep(1.0)
        else:  # the staging folder exists: the corpus is loaded and the new index is being written
            deadline = time.monotonic() + 60
            while not list(tmp_path.glob(".index.building-*")) and time.monotonic() < deadline:
                assert build.poll() is None, "the build ended before it could be killed"
                time.sleep(0.002)
        assert build.poll() is None, "the build ended before it could be killed"
        os.kill(build.pid, signal.SIGKILL)
    finally:
        build.wait(timeout=30)
    assert build.returncode == -signal.SIGKILL
    assert _snapshot(index) == before
    check = subprocess.run([sys.executable, "scripts/build_index.py", "--check", "--corpus", str(CORPUS),
                            "--index", str(index)], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stderr
    assert "index OK" in check.stdout


def test_locked_feedback_file_still_lets_the_answer_out_and_logs_the_error(tmp_path: Path,
                                                                           built_index: Path) -> None:
    feedback_db = tmp_path / "feedback.sqlite3"
    fake = FakeSlack()
    holder = sqlite3.connect(feedback_db, isolation_level=None)
    holder.execute("CREATE TABLE IF NOT EXISTS answers (answer_id TEXT PRIMARY KEY, question TEXT NOT NULL, "
                   "answer TEXT NOT NULL, surface TEXT NOT NULL, asked_at TEXT NOT NULL)")
    process, base = start_server(slack_env(fake, built_index, feedback_db))
    try:
        holder.execute("BEGIN EXCLUSIVE")  # another process holds the write lock throughout
        channel, ts = "C0LOCK", new_ts()
        question = mention("How many stars does PyTorch have?", channel, ts)
        assert send_json(base, event(question)).status_code == 200
        [reply] = fake.wait_for(lambda: fake.posts(channel, ts), timeout=30)
        assert "20,243" in reply.body["text"]
        holder.execute("ROLLBACK")
    finally:
        stop_server(process)
        holder.close()
        fake.close()
    output = process.stdout.read().decode(errors="replace") if process.stdout else ""
    assert "cannot record an answer" in output and "locked" in output

