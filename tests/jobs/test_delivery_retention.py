"""The delivery ledger is kept for DELIVERY_RETENTION, pruned oldest first by the tick."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from server.extensions import db
from server.jobs.retention import DELIVERY_RETENTION, prune_deliveries
from server.models import ReminderDelivery
from server.reminders.kinds import reminder_id
from tests.conftest import app_with_schema
from tests.jobs.helpers import deliveries, make_user, subscribe, tick
from tests.pushservice import LoopbackPushService

SETUP = datetime(2026, 6, 10, 8, 0, tzinfo=UTC)
RECAP_DUE = datetime(2026, 6, 10, 19, 0, tzinfo=UTC)  # 21:00 in Berlin
DAYS = 100


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    yield from app_with_schema(database_url, tmp_path, PUSH_BACKOFF_S=0.01, PUSH_TIMEOUT_S=5.0)


def add_history(app: Flask, user: str, days: int = DAYS) -> None:
    """A sent evening recap on each of the `days` days before 10 June."""
    with app.app_context():
        for back in range(1, days + 1):
            due = RECAP_DUE - timedelta(days=back)
            db.session.add(
                ReminderDelivery(
                    reminder_id=reminder_id(user, "evening_recap"),
                    user_id=user,
                    kind="evening_recap",
                    local_date=due.date(),
                    due_at=due,
                    status="sent",
                    delivered=1,
                )
            )
        db.session.commit()


def ledger_days(app: Flask) -> list[date]:
    with app.app_context():
        query = sa.select(ReminderDelivery.local_date).order_by(ReminderDelivery.local_date)
        return list(db.session.scalars(query))


def test_deliveries_older_than_the_retention_are_pruned_oldest_first_in_batches(
    app: Flask,
) -> None:
    user = make_user(app, SETUP)
    add_history(app, user)
    cutoff = (RECAP_DUE - DELIVERY_RETENTION).date()
    with app.app_context():
        assert prune_deliveries(RECAP_DUE, limit=15) == 15
        left = ledger_days(app)
        assert len(left) == DAYS - 15 and left[0] == (RECAP_DUE - timedelta(days=85)).date()
        assert prune_deliveries(RECAP_DUE) == DAYS - 15 - DELIVERY_RETENTION.days
        assert prune_deliveries(RECAP_DUE) == 0
    assert ledger_days(app)[0] == cutoff


def test_the_tick_prunes_the_ledger_and_still_sends_today_s_reminder_once(
    app: Flask, push_service: LoopbackPushService
) -> None:
    user = make_user(app, SETUP)
    endpoint = subscribe(app, user, push_service, SETUP)
    add_history(app, user)
    report = tick(app, RECAP_DUE + timedelta(seconds=20))
    # 20 s past the hour, the recap of exactly 60 days ago has crossed the line too.
    assert (report.sent, report.pruned) == (1, DAYS - DELIVERY_RETENTION.days + 1)
    again = tick(app, RECAP_DUE + timedelta(minutes=1))
    assert (again.sent, again.pruned) == (0, 0)
    assert len(push_service.received(endpoint)) == 1
    recent = deliveries(app, user)
    assert len(recent) == DELIVERY_RETENTION.days
    assert ("evening_recap", RECAP_DUE.date(), "sent") in recent
