"""Intentions: "what's one win you want to look back on today?", synced as "intentions".

No routes of its own: devices read and write intentions through sync, like wins."""

from __future__ import annotations

from server.intentions.schemas import MAX_TEXT, NAMESPACE, IntentionFieldsSchema
from server.models import Intention
from server.sync.registry import Collection

NAME = "intentions"


def collection() -> Collection:
    """The registry entry create_app lists."""
    return Collection(
        NAME,
        Intention,
        IntentionFieldsSchema(),
        contract={"max_text": MAX_TEXT, "namespace": str(NAMESPACE)},
    )
