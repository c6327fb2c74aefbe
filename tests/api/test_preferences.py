"""The "preferences" collection through POST /api/v1/sync: one record per person whose id is
uuid5(namespace, user id); the resurfacing choice is all, starred or off."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask

from server.core.clock import Timestamp
from server.preferences import resurfacing_of
from server.preferences.schemas import record_id
from tests.factories import ApiClient

NOW_MS = 1_795_000_000_000


def mutation(n: int, record: str, fields: dict[str, Any]) -> dict[str, Any]:
    hlc = Timestamp(NOW_MS + n, 0, "device").pack()
    return {"id": n, "collection": "preferences", "record_id": record, "fields": fields, "hlc": hlc}


def synced(api: ApiClient, client_id: str, mutations: list[dict[str, Any]] = ()) -> dict:
    body = {"client_id": client_id, "schema_version": 1, "cursor": 0, "mutations": list(mutations)}
    response = api.post("/api/v1/sync", body)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.fixture
def device(user_api: ApiClient, app: Flask) -> ApiClient:
    app.config["CLOCK"] = lambda: datetime.fromtimestamp(NOW_MS / 1000, UTC)
    return user_api


def user_id(api: ApiClient) -> str:
    return api.get("/api/v1/auth/me").get_json()["user"]["id"]


def test_a_choice_made_offline_on_one_device_reaches_another_and_the_server(
    device: ApiClient, app: Flask
) -> None:
    me = user_id(device)
    with app.app_context():
        assert resurfacing_of(me) == "all"  # the default before any device wrote one
    synced(device, str(uuid.uuid4()), [mutation(1, record_id(me), {"resurfacing": "starred"})])
    pulled = synced(device, str(uuid.uuid4()))
    [change] = [c for c in pulled["changes"] if c["collection"] == "preferences"]
    assert change["record_id"] == record_id(me)
    assert change["fields"]["resurfacing"] == "starred"
    with app.app_context():
        assert resurfacing_of(me) == "starred"


@pytest.mark.parametrize("value", ["sometimes", "", 1, None, True, "\x00"])
def test_anything_but_all_starred_or_off_is_rejected_naming_the_field(
    device: ApiClient, value: object
) -> None:
    me = user_id(device)
    body = synced(device, str(uuid.uuid4()), [mutation(1, record_id(me), {"resurfacing": value})])
    [rejected] = body["rejected"]
    assert "resurfacing" in rejected["fields"]
