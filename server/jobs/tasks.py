"""Huey tasks: thin wrappers that open an app context and call plain functions of `now`.

Tasks are registered on the Huey instance the factory built (there is no module-level Huey),
and capture that app, so a task never calls create_app. Only one consumer should run the
periodic schedule: start every other consumer with `-n` (`--no-periodic`). Overlapping ticks
are harmless anyway (they claim different rows), which keeps a slow tick from being a problem.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime

from flask import Flask
from huey import Huey, crontab
from huey.api import TaskWrapper

log = logging.getLogger(__name__)


def register(huey: Huey, app: Flask) -> dict[str, TaskWrapper]:
    """Define the tasks on `huey`; calling one (e.g. `tasks["reminder_tick"]()`) enqueues it."""

    @huey.periodic_task(crontab(minute="*"), name="reminder_tick", expires=120)
    def reminder_tick() -> None:
        # A tick that waited in the queue past two minutes is dropped: the next one covers it.
        from server.jobs.tick import run_tick

        with app.app_context():
            report = run_tick(datetime.now(UTC))
        if report.claimed:
            log.info("reminder tick: %s", report)

    @huey.periodic_task(crontab(minute="*/15"), name="weekly_pass", expires=600)
    def weekly_pass() -> None:
        # Plans due and dirty summaries and enqueues one weekly_batch task per batch, so
        # every consumer shares the work (see server/jobs/weekly.py).
        from server.jobs.weekly import run_weekly

        with app.app_context():
            report = run_weekly(
                datetime.now(UTC), enqueue=lambda monday, ids: weekly_batch(monday, ids)
            )
        if report.batches:
            log.info("weekly pass: %d batches enqueued", report.batches)

    @huey.task(name="weekly_batch", retries=2, retry_delay=30)
    def weekly_batch(monday: date, user_ids: list[str]) -> None:
        # Safe to run twice (a retry, two consumers): existing summaries are skipped.
        from server.jobs.weekly import compute_batch

        with app.app_context():
            report = compute_batch(user_ids, monday, datetime.now(UTC))
        log.info("weekly batch %s: %s", monday.isoformat(), report)

    return {
        "reminder_tick": reminder_tick,
        "weekly_pass": weekly_pass,
        "weekly_batch": weekly_batch,
    }
