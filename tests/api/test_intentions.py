"""The "intentions" collection through POST /api/v1/sync: one line a day, trimmed, synced."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from server.core.clock import Timestamp
from server.extensions import db
from server.models import Intention
from tests.factories import ApiClient

DAY = "2026-11-23"
NOW_MS = 1_795_000_000_000


def new_id() -> str:
    return str(uuid.uuid4())


def stamp(n: int) -> str:
    return Timestamp(NOW_MS + n, 0, "device").pack()


def mutation(mutation_id: int, record_id: str, fields: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": mutation_id,
        "collection": "intentions",
        "record_id": record_id,
        "fields": fields,
        "hlc": stamp(mutation_id),
    }


def synced(api: ApiClient, client_id: str, mutations: list[dict[str, Any]] = ()) -> dict:
    body = {"client_id": client_id, "schema_version": 1, "cursor": 0, "mutations": list(mutations)}
    response = api.post("/api/v1/sync", body)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def stored(app: Flask) -> list[Intention]:
    with app.app_context():
        return list(db.session.scalars(sa.select(Intention).order_by(Intention.server_seq)))


@pytest.fixture
def device(user_api: ApiClient, app: Flask) -> ApiClient:
    # The stamps above are near this moment, so none looks like a clock running ahead.
    app.config["CLOCK"] = lambda: datetime.fromtimestamp(NOW_MS / 1000, UTC)
    return user_api


def test_an_intention_set_on_one_device_reaches_another_trimmed(
    device: ApiClient, app: Flask
) -> None:
    record = new_id()
    pushed = synced(
        device, new_id(), [mutation(1, record, {"text": "  Call Ana ", "local_day": DAY})]
    )
    assert pushed["acked"] == 1 and pushed["rejected"] == []

    pulled = synced(device, new_id())
    [change] = [c for c in pulled["changes"] if c["collection"] == "intentions"]
    assert change["record_id"] == record
    assert change["fields"] == {"text": "Call Ana", "local_day": DAY, "deleted": False}
    [row] = stored(app)
    assert (row.text, row.local_day.isoformat()) == ("Call Ana", DAY)


def test_editing_the_text_later_keeps_the_day(device: ApiClient, app: Flask) -> None:
    record, client = new_id(), new_id()
    synced(device, client, [mutation(1, record, {"text": "Walk", "local_day": DAY})])
    body = synced(device, client, [mutation(2, record, {"text": "Walk in the park"})])
    assert body["rejected"] == []
    [row] = stored(app)
    assert (row.text, row.local_day.isoformat()) == ("Walk in the park", DAY)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"text": "   ", "local_day": DAY}, "text"),
        ({"text": "x" * 281, "local_day": DAY}, "text"),
        ({"text": 7, "local_day": DAY}, "text"),
        ({"text": "Rest", "local_day": "23/11/2026"}, "local_day"),
        ({"text": "Rest"}, "local_day"),
        ({"text": "Rest", "local_day": DAY, "deleted": "yes"}, "deleted"),
        ({"text": "Rest", "local_day": DAY, "mood": "fine"}, "mood"),
    ],
)
def test_bad_input_is_rejected_with_the_field_and_the_rest_still_applies(
    device: ApiClient, app: Flask, fields: dict[str, Any], field: str
) -> None:
    good = new_id()
    body = synced(
        device,
        new_id(),
        [mutation(1, new_id(), fields), mutation(2, good, {"text": "Rest", "local_day": DAY})],
    )
    assert body["acked"] == 2
    [rejection] = body["rejected"]
    assert (rejection["id"], rejection["error"]) == (1, "validation_error")
    assert field in rejection["fields"]
    assert [row.id for row in stored(app)] == [good]


def test_the_longest_intention_fits(device: ApiClient, app: Flask) -> None:
    body = synced(device, new_id(), [mutation(1, new_id(), {"text": "y" * 280, "local_day": DAY})])
    assert body["rejected"] == []
    assert len(stored(app)[0].text) == 280


def test_a_deleted_intention_is_a_tombstone(device: ApiClient, app: Flask) -> None:
    record, client = new_id(), new_id()
    synced(device, client, [mutation(1, record, {"text": "Read", "local_day": DAY})])
    synced(device, client, [mutation(2, record, {"deleted": True})])
    [row] = stored(app)
    assert row.deleted is True


def test_another_account_never_sees_my_intention(device: ApiClient, app: Flask) -> None:
    synced(device, new_id(), [mutation(1, new_id(), {"text": "Mine", "local_day": DAY})])
    other = ApiClient(app.test_client())
    other.sign_up()
    pulled = synced(other, new_id())
    assert [c for c in pulled["changes"] if c["collection"] == "intentions"] == []
