"""Huey is built from config in the factory, and its tick task runs the real tick."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from huey import PostgresHuey, RedisHuey, SqliteHuey

from server.extensions import db
from server.jobs.queue import make_huey
from tests.conftest import POSTGRES_URL, make_app
from tests.jobs.helpers import make_user, subscribe
from tests.pushservice import LoopbackPushService

REDIS_URL = os.environ.get("TEST_REDIS_URL")


def _app(tmp_path: Path, **overrides: object) -> Flask:
    app = make_app(f"sqlite:///{tmp_path / 'test.sqlite3'}", tmp_path, **overrides)
    with app.app_context():
        db.create_all()
    return app


def test_the_embedded_queue_is_sqlite_huey_on_its_own_file_in_the_instance_folder(
    tmp_path: Path,
) -> None:
    huey = _app(tmp_path).extensions["huey"]
    assert isinstance(huey, SqliteHuey)
    assert Path(huey.storage.filename) == tmp_path / "instance" / "huey.sqlite3"


def test_the_periodic_tasks_are_the_minute_tick_and_the_quarter_hourly_weekly_pass(
    tmp_path: Path,
) -> None:
    huey = _app(tmp_path).extensions["huey"]
    tasks = {task.name: task for task in huey._registry.periodic_tasks}
    assert sorted(tasks) == ["reminder_tick", "weekly_pass"]
    assert tasks["reminder_tick"].validate_datetime(datetime(2026, 6, 10, 19, 7))
    assert tasks["weekly_pass"].validate_datetime(datetime(2026, 6, 10, 19, 15))
    assert not tasks["weekly_pass"].validate_datetime(datetime(2026, 6, 10, 19, 7))


def test_the_tick_task_in_immediate_mode_sends_due_reminders(
    tmp_path: Path, push_service: LoopbackPushService
) -> None:
    app = _app(tmp_path, HUEY_IMMEDIATE=True)
    now = datetime.now(UTC)
    user = make_user(app, now - timedelta(days=2))
    endpoint = subscribe(app, user, push_service, now)
    with app.app_context():
        from server.models import Reminder

        for row in db.session.scalars(db.select(Reminder).where(Reminder.user_id == user)):
            if row.kind == "evening_recap":
                row.next_fire_at = now - timedelta(minutes=1)
        db.session.commit()
    result = app.extensions["huey_tasks"]["reminder_tick"]()
    result.get()  # immediate mode: already ran; re-raises if the task failed
    assert [m["payload"]["kind"] for m in push_service.received(endpoint)] == ["evening_recap"]


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("redis://127.0.0.1:6379/15", RedisHuey),
        ("postgresql://postgres@127.0.0.1:5432/test", PostgresHuey),
        ("postgresql+psycopg://postgres@127.0.0.1:5432/test", PostgresHuey),
    ],
)
def test_huey_url_selects_the_backend(tmp_path: Path, url: str, kind: type) -> None:
    # Immediate mode swaps in memory storage, so choosing needs no running server.
    assert isinstance(make_huey({"HUEY_URL": url, "HUEY_IMMEDIATE": True}, tmp_path), kind)


def test_an_unknown_huey_url_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="HUEY_URL"):
        make_huey({"HUEY_URL": "amqp://queue"}, tmp_path)


def _run_one_queued_tick(app: Flask) -> None:
    huey = app.extensions["huey"]
    try:
        huey.flush()
        app.extensions["huey_tasks"]["reminder_tick"]()
        assert huey.pending_count() == 1
        huey.execute(huey.dequeue())  # what a consumer's worker does
        assert huey.pending_count() == 0
    finally:
        huey.storage.close()


@pytest.mark.redis
@pytest.mark.skipif(not REDIS_URL, reason="TEST_REDIS_URL is not set")
def test_redis_huey_carries_the_tick_through_a_real_redis(tmp_path: Path) -> None:
    app = _app(tmp_path, HUEY_URL=REDIS_URL)
    assert isinstance(app.extensions["huey"], RedisHuey)
    _run_one_queued_tick(app)


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason="TEST_DATABASE_URL is not set")
def test_postgres_huey_carries_the_tick_through_a_real_postgresql(tmp_path: Path) -> None:
    app = _app(tmp_path, HUEY_URL=POSTGRES_URL)
    assert isinstance(app.extensions["huey"], PostgresHuey)
    _run_one_queued_tick(app)


def test_the_weekly_pass_enqueues_batches_that_make_the_summaries(tmp_path: Path) -> None:
    app = _app(tmp_path, HUEY_IMMEDIATE=True, WEEKLY_BATCH_SIZE=2)
    users = [make_user(app, datetime(2026, 1, 1, tzinfo=UTC)) for _ in range(5)]
    app.extensions["huey_tasks"]["weekly_pass"]().get()  # immediate: batches ran inline too
    with app.app_context():
        from server.models import WeeklySummary

        owners = db.session.scalars(db.select(WeeklySummary.user_id)).all()
    assert sorted(owners) == sorted(users)
