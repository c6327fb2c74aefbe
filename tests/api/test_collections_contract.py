"""One contract, checked: what the client believes about each collection is what the server
enforces. The client's constants live in client/src/collections/contract.json, which its
collection modules import (so the numbers they use are these); each server collection states
its side in `Collection.contract`. A limit, enum or namespace changed on one side only fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask

from server.sync.registry import EXTENSION
from tests.conftest import make_app

CLIENT_CONTRACT = Path(__file__).resolve().parents[2] / "client/src/collections/contract.json"


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    # Only the registry is read: no tables, no second database needed.
    return make_app("sqlite://", tmp_path)


def client_contract() -> dict:
    return json.loads(CLIENT_CONTRACT.read_text(encoding="utf-8"))


def test_the_client_knows_exactly_the_collections_the_server_syncs(app: Flask) -> None:
    names = [c.name for c in app.extensions[EXTENSION].all_collections()]
    assert sorted(client_contract()) == sorted(names)


def test_each_collection_agrees_with_the_client_on_limits_enums_and_namespaces(
    app: Flask,
) -> None:
    client = client_contract()
    for collection in app.extensions[EXTENSION].all_collections():
        assert client[collection.name] == dict(collection.contract), collection.name


def test_the_reminder_kinds_are_listed_in_the_servers_order(app: Flask) -> None:
    # The client shows them in the JSON's order; the server's order is the one to keep.
    reminders = app.extensions[EXTENSION].get("reminders")
    assert list(client_contract()["reminders"]["kinds"]) == list(reminders.contract["kinds"])
