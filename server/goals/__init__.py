"""Goals as daily micro-steps, synced as "goals". No routes of their own: devices read and
write them through sync; a ticked step is an ordinary win with goal_id set."""

from __future__ import annotations

from server.goals.schemas import MAX_STEP, MAX_TITLE, STEP_NAMESPACE, GoalFieldsSchema
from server.models import Goal
from server.sync.registry import Collection

NAME = "goals"


def collection() -> Collection:
    """The registry entry create_app lists."""
    return Collection(
        NAME,
        Goal,
        GoalFieldsSchema(),
        contract={
            "max_title": MAX_TITLE,
            "max_step": MAX_STEP,
            "step_namespace": str(STEP_NAMESPACE),
        },
    )
