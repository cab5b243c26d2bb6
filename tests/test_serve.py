"""``make run WORKERS=2`` (scripts/serve.py): two workers share a private redis-server, started and stopped
with the server; with one worker no Redis is started."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from app.serve import uvicorn_command
from app.settings import REPO_ROOT
from tests.conftest import CORPUS, free_port

pytestmark = pytest.mark.slow


def test_one_worker_is_plain_uvicorn() -> None:
    assert "--workers" not in uvicorn_command("127.0.0.1", 8000, 1)
    assert uvicorn_command("127.0.0.1", 8000, 2)[-2:] == ["--workers", "2"]


def test_two_workers_share_conversations_through_a_private_redis(built_index: Path, tmp_path: Path) -> None:
    port, base = free_port(), ""
    env = {**os.environ, "DLQA_INDEX_DIR": str(built_index), "DLQA_CORPUS_DIR": str(CORPUS), "DLQA_REDIS_URL": ""}
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen([sys.executable, "scripts/serve.py", "--port", str(port), "--workers", "2"],
                                   cwd=REPO_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while log.read_text(errors="replace").count("Application startup complete.") < 2:
            assert process.poll() is None, log.read_text(errors="replace")
            assert time.monotonic() < deadline, "the two workers did not start in time"
            time.sleep(0.3)
        health = httpx.get(f"{base}/healthz", timeout=5).json()
        assert health["store"] == {"backend": "redis", "status": "ok", "detail": ""}
        for _ in range(10):  # a new connection per request: the kernel spreads them over both workers
            close = {"connection": "close"}
            first = httpx.post(f"{base}/ask", json={"question": "How many stars does PyTorch have?"},
                               headers=close, timeout=10).json()
            follow = httpx.post(f"{base}/ask", headers=close, timeout=10, json={
                "question": "How many commits does it have?", "conversation_id": first["conversation_id"]}).json()
            assert follow["value"] == 14022
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    output = log.read_text(errors="replace")
    assert "stopped the private redis-server" in output
    started = re.search(r"unix://(\S+)/redis\.sock", output)
    assert started is not None and not Path(started.group(1)).exists()
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"{base}/healthz", timeout=2)
