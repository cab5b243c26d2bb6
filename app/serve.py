"""Serve with N worker processes (``make run``); several workers share state in a private local Redis.

With N > 1 and no ``DLQA_REDIS_URL``, a private redis-server holds conversations and Slack state for as long
as the server runs.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import subprocess
import sys
from collections.abc import Iterator

from app.local_redis import RedisServerError, local_redis

log = logging.getLogger("app.serve")


@contextlib.contextmanager
def shared_state(workers: int, env: dict[str, str]) -> Iterator[dict[str, str]]:
    """The environment for the workers: a local Redis's URL added when several workers need one."""
    if workers <= 1 or env.get("DLQA_REDIS_URL"):
        yield env
        return
    with local_redis() as server:
        print(f"started a private redis-server for {workers} workers ({server.url})", file=sys.stderr, flush=True)
        yield {**env, "DLQA_REDIS_URL": server.url}
    print("stopped the private redis-server", file=sys.stderr, flush=True)


def uvicorn_command(host: str, port: int, workers: int) -> list[str]:
    command = [sys.executable, "-m", "uvicorn", "app.main:app", "--host", host, "--port", str(port)]
    return command + (["--workers", str(workers)] if workers > 1 else [])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="serve.py", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--host", default=os.environ.get("DLQA_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("DLQA_PORT", "8000")))
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="worker processes (default: cores)")
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    try:
        with shared_state(args.workers, dict(os.environ)) as env:
            # its own session: a Ctrl+C reaches it once, forwarded from here, not twice
            server = subprocess.Popen(uvicorn_command(args.host, args.port, args.workers), env=env,
                                      start_new_session=True)

            def forward(signum: int, _: object) -> None:
                server.send_signal(signum)

            for signum in (signal.SIGINT, signal.SIGTERM):
                signal.signal(signum, forward)
            try:
                return server.wait()
            finally:
                if server.poll() is None:
                    server.terminate()
                    server.wait()
    except RedisServerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
