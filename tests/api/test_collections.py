"""Collections as units: the list create_app builds, server-only collections, and models that
agree with their schemas' limits."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from flask import Flask
from marshmallow import validate

from server import intentions, wins
from server.core.clock import Timestamp
from server.sync.registry import EXTENSION, Registry
from tests.factories import ApiClient

NOW_MS = 1_795_000_000_000


def test_the_app_keeps_the_collections_create_app_lists(app: Flask) -> None:
    registry = app.extensions[EXTENSION]
    names = [c.name for c in registry.all_collections()]
    assert names == [
        "wins",
        "intentions",
        "reminders",
        "summaries",
        "reflections",
        "goals",
        "values",
        "preferences",
    ]
    assert [c.name for c in registry.all_collections() if c.server_only] == ["summaries"]


def test_each_app_has_its_own_registry(app: Flask) -> None:
    # Nothing registers at import time: building an entry changes no app's list.
    before = app.extensions[EXTENSION].all_collections()
    wins.collection()
    assert app.extensions[EXTENSION].all_collections() == before


def _write_intention(api: ApiClient) -> dict:
    body = {
        "client_id": str(uuid.uuid4()),
        "schema_version": 1,
        "cursor": 0,
        "mutations": [
            {
                "id": 1,
                "collection": "intentions",
                "record_id": str(uuid.uuid4()),
                "fields": {"text": "Call Mum", "local_day": "2026-11-23"},
                "hlc": Timestamp(NOW_MS, 0, "device").pack(),
            }
        ],
    }
    response = api.post("/api/v1/sync", body)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.fixture
def device(user_api: ApiClient, app: Flask) -> ApiClient:
    app.config["CLOCK"] = lambda: datetime.fromtimestamp(NOW_MS / 1000, UTC)
    return user_api


def test_a_device_cannot_write_a_server_only_collection(device: ApiClient, app: Flask) -> None:
    read_only = dataclasses.replace(intentions.collection(), server_only=True)
    app.extensions[EXTENSION] = Registry([wins.collection(), read_only])
    answer = _write_intention(device)
    assert answer["acked"] == 1
    (rejected,) = answer["rejected"]
    assert rejected["error"] == "server_only"
    assert "a device can't change them" in rejected["message"]
    assert answer["changes"] == []


def test_a_collection_left_out_of_the_list_does_not_sync(device: ApiClient, app: Flask) -> None:
    app.extensions[EXTENSION] = Registry([wins.collection()])
    (rejected,) = _write_intention(device)["rejected"]
    assert rejected["error"] == "unknown_collection"


def test_model_columns_are_as_long_as_the_schemas_allow(app: Flask) -> None:
    """A limit lives in the collection's schemas.py; the model's column must hold it."""
    checked = 0
    for collection in app.extensions[EXTENSION].all_collections():
        columns = collection.model.__table__.columns
        for name, schema_field in collection.schema.fields.items():
            limits = [v.max for v in schema_field.validators if isinstance(v, validate.Length)]
            if not limits or name not in columns:
                continue
            column_type = columns[name].type
            assert isinstance(column_type, sa.String), (collection.name, name)
            assert column_type.length == limits[0], (collection.name, name)
            checked += 1
    assert checked >= 3  # wins' text and note, intentions' text
