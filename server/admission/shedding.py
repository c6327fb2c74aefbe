"""Shed API requests that waited too long for a thread: 503 try_again, before any work.

A request that waited past the budget is answered at once, as cheaply as can be (a WSGI
layer in front of Flask: no session, no routing, no database), so the threads go back to the
queue and it drains; the client comes back after Retry-After (jittered, so the devices told to
wait do not return together).

Two limits (CoDel, as in "Fail at Scale", Facebook 2015): no request is served after waiting
more than ADMISSION_QUEUE_BUDGET_MS (a burst may fill the queue up to that); and once the
queue has not emptied (no request found a thread within ADMISSION_QUEUE_TARGET_MS) for a whole
budget's length, the overload is standing rather than a burst, and anything waiting longer
than the target is shed. Under a standing overload the served requests then keep a short
wait instead of each one queueing for the whole budget.

Only the API is shed: pages, assets and the service worker are cheap and a person is looking
at them, and signing in (or the CSRF token it needs) must never starve behind syncs.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

import orjson
from flask import Flask

from server.security import CONTENT_SECURITY_POLICY

log = logging.getLogger(__name__)

# Set by server.admission.worker: seconds this request waited for a thread (absent elsewhere,
# e.g. `flask run` or the test client, where nothing is shed unless a test sets it).
QUEUE_WAIT_KEY = "smallwins.queue_wait_s"
SHED_PREFIX = "/api/"
NEVER_SHED = ("/api/v1/auth/",)
RETRY_AFTER_S = (1, 3)  # inclusive range; whole seconds, as clients read Retry-After
SHED_MESSAGE = "We're busy for a moment. We'll try again shortly."
LOG_EVERY_S = 10.0

_BODY = orjson.dumps({"error": "try_again", "message": SHED_MESSAGE})
# What the app's own 503 carries (server/errors.py shape, server/security.py headers).
_HEADERS = [
    ("Content-Type", "application/json"),
    ("Content-Length", str(len(_BODY))),
    ("Cache-Control", "no-store"),
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
]

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def retry_after() -> str:
    return str(random.randint(*RETRY_AFTER_S))


class QueueShedder:
    """WSGI middleware: sheds an API request by how long it waited (see the module doc)."""

    def __init__(self, app: WsgiApp, budget_ms: int, target_ms: int) -> None:
        self.app = app
        self.budget_s = budget_ms / 1000
        self.target_s = min(target_ms, budget_ms) / 1000
        # Since when the queue has held requests, as far as the waits show (None: it empties).
        self._queued_since: float | None = None
        self._shed = 0
        self._logged_at = time.monotonic()
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        waited = environ.get(QUEUE_WAIT_KEY)
        if waited is not None and self.budget_s > 0 and self.should_shed(waited):
            path = environ.get("PATH_INFO", "")
            if path.startswith(SHED_PREFIX) and not path.startswith(NEVER_SHED):
                self._count_shed()
                start_response(
                    "503 Service Unavailable", [*_HEADERS, ("Retry-After", retry_after())]
                )
                return [_BODY]
        return self.app(environ, start_response)

    def should_shed(self, waited: float) -> bool:
        if waited <= self.target_s:
            self._queued_since = None  # a thread was free, or nearly: no standing queue
            return False
        now = time.monotonic()
        # This request sat in the queue since now - waited; an idle spell in between would
        # have let some request through within the target and reset this.
        since = self._queued_since
        if since is None:
            since = self._queued_since = now - waited
        return waited > self.budget_s or now - since > self.budget_s

    def _count_shed(self) -> None:
        # One line per LOG_EVERY_S, not one per request: under overload logging costs too.
        with self._lock:
            self._shed += 1
            now = time.monotonic()
            if now - self._logged_at < LOG_EVERY_S and self._shed > 1:
                return
            count, self._shed, self._logged_at = self._shed, 0, now
        log.warning("overloaded: shed %d API requests (queue wait past budget)", count)


def init_app(app: Flask) -> None:
    budget, target = (
        app.config["ADMISSION_QUEUE_BUDGET_MS"],
        app.config["ADMISSION_QUEUE_TARGET_MS"],
    )
    if budget > 0:
        app.wsgi_app = QueueShedder(app.wsgi_app, budget, target)  # type: ignore[method-assign]
