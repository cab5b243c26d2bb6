"""What a Slack user sees: /ask answers through response_url, mentions and DMs answered in their thread,
a thread kept as one conversation, Block Kit sources, and one reply only under retries and duplicates."""

from __future__ import annotations

import time

import pytest

from tests.slack.conftest import SlackServer
from tests.slack.fake_slack import BOT_ID, BOT_USER_ID, FakeSlack
from tests.slack.slackkit import (
    TOKEN,
    block_text,
    channel_message,
    direct_message,
    event,
    mention,
    new_ts,
    send_form,
    send_json,
    slash_command,
)

pytestmark = pytest.mark.slow
PYTORCH_SOURCE = ("<https://github.com/pytorch/pytorch|PyTorch>: "
                  "806 contributors · 14,022 commits · 20,243 stars")


def settle(server: SlackServer, fake: FakeSlack) -> None:
    """Waits until a fresh DM is answered: work queued before it has had its chance to post."""
    channel, ts = "DSETTLE", new_ts()
    question = direct_message("How many stars does Theano have?", channel, ts)
    assert send_json(server.base, event(question)).status_code == 200
    fake.wait_for(lambda: fake.posts(channel, ts))
    time.sleep(0.3)


def test_url_verification_answers_the_challenge(slack_server: SlackServer) -> None:
    challenge = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
    payload = {"token": "x", "challenge": challenge, "type": "url_verification"}
    response = send_json(slack_server.base, payload)
    assert response.status_code == 200
    assert response.json() == {"challenge": challenge}


def test_ask_command_acks_within_3s_and_answers_through_response_url(slack_server: SlackServer,
                                                                     fake_slack: FakeSlack) -> None:
    fake_slack.delays["/respond/slow-ask"] = 4.0  # the answer's delivery takes longer than Slack waits
    started = time.monotonic()
    response = send_form(slack_server.base, slash_command("How many stars does PyTorch have?",
                                                          fake_slack.response_url("slow-ask")))
    acked_in = time.monotonic() - started
    assert response.status_code == 200 and acked_in < 3.0
    [answer] = fake_slack.wait_for(lambda: fake_slack.responses("slow-ask"))
    assert answer.body["response_type"] == "in_channel"
    assert "20,243" in answer.body["text"]
    assert "20,243 stars" in block_text(answer.body, "answer")
    assert PYTORCH_SOURCE in block_text(answer.body, "sources")
    assert "(as of 2018-10-23)" in block_text(answer.body, "sources")
    actions = next(b for b in answer.body["blocks"] if b["type"] == "actions")
    assert [e["text"]["text"] for e in actions["elements"]] == ["Helpful", "Not helpful"]


def test_ask_command_without_a_question_explains_usage(slack_server: SlackServer,
                                                       fake_slack: FakeSlack) -> None:
    command = slash_command("   ", fake_slack.response_url("empty"))
    assert send_form(slack_server.base, command).status_code == 200
    [reply] = fake_slack.wait_for(lambda: fake_slack.responses("empty"))
    assert "/ask How many stars does PyTorch have?" in reply.body["text"]


def test_mention_is_answered_in_its_thread_and_the_thread_is_one_conversation(
        slack_server: SlackServer, fake_slack: FakeSlack) -> None:
    channel, root = "C0MENTION", new_ts()
    mark = fake_slack.mark()
    send_json(slack_server.base, event(mention("How many stars does PyTorch have?", channel, root)))
    [first] = fake_slack.wait_for(lambda: fake_slack.posts_since(mark, channel, root))
    assert first.headers["authorization"] == f"Bearer {TOKEN}"
    assert "20,243 stars" in first.body["text"]
    assert PYTORCH_SOURCE in block_text(first.body, "sources")

    mark = fake_slack.mark()
    follow_up = mention("How many commits does it have?", channel, new_ts(), thread_ts=root)
    send_json(slack_server.base, event(follow_up))
    [reply] = fake_slack.wait_for(lambda: fake_slack.posts_since(mark, channel, root))
    assert "14,022" in reply.body["text"] and "PyTorch" in reply.body["text"]

    # another thread is another conversation: "it" means nothing there
    other = new_ts()
    mark = fake_slack.mark()
    send_json(slack_server.base, event(mention("How many commits does it have?", channel, other)))
    [elsewhere] = fake_slack.wait_for(lambda: fake_slack.posts_since(mark, channel, other))
    assert "14,022" not in elsewhere.body["text"]


def test_reply_in_the_bots_thread_without_a_mention_is_answered(slack_server: SlackServer,
                                                                  fake_slack: FakeSlack) -> None:
    channel, root = "C0NOMENTION", new_ts()
    mark = fake_slack.mark()
    send_json(slack_server.base, event(mention("How many stars does PyTorch have?", channel, root)))
    fake_slack.wait_for(lambda: fake_slack.posts_since(mark, channel, root))

    mark = fake_slack.mark()
    reply = channel_message("How many commits does it have?", channel, new_ts(), thread_ts=root)
    assert send_json(slack_server.base, event(reply)).status_code == 200
    [answer] = fake_slack.wait_for(lambda: fake_slack.posts_since(mark, channel, root))
    assert "14,022" in answer.body["text"] and "PyTorch" in answer.body["text"]


