"""The tick keys every reminder by (id, owner): another account's rows under the same ids
(reminder ids are deterministic, uuid5(user, kind)) are neither sent nor able to disturb
the owner's schedule."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask

from server.extensions import db
from server.models import Reminder
from server.reminders import store as reminder_store
from server.reminders.kinds import KIND_NAMES, reminder_id
from tests.conftest import app_with_schema
from tests.jobs.helpers import deliveries, make_user, next_fire, subscribe, tick
from tests.pushservice import LoopbackPushService

SETUP = datetime(2026, 6, 10, 8, 0, tzinfo=UTC)
RECAP_DUE = datetime(2026, 6, 10, 19, 0, tzinfo=UTC)  # 21:00 in Berlin


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    yield from app_with_schema(database_url, tmp_path, PUSH_BACKOFF_S=0.01, PUSH_TIMEOUT_S=5.0)


def test_a_squatter_s_rows_under_the_owner_s_ids_do_not_fire_or_move_the_owner_s(
    app: Flask, push_service: LoopbackPushService
) -> None:
    owner = make_user(app, SETUP)
    squatter = make_user(app, SETUP)
    owner_endpoint = subscribe(app, owner, push_service, SETUP)
    squatter_endpoint = subscribe(app, squatter, push_service, SETUP)
    with app.app_context():
        for seq, kind in enumerate(KIND_NAMES, start=100):
            values = reminder_store.default_values(kind)
            db.session.add(
                Reminder(
                    id=reminder_id(owner, kind),
                    user_id=squatter,
                    server_seq=seq,
                    field_clock={},
                    next_fire_at=RECAP_DUE,  # due together with the owner's recap
                    **{**values, "enabled": True},
                )
            )
        db.session.commit()
    report = tick(app, RECAP_DUE + timedelta(seconds=20))
    assert report.sent == 2  # the owner's recap and the squatter's own, nothing else
    assert len(push_service.received(owner_endpoint)) == 1
    assert len(push_service.received(squatter_endpoint)) == 1
    assert [d[0] for d in deliveries(app, owner)] == ["evening_recap"]
    assert next_fire(app, owner, "evening_recap") == RECAP_DUE + timedelta(days=1)
