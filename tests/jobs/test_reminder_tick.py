"""The reminder tick with a fixed `now`, sending to the loopback push service for real."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask

from server.extensions import db
from server.models import PushSubscription, ReminderPrefs
from server.reminders import store as reminder_store
from tests.conftest import app_with_schema
from tests.jobs.helpers import (
    add_wins,
    deliveries,
    make_user,
    next_fire,
    set_reminder,
    subscribe,
    tick,
)
from tests.pushservice import LoopbackPushService

# Wednesday 10 June 2026; Berlin is UTC+2, so the 21:00 recap is due at 19:00 UTC.
SETUP = datetime(2026, 6, 10, 8, 0, tzinfo=UTC)
RECAP_DUE = datetime(2026, 6, 10, 19, 0, tzinfo=UTC)


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    yield from app_with_schema(database_url, tmp_path, PUSH_BACKOFF_S=0.01, PUSH_TIMEOUT_S=5.0)


@pytest.fixture
def user(app: Flask) -> str:
    return make_user(app, SETUP)


@pytest.fixture
def endpoint(app: Flask, user: str, push_service: LoopbackPushService) -> str:
    return subscribe(app, user, push_service, SETUP)


def payloads(service: LoopbackPushService, endpoint: str) -> list[dict]:
    return [message["payload"] for message in service.received(endpoint)]


def test_a_due_evening_recap_arrives_decrypted_with_its_words_and_link(
    app: Flask, user: str, endpoint: str, push_service: LoopbackPushService
) -> None:
    assert next_fire(app, user, "evening_recap") == RECAP_DUE
    report = tick(app, RECAP_DUE + timedelta(seconds=20))
    (message,) = push_service.received(endpoint)
    assert message["payload"] == {
        "title": "Small Wins",
        "body": "What went well today? Even small things count.",
        "url": "/recap",
        "tag": "evening_recap",
        "kind": "evening_recap",
    }
    assert (message["ttl"], message["urgency"], message["topic"]) == (
        4 * 3600,
        "normal",
        "evening_recap",
    )
    assert (report.sent, report.delivered, report.failed) == (1, 1, 0)
    assert deliveries(app, user) == [("evening_recap", date(2026, 6, 10), "sent")]
    assert next_fire(app, user, "evening_recap") == RECAP_DUE + timedelta(days=1)


def test_the_evening_recap_celebrates_the_wins_logged_that_local_day(
    app: Flask, user: str, endpoint: str, push_service: LoopbackPushService
) -> None:
    add_wins(app, user, date(2026, 6, 10), 3, RECAP_DUE - timedelta(hours=2))
    add_wins(app, user, date(2026, 6, 9), 2, RECAP_DUE - timedelta(days=1))
    tick(app, RECAP_DUE)
    assert [p["body"] for p in payloads(push_service, endpoint)] == [
        "3 wins today — want to look back?"
    ]


@pytest.mark.parametrize(
    ("kind", "local_time", "due", "body", "url", "ttl", "urgency"),
    [
        (
            "morning_intention",
            "08:00",
            datetime(2026, 6, 11, 6, 0, tzinfo=UTC),
            "What's one win you want to look back on today?",
            "/intention",
            3 * 3600,
            "normal",
        ),
        (
            "mindful_pause",
            "17:30",
            datetime(2026, 6, 10, 15, 30, tzinfo=UTC),
            "Before you finish: one action that moved you forward today?",
            "/pause",
            3600,
            "normal",
        ),
        (
            "weekly_review",
            "18:00",
            datetime(2026, 6, 14, 16, 0, tzinfo=UTC),
            # No wins that week: no summary to open, so no promise of one.
            "A new week is nearly here. Small wins count, whenever they come.",
            "/today",
            24 * 3600,
            "low",
        ),
    ],
)
def test_each_kind_sends_its_own_words_link_ttl_and_urgency(
    app: Flask,
    user: str,
    endpoint: str,
    push_service: LoopbackPushService,
    kind: str,
    local_time: str,
    due: datetime,
    body: str,
    url: str,
    ttl: int,
    urgency: str,
) -> None:
    set_reminder(app, user, "evening_recap", SETUP, enabled=False)
    set_reminder(app, user, kind, SETUP, enabled=True, local_time=local_time)
    assert next_fire(app, user, kind) == due
    tick(app, due + timedelta(minutes=1))
    (message,) = push_service.received(endpoint)
    assert message["payload"] == {
        "title": "Small Wins",
        "body": body,
        "url": url,
        "tag": kind,
        "kind": kind,
    }
    assert (message["ttl"], message["urgency"], message["topic"]) == (ttl, urgency, kind)


def test_the_mindful_pause_skips_weekends(app: Flask, user: str) -> None:
    friday = datetime(2026, 6, 12, 16, 0, tzinfo=UTC)
    set_reminder(app, user, "mindful_pause", friday, enabled=True)
    assert next_fire(app, user, "mindful_pause") == datetime(2026, 6, 15, 15, 30, tzinfo=UTC)


def test_a_reminder_missed_in_an_outage_is_skipped_once_past_its_ttl(
    app: Flask, user: str, endpoint: str, push_service: LoopbackPushService
) -> None:
    back = RECAP_DUE + timedelta(hours=4, minutes=1)
    report = tick(app, back)
    assert push_service.received(endpoint) == []
    assert report.skipped == 1
    assert deliveries(app, user) == [("evening_recap", date(2026, 6, 10), "skipped_stale")]
    assert next_fire(app, user, "evening_recap") == RECAP_DUE + timedelta(days=1)


def test_a_reminder_missed_in_a_short_outage_is_caught_up_within_its_ttl(
    app: Flask, user: str, endpoint: str, push_service: LoopbackPushService
) -> None:
    tick(app, RECAP_DUE + timedelta(hours=3, minutes=50))
    assert len(push_service.received(endpoint)) == 1
    assert next_fire(app, user, "evening_recap") == RECAP_DUE + timedelta(days=1)


def test_an_outage_of_days_skips_the_missed_days_but_sends_a_fresh_one(
    app: Flask, user: str, endpoint: str, push_service: LoopbackPushService
) -> None:
    tick(app, RECAP_DUE + timedelta(days=3, hours=1))
    assert len(push_service.received(endpoint)) == 1  # tonight's, one hour late
    assert deliveries(app, user) == [("evening_recap", date(2026, 6, 13), "sent")]
    assert next_fire(app, user, "evening_recap") == RECAP_DUE + timedelta(days=4)


def test_an_outage_of_days_ending_in_the_morning_sends_nothing_stale(
    app: Flask, user: str, endpoint: str, push_service: LoopbackPushService
) -> None:
    morning = datetime(2026, 6, 13, 7, 0, tzinfo=UTC)
    tick(app, morning)
    assert push_service.received(endpoint) == []
    assert deliveries(app, user) == [("evening_recap", date(2026, 6, 10), "skipped_stale")]
    assert next_fire(app, user, "evening_recap") == datetime(2026, 6, 13, 19, 0, tzinfo=UTC)


def test_a_paused_user_gets_nothing_until_the_pause_ends(
    app: Flask, user: str, endpoint: str, push_service: LoopbackPushService
) -> None:
    with app.app_context():
        reminder_store.pause(db.session.get(reminder_store.User, user), 2, SETUP)
    assert next_fire(app, user, "evening_recap") == RECAP_DUE + timedelta(days=2)
    tick(app, RECAP_DUE)
    tick(app, RECAP_DUE + timedelta(days=1))
    assert push_service.received(endpoint) == []
    tick(app, RECAP_DUE + timedelta(days=2))
    assert len(push_service.received(endpoint)) == 1


def test_a_pause_that_lands_while_a_reminder_is_due_is_recorded_as_skipped(
    app: Flask, user: str, endpoint: str, push_service: LoopbackPushService
) -> None:
    # The pause row is written without rescheduling, as if it raced with the claim.
    with app.app_context():
        db.session.add(ReminderPrefs(user_id=user, paused_until=RECAP_DUE + timedelta(hours=12)))
        db.session.commit()
    tick(app, RECAP_DUE)
    assert push_service.received(endpoint) == []
    assert deliveries(app, user) == [("evening_recap", date(2026, 6, 10), "skipped_paused")]
    assert next_fire(app, user, "evening_recap") == RECAP_DUE + timedelta(days=1)


def test_a_disabled_reminder_gets_nothing(
    app: Flask, user: str, endpoint: str, push_service: LoopbackPushService
) -> None:
    set_reminder(app, user, "evening_recap", SETUP, enabled=False)
    assert next_fire(app, user, "evening_recap") is None
    report = tick(app, RECAP_DUE + timedelta(minutes=5))
    assert report.claimed == 0
    assert push_service.received(endpoint) == []


def test_next_fire_at_keeps_21_00_local_across_the_spring_dst_change(
    app: Flask, push_service: LoopbackPushService
) -> None:
    before = datetime(2026, 3, 28, 10, 0, tzinfo=UTC)  # Saturday, Berlin on CET (UTC+1)
    user = make_user(app, before)
    endpoint = subscribe(app, user, push_service, before)
    saturday = datetime(2026, 3, 28, 20, 0, tzinfo=UTC)
    assert next_fire(app, user, "evening_recap") == saturday
    tick(app, saturday)
    # Clocks go forward on Sunday 29 March: 21:00 CEST is 19:00 UTC, 23 hours later.
    sunday = datetime(2026, 3, 29, 19, 0, tzinfo=UTC)
    assert next_fire(app, user, "evening_recap") == sunday
    tick(app, sunday)
    kinds = [p["kind"] for p in payloads(push_service, endpoint)]
    assert kinds.count("evening_recap") == 2


def test_gone_subscriptions_are_deleted_and_failures_do_not_block_others(
    app: Flask, user: str, endpoint: str, push_service: LoopbackPushService
) -> None:
    gone = subscribe(app, user, push_service, SETUP)
    other = make_user(app, SETUP)
    broken = subscribe(app, other, push_service, SETUP)
    throttled = subscribe(app, make_user(app, SETUP), push_service, SETUP)
    push_service.fail_next(gone, 410)
    push_service.fail_next(broken, 500, times=10)
    push_service.fail_next(throttled, 429, retry_after="0")
    report = tick(app, RECAP_DUE)
    assert len(push_service.received(endpoint)) == 1
    assert len(push_service.received(throttled)) == 1  # retried after the 429
    assert push_service.received(broken) == []
    assert (report.delivered, report.failed, report.removed) == (2, 2, 1)
    with app.app_context():
        endpoints = set(db.session.scalars(db.select(PushSubscription.endpoint)))
    assert gone not in endpoints
    assert {endpoint, broken, throttled} <= endpoints
    assert deliveries(app, other) == [("evening_recap", date(2026, 6, 10), "failed")]


def test_a_user_without_subscriptions_is_recorded_and_advanced(app: Flask, user: str) -> None:
    tick(app, RECAP_DUE)
    assert deliveries(app, user) == [("evening_recap", date(2026, 6, 10), "no_subscriptions")]
    assert next_fire(app, user, "evening_recap") == RECAP_DUE + timedelta(days=1)


def test_the_tick_creates_reminders_for_a_subscriber_who_never_opened_settings(
    app: Flask, push_service: LoopbackPushService
) -> None:
    with app.app_context():
        from server.auth import store as auth_store
        from tests.conftest import FAST_HASH

        user = auth_store.create_user("new@example.org", "x" * 12, "Europe/Berlin", FAST_HASH).id
    endpoint = subscribe(app, user, push_service, SETUP)
    tick(app, SETUP)
    assert next_fire(app, user, "evening_recap") == RECAP_DUE
    tick(app, RECAP_DUE)
    assert len(push_service.received(endpoint)) == 1
