"""A live server on a free port and real headless Chromium driven by Playwright.

Chromium comes from the machine (Debian's package), never a Playwright download.
Without it a laptop skips these tests; CI (CI=true) fails instead, so a missing
browser can never turn the browser tests silently green.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from server.config import PROJECT_ROOT
from server.extensions import db
from tests.conftest import make_app

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # The sandbox has no internet: without these Chromium floods the closed network.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CLIENT_DIST = PROJECT_ROOT / "client" / "dist"


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file():
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


class LiveServer:
    def __init__(self, app: Flask) -> None:
        self.app = app
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    if not (CLIENT_DIST / "index.html").is_file():
        pytest.fail("client/dist is missing: `make test` builds the client before pytest")
    tmp = tmp_path_factory.mktemp("live")
    app = make_app(f"sqlite:///{tmp / 'live.sqlite3'}", tmp, CLIENT_DIST=CLIENT_DIST)
    app.config["TESTING"] = False  # exercise the real error handling
    with app.app_context():
        db.create_all()
    server = LiveServer(app)
    server.start()
    yield server
    server.stop()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[object]:
    path = chromium_path()
    if path is None:
        _missing("Chromium is not installed (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install -e '.[dev]')")
    from playwright.sync_api import expect

    # A 2-core CI machine under load can take seconds to paint; waits end as soon as true.
    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance) -> Iterator[object]:
    browser = playwright_instance.chromium.launch(
        executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def context(browser, live_server: LiveServer) -> Iterator[object]:
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(context) -> object:
    return context.new_page()
