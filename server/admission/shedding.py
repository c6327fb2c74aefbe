"""Shed API requests that waited too long for a thread: 503 try_again, before any work.

A request that waited past the budget is answered at once, cheaply, so the threads go back to
the queue and it drains; the client comes back after Retry-After (jittered, so the devices told
to wait do not return together). Only the API is shed: pages, assets and the service worker
are cheap and a person is looking at them, and signing in (or reading the CSRF token it needs)
must never starve behind syncs.
"""

from __future__ import annotations

import logging
import random

from flask import Flask, current_app, request
from flask.typing import ResponseReturnValue

from server.errors import error_response

log = logging.getLogger(__name__)

# Set by server.admission.worker: seconds this request waited for a thread (absent elsewhere,
# e.g. `flask run` or the test client, where nothing is shed unless a test sets it).
QUEUE_WAIT_KEY = "smallwins.queue_wait_s"
SHED_PREFIX = "/api/"
NEVER_SHED = ("/api/v1/auth/",)
RETRY_AFTER_S = (1, 3)  # inclusive range; whole seconds, as clients read Retry-After
SHED_MESSAGE = "We're busy for a moment. We'll try again shortly."


def retry_after() -> str:
    return str(random.randint(*RETRY_AFTER_S))


def _shed_if_waited_too_long() -> ResponseReturnValue | None:
    waited = request.environ.get(QUEUE_WAIT_KEY)
    if waited is None:
        return None
    budget = current_app.config["ADMISSION_QUEUE_BUDGET_MS"]
    if budget <= 0 or waited * 1000 <= budget:
        return None
    path = request.path
    if not path.startswith(SHED_PREFIX) or path.startswith(NEVER_SHED):
        return None
    log.warning("shed %s %s after %.0f ms in the queue", request.method, path, waited * 1000)
    return error_response(503, "try_again", SHED_MESSAGE, headers={"Retry-After": retry_after()})


def init_app(app: Flask) -> None:
    # First of all hooks: before CSRF, sessions and the user's row are looked at.
    app.before_request_funcs.setdefault(None, []).insert(0, _shed_if_waited_too_long)
