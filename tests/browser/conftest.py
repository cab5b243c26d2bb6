"""Browser fixtures: Debian's headless Chromium driven by Playwright against the live uvicorn server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from app.settings import REPO_ROOT

CHROMIUM = os.environ.get("DLQA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = REPO_ROOT / "artifacts" / "screenshots"
DESKTOP = {"width": 1100, "height": 900}

expect.set_options(timeout=20_000)  # the first answer loads the model's caches


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Chromium not found at {CHROMIUM}; run `make chromium` (apt-get install chromium) "
                    "or set DLQA_CHROMIUM to its path")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class ChatPage:
    """One page on the chat, recording what it asked and any script error it raised."""

    def __init__(self, page: Page, base: str) -> None:
        self.page, self.base = page, base
        self.requests: list[str] = []
        self.ask_bodies: list[dict[str, Any]] = []
        self.page_errors: list[str] = []
        page.on("request", self._on_request)
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))

    def _on_request(self, request: Any) -> None:
        self.requests.append(request.url)
        if request.url.endswith("/ask") and request.method == "POST":
            self.ask_bodies.append(request.post_data_json)

    def open(self) -> ChatPage:
        self.page.goto(self.base + "/")
        expect(self.page.locator(".suggestion").first).to_be_visible()
        return self

    def ask(self, question: str) -> Any:
        """Type the question, press Enter, and return the locator of the reply that follows."""
        replies = self.page.locator(".message.assistant:not(.pending)")
        before = replies.count()
        box = self.page.locator("#question")
        box.fill(question)
        box.press("Enter")
        expect(replies).to_have_count(before + 1)
        return replies.nth(before)

    def screenshot(self, name: str, full_page: bool = True) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path


@pytest.fixture
def open_chat(browser: Browser, live_server: str) -> Iterator[Callable[..., ChatPage]]:
    """Factory: ``open_chat(locale="zh-CN", viewport={...})`` opens the page in a fresh context."""
    contexts, pages = [], []

    def factory(locale: str = "en-US", viewport: dict[str, int] | None = None) -> ChatPage:
        # Reduced motion: the page scrolls at once instead of smoothly, so screenshots catch it at rest.
        context = browser.new_context(locale=locale, viewport=viewport or DESKTOP,  # type: ignore[arg-type]
                                      reduced_motion="reduce")
        contexts.append(context)
        chat = ChatPage(context.new_page(), live_server)
        pages.append(chat)
        return chat.open()

    yield factory
    for context in contexts:
        context.close()
    for chat in pages:
        assert not chat.page_errors, f"script errors in the page: {chat.page_errors}"
        # Offline service: the page never reaches for a CDN or anything off the server.
        foreign = [url for url in chat.requests if not url.startswith(live_server)]
        assert not foreign, f"requests off the server: {foreign}"
