"""SQLite store of the answers the bot posted and of the helpful / not helpful clicks on them.

A store that cannot write (read-only file, missing folder) logs the error and reports failure: the bot
still answers, only the feedback is lost.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from pathlib import Path
from threading import Lock

from app.errors import AssistantError

log = logging.getLogger("app.slack.feedback")

RATINGS = ("helpful", "not_helpful")
SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    answer_id TEXT PRIMARY KEY,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    surface TEXT NOT NULL,
    asked_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback (
    answer_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('helpful', 'not_helpful')),
    question TEXT,
    answer TEXT,
    voted_at TEXT NOT NULL,
    PRIMARY KEY (answer_id, user_id)
);
"""


class FeedbackStoreError(AssistantError):
    """The feedback file cannot be read; the message names it."""


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class FeedbackStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = Lock()
        self._ready = False

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=5.0)
        if not self._ready:
            connection.executescript(SCHEMA)
            self._ready = True
        return connection

    def _write(self, what: str, sql: str, params: tuple[object, ...]) -> bool:
        with self._lock:
            try:
                connection = self._connect()
                try:
                    with connection:
                        connection.execute(sql, params)
                finally:
                    connection.close()
                return True
            except sqlite3.Error as exc:
                log.error("feedback store %s: cannot record %s: %s", self.path, what, exc)
                return False

    def record_answer(self, answer_id: str, question: str, answer: str, surface: str) -> bool:
        return self._write("an answer", "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?)",
                           (answer_id, question, answer, surface, _now()))

    def record_vote(self, answer_id: str, user_id: str, rating: str, fallback_answer: str = "") -> bool:
        """One vote per user and answer (a second click replaces the first), kept with its question."""
        if rating not in RATINGS:
            raise ValueError(f"rating must be one of {RATINGS}, not {rating!r}")
        return self._write(
            "a vote",
            "INSERT OR REPLACE INTO feedback "
            "SELECT ?, ?, ?, a.question, COALESCE(a.answer, ?), ? "
            "FROM (SELECT 1) LEFT JOIN answers a ON a.answer_id = ?",
            (answer_id, user_id, rating, fallback_answer, _now(), answer_id),
        )

    def summary(self) -> dict[str, int]:
        """Counts of answers and votes; zeros while the file does not exist yet."""
        counts = {"answers": 0, "helpful": 0, "not_helpful": 0, "total": 0}
        if not self.path.exists():
            return counts
        with self._lock:
            try:
                connection = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=5.0)
                try:
                    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
                    if "answers" in tables:
                        counts["answers"] = connection.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
                    if "feedback" in tables:
                        votes = connection.execute("SELECT rating, COUNT(*) FROM feedback GROUP BY rating")
                        counts.update(dict(votes.fetchall()))
                finally:
                    connection.close()
            except sqlite3.Error as exc:
                raise FeedbackStoreError(f"cannot read the feedback file {self.path}: {exc}") from exc
        counts["total"] = counts["helpful"] + counts["not_helpful"]
        return counts
