"""Bolt for Python wiring: the /ask command, mentions, direct messages and the feedback buttons.

Bolt verifies every request's signature (401 otherwise) before anything here runs. Listeners run on
Bolt's thread pool after the ack, so Slack gets its answer within 3 s while the engine works.
"""

from __future__ import annotations

import logging
import re
import uuid
from typing import Any

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient

from app.engine.assistant import Assistant
from app.settings import Settings
from app.slack.blocks import HELPFUL, NOT_HELPFUL, RATING_OF_ACTION, answer_blocks, label
from app.slack.dedupe import SeenCache
from app.slack.feedback import FeedbackStore
from app.state.store import StateStore

log = logging.getLogger("app.slack")

TOP_K = 5
MAX_QUESTION = 2000
MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
ANSWERED_SUBTYPES = {None, "thread_broadcast", "file_share"}


def clean_text(text: str) -> str:
    """The question a user typed: mentions of users (the bot included) dropped, Slack's escapes undone."""
    text = MENTION.sub(" ", text)
    return " ".join(text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").split())


def thread_key(team: str, channel: str, root_ts: str) -> str:
    """A Slack thread is one conversation under this key; how the engine spells its id is the engine's."""
    return f"{team}:{channel}:{root_ts}"


class SlackBot:
    def __init__(self, settings: Settings, assistant: Assistant, store: FeedbackStore,
                 state: StateStore | None = None) -> None:
        assert settings.slack_bot_token is not None and settings.slack_signing_secret is not None
        self.assistant = assistant
        self.store = store
        self.seen = SeenCache(state=state)
        self.response_type = settings.slack_response_type
        client = WebClient(token=settings.slack_bot_token.get_secret_value(), base_url=settings.slack_api_url)
        # No auth.test at start-up: Bolt calls it on the first request, so an unreachable Slack never
        # stops the rest of the service from starting.
        self.app = App(signing_secret=settings.slack_signing_secret.get_secret_value(), client=client,
                       token_verification_enabled=False, process_before_response=False,
                       logger=logging.getLogger("app.slack.bolt"))
        self.app.middleware(self.skip_repeats_and_bots)
        self.app.command("/ask")(self.on_ask)
        self.app.event("app_mention")(self.on_mention)
        self.app.event("message")(self.on_message)
        self.app.action(HELPFUL)(self.on_feedback)
        self.app.action(NOT_HELPFUL)(self.on_feedback)

    # ---- middleware -------------------------------------------------------------------------------

    def skip_repeats_and_bots(self, body: dict[str, Any], next: Any) -> BoltResponse | None:
        """Acks, and drops, other bots' messages and anything delivered before (retries, duplicates)."""
        event = body.get("event")
        if body.get("type") != "event_callback" or not isinstance(event, dict):
            return next()
        if event.get("bot_id") or event.get("subtype") == "bot_message":
            return BoltResponse(status=200, body="")
        if event.get("type") == "message" and not self.would_answer(event, body):
            # e.g. the channel copy of a mention: it must not claim the message the app_mention answers
            return BoltResponse(status=200, body="")
        keys = [f"event:{body['event_id']}" if body.get("event_id") else ""]
        if event.get("type") in ("app_mention", "message") and event.get("subtype") in ANSWERED_SUBTYPES:
            # app_mention and message.* deliver the same message under two event ids
            keys.append(f"message:{event.get('channel')}:{event.get('ts')}")
        if not self.seen.first_time(*keys):
            log.info("skipped a repeated Slack delivery (%s)", body.get("event_id"))
            return BoltResponse(status=200, body="")
        return next()

    # ---- listeners ----------------------------------------------------------------------------------

    def on_ask(self, ack: Any, body: dict[str, Any], respond: Any) -> None:
        ack()
        question = clean_text(str(body.get("text", "")))
        text, blocks = self.compose(question, None, "slash_command")
        try:
            respond(text=text, blocks=blocks, response_type=self.response_type)
        except Exception as exc:  # the answer is lost, the service is not
            log.error("posting the /ask answer to response_url failed: %s", type(exc).__name__)

    def on_mention(self, event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        self.answer_in_thread(event, body, client, "mention")

    def would_answer(self, event: dict[str, Any], body: dict[str, Any]) -> bool:
        """Whether a message event is one the bot answers: a direct message, or a reply (without a mention;
        needs message.channels events) in a thread the bot answers in."""
        if event.get("subtype") not in ANSWERED_SUBTYPES:
            return False
        if event.get("channel_type") == "im":
            return True
        if not event.get("thread_ts"):
            return False
        key = thread_key(self._team(body, event), str(event.get("channel")), str(event["thread_ts"]))
        return self.assistant.knows_thread(key)

    def on_message(self, event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        if not self.would_answer(event, body):
            return
        surface = "direct_message" if event.get("channel_type") == "im" else "thread_reply"
        self.answer_in_thread(event, body, client, surface)

    def on_feedback(self, ack: Any, body: dict[str, Any], action: dict[str, Any], respond: Any) -> None:
        ack()
        rating = RATING_OF_ACTION.get(str(action.get("action_id")))
        if rating is None:
            return
        user = str((body.get("user") or {}).get("id", "unknown"))
        fallback = str((body.get("message") or {}).get("text", ""))
        stored = self.store.record_vote(str(action.get("value", "")), user, rating, fallback)
        if stored and body.get("response_url"):
            try:
                respond(text=label("en", "thanks"), response_type="ephemeral", replace_original=False)
            except Exception as exc:
                log.error("posting the feedback thanks failed: %s", type(exc).__name__)

    # ---- answering ----------------------------------------------------------------------------------

    @staticmethod
    def _team(body: dict[str, Any], event: dict[str, Any]) -> str:
        return str(body.get("team_id") or event.get("team") or "-")

    def answer_in_thread(self, event: dict[str, Any], body: dict[str, Any], client: WebClient,
                         surface: str) -> None:
        channel = str(event.get("channel", ""))
        root = str(event.get("thread_ts") or event.get("ts", ""))
        key = thread_key(self._team(body, event), channel, root)
        text, blocks = self.compose(clean_text(str(event.get("text", ""))), key, surface)
        try:
            client.chat_postMessage(channel=channel, thread_ts=root, text=text, blocks=blocks)
        except Exception as exc:
            error = getattr(getattr(exc, "response", None), "data", None)
            reason = error.get("error") if isinstance(error, dict) else type(exc).__name__
            log.error("chat.postMessage to %s failed: %s", channel, reason)

    def compose(self, question: str, key: str | None,
                surface: str) -> tuple[str, list[dict[str, Any]] | None]:
        """The message for a question: fallback text and blocks (None for a plain notice)."""
        if not question:
            return label("en", "usage"), None
        if len(question) > MAX_QUESTION:
            return label("en", "too_long"), None
        try:
            answer = self.assistant.ask(question, TOP_K, thread_key=key)
        except Exception:
            log.exception("answering a Slack question failed")
            return label("en", "failed"), None
        answer_id = uuid.uuid4().hex
        self.store.record_answer(answer_id, question, answer.answer, surface)
        return answer.answer, answer_blocks(answer, answer_id)
