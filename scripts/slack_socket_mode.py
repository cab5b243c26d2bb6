"""Run the Slack bot over Socket Mode, for a workspace that cannot reach a public URL.

Needs SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and an app-level token SLACK_APP_TOKEN (xapp-..., scope
connections:write); the same handlers as ``POST /slack/events`` run, with Slack's websocket instead of
HTTP. Not covered by the tests (it needs a real Slack workspace).
"""

from __future__ import annotations

import logging
import os
import sys

from slack_bolt.adapter.socket_mode import SocketModeHandler

from app.factory import build_assistant
from app.settings import Settings
from app.slack.bolt_app import SlackBot
from app.slack.feedback import FeedbackStore
from app.slack.mount import missing_slack_settings
from app.state.factory import open_state_store


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = Settings()
    missing = missing_slack_settings(settings)
    if not os.environ.get("SLACK_APP_TOKEN"):
        missing.append("SLACK_APP_TOKEN")
    if missing:
        print(f"set {' and '.join(missing)} first (see the README's Slack section)", file=sys.stderr)
        return 2
    state = open_state_store(settings)
    shared = state if settings.redis_url is not None else None
    bot = SlackBot(settings, build_assistant(settings, state), FeedbackStore(settings.feedback_db), shared)
    SocketModeHandler(bot.app, os.environ["SLACK_APP_TOKEN"]).start()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
