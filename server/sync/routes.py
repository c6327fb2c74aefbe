"""The sync endpoint: one round trip that pushes a device's outbox and pulls what changed."""

from __future__ import annotations

from typing import Any

import orjson
from flask import Response, current_app
from flask_login import current_user, login_required

from server.errors import ApiBlueprint, ErrorSchema
from server.models.types import utcnow
from server.openapi import SIGNED_IN
from server.sync import store
from server.sync.schemas import SyncRequestSchema, SyncResponseSchema

blp = ApiBlueprint("sync", __name__, url_prefix="/api/v1", description="Sync (see docs/sync.md)")


@blp.route("/sync", methods=["POST"])
@login_required
# An instance, not the class: webargs would otherwise build a new schema on every request
# (a deep copy of its fields, ~7% of a typical sync's CPU). Loading keeps no state on it.
@blp.arguments(SyncRequestSchema())
@blp.response(200, SyncResponseSchema)
@blp.alt_response(404, schema=ErrorSchema, description="The client_id is another account's.")
@blp.alt_response(409, schema=ErrorSchema, description="An id raced another account's; retry.")
@blp.alt_response(426, schema=ErrorSchema, description="schema_version too old: reload the app.")
@blp.alt_response(503, schema=ErrorSchema, description="Database busy; nothing applied. Retry.")
@blp.doc(security=SIGNED_IN)
def sync(body: dict[str, Any]) -> Response:
    """Apply the device's new mutations, then return changes after its cursor."""
    # Tests and benchmarks set CLOCK to control "now" (the clock-ahead rule depends on it).
    now = current_app.config.get("CLOCK", utcnow)()
    # The store already builds the documented shape from plain values; returning a Response
    # skips flask-smorest re-dumping up to 1,000 changes through the response schema, and
    # orjson encodes it several times faster than the json module (compact, keys as built).
    result = store.sync(current_user.id, body, now)
    try:
        text = orjson.dumps(result, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_APPEND_NEWLINE)
    except orjson.JSONEncodeError:  # e.g. an integer beyond 64 bits: the slower, general path
        dumped = current_app.json.dumps(result, sort_keys=False, separators=(",", ":"))
        text = f"{dumped}\n".encode()
    return current_app.response_class(text, mimetype="application/json")
