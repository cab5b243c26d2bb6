"""The app served by uvicorn with Slack on, talking to a fake Slack Web API on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import CORPUS, start_server, stop_server
from tests.slack.fake_slack import FakeSlack
from tests.slack.slackkit import SECRET, TOKEN


@dataclass
class SlackServer:
    base: str
    feedback_db: Path


def slack_env(fake: FakeSlack, built_index: Path, feedback_db: Path) -> dict[str, str]:
    return {"DLQA_INDEX_DIR": str(built_index), "DLQA_CORPUS_DIR": str(CORPUS),
            "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": fake.api_url,
            "DLQA_FEEDBACK_DB": str(feedback_db), "DLQA_SLACK_RESPONSE_TYPE": "in_channel"}


@pytest.fixture(scope="package")
def fake_slack() -> Iterator[FakeSlack]:
    fake = FakeSlack()
    yield fake
    fake.close()


@pytest.fixture(scope="package")
def slack_server(built_index: Path, fake_slack: FakeSlack,
                 tmp_path_factory: pytest.TempPathFactory) -> Iterator[SlackServer]:
    feedback_db = tmp_path_factory.mktemp("feedback") / "feedback.sqlite3"
    process, base = start_server(slack_env(fake_slack, built_index, feedback_db))
    try:
        yield SlackServer(base, feedback_db)
    finally:
        stop_server(process)
