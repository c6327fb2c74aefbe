"""Periodic tasks run on the wall-clock minute, not 60 s after the consumer happened to start."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from huey import MemoryHuey

from server.jobs.scheduler import MARGIN_S, MinuteConsumer, MinuteScheduler, seconds_to_next_minute


def at(second: int, microsecond: int = 0) -> datetime:
    return datetime(2026, 11, 27, 21, 0, second, microsecond, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(0), MARGIN_S),
        (at(30), 30 + MARGIN_S),
        (at(59, 900_000), 0.1 + MARGIN_S),
        (at(0, 100_000), MARGIN_S - 0.1),
        (at(0, int(MARGIN_S * 1_000_000)), 60.0),
    ],
)
def test_the_next_run_is_just_past_the_next_whole_minute(now: datetime, expected: float) -> None:
    assert seconds_to_next_minute(now) == pytest.approx(expected)


def test_the_scheduler_aims_at_the_next_minute_on_start_and_after_every_run() -> None:
    huey = MemoryHuey("scheduler-test", utc=True)
    consumer = MinuteConsumer(huey, workers=1, worker_type="thread", periodic=True)
    scheduler = consumer._create_scheduler()
    assert isinstance(scheduler, MinuteScheduler)

    def aimed_in() -> float:
        return scheduler._next_periodic - time.monotonic()

    expected = seconds_to_next_minute(datetime.now(UTC))
    assert aimed_in() == pytest.approx(expected, abs=0.05)
    scheduler.enqueue_periodic_tasks(None)
    # Huey's own scheduler would add 60 s to whatever it had; ours re-aims at the wall clock.
    assert aimed_in() == pytest.approx(seconds_to_next_minute(datetime.now(UTC)), abs=0.05)
