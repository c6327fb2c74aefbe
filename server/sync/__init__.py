"""Sync: one endpoint and one engine for every kind of user record (see docs/sync.md)."""

from server.models import Win
from server.sync.registry import register
from server.sync.routes import blp
from server.sync.schemas import WinFieldsSchema

register("wins", Win, WinFieldsSchema())

__all__ = ["blp", "register"]
