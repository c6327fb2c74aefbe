"""Weekly summaries, synced as "summaries": written by the weekly job, read by devices (a
device's write is rejected), so the review opens offline on every device."""

from server.sync.registry import Collection, register


def collection() -> Collection:
    """The registry entry (name, model, schema, server-only)."""
    from server.models import WeeklySummary
    from server.summaries.schemas import SummaryFieldsSchema

    return register("summaries", WeeklySummary, SummaryFieldsSchema(), server_only=True)


# Registers at import (the current way); the coordinator moves this to create_app's list.
collection()
