"""`flask jobs tick` runs one tick now and says what it did."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Flask

from server.extensions import db
from server.models import Reminder
from tests.jobs.helpers import make_user, subscribe
from tests.pushservice import LoopbackPushService


def test_jobs_tick_sends_what_is_due_now_and_reports_it(
    app: Flask, push_service: LoopbackPushService
) -> None:
    now = datetime.now(UTC)
    user = make_user(app, now)
    endpoint = subscribe(app, user, push_service, now)
    with app.app_context():
        for row in db.session.scalars(db.select(Reminder).where(Reminder.user_id == user)):
            if row.enabled:
                row.next_fire_at = now - timedelta(minutes=1)
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["jobs", "tick"])
    assert result.exit_code == 0, result.output
    assert "claimed 2, sent 2" in result.output
    assert "pushes delivered 2" in result.output
    assert len(push_service.received(endpoint)) == 2


def test_jobs_tick_with_nothing_due_does_nothing(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["jobs", "tick"])
    assert result.exit_code == 0
    assert "claimed 0" in result.output
