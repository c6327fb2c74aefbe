"""Summaries and reflections through POST /api/v1/sync: summaries reach every device and no
device can write one; reflections are written offline on devices and converge."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest
from flask import Flask

from server.extensions import db
from server.jobs.weekly import run_weekly
from server.summaries.store import summary_id
from tests.factories import ApiClient
from tests.jobs.weekly_helpers import DUE, MONDAY, add_week, summaries

NOW_MS = int(DUE.timestamp() * 1000)


def stamp(n: int) -> str:
    from server.core.clock import Timestamp

    return Timestamp(NOW_MS + n, 0, "device").pack()


def mutation(n: int, collection: str, record_id: str, fields: dict[str, Any]) -> dict:
    return {
        "id": n,
        "collection": collection,
        "record_id": record_id,
        "fields": fields,
        "hlc": stamp(n),
    }


def synced(api: ApiClient, client_id: str, mutations: list[dict] = (), cursor: int = 0) -> dict:
    body = {
        "client_id": client_id,
        "schema_version": 1,
        "cursor": cursor,
        "mutations": list(mutations),
    }
    response = api.post("/api/v1/sync", body)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.fixture
def device(user_api: ApiClient, app: Flask) -> ApiClient:
    app.config["CLOCK"] = lambda: DUE + timedelta(minutes=5)
    return user_api


@pytest.fixture
def user_id(device: ApiClient, app: Flask) -> str:
    from server.models import User

    with app.app_context():
        return db.session.scalar(db.select(User.id).where(User.email == device.email))


def summarise(app: Flask, now: datetime) -> None:
    with app.app_context():
        run_weekly(now)
        db.session.remove()


def test_a_summary_reaches_the_device_through_sync(device: ApiClient, app: Flask, user_id: str):
    add_week(app, user_id)
    summarise(app, DUE)
    changes = synced(device, str(uuid.uuid4()))["changes"]
    (summary,) = [c for c in changes if c["collection"] == "summaries"]
    assert summary["record_id"] == summary_id(user_id, "2026-W47")
    assert summary["fields"]["week"] == "2026-W47"
    assert summary["fields"]["data"]["wins"] == 3
    assert "dirty" not in summary["fields"]


def test_a_device_cannot_write_a_summary(device: ApiClient, app: Flask, user_id: str):
    add_week(app, user_id)
    summarise(app, DUE)
    record = summary_id(user_id, "2026-W47")
    forged = {"week": "2026-W47", "data": {"wins": 100}}
    result = synced(device, str(uuid.uuid4()), [mutation(1, "summaries", record, forged)])
    assert result["acked"] == 1
    (rejected,) = result["rejected"]
    assert rejected["error"] == "server_only"
    assert rejected["message"] == "Small Wins writes these itself, so a device can't change them."
    assert summaries(app, user_id)[0].data["wins"] == 3
    # Nor create one for a week the job has not summarised.
    other = synced(device, str(uuid.uuid4()), [mutation(1, "summaries", str(uuid.uuid4()), forged)])
    assert other["rejected"][0]["error"] == "server_only"
    assert len(summaries(app, user_id)) == 1


def test_a_win_synced_late_refreshes_the_summary_once(device: ApiClient, app: Flask, user_id: str):
    add_week(app, user_id)
    summarise(app, DUE)
    sunday = MONDAY + timedelta(days=6)
    late = [
        mutation(
            n,
            "wins",
            str(uuid.uuid4()),
            {
                "text": f"Late win {n}",
                "happened_at": f"{sunday.isoformat()}T19:00:00+00:00",
                "local_day": sunday.isoformat(),
            },
        )
        for n in (1, 2, 3)
    ]
    synced(device, str(uuid.uuid4()), late)
    assert summaries(app, user_id)[0].dirty is True
    with app.app_context():
        report = run_weekly(DUE + timedelta(minutes=15))
    (summary,) = summaries(app, user_id)
    assert (report.refreshed, summary.dirty, summary.data["wins"]) == (1, False, 6)


def test_a_win_for_a_week_not_yet_summarised_marks_nothing(
    device: ApiClient, app: Flask, user_id: str
):
    add_week(app, user_id)
    summarise(app, DUE)
    today = (MONDAY + timedelta(days=7)).isoformat()
    win = {"text": "New week", "happened_at": f"{today}T09:00:00+00:00", "local_day": today}
    synced(device, str(uuid.uuid4()), [mutation(1, "wins", str(uuid.uuid4()), win)])
    assert summaries(app, user_id)[0].dirty is False


def test_reflections_written_on_two_devices_converge(device: ApiClient, app: Flask):
    record = str(uuid.uuid4())
    phone, laptop = str(uuid.uuid4()), str(uuid.uuid4())
    # Written offline on both; the laptop's answer to the same question is later.
    synced(
        device,
        phone,
        [
            mutation(
                1,
                "reflections",
                record,
                {
                    "week": "2026-W47",
                    "meaningful": " Saying no felt brave ",
                    "patterns": "Mornings",
                },
            )
        ],
    )
    synced(
        device,
        laptop,
        [
            mutation(
                5,
                "reflections",
                record,
                {
                    "week": "2026-W47",
                    "patterns": "Walks in the morning",
                    "consistency": "Small steps",
                },
            )
        ],
    )
    seen = []
    for client in (phone, laptop):
        changes = synced(device, client)["changes"]
        seen.append([c["fields"] for c in changes if c["collection"] == "reflections"])
    assert seen[0] == seen[1]
    (fields,) = seen[0]
    assert fields == {
        "week": "2026-W47",
        "meaningful": "Saying no felt brave",
        "patterns": "Walks in the morning",
        "consistency": "Small steps",
        "deleted": False,
    }


def test_a_reflection_for_a_malformed_week_or_too_long_is_rejected_with_field_messages(
    device: ApiClient,
):
    bad = [
        mutation(1, "reflections", str(uuid.uuid4()), {"week": "week 47"}),
        mutation(
            2, "reflections", str(uuid.uuid4()), {"week": "2026-W47", "meaningful": "x" * 2001}
        ),
    ]
    rejected = synced(device, str(uuid.uuid4()), bad)["rejected"]
    assert rejected[0]["fields"] == {"week": ["Use an ISO week like 2026-W47."]}
    assert rejected[1]["fields"] == {"meaningful": ["Use at most 2000 characters."]}
