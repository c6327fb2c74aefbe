"""Intentions: "what's one win you want to look back on today?", synced as "intentions".

No routes of its own: devices read and write intentions through sync, like wins."""

from server.intentions.schemas import IntentionFieldsSchema
from server.models import Intention
from server.sync.registry import register

register("intentions", Intention, IntentionFieldsSchema())
