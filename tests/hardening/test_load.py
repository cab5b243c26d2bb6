"""Concurrent clients against a real server: every answer equals the same question asked alone."""

from __future__ import annotations

import pytest

from tests.perf.loadtest import SCRIPTS, main, require_loopback, run_load_blocking, signature

pytestmark = pytest.mark.slow


def test_load_of_8_clients_answers_as_if_each_question_were_asked_alone(live_server: str) -> None:
    report = run_load_blocking(live_server, clients=8, requests=300, max_seconds=120)
    assert report.ok, report.text()
    assert report.requests == 300 and len(report.latencies_ms) == 300


def test_load_mix_covers_every_kind_in_both_languages() -> None:
    kinds = {kind for kind, _ in SCRIPTS}
    assert {"figure", "ranking", "filter", "comparison", "aggregate", "attribute", "description",
            "retrieval", "unanswerable", "follow-up"} <= kinds
    questions = [q for _, steps in SCRIPTS for q in steps]
    assert any(q.isascii() for q in questions) and any(not q.isascii() for q in questions)


def test_signature_ignores_timing_and_conversation_id() -> None:
    body = {"answer": "a", "answered": True, "language": "en", "intent": "figure", "libraries": [],
            "value": 1, "citations": [{"n": 1, "id": "pytorch", "score": 0.5}], "conversation_id": "x",
            "took_ms": 3.0}
    assert signature(body) == signature({**body, "conversation_id": "y", "took_ms": 99.0})
    assert signature(body) != signature({**body, "citations": [{"n": 1, "id": "caffe", "score": 0.5}]})


@pytest.mark.parametrize("url", ["http://10.0.0.1:8000", "http://example.com", "https://8.8.8.8"])
def test_load_test_refuses_addresses_other_than_loopback(url: str) -> None:
    with pytest.raises(ValueError, match="loopback"):
        require_loopback(url)
    assert main(["--url", url, "--requests", "1"]) == 2


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000", "http://localhost:1", "http://[::1]:8000"])
def test_load_test_accepts_loopback_addresses(url: str) -> None:
    require_loopback(url)
