"""The private redis-server of ``make run WORKERS=N`` and the tests: password or private socket, and gone after."""

from __future__ import annotations

import pytest
import redis

from app.local_redis import free_port, local_redis
from app.state.redis_store import RedisStateStore


def test_local_redis_refuses_a_wrong_password_and_stops() -> None:
    with local_redis(port=free_port(), password="right") as server:
        wrong = redis.Redis(host="127.0.0.1", port=server.port or 0, password="wrong")
        with pytest.raises(redis.AuthenticationError):
            wrong.ping()
        wrong.close()
    assert server.process.poll() is not None and not server.folder.exists()


def test_local_redis_on_a_private_unix_socket() -> None:
    with local_redis() as server:
        assert server.url.startswith("unix://") and (server.folder.stat().st_mode & 0o777) == 0o700
        store = RedisStateStore(server.url)
        assert store.put("k", {"v": 1}, ttl_s=5) and store.get("k") == {"v": 1}
        store.close()
