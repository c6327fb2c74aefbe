"""Back-pressure: under overload answer 503 + Retry-After at once rather than queue for seconds.

Two places where requests pile up, and a bound on each (docs/sync.md "Back-pressure", README
"Production"; figures in bench/README.md):

- gunicorn's thread pool queue: `worker.QueueTimedWorker` measures how long a request waited
  for a thread; `shedding` (WSGI middleware in front of Flask) answers an API request that
  waited past ADMISSION_QUEUE_BUDGET_MS (or past ADMISSION_QUEUE_TARGET_MS in a standing
  overload) with 503 `try_again` before sessions, routing or the database see it, so the queue
  drains instead of growing.
- SQLite's single writer: `write_gate` queues writers fairly (first come, first served) in
  front of the database's own lock and gives up after SQLITE_WRITE_GATE_BUDGET_MS, instead of
  SQLite's busy handler, which lets a late arrival overtake a long waiter.
"""

from __future__ import annotations

from flask import Flask

from server.admission import shedding, write_gate
from server.extensions import db


def init_app(app: Flask) -> None:
    shedding.init_app(app)
    with app.app_context():
        write_gate.install(db.engine, app.config["SQLITE_WRITE_GATE_BUDGET_MS"])
