"""Reminders: four kinds of nudge, synced as the "reminders" collection, scheduled by the tick."""

from __future__ import annotations

from server.models import Reminder
from server.reminders.kinds import KINDS, REMINDER_NAMESPACE, format_local_time
from server.reminders.routes import blp
from server.reminders.schemas import ReminderFieldsSchema
from server.reminders.store import after_sync_write
from server.sync.registry import Collection

NAME = "reminders"


def collection() -> Collection:
    """The registry entry create_app lists."""
    return Collection(
        NAME,
        Reminder,
        ReminderFieldsSchema(),
        after_write=after_sync_write,
        contract={
            "namespace": str(REMINDER_NAMESPACE),
            # Devices show these until the server's rows arrive (client KIND_INFO).
            "kinds": {
                kind.name: {
                    "enabled": kind.enabled,
                    "local_time": format_local_time(kind.local_time),
                    "weekdays": sorted(kind.weekdays),
                }
                for kind in KINDS.values()
            },
        },
    )


__all__ = ["blp", "collection"]
