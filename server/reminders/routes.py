"""Reminders API: read the four reminders with their next fire time; pause and resume.

Editing a reminder goes through sync (collection "reminders"), like every user setting."""

from __future__ import annotations

from typing import Any

from flask_login import current_user, login_required

from server.errors import ApiBlueprint
from server.models.types import utcnow
from server.openapi import SIGNED_IN
from server.reminders import store
from server.reminders.schemas import PauseSchema, RemindersSchema

blp = ApiBlueprint("reminders", __name__, url_prefix="/api/v1/reminders", description="Reminders")


@blp.route("", methods=["GET"])
@login_required
@blp.response(200, RemindersSchema)
@blp.doc(security=SIGNED_IN)
def list_reminders() -> dict[str, Any]:
    return store.overview(current_user, utcnow())


@blp.route("/pause", methods=["POST"])
@login_required
@blp.arguments(PauseSchema)
@blp.response(200, RemindersSchema)
@blp.doc(security=SIGNED_IN)
def pause(data: dict[str, Any]) -> dict[str, Any]:
    """Pause every reminder for `days` days from now."""
    now = utcnow()
    store.pause(current_user, data["days"], now)
    return store.overview(current_user, now)


@blp.route("/pause", methods=["DELETE"])
@login_required
@blp.response(200, RemindersSchema)
@blp.doc(security=SIGNED_IN)
def resume() -> dict[str, Any]:
    now = utcnow()
    store.resume(current_user, now)
    return store.overview(current_user, now)
