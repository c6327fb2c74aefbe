"""The evening reminder leaves a day alone once its recap is done (on any device)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask

from server.extensions import db
from server.models import Recap
from tests.conftest import app_with_schema
from tests.jobs.helpers import deliveries, make_user, subscribe, tick
from tests.pushservice import LoopbackPushService

# Wednesday 10 June 2026; Berlin is UTC+2, so the 21:00 recap is due at 19:00 UTC.
SETUP = datetime(2026, 6, 10, 8, 0, tzinfo=UTC)
RECAP_DUE = datetime(2026, 6, 10, 19, 0, tzinfo=UTC)


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    yield from app_with_schema(database_url, tmp_path, PUSH_BACKOFF_S=0.01, PUSH_TIMEOUT_S=5.0)


def add_recap(app: Flask, user_id: str, day: date, *, deleted: bool = False) -> None:
    with app.app_context():
        db.session.add(
            Recap(
                id=f"00000000-0000-4000-8000-{day.toordinal():012d}",
                user_id=user_id,
                server_seq=day.toordinal(),
                field_clock={},
                local_day=day,
                done_at=RECAP_DUE - timedelta(hours=1),
                deleted=deleted,
            )
        )
        db.session.commit()


def test_a_day_already_looked_back_on_gets_no_evening_nudge(
    app: Flask, push_service: LoopbackPushService
) -> None:
    user = make_user(app, SETUP)
    endpoint = subscribe(app, user, push_service, SETUP)
    add_recap(app, user, date(2026, 6, 10))

    report = tick(app, RECAP_DUE + timedelta(seconds=5))

    assert push_service.received(endpoint) == []
    assert (report.sent, report.skipped) == (0, 1)
    assert deliveries(app, user) == [("evening_recap", date(2026, 6, 10), "skipped_done")]


def test_yesterdays_recap_or_a_deleted_one_does_not_silence_tonight(
    app: Flask, push_service: LoopbackPushService
) -> None:
    user = make_user(app, SETUP)
    other = make_user(app, SETUP)
    endpoint = subscribe(app, user, push_service, SETUP)
    other_endpoint = subscribe(app, other, push_service, SETUP)
    add_recap(app, user, date(2026, 6, 9))
    add_recap(app, other, date(2026, 6, 10), deleted=True)

    tick(app, RECAP_DUE + timedelta(seconds=5))

    assert len(push_service.received(endpoint)) == 1
    assert len(push_service.received(other_endpoint)) == 1
    assert deliveries(app, user) == [("evening_recap", date(2026, 6, 10), "sent")]
