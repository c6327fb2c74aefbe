"""The Huey consumer's entry point: builds the app once and exposes its Huey instance.

    python -m server.jobs.consumer -w 4        # the one consumer that runs the periodic tasks
    python -m server.jobs.consumer -w 4 -n     # any others: no periodic schedule

The periodic tasks run on the wall-clock minute (see scheduler.py); plain `huey_consumer`
would run them every 60 s from its start instead. server.serve starts the first line.
This is the only module that creates an app at import, because a consumer needs one;
nothing in the web process imports it.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import threading
import time

from server.app import create_app
from server.jobs.scheduler import MinuteConsumer

# Jobs are not waiting people: on SQLite they queue at the write gate (server/admission) for
# as long as the busy timeout rather than give up after the web's short budget.
app = create_app(
    {"SQLITE_WRITE_GATE_BUDGET_MS": int(os.environ.get("JOB_WRITE_GATE_BUDGET_MS", 10_000))}
)
huey = app.extensions["huey"]


def _exit_with_parent(parent: int) -> None:
    # Started by server.serve in its own session: if that process dies without stopping us
    # (SIGKILL), nobody else would, so stop gracefully once we are re-parented.
    while os.getppid() == parent:
        time.sleep(1.0)
    os.kill(os.getpid(), signal.SIGINT)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run the Small Wins job consumer.")
    parser.add_argument("-w", "--workers", type=int, default=2)
    parser.add_argument("-n", "--no-periodic", action="store_true")
    parser.add_argument("--exit-with-parent", action="store_true")
    args = parser.parse_args(argv)
    if args.exit_with_parent:
        threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    logging.getLogger("huey").setLevel(logging.INFO)
    consumer = MinuteConsumer(
        huey, workers=args.workers, worker_type="thread", periodic=not args.no_periodic
    )
    consumer.run()


if __name__ == "__main__":
    main()
