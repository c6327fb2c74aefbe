"""The "recaps" collection through POST /api/v1/sync: one record per day, written offline on
any device, converging per field; and the wins a recap or a pause writes."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from server.core.clock import Timestamp
from server.extensions import db
from server.models import Recap, Win
from tests.factories import ApiClient

DAY = "2026-11-23"
DONE = "2026-11-23T20:15:00Z"
NOW_MS = 1_795_000_000_000
NAMESPACE = uuid.UUID("3f6d8b1e-2a4c-4e7f-9b15-6c0a7d2e8f43")


def new_id() -> str:
    return str(uuid.uuid4())


def mutation(
    mutation_id: int, record_id: str, fields: dict[str, Any], *, collection: str = "recaps", at=0
) -> dict[str, Any]:
    return {
        "id": mutation_id,
        "collection": collection,
        "record_id": record_id,
        "fields": fields,
        "hlc": Timestamp(NOW_MS + at + mutation_id, 0, "device").pack(),
    }


def synced(api: ApiClient, client_id: str, mutations: list[dict[str, Any]] = (), cursor=0) -> dict:
    body = {"client_id": client_id, "schema_version": 1, "cursor": cursor, "mutations": mutations}
    response = api.post("/api/v1/sync", body)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def recaps(app: Flask) -> list[Recap]:
    with app.app_context():
        return list(db.session.scalars(sa.select(Recap).order_by(Recap.server_seq)))


@pytest.fixture
def device(user_api: ApiClient, app: Flask) -> ApiClient:
    app.config["CLOCK"] = lambda: datetime.fromtimestamp(NOW_MS / 1000, UTC)
    return user_api


def test_a_recap_done_on_one_device_reaches_another(device: ApiClient, app: Flask) -> None:
    record = str(uuid.uuid5(NAMESPACE, f"someone:{DAY}"))
    fields = {"local_day": DAY, "done_at": DONE, "helped": "  A walk ", "intention": "happened"}
    pushed = synced(device, new_id(), [mutation(1, record, fields)])
    assert pushed["rejected"] == []

    [change] = [c for c in synced(device, new_id())["changes"] if c["collection"] == "recaps"]
    assert change["record_id"] == record
    assert change["fields"] == {
        "local_day": DAY,
        "done_at": "2026-11-23T20:15:00+00:00",
        "helped": "A walk",
        "intention": "happened",
        "deleted": False,
    }


def test_two_devices_closing_the_same_day_offline_converge_field_by_field(
    device: ApiClient, app: Flask
) -> None:
    # Both devices name the day's recap the same (uuid5), so they edit one record.
    record = str(uuid.uuid5(NAMESPACE, f"me:{DAY}"))
    phone, laptop = new_id(), new_id()
    base = {"local_day": DAY, "done_at": DONE}
    synced(device, phone, [mutation(1, record, {**base, "helped": "Tea", "intention": None})])
    # The laptop wrote later (newer clock) but only answered the intention question.
    later = {**base, "intention": "not_today"}
    synced(device, laptop, [mutation(1, record, later, at=1000)])
    synced(device, phone, [mutation(2, record, {"helped": "Tea with Ana"}, at=2000)])

    [row] = recaps(app)
    assert (row.helped, row.intention, row.deleted) == ("Tea with Ana", "not_today", False)
    # Both devices pull the same final fields.
    seen = []
    for client in (phone, laptop):
        changes = synced(device, client)["changes"]
        seen.append([c["fields"] for c in changes if c["collection"] == "recaps"])
    assert seen[0] == seen[1]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"done_at": DONE}, "local_day"),
        ({"local_day": DAY}, "done_at"),
        ({"local_day": DAY, "done_at": DONE, "helped": "x" * 501}, "helped"),
        ({"local_day": DAY, "done_at": DONE, "intention": "maybe"}, "intention"),
        ({"local_day": DAY, "done_at": "yesterday"}, "done_at"),
    ],
)
def test_a_bad_recap_is_rejected_with_its_field(
    device: ApiClient, app: Flask, fields: dict[str, Any], field: str
) -> None:
    body = synced(device, new_id(), [mutation(1, new_id(), fields)])
    [rejection] = body["rejected"]
    assert field in rejection["fields"]
    assert recaps(app) == []


def test_a_pause_is_a_win_of_kind_pause_and_a_plain_win_defaults_to_win(
    device: ApiClient, app: Flask
) -> None:
    moment = {"happened_at": "2026-11-23T16:30:00Z", "local_day": DAY}
    pause, plain, odd = new_id(), new_id(), new_id()
    body = synced(
        device,
        new_id(),
        [
            mutation(
                1, pause, {"text": "Sent the draft", **moment, "kind": "pause"}, collection="wins"
            ),
            mutation(2, plain, {"text": "Tea", **moment}, collection="wins"),
            mutation(3, odd, {"text": "Hm", **moment, "kind": "grade"}, collection="wins"),
        ],
    )
    assert [r["id"] for r in body["rejected"]] == [3]
    with app.app_context():
        kinds = {w.id: w.kind for w in db.session.scalars(sa.select(Win))}
    assert kinds == {pause: "pause", plain: "win"}


def test_a_win_can_name_the_intention_it_fulfils(device: ApiClient, app: Flask) -> None:
    intention = new_id()
    fields = {
        "text": "Called Ana",
        "happened_at": "2026-11-23T20:00:00Z",
        "local_day": DAY,
        "intention_id": intention,
    }
    synced(device, new_id(), [mutation(1, new_id(), fields, collection="wins")])
    [change] = [c for c in synced(device, new_id())["changes"] if c["collection"] == "wins"]
    assert change["fields"]["intention_id"] == intention
    assert change["fields"]["kind"] == "win"
