"""Chromium gets the client precompressed and API bodies compressed, and runs on them."""

from __future__ import annotations

import pytest

from tests.e2e.helpers import sign_up, wait_for_service_worker
from tests.factories import new_email

pytestmark = pytest.mark.e2e


def test_the_browser_runs_on_compressed_assets_and_api_bodies(page) -> None:
    encodings: dict[str, str | None] = {}
    page.on(
        "response",
        lambda response: encodings.setdefault(
            response.url.split("?")[0].split("/", 3)[-1],
            response.all_headers().get("content-encoding"),
        ),
    )
    sign_up(page, new_email())  # the app only gets this far if it could decode what it got
    wait_for_service_worker(page)  # sw.js too is sent as brotli (its fetch is not the page's)
    scripts = [
        path for path in encodings if path.startswith("assets/index-") and path.endswith(".js")
    ]
    assert scripts and all(encodings[path] == "br" for path in scripts)
    assert encodings["api/v1/auth/csrf"] is None  # a token: never compressed
    with page.expect_response("**/api/v1/openapi.json") as described:
        title = page.evaluate(
            "fetch('/api/v1/openapi.json').then(r => r.json()).then(d => d.info.title)"
        )
    assert title  # decoded by the browser
    assert described.value.all_headers().get("content-encoding") == "zstd"
