"""Start-up without Slack settings, and a feedback file that cannot be written: the service still runs."""

from __future__ import annotations

import subprocess
from pathlib import Path

import httpx
import pytest

from tests.conftest import CORPUS, start_server, stop_server
from tests.slack.conftest import slack_env
from tests.slack.fake_slack import FakeSlack
from tests.slack.slackkit import SECRET, TOKEN, event, mention, new_ts, post, send_json, signed_headers

pytestmark = pytest.mark.slow


def _output(process: subprocess.Popen[bytes]) -> str:
    stop_server(process)
    return process.stdout.read().decode(errors="replace") if process.stdout else ""


def test_without_token_and_secret_slack_is_off_and_the_rest_runs(built_index: Path, tmp_path: Path) -> None:
    env = {"DLQA_INDEX_DIR": str(built_index), "DLQA_CORPUS_DIR": str(CORPUS), "SLACK_BOT_TOKEN": "",
           "SLACK_SIGNING_SECRET": "", "DLQA_FEEDBACK_DB": str(tmp_path / "feedback.sqlite3")}
    process, base = start_server(env)
    try:
        challenge = {"type": "url_verification", "challenge": "c"}
        assert httpx.post(f"{base}/slack/events", json=challenge).status_code == 404
        summary = httpx.get(f"{base}/feedback/summary", timeout=10)
        assert summary.status_code == 200
        assert summary.json() == {"answers": 0, "helpful": 0, "not_helpful": 0, "total": 0}
        asked = httpx.post(f"{base}/ask", json={"question": "How many stars does PyTorch have?"}, timeout=10)
        assert asked.status_code == 200
    finally:
        output = _output(process)
    assert "Slack routes off: SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET not set" in output


def test_unwritable_feedback_file_does_not_break_answers_and_secrets_stay_out_of_logs(
        built_index: Path, fake_slack: FakeSlack, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the feedback folder should be")
    process, base = start_server(slack_env(fake_slack, built_index, blocker / "feedback.sqlite3"))
    try:
        channel, ts = "C0READONLY", new_ts()
        question = mention("How many stars does PyTorch have?", channel, ts)
        mark = fake_slack.mark()
        assert send_json(base, event(question)).status_code == 200
        [reply] = fake_slack.wait_for(lambda: fake_slack.posts_since(mark, channel, ts))
        assert "20,243" in reply.body["text"]
        body = '{"type": "url_verification", "challenge": "c"}'
        assert post(base, body, signed_headers(body, "application/json", secret="wrong")).status_code == 401
    finally:
        output = _output(process)
    assert "cannot record an answer" in output
    assert TOKEN not in output and SECRET not in output
