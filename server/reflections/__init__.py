"""Reflections: the three questions of a week, answered on devices, synced as "reflections"."""

from server.sync.registry import Collection, register


def collection() -> Collection:
    """The registry entry (name, model, schema; devices write it)."""
    from server.models import Reflection
    from server.reflections.schemas import ReflectionFieldsSchema

    return register("reflections", Reflection, ReflectionFieldsSchema())


# Registers at import (the current way); the coordinator moves this to create_app's list.
collection()
