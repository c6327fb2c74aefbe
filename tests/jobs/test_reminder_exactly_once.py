"""Exactly once per local day: parallel ticks, crashes and settings changes mid-tick."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask

from server.extensions import db
from server.jobs import tick as tick_module
from server.models import Reminder, ReminderDelivery
from server.reminders.kinds import reminder_id
from tests.conftest import app_with_schema
from tests.jobs.helpers import deliveries, make_user, next_fire, set_reminder, subscribe, tick
from tests.pushservice import LoopbackPushService

SETUP = datetime(2026, 6, 10, 8, 0, tzinfo=UTC)
RECAP_DUE = datetime(2026, 6, 10, 19, 0, tzinfo=UTC)
USERS = 24


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    # Small batches, so parallel ticks interleave over many claims.
    yield from app_with_schema(database_url, tmp_path, REMINDER_BATCH_SIZE=5, PUSH_BACKOFF_S=0.01)


def test_two_ticks_in_parallel_send_each_due_reminder_once(
    app: Flask, push_service: LoopbackPushService
) -> None:
    endpoints = []
    for _ in range(USERS):
        user = make_user(app, SETUP)
        endpoints.append(subscribe(app, user, push_service, SETUP))
    start = threading.Barrier(2)
    reports, errors = [], []

    def run() -> None:
        try:
            start.wait()
            reports.append(tick(app, RECAP_DUE + timedelta(seconds=1)))
        except Exception as exc:  # surfaced below; a thread cannot fail the test itself
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert [len(push_service.received(endpoint)) for endpoint in endpoints] == [1] * USERS
    assert sum(report.sent for report in reports) == USERS
    with app.app_context():
        assert db.session.query(ReminderDelivery).count() == USERS


def test_a_tick_that_crashed_after_recording_the_delivery_does_not_resend(
    app: Flask, push_service: LoopbackPushService
) -> None:
    user = make_user(app, SETUP)
    endpoint = subscribe(app, user, push_service, SETUP)
    # What a crash between "record" and "send" leaves: the delivery row and a lease.
    with app.app_context():
        db.session.add(
            ReminderDelivery(
                reminder_id=reminder_id(user, "evening_recap"),
                user_id=user,
                kind="evening_recap",
                local_date=date(2026, 6, 10),
                due_at=RECAP_DUE,
                status="sending",
            )
        )
        row = db.session.get(Reminder, (reminder_id(user, "evening_recap"), user))
        row.lease_until = RECAP_DUE + timedelta(minutes=2)
        db.session.commit()
    assert tick(app, RECAP_DUE + timedelta(minutes=1)).claimed == 0  # the lease holds
    report = tick(app, RECAP_DUE + timedelta(minutes=3))
    assert (report.claimed, report.duplicates, report.sent) == (1, 1, 0)
    assert push_service.received(endpoint) == []
    assert next_fire(app, user, "evening_recap") == RECAP_DUE + timedelta(days=1)


def test_a_tick_that_crashed_while_sending_leaves_a_lease_that_expires_without_resending(
    app: Flask, push_service: LoopbackPushService, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = make_user(app, SETUP)
    endpoint = subscribe(app, user, push_service, SETUP)

    def crash(*_args: object) -> list[str]:
        raise RuntimeError("the process died mid-send")

    with monkeypatch.context() as patch:
        patch.setattr(tick_module, "_send", crash)
        with pytest.raises(RuntimeError):
            tick(app, RECAP_DUE)
    assert tick(app, RECAP_DUE + timedelta(minutes=1)).claimed == 0
    tick(app, RECAP_DUE + timedelta(minutes=3))
    assert push_service.received(endpoint) == []
    assert deliveries(app, user) == [("evening_recap", date(2026, 6, 10), "sending")]
    assert next_fire(app, user, "evening_recap") == RECAP_DUE + timedelta(days=1)


def test_a_settings_change_during_a_tick_is_not_overwritten_by_its_advance(
    app: Flask, push_service: LoopbackPushService, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = make_user(app, SETUP)
    endpoint = subscribe(app, user, push_service, SETUP)
    real_send = tick_module._send

    def send_then_user_edits(*args: object) -> list[str]:
        gone = real_send(*args)  # type: ignore[arg-type]
        # Another request moves the recap to 22:30 while this tick is still sending.
        set_reminder(app, user, "evening_recap", RECAP_DUE, local_time="22:30")
        return gone

    monkeypatch.setattr(tick_module, "_send", send_then_user_edits)
    tick(app, RECAP_DUE)
    assert len(push_service.received(endpoint)) == 1
    assert next_fire(app, user, "evening_recap") == datetime(2026, 6, 10, 20, 30, tzinfo=UTC)
