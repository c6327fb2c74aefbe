"""Reminders API (list, pause, resume), editing reminders through sync, and the time zone hook."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask

from server.core.clock import Timestamp
from server.extensions import db
from server.models import Reminder
from server.reminders.kinds import REMINDER_NAMESPACE, reminder_id
from server.reminders.store import ensure_defaults
from tests.factories import ApiClient

REMINDERS = "/api/v1/reminders"
PAUSE = "/api/v1/reminders/pause"


def parse(moment: str | None) -> datetime | None:
    return None if moment is None else datetime.fromisoformat(moment)


def by_kind(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {reminder["kind"]: reminder for reminder in body["reminders"]}


def me(api: ApiClient) -> dict[str, Any]:
    return api.get("/api/v1/auth/me").get_json()["user"]


def sync(api: ApiClient, mutations: list[dict[str, Any]], client_id: str | None = None) -> dict:
    body = {
        "client_id": client_id or str(uuid.uuid4()),
        "schema_version": 1,
        "cursor": 0,
        "mutations": mutations,
    }
    response = api.post("/api/v1/sync", body)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def stamp(node: str = "device1") -> str:
    return Timestamp(int(time.time() * 1000), 0, node).pack()


def test_the_four_reminders_come_with_their_defaults_and_next_fire_times(
    user_api: ApiClient,
) -> None:
    body = user_api.get(REMINDERS).get_json()
    assert body["paused_until"] is None
    assert [r["kind"] for r in body["reminders"]] == [
        "evening_recap",
        "morning_intention",
        "mindful_pause",
        "weekly_review",
    ]
    kinds = by_kind(body)
    assert {k: (r["enabled"], r["local_time"], r["weekdays"]) for k, r in kinds.items()} == {
        "evening_recap": (True, "21:00", [0, 1, 2, 3, 4, 5, 6]),
        "morning_intention": (False, "08:00", [0, 1, 2, 3, 4, 5, 6]),
        "mindful_pause": (False, "17:30", [0, 1, 2, 3, 4]),
        "weekly_review": (True, "18:00", [6]),
    }
    recap = parse(kinds["evening_recap"]["next_fire_at"])
    assert recap is not None and recap > datetime.now(UTC)
    assert kinds["morning_intention"]["next_fire_at"] is None
    assert parse(kinds["weekly_review"]["next_fire_at"]).astimezone(UTC).weekday() == 6


def test_reminder_ids_are_uuid5_of_the_user_and_kind_so_devices_agree(
    user_api: ApiClient,
) -> None:
    user_id = me(user_api)["id"]
    kinds = by_kind(user_api.get(REMINDERS).get_json())
    expected = str(uuid.uuid5(REMINDER_NAMESPACE, f"{user_id}:evening_recap"))
    assert kinds["evening_recap"]["id"] == expected == reminder_id(user_id, "evening_recap")


def test_asking_twice_does_not_create_more_reminders(app: Flask, user_api: ApiClient) -> None:
    user_api.get(REMINDERS)
    user_api.get(REMINDERS)
    with app.app_context():
        assert db.session.query(Reminder).count() == 4


def test_the_reminders_reach_a_device_through_sync(user_api: ApiClient) -> None:
    user_api.get(REMINDERS)
    changes = sync(user_api, [])["changes"]
    recap = next(c for c in changes if c["fields"]["kind"] == "evening_recap")
    assert recap["collection"] == "reminders"
    assert recap["fields"] == {
        "kind": "evening_recap",
        "enabled": True,
        "local_time": "21:00",
        "weekdays": [0, 1, 2, 3, 4, 5, 6],
        "deleted": False,
    }


def test_editing_a_reminder_through_sync_reschedules_it(user_api: ApiClient) -> None:
    user_id = me(user_api)["id"]
    user_api.get(REMINDERS)
    mutation = {
        "id": 1,
        "collection": "reminders",
        "record_id": reminder_id(user_id, "morning_intention"),
        "fields": {"enabled": True, "local_time": "07:15", "weekdays": [5, 6, 5]},
        "hlc": stamp(),
    }
    assert sync(user_api, [mutation])["rejected"] == []
    morning = by_kind(user_api.get(REMINDERS).get_json())["morning_intention"]
    assert (morning["enabled"], morning["weekdays"]) == (True, [5, 6])
    fire = parse(morning["next_fire_at"]).astimezone(ZoneInfo("Europe/Berlin"))
    assert (fire.hour, fire.minute, fire.weekday() in (5, 6)) == (7, 15, True)


def test_a_device_can_create_a_reminder_before_the_server_does_without_a_duplicate(
    app: Flask, user_api: ApiClient
) -> None:
    user_id = me(user_api)["id"]
    created = {
        "id": 1,
        "collection": "reminders",
        "record_id": reminder_id(user_id, "evening_recap"),
        "fields": {
            "kind": "evening_recap",
            "enabled": False,
            "local_time": "20:00",
            "weekdays": [0],
        },
        "hlc": stamp(),
    }
    assert sync(user_api, [created])["rejected"] == []
    recap = by_kind(user_api.get(REMINDERS).get_json())["evening_recap"]
    assert (recap["enabled"], recap["local_time"]) == (False, "20:00")  # the device's choice won
    with app.app_context():
        assert db.session.query(Reminder).count() == 4


def test_a_device_edit_made_offline_before_the_defaults_existed_still_wins(
    app: Flask, user_api: ApiClient
) -> None:
    user_id = me(user_api)["id"]
    early = Timestamp(int(time.time() * 1000) - 60_000, 0, "device1").pack()
    with app.app_context():
        ensure_defaults(user_id, datetime.now(UTC))
    edit = {
        "id": 1,
        "collection": "reminders",
        "record_id": reminder_id(user_id, "evening_recap"),
        "fields": {"enabled": False},
        "hlc": early,
    }
    sync(user_api, [edit])
    recap = by_kind(user_api.get(REMINDERS).get_json())["evening_recap"]
    assert (recap["enabled"], recap["next_fire_at"]) == (False, None)


@pytest.mark.parametrize(
    "fields",
    [
        {"local_time": "25:00"},
        {"local_time": "9:00"},
        {"weekdays": [7]},
        {"weekdays": "mon"},
        {"enabled": "yes"},
        {"kind": "nightly_nag"},
        {"next_fire_at": "2026-01-01T00:00:00Z"},
    ],
)
def test_invalid_reminder_edits_are_rejected_by_sync(
    user_api: ApiClient, fields: dict[str, Any]
) -> None:
    user_id = me(user_api)["id"]
    user_api.get(REMINDERS)
    mutation = {
        "id": 1,
        "collection": "reminders",
        "record_id": reminder_id(user_id, "evening_recap"),
        "fields": fields,
        "hlc": stamp(),
    }
    (rejected,) = sync(user_api, [mutation])["rejected"]
    assert rejected["error"] == "validation_error"


def test_pausing_for_a_week_moves_every_next_fire_time_past_the_pause(
    user_api: ApiClient,
) -> None:
    before = datetime.now(UTC)
    body = user_api.post(PAUSE, {"days": 7}).get_json()
    until = parse(body["paused_until"])
    assert before + timedelta(days=7) <= until <= datetime.now(UTC) + timedelta(days=7)
    for reminder in body["reminders"]:
        if reminder["enabled"]:
            assert parse(reminder["next_fire_at"]) > until
    assert user_api.get(REMINDERS).get_json()["paused_until"] == body["paused_until"]


def test_resuming_ends_the_pause_and_reschedules_from_now(user_api: ApiClient) -> None:
    user_api.post(PAUSE, {"days": 30})
    body = user_api.delete(PAUSE).get_json()
    assert body["paused_until"] is None
    recap = parse(by_kind(body)["evening_recap"]["next_fire_at"])
    assert recap < datetime.now(UTC) + timedelta(days=1, minutes=1)


def test_resuming_without_a_pause_is_harmless(user_api: ApiClient) -> None:
    response = user_api.delete(PAUSE)
    assert response.status_code == 200
    assert response.get_json()["paused_until"] is None


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"days": 0},
        {"days": 31},
        {"days": "7"},
        {"days": True},
        {"days": 1.5},
        {"days": 7, "until": "soon"},
        [7],
    ],
)
def test_a_bad_pause_is_a_400_and_pauses_nothing(user_api: ApiClient, body: Any) -> None:
    response = user_api.post(PAUSE, body)
    assert response.status_code == 400
    assert response.get_json()["fields"]
    assert user_api.get(REMINDERS).get_json()["paused_until"] is None


def test_changing_time_zone_keeps_reminders_on_the_local_clock(user_api: ApiClient) -> None:
    berlin = parse(by_kind(user_api.get(REMINDERS).get_json())["evening_recap"]["next_fire_at"])
    user_api.patch("/api/v1/auth/me", {"time_zone": "America/New_York"})
    new_york = parse(by_kind(user_api.get(REMINDERS).get_json())["evening_recap"]["next_fire_at"])
    assert new_york != berlin
    local = new_york.astimezone(ZoneInfo("America/New_York"))
    assert (local.hour, local.minute) == (21, 0)
