"""Shared fixtures: a real index built once per session with the real model, and a live uvicorn server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.local_redis import LocalRedis, local_redis
from app.settings import REPO_ROOT, Settings

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

CORPUS = REPO_ROOT / "corpus"


@pytest.fixture(scope="session")
def embedder():  # type: ignore[no-untyped-def]
    from app.index.embedder import SentenceTransformerEmbedder
    from app.settings import bundled_model_path

    return SentenceTransformerEmbedder(bundled_model_path())


@pytest.fixture(scope="session")
def built_index(tmp_path_factory: pytest.TempPathFactory, embedder) -> Path:  # type: ignore[no-untyped-def]
    """index/ built from the repository's corpus into a temporary folder (the repo's index/ is left alone)."""
    from app.index.build import build_index

    index_dir = tmp_path_factory.mktemp("index") / "index"
    build_index(CORPUS, index_dir, embedder)
    return index_dir


@pytest.fixture(scope="session")
def settings(built_index: Path) -> Settings:
    return Settings(corpus_dir=CORPUS, index_dir=built_index)


@pytest.fixture(scope="session")
def assistant(settings: Settings, embedder):  # type: ignore[no-untyped-def]
    from app.engine.assistant import Assistant
    from app.index.store import load_index

    index = load_index(settings.index_dir, settings.corpus_dir, settings.resolved_model_path())
    return Assistant(index, embedder, relevance_threshold=settings.relevance_threshold)


@pytest.fixture(scope="session")
def client(assistant, settings):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from app.main import create_app

    with TestClient(create_app(settings, assistant)) as test_client:
        yield test_client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def sweep(server: LocalRedis) -> None:
    """Empty a test Redis (between tests that must not see each other's keys)."""
    import redis

    client = redis.Redis.from_url(server.url)
    try:
        client.flushall()
    finally:
        client.close()


def start_server(env_extra: dict[str, str], timeout: float = 90.0,
                 log_file: Path | None = None) -> tuple[subprocess.Popen[bytes], str]:
    """uvicorn app.main:app on a free loopback port; returns once /healthz answers 200. Its output goes to a
    pipe (read it after ``stop_server``), or to ``log_file`` for servers under load (a pipe would fill up)."""
    port = free_port()
    env = {**os.environ, **env_extra}
    output = log_file.open("ab") if log_file is not None else subprocess.PIPE
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(port),
         "--log-level", "warning"],
        cwd=REPO_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
    )
    if log_file is not None:
        output.close()  # type: ignore[union-attr]
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            text = process.stdout.read().decode(errors="replace") if process.stdout else ""
            if log_file is not None:
                text = log_file.read_text(errors="replace")
            raise RuntimeError(f"server exited with {process.returncode}: {text[-2000:]}")
        try:
            if httpx.get(f"{base}/healthz", timeout=1.0).status_code == 200:
                return process, base
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.kill()
    process.wait()
    raise RuntimeError("server did not become healthy in time")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def live_server(built_index: Path) -> Iterator[str]:
    """Base URL of the real app served by uvicorn on loopback, over the session's index."""
    process, base = start_server({"DLQA_INDEX_DIR": str(built_index), "DLQA_CORPUS_DIR": str(CORPUS)})
    try:
        yield base
    finally:
        stop_server(process)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[LocalRedis]:
    """A real redis-server on a free loopback port, with a password; stopped at the end of the session."""
    with local_redis(port=free_port()) as server:
        yield server


API_KEY = "test-key-0123456789"


@pytest.fixture(scope="session")
def keyed_live_server(built_index: Path) -> Iterator[str]:
    """Like ``live_server``, with ``DLQA_API_KEY`` set to ``API_KEY``."""
    process, base = start_server({"DLQA_INDEX_DIR": str(built_index), "DLQA_CORPUS_DIR": str(CORPUS),
                                  "DLQA_API_KEY": API_KEY})
    try:
        yield base
    finally:
        stop_server(process)
