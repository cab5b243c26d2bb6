"""Over-limit bodies: every common client reads the 413 and its JSON error (the body is drained first)."""

from __future__ import annotations

import json
import subprocess
import urllib.error
import urllib.request

import httpx
import pytest
import requests

pytestmark = pytest.mark.slow

SIZES = [1_000_000, 8_000_000]
TOO_LARGE = {"error": "request too large", "detail": "bodies are limited to 65536 bytes"}


def _body(size: int) -> bytes:
    return b'{"question": "' + b"a" * size + b'"}'


@pytest.mark.parametrize("size", SIZES)
def test_urllib_reads_the_413(live_server: str, size: int) -> None:
    request = urllib.request.Request(f"{live_server}/ask", data=_body(size),
                                     headers={"content-type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=30)
    assert caught.value.code == 413
    assert json.loads(caught.value.read()) == TOO_LARGE


@pytest.mark.parametrize("size", SIZES)
def test_requests_reads_the_413(live_server: str, size: int) -> None:
    response = requests.post(f"{live_server}/ask", data=_body(size), headers={"content-type": "application/json"},
                             timeout=30)
    assert response.status_code == 413 and response.json() == TOO_LARGE


@pytest.mark.parametrize("size", SIZES)
def test_httpx_reads_the_413(live_server: str, size: int) -> None:
    response = httpx.post(f"{live_server}/ask", content=_body(size), headers={"content-type": "application/json"},
                          timeout=30)
    assert response.status_code == 413 and response.json() == TOO_LARGE


def test_httpx_streaming_without_content_length_reads_the_413(live_server: str) -> None:
    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(100):
            yield b"a" * 20_000

    response = httpx.post(f"{live_server}/ask", content=chunks(), headers={"content-type": "application/json"},
                          timeout=30)
    assert response.status_code == 413 and response.json() == TOO_LARGE


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("expect", ["100-continue", ""])
def test_curl_reads_the_413(live_server: str, tmp_path, size: int, expect: str) -> None:  # type: ignore[no-untyped-def]
    body = tmp_path / "body.json"
    body.write_bytes(_body(size))
    result = subprocess.run(
        ["curl", "-sS", "-H", "content-type: application/json", "-H", f"Expect: {expect}",
         "--data-binary", f"@{body}", "-w", "\n%{http_code}", f"{live_server}/ask"],
        capture_output=True, timeout=60, text=True)
    assert result.returncode == 0, result.stderr
    text, status = result.stdout.rsplit("\n", 1)
    assert status == "413" and json.loads(text) == TOO_LARGE


def test_server_answers_normally_after_the_413s(live_server: str) -> None:
    response = httpx.post(f"{live_server}/ask", json={"question": "How many stars does PyTorch have?"}, timeout=10)
    assert response.status_code == 200 and response.json()["value"] == 20243
