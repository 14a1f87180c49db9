"""A real browser for the tests: Debian's Chromium driven by Playwright (no browser is
downloaded at run time), and the pages served over HTTP by uvicorn in a thread."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

INSTALL_HINT = (
    "no Chromium for the browser tests: install Debian's package (apt-get install chromium) "
    "or set FUT_TEST_CHROMIUM to a Chromium executable"
)


def chromium_executable() -> str:
    """The Chromium the browser tests use, or skip the test with how to install it."""
    for candidate in (os.environ.get("FUT_TEST_CHROMIUM"), "chromium", "chromium-browser"):
        if candidate and (found := shutil.which(candidate)):
            return found
    pytest.skip(INSTALL_HINT)


@contextmanager
def serve(app: Any, port: int) -> Iterator[str]:
    """Serve `app` on 127.0.0.1:`port` in a thread; yields its base URL."""
    import uvicorn

    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, name="pages-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the pages server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium (Playwright's Browser)."""
    from playwright.sync_api import sync_playwright

    executable = chromium_executable()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=["--no-sandbox", "--lang=sv-SE"]
        )
        try:
            yield browser
        finally:
            browser.close()


class Shots:
    """Numbered screenshots of what each person saw, under the test's temporary directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.taken: list[Path] = []

    def take(self, page: Any, name: str) -> Path:
        path = self.directory / f"{len(self.taken) + 1:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        self.taken.append(path)
        return path
