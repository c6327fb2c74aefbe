"""The tick with push services that never answer: bounded, others delivered, unsent retried."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask

from server.push.sender import Outcome, PushMessage, SendResult, Subscription
from server.push.vapid import VapidKeys
from tests.conftest import app_with_schema
from tests.jobs.helpers import deliveries, make_user, next_fire, subscribe, tick
from tests.pushservice import HANG, LoopbackPushService

SETUP = datetime(2026, 6, 10, 8, 0, tzinfo=UTC)
RECAP_DUE = datetime(2026, 6, 10, 19, 0, tzinfo=UTC)  # 21:00 in Berlin


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    yield from app_with_schema(
        database_url,
        tmp_path,
        PUSH_WORKERS=4,
        PUSH_TIMEOUT_S=1.0,
        PUSH_SEND_DEADLINE_S=1.0,
        PUSH_BATCH_DEADLINE_S=5.0,
        PUSH_BACKOFF_S=0.01,
    )


def test_a_few_hanging_endpoints_do_not_delay_other_users_reminders(
    app: Flask, push_service: LoopbackPushService, vapid_keys: VapidKeys
) -> None:
    app.config["PUSH_TIMEOUT_S"] = 10.0  # a generous read timeout: the deadlines must bound it
    healthy = [make_user(app, SETUP) for _ in range(8)]
    endpoints = [subscribe(app, user, push_service, SETUP) for user in healthy]
    slow_user = make_user(app, SETUP)
    with LoopbackPushService(expected_key=vapid_keys.public_key_b64url, hang_s=20) as slow:
        for _ in range(3):
            slow_endpoint = subscribe(app, slow_user, slow, SETUP)
            slow.fail_next(slow_endpoint, HANG, times=5)
        started = time.monotonic()
        report = tick(app, RECAP_DUE)
        elapsed = time.monotonic() - started
        assert elapsed < slow.hang_s / 2  # the slow service is still hanging
    assert [len(push_service.received(endpoint)) for endpoint in endpoints] == [1] * 8
    assert report.delivered == 8
    assert deliveries(app, slow_user) == [("evening_recap", date(2026, 6, 10), "failed")]


class NothingStartsSender:
    """A sender whose batch deadline always passes before any push starts."""

    def send_many(
        self, items: list[tuple[Subscription, PushMessage]], workers: int = 8
    ) -> list[SendResult]:
        return [
            SendResult(Outcome.RETRY_LATER, sub.endpoint, detail="deadline passed")
            for sub, _ in items
        ]


def test_a_reminder_whose_pushes_never_started_is_retried_by_the_next_tick(
    app: Flask, push_service: LoopbackPushService
) -> None:
    user = make_user(app, SETUP)
    endpoint = subscribe(app, user, push_service, SETUP)
    report = tick(app, RECAP_DUE, sender=NothingStartsSender())
    assert (report.sent, report.deferred) == (1, 1)
    assert deliveries(app, user) == []  # not owned any more: the next tick may take it
    assert next_fire(app, user, "evening_recap") == RECAP_DUE
    # Not again within the same tick run (it would loop), but the next minute's tick sends it.
    assert tick(app, RECAP_DUE, sender=NothingStartsSender()).claimed == 0
    report = tick(app, RECAP_DUE + timedelta(minutes=1))
    assert (report.delivered, report.deferred) == (1, 0)
    assert len(push_service.received(endpoint)) == 1
    assert deliveries(app, user) == [("evening_recap", date(2026, 6, 10), "sent")]
    assert next_fire(app, user, "evening_recap") == RECAP_DUE + timedelta(days=1)
