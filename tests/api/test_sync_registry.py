"""The collection registry: everything the engine knows about a kind of record."""

from __future__ import annotations

import pytest
from marshmallow import Schema, fields

from server import wins as wins_package
from server.models import User, Win
from server.sync.registry import Registry
from server.wins.schemas import WinFieldsSchema


@pytest.fixture
def registry() -> Registry:
    return Registry([wins_package.collection()])


def test_wins_are_registered_with_what_a_create_must_carry(registry: Registry) -> None:
    wins = registry.get("wins")
    assert wins is not None and wins.model is Win
    assert wins.required == {"text", "happened_at", "local_day"}
    assert "deleted" in wins.user_fields


def test_a_new_win_starts_from_the_schemas_defaults(registry: Registry) -> None:
    wins = registry.get("wins")
    assert wins is not None
    assert wins.blank() == {
        "text": None,
        "happened_at": None,
        "local_day": None,
        "tags": [],
        "energy": None,
        "note": None,
        "starred": False,
        "goal_id": None,
        "value_ids": [],
        "kind": "win",
        "intention_id": None,
        "resurface": True,
        "deleted": False,
    }


def test_registering_the_same_collection_again_is_harmless(registry: Registry) -> None:
    assert registry.register("wins", Win, WinFieldsSchema()) is registry.get("wins")


def test_a_name_cannot_be_taken_by_another_model(registry: Registry) -> None:
    with pytest.raises(ValueError, match="already registered"):
        registry.register("wins", User, WinFieldsSchema())  # type: ignore[arg-type]


def test_a_collection_without_a_tombstone_field_is_refused(registry: Registry) -> None:
    class NoTombstone(Schema):
        text = fields.String()

    with pytest.raises(ValueError, match="deleted"):
        registry.register("notes", Win, NoTombstone())
    assert registry.get("notes") is None
