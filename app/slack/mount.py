"""Mounts the bot in the FastAPI app: ``POST /slack/events`` when Slack is configured, and
``GET /feedback/summary`` always (zeros while nothing was recorded)."""

from __future__ import annotations

import logging

from fastapi import APIRouter, FastAPI, Request, Response
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.concurrency import run_in_threadpool

from app.api.schemas import FeedbackSummary
from app.engine.assistant import Assistant
from app.settings import Settings
from app.slack.feedback import FeedbackStore
from app.state.store import StateStore

log = logging.getLogger("app.slack")

feedback_router = APIRouter()
slack_router = APIRouter(include_in_schema=False)


@feedback_router.get("/feedback/summary", response_model=FeedbackSummary)
def feedback_summary(request: Request) -> FeedbackSummary:
    store: FeedbackStore = request.app.state.feedback
    return FeedbackSummary(**store.summary())


@slack_router.post("/slack/events")
async def slack_events(request: Request) -> Response:
    """Events API, slash commands and interactive actions, all signed; Bolt verifies and dispatches."""
    body = await request.body()
    # Bolt's dispatch is synchronous (signature check, then the listener until it acks): off the loop.
    dispatch = request.app.state.slack.app.dispatch
    bolt_response = await run_in_threadpool(dispatch, to_bolt_request(request, body))
    return to_starlette_response(bolt_response)


def missing_slack_settings(settings: Settings) -> list[str]:
    pairs = (("SLACK_BOT_TOKEN", settings.slack_bot_token),
             ("SLACK_SIGNING_SECRET", settings.slack_signing_secret))
    return [name for name, secret in pairs if secret is None or not secret.get_secret_value().strip()]


def start_slack(app: FastAPI, settings: Settings, assistant: Assistant, shared: StateStore | None = None) -> None:
    """Open the feedback store; add the Slack route when a token and a secret are set, else say it is off.
    Delivery de-duplication uses ``shared`` (Redis) when given, else this process's memory."""
    store = FeedbackStore(settings.feedback_db)
    app.state.feedback = store
    app.state.slack = None
    missing = missing_slack_settings(settings)
    if missing:
        log.warning("Slack routes off: %s not set", " and ".join(missing))
        return
    from app.slack.bolt_app import SlackBot

    app.state.slack = SlackBot(settings, assistant, store, shared)
    if not any(getattr(route, "path", None) == "/slack/events" for route in app.router.routes):
        app.include_router(slack_router)
    log.info("Slack routes on: POST /slack/events (Web API %s)", settings.slack_api_url)
