"""Reminders: four kinds of nudge, synced as the "reminders" collection, scheduled by the tick."""

from server.models import Reminder
from server.reminders.routes import blp
from server.reminders.schemas import ReminderFieldsSchema
from server.reminders.store import after_sync_write
from server.sync.registry import register

register("reminders", Reminder, ReminderFieldsSchema(), after_write=after_sync_write)

__all__ = ["blp"]
