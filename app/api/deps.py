"""Typed dependencies: what a route needs from the application, handed out by FastAPI.

They are ``async def`` because they only read the app's state: FastAPI runs a plain ``def`` dependency in
its thread pool, one thread hop per dependency and request (a few tenths of a millisecond on /ask)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from app.api.metrics import Metrics
from app.engine.assistant import Assistant
from app.settings import Settings
from app.state.store import StateStore


async def get_assistant(request: Request) -> Assistant:
    assistant: Assistant = request.app.state.assistant
    return assistant


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_metrics(request: Request) -> Metrics:
    metrics: Metrics = request.app.state.metrics
    return metrics


async def get_store(request: Request) -> StateStore:
    store: StateStore = request.app.state.store
    return store


AssistantDep = Annotated[Assistant, Depends(get_assistant)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]
StoreDep = Annotated[StateStore, Depends(get_store)]
