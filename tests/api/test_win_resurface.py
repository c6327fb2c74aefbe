"""A win's "resurface" flag (Looking back): true by default, false once the person says
"don't show this again"; it syncs to their other devices like any field and is a strict boolean."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask

from server.core.clock import Timestamp
from server.extensions import db
from server.models import Win
from tests.factories import ApiClient

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
NOW_MS = int(NOW.timestamp() * 1000)
WIN = {"text": "Ran 5k", "happened_at": "2025-11-23T08:30:00+01:00", "local_day": "2025-11-23"}


def mutation(n: int, record: str, fields: dict[str, Any]) -> dict[str, Any]:
    hlc = Timestamp(NOW_MS + n, 0, "device").pack()
    return {"id": n, "collection": "wins", "record_id": record, "fields": fields, "hlc": hlc}


def synced(api: ApiClient, client_id: str, mutations: list[dict[str, Any]] = ()) -> dict:
    body = {"client_id": client_id, "schema_version": 1, "cursor": 0, "mutations": list(mutations)}
    response = api.post("/api/v1/sync", body)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.fixture
def device(user_api: ApiClient, app: Flask) -> ApiClient:
    app.config["CLOCK"] = lambda: NOW
    return user_api


def test_a_new_win_may_resurface(device: ApiClient) -> None:
    record = str(uuid.uuid4())
    synced(device, str(uuid.uuid4()), [mutation(1, record, WIN)])
    pulled = synced(device, str(uuid.uuid4()))
    assert pulled["changes"][0]["fields"]["resurface"] is True


def test_dont_show_again_on_one_device_reaches_another_and_the_server(
    device: ApiClient, app: Flask
) -> None:
    record = str(uuid.uuid4())
    synced(device, str(uuid.uuid4()), [mutation(1, record, WIN)])
    synced(device, str(uuid.uuid4()), [mutation(2, record, {"resurface": False})])
    pulled = synced(device, str(uuid.uuid4()))
    assert [c["fields"]["resurface"] for c in pulled["changes"]] == [False]
    with app.app_context():
        me = device.get("/api/v1/auth/me").get_json()["user"]["id"]
        assert db.session.get(Win, (record, me)).resurface is False


def test_resurface_must_be_a_boolean(device: ApiClient) -> None:
    record = str(uuid.uuid4())
    body = synced(device, str(uuid.uuid4()), [mutation(1, record, {**WIN, "resurface": "no"})])
    assert body["acked"] == 1
    assert [r["fields"] for r in body["rejected"]] == [{"resurface": ["Not a valid boolean."]}]
