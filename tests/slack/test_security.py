"""Every Slack request is signed: forged, stale (replayed) and unsigned requests get 401 and do nothing."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from tests.slack.conftest import SlackServer
from tests.slack.fake_slack import FakeSlack
from tests.slack.slackkit import SECRET, TOKEN, event, mention, new_ts, post, signed_headers
from tests.slack.test_conversations import settle

pytestmark = pytest.mark.slow


def _mention_body(channel: str) -> str:
    return json.dumps(event(mention("How many stars does PyTorch have?", channel, new_ts())))


def test_forged_stale_and_unsigned_requests_get_401_and_do_nothing(slack_server: SlackServer,
                                                                   fake_slack: FakeSlack) -> None:
    channel = "C0FORGED"
    stale = int(time.time()) - 6 * 60
    bodies = [_mention_body(channel) for _ in range(5)]
    attempts = [
        post(slack_server.base, bodies[0], signed_headers(bodies[0], "application/json", secret="not-it")),
        post(slack_server.base, bodies[1], signed_headers(bodies[1], "application/json", timestamp=stale)),
        post(slack_server.base, bodies[2], {"Content-Type": "application/json"}),
        # signed, then the body altered on the way
        post(slack_server.base, bodies[3].replace("PyTorch", "Theano"),
             signed_headers(bodies[3], "application/json")),
        # a timestamp from the future is refused too
        post(slack_server.base, bodies[4], signed_headers(bodies[4], "application/json",
                                                          timestamp=int(time.time()) + 6 * 60)),
    ]
    for response in attempts:
        assert response.status_code == 401
        assert SECRET not in response.text and TOKEN not in response.text
    settle(slack_server, fake_slack)
    assert fake_slack.posts(channel) == []


def test_unsigned_challenge_and_command_get_401(slack_server: SlackServer) -> None:
    challenge = httpx.post(f"{slack_server.base}/slack/events", timeout=10,
                           json={"type": "url_verification", "challenge": "abc", "token": "x"})
    assert challenge.status_code == 401 and "abc" not in challenge.text
    command = httpx.post(f"{slack_server.base}/slack/events", timeout=10,
                         data={"command": "/ask", "text": "How many stars does PyTorch have?"})
    assert command.status_code == 401


def test_replay_within_five_minutes_is_not_answered_twice(slack_server: SlackServer,
                                                          fake_slack: FakeSlack) -> None:
    channel, ts = "C0REPLAY", new_ts()
    body = json.dumps(event(mention("How many stars does Theano have?", channel, ts)))
    headers = signed_headers(body, "application/json")
    mark = fake_slack.mark()
    assert post(slack_server.base, body, headers).status_code == 200
    [reply] = fake_slack.wait_for(lambda: fake_slack.posts_since(mark, channel, ts))
    assert "Theano" in reply.body["text"]
    assert post(slack_server.base, body, headers).status_code == 200  # the very same bytes, sent again
    settle(slack_server, fake_slack)
    assert len(fake_slack.posts_since(mark, channel, ts)) == 1


def test_signed_request_with_an_old_signature_version_gets_401(slack_server: SlackServer) -> None:
    body = json.dumps(event(mention("How many stars does PyTorch have?", "C0V1", new_ts())))
    headers = signed_headers(body, "application/json")
    headers["X-Slack-Signature"] = headers["X-Slack-Signature"].replace("v0=", "v1=")
    assert post(slack_server.base, body, headers).status_code == 401
