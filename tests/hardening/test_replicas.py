"""Two real app processes sharing a real redis-server, a client alternating between them: follow-ups and
Slack threads continue on the other replica, a Slack event delivered to both (and retried) gets one reply,
Redis killed mid-run degrades and recovers, and a replica SIGKILLed under load leaves the other answering."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.local_redis import LocalRedis, start_redis
from tests.conftest import free_port, start_server, stop_server, sweep
from tests.perf.loadtest import run_load_blocking
from tests.slack.conftest import slack_env
from tests.slack.fake_slack import FakeSlack
from tests.slack.slackkit import channel_message, event, mention, new_ts, send_json

pytestmark = pytest.mark.slow
PASSWORD = "replica-test-password"


@dataclass
class Cluster:
    redis: LocalRedis
    port: int
    bases: list[str]
    processes: list[Any]
    logs: list[Path]
    fake: FakeSlack

    def restart_redis(self) -> None:
        self.redis = start_redis(port=self.port, password=PASSWORD, folder=self.redis.folder)


@pytest.fixture(scope="module")
def cluster(built_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    folder = tmp_path_factory.mktemp("replicas")
    port = free_port()
    redis_server = start_redis(port=port, password=PASSWORD)
    fake = FakeSlack()
    processes: list[Any] = []
    try:
        env = {**slack_env(fake, built_index, folder / "feedback.sqlite3"), "DLQA_REDIS_URL": redis_server.url}
        logs = [folder / f"replica-{n}.log" for n in range(2)]
        bases = []
        for log in logs:
            process, base = start_server(env, log_file=log)
            processes.append(process)
            bases.append(base)
        state = Cluster(redis_server, port, bases, processes, logs, fake)
        yield state
    finally:
        for process in processes:
            stop_server(process)
        fake.close()
        state_redis = locals().get("state")
        (state_redis.redis if state_redis else redis_server).stop()
        shutil.rmtree(redis_server.folder, ignore_errors=True)


def ask(base: str, question: str, conversation_id: str | None = None) -> dict[str, Any]:
    response = httpx.post(f"{base}/ask", json={"question": question, "conversation_id": conversation_id},
                          timeout=15)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_both_replicas_report_the_shared_store(cluster: Cluster) -> None:
    for base in cluster.bases:
        health = httpx.get(f"{base}/healthz", timeout=5).json()
        assert health["status"] == "ok" and health["store"] == {"backend": "redis", "status": "ok", "detail": ""}


def test_http_follow_ups_resolve_on_the_other_replica(cluster: Cluster) -> None:
    a, b = cluster.bases
    first = ask(a, "How many stars does PyTorch have?")
    second = ask(b, "How many commits does it have?", first["conversation_id"])
    assert second["value"] == 14022 and second["conversation_id"] == first["conversation_id"]
    third = ask(a, "What about Theano?", second["conversation_id"])
    assert third["value"] == 28033
    chinese = ask(b, "PyTorch有多少贡献者？")
    assert ask(a, "它的星标呢？", chinese["conversation_id"])["value"] == 20243


def test_slack_thread_continues_on_the_other_replica(cluster: Cluster) -> None:
    a, b = cluster.bases
    fake, channel, root = cluster.fake, "C0REPLICA", new_ts()
    mark = fake.mark()
    assert send_json(a, event(mention("How many stars does PyTorch have?", channel, root))).status_code == 200
    fake.wait_for(lambda: fake.posts_since(mark, channel, root))
    mark = fake.mark()
    reply = channel_message("How many commits does it have?", channel, new_ts(), thread_ts=root)
    assert send_json(b, event(reply)).status_code == 200  # no mention, and another replica
    [answer] = fake.wait_for(lambda: fake.posts_since(mark, channel, root))
    assert "14,022" in answer.body["text"]


def test_load_alternating_replicas_matches_answers_asked_alone(cluster: Cluster) -> None:
    report = run_load_blocking(cluster.bases, clients=8, requests=400, max_seconds=120)
    assert report.ok, report.text()
    assert report.followups > 0 and report.followups_resolved == report.followups, report.text()


def _settle(cluster: Cluster) -> None:
    """A fresh DM answered by each replica: work queued before has had its chance to post."""
    for base in cluster.bases:
        channel, ts = "DSETTLE", new_ts()
        mark = cluster.fake.mark()
        dm = {"type": "message", "channel_type": "im", "user": "UALICE", "text": "How many stars does Theano have?",
              "ts": ts, "channel": channel, "event_ts": ts}
        send_json(base, event(dm))
        cluster.fake.wait_for(lambda c=channel, t=ts, m=mark: cluster.fake.posts_since(m, c, t))
    time.sleep(0.3)


def test_one_event_delivered_to_both_replicas_and_retried_gets_one_reply(cluster: Cluster) -> None:
    fake, channel, ts = cluster.fake, "C0TWICE", new_ts()
    payload = event(mention("How many stars does Caffe have?", channel, ts))
    twin = event({**mention("How many stars does Caffe have?", channel, ts), "type": "message",
                  "channel_type": "channel"})  # the same message under another event id
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    deliveries = [(base, body, extra) for base in cluster.bases for body, extra in
                  ((payload, None), (payload, retry), (twin, None))]
    mark = fake.mark()
    with ThreadPoolExecutor(len(deliveries)) as pool:  # all at once: the replicas race for the event
        statuses = list(pool.map(lambda d: send_json(d[0], d[1], extra=d[2]).status_code, deliveries))
    assert statuses == [200] * len(deliveries)
    fake.wait_for(lambda: fake.posts_since(mark, channel, ts))
    _settle(cluster)
    assert len(fake.posts_since(mark, channel, ts)) == 1


def test_redis_killed_mid_run_degrades_then_recovers(cluster: Cluster) -> None:
    a, b = cluster.bases
    before = ask(a, "How many stars does PyTorch have?")
    statuses: list[int] = []
    stop = threading.Event()

    def background() -> None:  # a client that keeps asking, alternating, all through the outage
        n = 0
        while not stop.is_set():
            response = httpx.post(f"{cluster.bases[n % 2]}/ask", json={"question": "Top 3 libraries by stars"},
                                  timeout=15)
            statuses.append(response.status_code)
            n += 1

    worker = threading.Thread(target=background)
    worker.start()
    try:
        time.sleep(0.5)
        cluster.redis.process.kill()
        cluster.redis.process.wait()
        time.sleep(0.5)
        for base in (a, b):
            health = httpx.get(f"{base}/healthz", timeout=5)
            assert health.status_code == 200
            assert health.json()["status"] == "degraded" and health.json()["store"]["status"] == "degraded"
        # a question without a conversation answers; a follow-up answers as a new conversation
        assert ask(b, "How many commits does TensorFlow have?")["value"] == 42256
        follow = ask(b, "How many commits does it have?", before["conversation_id"])
        assert follow["answered"] is False and follow["conversation_id"] != before["conversation_id"]

        cluster.restart_redis()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if all(httpx.get(f"{base}/healthz", timeout=5).json()["status"] == "ok" for base in (a, b)):
                break
            time.sleep(0.2)
        else:
            pytest.fail("the replicas did not report the store healthy again within 10 s")
        again = ask(a, "How many stars does PyTorch have?")
        assert ask(b, "How many commits does it have?", again["conversation_id"])["value"] == 14022
    finally:
        stop.set()
        worker.join()
    assert statuses and set(statuses) == {200}, f"{len(statuses)} requests, statuses {set(statuses)}"
    logged = "".join(log.read_text(errors="replace") for log in cluster.logs)
    assert logged.count("state store degraded") <= 2  # once per replica (and per minute)
    assert "state store recovered" in logged and PASSWORD not in logged


@dataclass
class Balancer:
    """Round robin over the replicas still alive, as a proxy does: a replica that fails a request is out."""

    bases: list[str]
    alive: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    first_failure_at: float | None = None
    failures: list[tuple[float, str]] = field(default_factory=list)  # (when the request started, replica)
    served: list[tuple[float, str]] = field(default_factory=list)
    turn: int = 0

    def __post_init__(self) -> None:
        self.alive = list(self.bases)

    def pick(self) -> str:
        with self.lock:
            self.turn += 1
            return self.alive[self.turn % len(self.alive)]

    def ask(self, client: httpx.Client, question: str, conversation_id: str | None) -> dict[str, Any] | None:
        base, started = self.pick(), time.monotonic()
        try:
            response = client.post(f"{base}/ask", json={"question": question, "conversation_id": conversation_id})
            response.raise_for_status()
        except httpx.HTTPError:
            with self.lock:
                self.failures.append((started, base))
                self.first_failure_at = self.first_failure_at or time.monotonic()
                if base in self.alive and len(self.alive) > 1:
                    self.alive.remove(base)
            return None
        with self.lock:
            self.served.append((started, base))
        body: dict[str, Any] = response.json()
        return body


def test_replica_sigkilled_under_load_leaves_the_other_answering(cluster: Cluster) -> None:
    sweep(cluster.redis)
    balancer = Balancer(cluster.bases)
    stop = threading.Event()
    unresolved: list[str] = []

    def client_loop() -> None:
        with httpx.Client(timeout=15) as client:
            while not stop.is_set():
                first = balancer.ask(client, "How many stars does PyTorch have?", None)
                if first is None:
                    continue
                follow = balancer.ask(client, "How many commits does it have?", first["conversation_id"])
                if follow is not None and follow["value"] != 14022:
                    unresolved.append(follow["answer"])

    threads = [threading.Thread(target=client_loop) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(1.5)
        victim = cluster.processes[1]
        victim.kill()  # SIGKILL: no graceful shutdown
        killed_at = time.monotonic()
        time.sleep(3.0)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    survivor = cluster.bases[0]
    assert balancer.first_failure_at is not None
    after_first = [f for f in balancer.failures if f[0] > balancer.first_failure_at]
    assert after_first == [], f"requests failed after the first failure: {after_first}"
    assert all(base == cluster.bases[1] for _, base in balancer.failures)
    answered_after = [s for s in balancer.served if s[0] > killed_at]
    assert len(answered_after) >= 20 and {base for _, base in answered_after} == {survivor}
    assert unresolved == []
