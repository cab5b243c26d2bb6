"""A private redis-server for this machine: loopback only, behind a unix socket in a 0700 folder or a
password, no persistence; started and stopped with whatever needs it (``make run WORKERS=N``, the tests)."""

from __future__ import annotations

import contextlib
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import redis


class RedisServerError(RuntimeError):
    """redis-server is missing or did not start; the message says what to do."""


@dataclass
class LocalRedis:
    url: str
    process: subprocess.Popen[bytes]
    folder: Path
    port: int | None = None

    def stop(self) -> None:
        """Stop the server (idempotent)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_redis(*, port: int | None = None, password: str | None = None, folder: Path | None = None,
                timeout_s: float = 15.0) -> LocalRedis:
    """Start redis-server: on a unix socket when ``port`` is None, else on 127.0.0.1:``port`` with a password
    (a random one unless given). Returns once it answers PING."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RedisServerError("redis-server is not installed; `make redis-server` (Debian's package) installs it")
    folder = folder or Path(tempfile.mkdtemp(prefix="dlqa-redis-"))
    folder.chmod(0o700)
    lines = ["bind 127.0.0.1", "protected-mode yes", 'save ""', "appendonly no", f"dir {folder}",
             "maxmemory 256mb", "maxmemory-policy volatile-lru", "loglevel warning", "daemonize no"]
    if port is None:
        sock = folder / "redis.sock"
        lines += ["port 0", f"unixsocket {sock}", "unixsocketperm 700"]
        url = f"unix://{sock}"
    else:
        password = password or secrets.token_urlsafe(24)
        lines += [f"port {port}", f"requirepass {password}"]
        url = f"redis://:{password}@127.0.0.1:{port}/0"
    config = folder / "redis.conf"
    config.write_text("\n".join(lines) + "\n")
    config.chmod(0o600)
    process = subprocess.Popen([binary, str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    server = LocalRedis(url, process, folder, port)
    deadline = time.monotonic() + timeout_s
    client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
    try:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                error = process.stderr.read().decode(errors="replace") if process.stderr else ""
                raise RedisServerError(f"redis-server exited with {process.returncode}: {error[-500:]}")
            with contextlib.suppress(redis.RedisError):
                if client.ping():
                    return server
            time.sleep(0.05)
        server.stop()
        raise RedisServerError(f"redis-server did not answer within {timeout_s:.0f} s")
    finally:
        client.close()


@contextlib.contextmanager
def local_redis(*, port: int | None = None, password: str | None = None) -> Iterator[LocalRedis]:
    """``start_redis`` for the duration of a ``with`` block; stopped (and its folder removed) on the way out."""
    server = start_redis(port=port, password=password)
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.folder, ignore_errors=True)
