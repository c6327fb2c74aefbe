"""The weekly review push says the week is ready only once its summary exists, and opens it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask

from server.push.messages import reminder_message
from tests.conftest import app_with_schema
from tests.jobs.helpers import make_user, next_fire, set_reminder, subscribe, tick
from tests.jobs.weekly_helpers import DUE, add_week, summaries
from tests.pushservice import LoopbackPushService

SETUP = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    yield from app_with_schema(database_url, tmp_path, PUSH_BACKOFF_S=0.01, PUSH_TIMEOUT_S=5.0)


def test_the_weekly_push_comes_with_its_summary_and_opens_that_week(
    app: Flask, push_service: LoopbackPushService
) -> None:
    user = make_user(app, SETUP)
    endpoint = subscribe(app, user, push_service, SETUP)
    set_reminder(app, user, "evening_recap", SETUP, enabled=False)
    add_week(app, user)
    set_reminder(app, user, "weekly_review", DUE - timedelta(days=1))
    assert next_fire(app, user, "weekly_review") == DUE
    assert summaries(app, user) == []  # the summary job has not run yet
    tick(app, DUE + timedelta(seconds=30))
    (message,) = push_service.received(endpoint)
    assert message["payload"]["body"] == "Your week in small wins is ready."
    assert message["payload"]["url"] == "/week/2026-W47"
    (summary,) = summaries(app, user)
    assert (summary.week, summary.data["wins"]) == ("2026-W47", 3)


def test_without_a_summary_to_open_the_weekly_push_promises_none() -> None:
    message = reminder_message("weekly_review")
    assert "ready" not in message.payload["body"]
    assert message.payload["url"] == "/today"
