"""Preferences that follow a person to every device, synced as "preferences".

No routes of its own: devices read and write the one record through sync. Readers on the
server (resurfacing) use `resurfacing_of`."""

from __future__ import annotations

from server.extensions import db
from server.models import Preference
from server.preferences.schemas import (
    DEFAULT_RESURFACING,
    NAMESPACE,
    RESURFACING,
    PreferenceFieldsSchema,
    record_id,
)
from server.sync.registry import Collection

NAME = "preferences"


def collection() -> Collection:
    """The registry entry create_app lists."""
    return Collection(
        NAME,
        Preference,
        PreferenceFieldsSchema(),
        contract={
            "namespace": str(NAMESPACE),
            "resurfacing": list(RESURFACING),
            "default_resurfacing": DEFAULT_RESURFACING,
        },
    )


def resurfacing_of(user_id: str) -> str:
    """The person's resurfacing choice; the default until a device wrote one."""
    row = db.session.get(Preference, (record_id(user_id), user_id))
    if row is None or row.deleted:
        return DEFAULT_RESURFACING
    return row.resurfacing
