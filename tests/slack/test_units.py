"""Fast checks of the bot's parts: the repeat cache, the feedback file, the text clean-up, the blocks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.settings import Settings
from app.slack.blocks import escape
from app.slack.bolt_app import clean_text, thread_key
from app.slack.dedupe import SeenCache
from app.slack.feedback import FeedbackStore, FeedbackStoreError
from app.slack.mount import missing_slack_settings
from tests.conftest import CORPUS


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_seen_cache_refuses_a_repeat_of_any_key() -> None:
    seen = SeenCache()
    assert seen.first_time("event:Ev1", "message:C1:1.0")
    assert not seen.first_time("event:Ev1")
    assert not seen.first_time("event:Ev2", "message:C1:1.0")  # the same message under another event id
    assert seen.first_time("event:Ev3", "")  # empty keys are ignored


def test_seen_cache_is_bounded_and_forgets_after_its_ttl() -> None:
    clock = Clock()
    seen = SeenCache(limit=2, ttl_s=10, clock=clock)
    for key in ("a", "b", "c"):
        assert seen.first_time(key)
    assert len(seen) == 2 and seen.first_time("a")  # "a" was pushed out by the limit
    clock.now = 11
    assert seen.first_time("b") and len(seen) == 1


def test_feedback_store_keeps_one_vote_per_user_with_its_question(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    assert store.summary() == {"answers": 0, "helpful": 0, "not_helpful": 0, "total": 0}
    assert store.record_answer("a1", "How many stars does PyTorch have?", "20,243 stars", "mention")
    assert store.record_vote("a1", "U1", "helpful")
    assert store.record_vote("a1", "U1", "not_helpful")
    assert store.record_vote("a1", "U2", "helpful")
    assert store.record_vote("unknown", "U1", "helpful", fallback_answer="shown text")
    assert store.summary() == {"answers": 1, "helpful": 2, "not_helpful": 1, "total": 3}
    with sqlite3.connect(tmp_path / "feedback.sqlite3") as db:
        query = "SELECT answer_id, user_id, rating, question, answer FROM feedback ORDER BY 1, 2"
        rows = db.execute(query).fetchall()
    assert rows == [("a1", "U1", "not_helpful", "How many stars does PyTorch have?", "20,243 stars"),
                    ("a1", "U2", "helpful", "How many stars does PyTorch have?", "20,243 stars"),
                    ("unknown", "U1", "helpful", None, "shown text")]
    with pytest.raises(ValueError, match="rating"):
        store.record_vote("a1", "U1", "meh")


def test_feedback_store_that_cannot_write_logs_and_reports_failure(tmp_path: Path,
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "file").write_text("x")
    store = FeedbackStore(tmp_path / "file" / "feedback.sqlite3")
    assert not store.record_answer("a1", "q", "a", "mention")
    assert "cannot record an answer" in caplog.text
    unreadable = FeedbackStore(tmp_path)  # a folder, not a database
    with pytest.raises(FeedbackStoreError, match="cannot read"):
        unreadable.summary()


def test_clean_text_drops_mentions_and_undoes_slack_escapes() -> None:
    assert clean_text("<@UBOT> is PyTorch &gt; Theano &amp; <@U2|bob> ok?") == "is PyTorch > Theano & ok?"
    assert escape("a < b & c > d") == "a &lt; b &amp; c &gt; d"
    assert thread_key("T1", "C1", "1.0") == "T1:C1:1.0"  # the engine decides how its conversation id is spelled


def test_slack_settings_come_from_slacks_own_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api")
    monkeypatch.delenv("SLACK_SIGNING_SECRET", raising=False)
    settings = Settings(corpus_dir=CORPUS)
    assert settings.slack_api_url == "http://127.0.0.1:9/api/"
    assert "xoxb-1" not in repr(settings)
    assert missing_slack_settings(settings) == ["SLACK_SIGNING_SECRET"]
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "s")
    assert missing_slack_settings(Settings(corpus_dir=CORPUS)) == []
