"""The in-memory state store: TTLs, the bound, add-if-absent; and the factory's choice of store."""

from __future__ import annotations

import threading

import pytest

from app.settings import Settings
from app.state.factory import describe, open_state_store
from app.state.redis_store import RedisStateStore
from app.state.store import MemoryStateStore, StoreHealth
from tests.conftest import CORPUS


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_memory_store_keeps_values_until_their_ttl() -> None:
    clock = Clock()
    store = MemoryStateStore(clock=clock)
    assert store.put("k", {"a": [1, "二"]}, ttl_s=10)
    assert store.get("k") == {"a": [1, "二"]}
    clock.now = 10
    assert store.get("k") is None and len(store) == 0


def test_memory_store_put_only_if_present() -> None:
    store = MemoryStateStore()
    assert not store.put("k", {"v": 1}, ttl_s=10, only_if_present=True)
    assert store.get("k") is None
    store.put("k", {"v": 1}, ttl_s=10)
    assert store.put("k", {"v": 2}, ttl_s=10, only_if_present=True) and store.get("k") == {"v": 2}


def test_memory_store_is_bounded_least_recently_written_first() -> None:
    store = MemoryStateStore(limit=2)
    for key in ("a", "b", "c"):
        store.put(key, {}, ttl_s=10)
    assert len(store) == 2 and store.get("a") is None and store.get("c") == {}


def test_memory_add_if_absent_is_a_first_time_for_exactly_one_racer() -> None:
    store = MemoryStateStore()
    wins: list[bool] = []
    barrier = threading.Barrier(16)

    def race() -> None:
        barrier.wait()
        wins.append(store.add_if_absent("event:1", "message:C:1", ttl_s=60))

    threads = [threading.Thread(target=race) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wins.count(True) == 1
    assert not store.add_if_absent("event:2", "message:C:1", ttl_s=60)  # shares a key: a repeat
    assert store.add_if_absent("event:3", "", ttl_s=60)
    assert store.health() == StoreHealth("memory", "ok")


def test_factory_opens_memory_without_a_url_and_redis_with_one() -> None:
    memory = Settings(corpus_dir=CORPUS)
    assert isinstance(open_state_store(memory), MemoryStateStore)
    assert "memory" in describe(memory)
    with_redis = Settings(corpus_dir=CORPUS, redis_url="redis://:s3cret@127.0.0.1:1/0")  # type: ignore[arg-type]
    store = open_state_store(with_redis)
    assert isinstance(store, RedisStateStore)
    store.close()
    assert describe(with_redis) == "in Redis at 127.0.0.1:1" and "s3cret" not in repr(with_redis)


def test_redis_url_must_name_a_redis_scheme() -> None:
    with pytest.raises(ValueError, match="DLQA_REDIS_URL must start with"):
        Settings(corpus_dir=CORPUS, redis_url="http://127.0.0.1:6379")  # type: ignore[arg-type]
    assert Settings(corpus_dir=CORPUS, redis_url="").redis_url is None  # type: ignore[arg-type]
