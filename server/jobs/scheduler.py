"""A Huey consumer whose periodic tasks run on the wall-clock minute.

Huey's own scheduler runs periodic tasks every 60 s counted from when the consumer started, so
a reminder due at 21:00:00 could wait until 21:00:59. This scheduler wakes for periodic tasks
just after each whole UTC minute instead, re-aimed at every run so the monotonic clock cannot
drift it off the minute.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from huey.consumer import Consumer, Scheduler

# Just past the minute, so `now` inside the tick is already in the new minute.
MARGIN_S = 0.2


def seconds_to_next_minute(now: datetime) -> float:
    """Seconds from `now` until MARGIN_S past the next whole minute (never 0)."""
    into_minute = now.second + now.microsecond / 1_000_000
    return 60.0 - into_minute + MARGIN_S if into_minute >= MARGIN_S else MARGIN_S - into_minute


class MinuteScheduler(Scheduler):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._aim()

    def _aim(self) -> None:
        self._next_periodic = time.monotonic() + seconds_to_next_minute(datetime.now(UTC))

    def enqueue_periodic_tasks(self, now: datetime | None) -> None:
        super().enqueue_periodic_tasks(now)
        self._aim()


class MinuteConsumer(Consumer):
    scheduler_class = MinuteScheduler
