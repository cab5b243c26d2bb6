"""Feedback buttons: a click is stored with its question and answer; GET /feedback/summary counts them."""

from __future__ import annotations

import sqlite3

import httpx
import pytest

from tests.slack.conftest import SlackServer
from tests.slack.fake_slack import FakeSlack
from tests.slack.slackkit import block_action, button_value, event, mention, new_ts, send_form, send_json

pytestmark = pytest.mark.slow


def test_feedback_click_is_stored_with_question_and_answer(slack_server: SlackServer,
                                                          fake_slack: FakeSlack) -> None:
    channel, ts = "C0FEED", new_ts()
    mark = fake_slack.mark()
    send_json(slack_server.base, event(mention("How many contributors does TensorFlow have?", channel, ts)))
    [reply] = fake_slack.wait_for(lambda: fake_slack.posts_since(mark, channel, ts))
    before = httpx.get(f"{slack_server.base}/feedback/summary", timeout=10).json()

    helpful = button_value(reply.body, "feedback_helpful")
    click = block_action("feedback_helpful", helpful, fake_slack.response_url("thanks"), user="UBOB",
                         message_text=reply.body["text"])
    assert send_form(slack_server.base, click).status_code == 200
    [thanks] = fake_slack.wait_for(lambda: fake_slack.responses("thanks"))
    assert thanks.body["response_type"] == "ephemeral" and thanks.body["replace_original"] is False
    assert "Thanks" in thanks.body["text"]

    summary = httpx.get(f"{slack_server.base}/feedback/summary", timeout=10).json()
    assert summary["helpful"] == before["helpful"] + 1
    assert summary["total"] == before["total"] + 1
    assert summary["answers"] >= 1

    with sqlite3.connect(slack_server.feedback_db) as db:
        row = db.execute("SELECT rating, user_id, question, answer FROM feedback WHERE answer_id = ?",
                         (helpful,)).fetchone()
    assert row[0] == "helpful" and row[1] == "UBOB"
    assert row[2] == "How many contributors does TensorFlow have?"
    assert "1,700" in row[3] and row[3] == reply.body["text"]

    # the same user changing their mind replaces the vote
    not_helpful = button_value(reply.body, "feedback_not_helpful")
    again = block_action("feedback_not_helpful", not_helpful, fake_slack.response_url("thanks"), user="UBOB")
    assert send_form(slack_server.base, again).status_code == 200
    fake_slack.wait_for(lambda: fake_slack.responses("thanks"), count=2)
    after = httpx.get(f"{slack_server.base}/feedback/summary", timeout=10).json()
    assert after["helpful"] == before["helpful"] and after["not_helpful"] == before["not_helpful"] + 1
    assert after["total"] == before["total"] + 1


def test_forged_feedback_click_is_refused(slack_server: SlackServer, fake_slack: FakeSlack) -> None:
    before = httpx.get(f"{slack_server.base}/feedback/summary", timeout=10).json()
    click = block_action("feedback_helpful", "0" * 32, fake_slack.response_url("forged-thanks"))
    assert send_form(slack_server.base, click, secret="guessed").status_code == 401
    assert httpx.get(f"{slack_server.base}/feedback/summary", timeout=10).json() == before
    assert fake_slack.responses("forged-thanks") == []
