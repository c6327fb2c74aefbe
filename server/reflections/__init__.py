"""Reflections: the three questions of a week, answered on devices, synced as "reflections"."""

from __future__ import annotations

from server.models import Reflection
from server.reflections.schemas import MAX_ANSWER, REFLECTION_NAMESPACE, ReflectionFieldsSchema
from server.sync.registry import Collection

NAME = "reflections"


def collection() -> Collection:
    """The registry entry create_app lists."""
    return Collection(
        NAME,
        Reflection,
        ReflectionFieldsSchema(),
        contract={"max_answer": MAX_ANSWER, "namespace": str(REFLECTION_NAMESPACE)},
    )
