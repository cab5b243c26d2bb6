"""The FastAPI application: ``app.main:app`` (settings read from the environment once, here, and passed in).
The index is checked and loaded at start-up."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app import __version__, mcp_server
from app.api import errors, openai_compat, web
from app.api.metrics import Metrics
from app.api.middleware import AccessLog, BodySizeLimit
from app.api.routes import protected, router
from app.engine.assistant import Assistant
from app.factory import build_assistant
from app.settings import Settings
from app.slack.mount import feedback_router, start_slack
from app.state.factory import describe, open_state_store

log = logging.getLogger("app")


def configure_logging() -> None:
    """Our INFO lines (start-up, access log) go to stderr unless the host already configured logging."""
    logger = logging.getLogger("app")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False


def create_app(settings: Settings, assistant: Assistant | None = None) -> FastAPI:
    """The app for ``settings``; the assistant is built at start-up unless one is given (tests)."""
    configure_logging()
    active_settings = settings

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        active = active_settings
        if assistant is None:
            store = open_state_store(active)
            try:
                app.state.assistant = build_assistant(active, store)
            except Exception as exc:
                log.error("refusing to start: %s", exc)
                raise
        else:
            app.state.assistant = assistant
            store = assistant.conversations.state
        app.state.store = store
        manifest = app.state.assistant.index.manifest
        log.info("index loaded: %d entries, %s, built %s", manifest.entry_count, manifest.faiss_index_type,
                 manifest.built_at)
        log.info("conversations and Slack state %s", describe(active))
        start_slack(app, active, app.state.assistant, store if active.redis_url is not None else None)
        yield
        close = getattr(store, "close", None)
        if close is not None:
            close()

    app = FastAPI(title="Deep-learning library survey assistant", version=__version__, lifespan=lifespan)
    app.state.settings = active_settings
    app.state.metrics = Metrics()
    errors.install(app)
    app.include_router(router)
    app.include_router(protected)
    app.include_router(feedback_router)
    app.include_router(openai_compat.router)
    mcp_server.mount(app, active_settings)
    web.install(app)
    origins = active_settings.allowed_origins()
    if origins:  # closed by default: no CORS headers at all unless origins are configured
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST"],
                           allow_headers=["content-type", "x-api-key", "authorization"])
    app.add_middleware(BodySizeLimit, max_bytes=active_settings.max_body_bytes,
                       drain_bytes=active_settings.max_drain_bytes)
    app.add_middleware(AccessLog, metrics=app.state.metrics)  # added last = outermost: logs 413s too
    return app


app = create_app(Settings())
