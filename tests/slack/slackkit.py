"""Builds signed Slack requests the way Slack does (slack_sdk's signature code) and sends them."""

from __future__ import annotations

import itertools
import json
import time
import uuid
from typing import Any
from urllib.parse import urlencode

import httpx
from slack_sdk.signature import SignatureVerifier

from tests.slack.fake_slack import BOT_USER_ID, TEAM_ID

TOKEN = "xoxb-test-token-0123456789"
SECRET = "test-signing-secret-9f8e7d6c5b4a"
_counter = itertools.count(1)


def new_ts() -> str:
    """A unique Slack message timestamp."""
    return f"{int(time.time())}.{next(_counter):06d}"


def signed_headers(body: str, content_type: str, secret: str = SECRET,
                   timestamp: int | None = None) -> dict[str, str]:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    assert signature is not None
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature}


def post(base: str, body: str, headers: dict[str, str]) -> httpx.Response:
    return httpx.post(f"{base}/slack/events", content=body.encode(), headers=headers, timeout=15.0)


def send_json(base: str, payload: dict[str, Any], extra: dict[str, str] | None = None,
              **sign: Any) -> httpx.Response:
    body = json.dumps(payload)
    return post(base, body, {**signed_headers(body, "application/json", **sign), **(extra or {})})


def send_form(base: str, fields: dict[str, str], **sign: Any) -> httpx.Response:
    body = urlencode(fields)
    return post(base, body, signed_headers(body, "application/x-www-form-urlencoded", **sign))


def event(inner: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
    """An Events API envelope, as Slack delivers it."""
    return {"token": "legacy-verification-token", "team_id": TEAM_ID, "api_app_id": "A0001",
            "type": "event_callback", "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
            "event_time": int(time.time()), "event": inner,
            "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}]}


def mention(text: str, channel: str, ts: str, thread_ts: str | None = None,
            user: str = "UALICE") -> dict[str, Any]:
    inner = {"type": "app_mention", "user": user, "text": f"<@{BOT_USER_ID}> {text}", "ts": ts,
             "channel": channel, "event_ts": ts, "team": TEAM_ID}
    if thread_ts:
        inner["thread_ts"] = thread_ts
    return inner


def direct_message(text: str, channel: str, ts: str, **extra: Any) -> dict[str, Any]:
    return {"type": "message", "channel_type": "im", "user": "UALICE", "text": text, "ts": ts,
            "channel": channel, "event_ts": ts, "team": TEAM_ID, **extra}


def channel_message(text: str, channel: str, ts: str, thread_ts: str | None = None) -> dict[str, Any]:
    """A message in a channel, as message.channels delivers it (no mention of the bot)."""
    inner = {"type": "message", "channel_type": "channel", "user": "UALICE", "text": text, "ts": ts,
             "channel": channel, "event_ts": ts, "team": TEAM_ID}
    if thread_ts:
        inner["thread_ts"] = thread_ts
    return inner


def slash_command(text: str, response_url: str, channel: str = "C0ASK") -> dict[str, str]:
    return {"token": "legacy-verification-token", "team_id": TEAM_ID, "team_domain": "fake",
            "channel_id": channel, "channel_name": "general", "user_id": "UALICE", "user_name": "alice",
            "command": "/ask", "text": text, "api_app_id": "A0001", "response_url": response_url,
            "trigger_id": "1.2.3"}


def block_action(action_id: str, value: str, response_url: str, user: str = "UALICE",
                 message_text: str = "") -> dict[str, str]:
    payload = {"type": "block_actions", "team": {"id": TEAM_ID, "domain": "fake"},
               "user": {"id": user, "username": "alice", "team_id": TEAM_ID}, "api_app_id": "A0001",
               "token": "legacy-verification-token", "trigger_id": "1.2.3", "response_url": response_url,
               "container": {"type": "message", "channel_id": "C0FEED", "is_ephemeral": False},
               "channel": {"id": "C0FEED", "name": "general"},
               "message": {"type": "message", "text": message_text, "ts": new_ts()},
               "actions": [{"type": "button", "action_id": action_id, "block_id": "feedback", "value": value,
                            "action_ts": str(time.time())}]}
    return {"payload": json.dumps(payload)}


def block_text(call_body: dict[str, Any], block_id: str) -> str:
    """The text of a block of a posted message ("" when absent)."""
    for block in call_body.get("blocks") or []:
        if block.get("block_id") == block_id:
            return str(block.get("text", {}).get("text", ""))
    return ""


def button_value(call_body: dict[str, Any], action_id: str) -> str:
    for block in call_body.get("blocks") or []:
        for element in block.get("elements", []):
            if element.get("action_id") == action_id:
                return str(element["value"])
    raise AssertionError(f"no {action_id} button in {call_body}")
