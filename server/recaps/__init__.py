"""Recaps: the evening ritual done for a day, synced as "recaps". No routes of their own;
the reminder tick reads them so a done day gets no evening nudge (server/jobs/tick.py)."""

from __future__ import annotations

from server.models import Recap
from server.recaps.schemas import INTENTION_ANSWERS, MAX_HELPED, NAMESPACE, RecapFieldsSchema
from server.sync.registry import Collection

NAME = "recaps"


def collection() -> Collection:
    """The registry entry create_app lists."""
    return Collection(
        NAME,
        Recap,
        RecapFieldsSchema(),
        contract={
            "max_helped": MAX_HELPED,
            "intention_answers": list(INTENTION_ANSWERS),
            "namespace": str(NAMESPACE),
        },
    )
