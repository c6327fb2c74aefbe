"""Weekly summaries, synced as "summaries": written by the weekly job, read by devices (a
device's write is rejected), so the review opens offline on every device."""

from __future__ import annotations

from server.models import WeeklySummary
from server.summaries.schemas import SummaryFieldsSchema
from server.summaries.store import SUMMARY_NAMESPACE
from server.sync.registry import Collection

NAME = "summaries"


def collection() -> Collection:
    """The registry entry create_app lists: server-only."""
    return Collection(
        NAME,
        WeeklySummary,
        SummaryFieldsSchema(),
        server_only=True,
        contract={"namespace": str(SUMMARY_NAMESPACE)},
    )
