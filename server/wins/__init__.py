"""Wins: the small things that went well, synced as "wins". No routes of their own: devices
read and write them through sync. See docs/collections.md for how a collection is built."""

from __future__ import annotations

from server.models import Win
from server.summaries.store import mark_dirty
from server.sync.registry import Collection
from server.wins.schemas import (
    MAX_ENERGY,
    MAX_NOTE,
    MAX_TAG,
    MAX_TAGS,
    MAX_TEXT,
    MAX_VALUE_IDS,
    MIN_ENERGY,
    WinFieldsSchema,
)

NAME = "wins"


def collection() -> Collection:
    """The registry entry create_app lists."""
    return Collection(
        NAME,
        Win,
        WinFieldsSchema(),
        # A late change to a summarised week marks its summary for a refresh (one statement).
        after_write=mark_dirty,
        # What the client must agree on (client/src/collections/contract.json, checked by
        # tests/api/test_collections_contract.py).
        contract={
            "max_text": MAX_TEXT,
            "max_note": MAX_NOTE,
            "max_tags": MAX_TAGS,
            "max_tag": MAX_TAG,
            "min_energy": MIN_ENERGY,
            "max_energy": MAX_ENERGY,
            "max_value_ids": MAX_VALUE_IDS,
        },
    )