def test_reply_without_a_mention_in_a_thread_the_bot_is_not_in_is_left_alone(
        slack_server: SlackServer, fake_slack: FakeSlack) -> None:
    channel, root = "C0NOTOURS", new_ts()
    mark = fake_slack.mark()
    people_talking = channel_message("How many commits does PyTorch have?", channel, new_ts(), thread_ts=root)
    assert send_json(slack_server.base, event(people_talking)).status_code == 200
    settle(slack_server, fake_slack)
    assert fake_slack.posts_since(mark, channel) == []


def test_direct_message_is_answered_in_its_thread(slack_server: SlackServer, fake_slack: FakeSlack) -> None:
    channel, ts = "D0DIRECT", new_ts()
    mark = fake_slack.mark()
    send_json(slack_server.base, event(direct_message("Which library has the most stars?", channel, ts)))
    [reply] = fake_slack.wait_for(lambda: fake_slack.posts_since(mark, channel, ts))
    assert "TensorFlow" in reply.body["text"]
    assert reply.body["thread_ts"] == ts


def test_the_channel_copy_of_a_mention_arriving_first_does_not_silence_it(slack_server: SlackServer,
                                                                          fake_slack: FakeSlack) -> None:
    """message.channels may deliver a mention's channel copy before app_mention: the copy is not a message the
    bot answers, so it must not claim the message and make the mention look like a repeat."""
    channel, ts = "C0COPYFIRST", new_ts()
    question = "How many commits does Theano have?"
    copy = {**mention(question, channel, ts), "type": "message", "channel_type": "channel"}
    mark = fake_slack.mark()
    assert send_json(slack_server.base, event(copy)).status_code == 200
    assert send_json(slack_server.base, event(mention(question, channel, ts))).status_code == 200
    [reply] = fake_slack.wait_for(lambda: fake_slack.posts_since(mark, channel, ts))
    assert "28,033" in reply.body["text"]
    settle(slack_server, fake_slack)
    assert len(fake_slack.posts_since(mark, channel, ts)) == 1


def test_retries_and_duplicate_deliveries_get_one_reply(slack_server: SlackServer,
                                                       fake_slack: FakeSlack) -> None:
    channel, ts = "C0RETRY", new_ts()
    payload = event(mention("How many stars does Caffe have?", channel, ts))
    mark = fake_slack.mark()
    assert send_json(slack_server.base, payload).status_code == 200
    [reply] = fake_slack.wait_for(lambda: fake_slack.posts_since(mark, channel, ts))
    assert "Caffe" in reply.body["text"]
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert send_json(slack_server.base, payload, extra=retry).status_code == 200
    assert send_json(slack_server.base, payload).status_code == 200  # the same event_id, delivered twice
    # the same message under another event id (app_mention and message.channels both subscribed)
    same_message = {**mention("How many stars does Caffe have?", channel, ts), "type": "message",
                    "channel_type": "channel"}
    assert send_json(slack_server.base, event(same_message)).status_code == 200
    settle(slack_server, fake_slack)
    assert len(fake_slack.posts_since(mark, channel, ts)) == 1


def test_retry_of_an_event_never_seen_is_answered(slack_server: SlackServer, fake_slack: FakeSlack) -> None:
    channel, ts = "C0LOST", new_ts()
    retry = {"X-Slack-Retry-Num": "2", "X-Slack-Retry-Reason": "http_error"}
    payload = event(mention("How many stars does Lasagne have?", channel, ts))
    mark = fake_slack.mark()
    assert send_json(slack_server.base, payload, extra=retry).status_code == 200
    [reply] = fake_slack.wait_for(lambda: fake_slack.posts_since(mark, channel, ts))
    assert "Lasagne" in reply.body["text"]


def test_bot_ignores_its_own_messages_and_other_bots(slack_server: SlackServer,
                                                     fake_slack: FakeSlack) -> None:
    channel, question = "D0BOTS", "How many stars does PyTorch have?"
    own = direct_message(question, channel, new_ts(), user=BOT_USER_ID, bot_id=BOT_ID)
    other_bot = direct_message(question, channel, new_ts(), user="UOTHERBOT", bot_id="BOTHER")
    bot_message = direct_message(question, channel, new_ts(), subtype="bot_message")
    own_user_only = direct_message(question, channel, new_ts(), user=BOT_USER_ID)
    for inner in (own, other_bot, bot_message, own_user_only):
        assert send_json(slack_server.base, event(inner)).status_code == 200
    settle(slack_server, fake_slack)
    assert fake_slack.posts(channel) == []
