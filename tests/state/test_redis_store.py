"""The Redis state store against a real redis-server: JSON values, TTLs by Redis, SET NX de-duplication
across stores (replicas), and an outage that degrades instead of failing, then recovers."""

from __future__ import annotations

import json
import logging
import shutil
import threading
import time
from collections.abc import Iterator

import pytest
import redis

from app.local_redis import LocalRedis, free_port, start_redis
from app.state.redis_store import RedisStateStore
from app.state.store import StoreHealth
from tests.conftest import sweep


@pytest.fixture()
def store(redis_server: LocalRedis) -> Iterator[RedisStateStore]:
    sweep(redis_server)
    opened = RedisStateStore(redis_server.url)
    yield opened
    opened.close()


def test_values_are_plain_json_with_a_redis_ttl(store: RedisStateStore, redis_server: LocalRedis) -> None:
    value = {"query": {"raw": "它的星标呢？", "filter": [">", 5000]}, "referents": ["pytorch"]}
    assert store.put("dlqa:test:k", value, ttl_s=30)
    assert store.get("dlqa:test:k") == value
    raw = redis.Redis.from_url(redis_server.url)
    try:
        assert json.loads(raw.get("dlqa:test:k") or b"") == value  # JSON, readable by anything; no pickle
        assert 29_000 <= raw.pttl("dlqa:test:k") <= 30_000
    finally:
        raw.close()


def test_ttl_expires_in_redis(store: RedisStateStore) -> None:
    store.put("dlqa:test:short", {"v": 1}, ttl_s=0.1)
    time.sleep(0.25)
    assert store.get("dlqa:test:short") is None


def test_put_only_if_present(store: RedisStateStore) -> None:
    assert not store.put("dlqa:test:x", {"v": 1}, ttl_s=30, only_if_present=True)
    assert store.get("dlqa:test:x") is None
    store.put("dlqa:test:x", {"v": 1}, ttl_s=30)
    assert store.put("dlqa:test:x", {"v": 2}, ttl_s=30, only_if_present=True)
    assert store.get("dlqa:test:x") == {"v": 2}


def test_unreadable_value_counts_as_absent(store: RedisStateStore, redis_server: LocalRedis) -> None:
    raw = redis.Redis.from_url(redis_server.url)
    try:
        raw.set("dlqa:test:bad", b"\x80\x04not json")
    finally:
        raw.close()
    assert store.get("dlqa:test:bad") is None


def test_add_if_absent_has_one_winner_across_stores(redis_server: LocalRedis) -> None:
    sweep(redis_server)
    replicas = [RedisStateStore(redis_server.url) for _ in range(4)]
    wins: list[bool] = []
    barrier = threading.Barrier(16)

    def race(n: int) -> None:
        barrier.wait()
        wins.append(replicas[n % 4].add_if_absent("seen:event:Ev1", f"seen:event:other{n}", ttl_s=60)
                    if n % 2 else replicas[n % 4].add_if_absent("seen:event:Ev1", ttl_s=60))

    threads = [threading.Thread(target=race, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wins.count(True) == 1
    for replica in replicas:
        replica.close()


def test_outage_degrades_logs_once_and_recovers(caplog: pytest.LogCaptureFixture) -> None:
    port = free_port()
    server = start_redis(port=port, password="pw")
    store = RedisStateStore(f"redis://:pw@127.0.0.1:{port}/0", retry_s=0.2)
    try:
        store.put("k", {"v": 1}, ttl_s=60)
        assert store.health() == StoreHealth("redis", "ok")
        server.stop()
        caplog.set_level(logging.ERROR, logger="app.state")
        started = time.monotonic()
        for _ in range(5):
            assert store.get("k") is None
            assert not store.put("k", {"v": 2}, ttl_s=60)
            time.sleep(0.1)
        assert time.monotonic() - started < 3.0  # no request waits through retries
        assert store.health().status == "degraded"
        # de-duplication still holds within this process while Redis is away
        assert store.add_if_absent("seen:1", ttl_s=60) and not store.add_if_absent("seen:1", ttl_s=60)
        errors = [r for r in caplog.records if r.levelno == logging.ERROR]
        assert len(errors) == 1 and "state store degraded" in errors[0].getMessage()
        assert "pw" not in caplog.text.replace("password", "")

        server = start_redis(port=port, password="pw", folder=server.folder)
        time.sleep(0.25)
        assert store.health() == StoreHealth("redis", "ok")
        assert store.put("k", {"v": 3}, ttl_s=60) and store.get("k") == {"v": 3}
    finally:
        store.close()
        server.stop()
        shutil.rmtree(server.folder, ignore_errors=True)


def test_unreachable_redis_answers_degraded_quickly() -> None:
    store = RedisStateStore(f"redis://127.0.0.1:{free_port()}/0", timeout_s=0.2)
    started = time.monotonic()
    health = store.health()
    assert health.status == "degraded" and "Error" in health.detail
    assert time.monotonic() - started < 1.0
    store.close()
