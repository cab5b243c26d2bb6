"""Security and observability of the service: API key, CORS, size limit, access log, /metrics."""

from __future__ import annotations

import json
import logging

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings


def make_client(settings: Settings, assistant, **changes) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(create_app(settings.model_copy(update=changes), assistant))


def test_api_key_guards_ask_and_libraries_only(settings, assistant) -> None:  # type: ignore[no-untyped-def]
    from pydantic import SecretStr

    with make_client(settings, assistant, api_key=SecretStr("s3cret-key")) as client:
        assert client.post("/ask", json={"question": "hi"}).status_code == 401
        assert client.get("/libraries").status_code == 401
        assert client.get("/libraries/pytorch", headers={"X-API-Key": "wrong"}).status_code == 401
        denied = client.post("/ask", json={"question": "hi"}, headers={"X-API-Key": "s3cret-ke"})
        assert denied.status_code == 401 and "s3cret" not in denied.text
        ok = client.post("/ask", json={"question": "Caffe stars"}, headers={"X-API-Key": "s3cret-key"})
        assert ok.status_code == 200 and ok.json()["value"] == 25927
        assert client.get("/healthz").status_code == 200
        assert client.get("/metrics").status_code == 200


def test_without_api_key_setting_everything_is_open(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/libraries").status_code == 200


def test_cors_is_closed_by_default(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/ask", json={"question": "hi"}, headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options(
        "/ask", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
    )
    assert "access-control-allow-origin" not in preflight.headers


def test_cors_allows_configured_origins(settings, assistant) -> None:  # type: ignore[no-untyped-def]
    with make_client(settings, assistant, cors_origins="https://team.example") as client:
        allowed = client.post("/ask", json={"question": "hi"}, headers={"Origin": "https://team.example"})
        assert allowed.headers["access-control-allow-origin"] == "https://team.example"
        other = client.post("/ask", json={"question": "hi"}, headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


def test_oversized_body_is_413_before_parsing(client) -> None:  # type: ignore[no-untyped-def]
    big = json.dumps({"question": "x" * 200_000})
    response = client.post("/ask", content=big, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert "limited to 65536 bytes" in response.json()["detail"]


def test_oversized_chunked_body_is_413(client) -> None:  # type: ignore[no-untyped-def]
    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(100):
            yield b"x" * 10_000

    response = client.post("/ask", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413


def test_access_log_has_one_line_per_request_without_the_question(
    client, caplog: pytest.LogCaptureFixture  # type: ignore[no-untyped-def]
) -> None:
    logger = logging.getLogger("app.access")
    logger.propagate = True
    try:
        with caplog.at_level(logging.INFO, logger="app.access"):
            client.post("/ask", json={"question": "How many stars does PyTorch have? secret-words"})
    finally:
        logger.propagate = False
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "app.access"]
    assert len(lines) == 1
    assert lines[0]["path"] == "/ask" and lines[0]["status"] == 200
    assert lines[0]["intent"] == "value" and lines[0]["answered"] is True and lines[0]["ms"] >= 0
    assert "secret-words" not in caplog.text


def test_metrics_in_prometheus_format(client) -> None:  # type: ignore[no-untyped-def]
    client.post("/ask", json={"question": "Which libraries run on Spark?"})
    client.get("/libraries/jax")
    text = client.get("/metrics").text
    assert 'dlqa_requests_total{method="POST",path="/ask",status="200"}' in text
    assert 'dlqa_requests_total{method="GET",path="/libraries/{library_id}",status="404"}' in text
    assert 'dlqa_answers_total{intent="list",answered="true"}' in text
    assert 'dlqa_request_seconds_bucket{path="/ask",le="+Inf"}' in text


def test_errors_never_carry_a_stack_trace(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/ask", content=b"\xff\xfe\x00garbage", headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert "Traceback" not in response.text and "File \"" not in response.text
