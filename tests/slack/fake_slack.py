"""A fake Slack on loopback: the Web API (auth.test, chat.postMessage) and response_url endpoints.

It records what the bot sent, i.e. what a Slack user would see, and can hold a response_url reply
back for a while (to show that an ack never waits for the answer's delivery).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
TEAM_ID = "T0001"


@dataclass
class Call:
    path: str
    body: dict[str, Any]
    headers: dict[str, str]
    at: float = field(default_factory=time.monotonic)


def _parse(raw: bytes, content_type: str) -> dict[str, Any]:
    if not raw:
        return {}
    if "json" in content_type:
        loaded = json.loads(raw)
        return loaded if isinstance(loaded, dict) else {"value": loaded}
    return {key: values[0] for key, values in parse_qs(raw.decode()).items()}


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.delays: dict[str, float] = {}  # path prefix -> seconds to hold the reply back
        self._lock = threading.Lock()
        self._ts = 0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                call = Call(self.path, _parse(raw, self.headers.get("Content-Type", "")),
                            {k.lower(): v for k, v in self.headers.items()})
                reply = fake._record(call)
                for prefix, seconds in fake.delays.items():
                    if self.path.startswith(prefix):
                        time.sleep(seconds)
                data = json.dumps(reply).encode() if isinstance(reply, dict) else reply.encode()
                try:
                    self.send_response(200)
                    kind = "application/json" if isinstance(reply, dict) else "text/plain"
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the bot went away while a reply was held back

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def response_url(self, name: str) -> str:
        return f"{self.url}/respond/{name}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _record(self, call: Call) -> dict[str, Any] | str:
        with self._lock:
            self.calls.append(call)
            if call.path == "/api/auth.test":
                return {"ok": True, "url": "https://fake.slack.com/", "team": "Fake", "user": "dlqa",
                        "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID}
            if call.path == "/api/chat.postMessage":
                self._ts += 1
                ts = f"{int(time.time())}.{self._ts:06d}"
                return {"ok": True, "channel": call.body.get("channel"), "ts": ts}
            if call.path.startswith("/api/"):
                return {"ok": True}
            return "ok"

    def posts(self, channel: str | None = None, thread_ts: str | None = None) -> list[Call]:
        """chat.postMessage calls, optionally to one channel and thread."""
        with self._lock:
            calls = [c for c in self.calls if c.path == "/api/chat.postMessage"]
        return [c for c in calls if (channel is None or c.body.get("channel") == channel)
                and (thread_ts is None or c.body.get("thread_ts") == thread_ts)]

    def posts_since(self, mark: int, channel: str, thread_ts: str | None = None) -> list[Call]:
        """chat.postMessage calls made after ``mark()`` returned ``mark``, to one channel (and thread)."""
        return [c for c in self.since(mark) if c.path == "/api/chat.postMessage" and c.body.get("channel") == channel
                and (thread_ts is None or c.body.get("thread_ts") == thread_ts)]

    def responses(self, name: str) -> list[Call]:
        """Posts to the response_url ``name``."""
        with self._lock:
            return [c for c in self.calls if c.path == f"/respond/{name}"]

    def since(self, mark: int) -> list[Call]:
        with self._lock:
            return self.calls[mark:]

    def mark(self) -> int:
        with self._lock:
            return len(self.calls)

    @staticmethod
    def wait_for(found: Callable[[], list[Call]], count: int = 1, timeout: float = 20.0) -> list[Call]:
        """Polls until ``found()`` returns at least ``count`` calls; returns them (fails on time-out)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            calls = found()
            if len(calls) >= count:
                return calls
            time.sleep(0.05)
        raise AssertionError(f"expected {count} call(s) on the fake Slack within {timeout}s, got {found()}")
