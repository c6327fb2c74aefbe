"""gunicorn's threaded worker, telling the app how long each request waited for a thread.

gthread accepts every connection at once and queues it for its thread pool; under overload
that queue grows and each request waits longer than the last. This worker stamps a connection
when it is queued and, when a thread takes it up, puts the wait into the WSGI environ
(`shedding.QUEUE_WAIT_KEY`) for the app to decide. Only the wait for a thread is counted,
not a slow client's upload: the stamp is read before gthread waits for the request's bytes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from gunicorn.workers.gthread import ThreadWorker

from server.admission.shedding import QUEUE_WAIT_KEY

_current = threading.local()


class QueueTimedWorker(ThreadWorker):
    def enqueue_req(self, conn: Any) -> None:
        conn.queued_at = time.monotonic()
        super().enqueue_req(conn)

    def handle(self, conn: Any) -> Any:
        queued_at = getattr(conn, "queued_at", None)
        _current.wait_s = None if queued_at is None else time.monotonic() - queued_at
        try:
            return super().handle(conn)
        finally:
            _current.wait_s = None

    def load_wsgi(self) -> None:
        super().load_wsgi()
        self.wsgi = _with_queue_wait(self.wsgi)


def _with_queue_wait(app: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
    def timed_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        wait = getattr(_current, "wait_s", None)
        # Once per connection hand-off: later requests on it (HTTP/2 streams) did not queue.
        _current.wait_s = None
        if wait is not None:
            environ[QUEUE_WAIT_KEY] = wait
        return app(environ, start_response)

    return timed_app
