"""Values (health, courage, ...), synced as "values". Wins link to them through value_ids;
no routes of their own."""

from __future__ import annotations

from server.models import Value
from server.sync.registry import Collection
from server.values.schemas import MAX_NAME, ValueFieldsSchema

NAME = "values"


def collection() -> Collection:
    """The registry entry create_app lists."""
    return Collection(NAME, Value, ValueFieldsSchema(), contract={"max_name": MAX_NAME})
