"""Helpers for the share and data tests: wins made through sync, as a device makes them."""

from __future__ import annotations

import time
import uuid
from typing import Any

from server.core.clock import Timestamp
from tests.factories import ApiClient

_mutation = iter(range(1, 10**9))


def stamp(counter: int = 0) -> str:
    return Timestamp(int(time.time() * 1000), counter, "device").pack()


def sync(api: ApiClient, mutations: list[dict[str, Any]]) -> dict[str, Any]:
    body = {"client_id": str(uuid.uuid4()), "schema_version": 1, "cursor": 0}
    body["mutations"] = mutations
    response = api.post("/api/v1/sync", body)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["rejected"] == [], response.get_json()
    return response.get_json()


def add_win(api: ApiClient, text: str, day: str = "2026-11-23", **fields: Any) -> str:
    win_id = str(uuid.uuid4())
    values = {"text": text, "happened_at": f"{day}T10:00:00Z", "local_day": day, **fields}
    n = next(_mutation)
    mutation = {"id": n, "collection": "wins", "record_id": win_id, "fields": values}
    sync(api, [{**mutation, "hlc": stamp()}])
    return win_id


def user_id_of(api: ApiClient) -> str:
    return str(api.get("/api/v1/auth/me").get_json()["user"]["id"])
