"""Sync: one endpoint and one engine for every kind of user record (see docs/sync.md)."""

from server.models import Win
from server.summaries.store import mark_dirty
from server.sync.registry import register
from server.sync.routes import blp
from server.sync.schemas import WinFieldsSchema

# after_write: a late change to a summarised week marks its summary for a refresh.
register("wins", Win, WinFieldsSchema(), after_write=mark_dirty)

__all__ = ["blp", "register"]
