"""Push API: the VAPID public key, this user's subscriptions, a test notification."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app
from flask_login import current_user, login_required

from server.errors import ApiBlueprint, ErrorSchema, api_error
from server.openapi import SIGNED_IN
from server.push import runtime, store
from server.push.endpoint_policy import endpoint_problems
from server.push.messages import notifications_on_message
from server.push.schemas import (
    PublicKeySchema,
    SendCountsSchema,
    SubscribeSchema,
    SubscriptionEnvelopeSchema,
    SubscriptionListSchema,
    UnsubscribeSchema,
)
from server.reminders import store as reminders

blp = ApiBlueprint("push", __name__, url_prefix="/api/v1/push", description="Web push")


@blp.route("/key", methods=["GET"])
@login_required
@blp.response(200, PublicKeySchema)
@blp.doc(security=SIGNED_IN)
def public_key() -> dict[str, str]:
    """The applicationServerKey for pushManager.subscribe()."""
    return {"public_key": runtime.runtime().keys.public_key_b64url}


@blp.route("/subscriptions", methods=["GET"])
@login_required
@blp.response(200, SubscriptionListSchema)
@blp.doc(security=SIGNED_IN)
def list_subscriptions() -> dict[str, Any]:
    return {"subscriptions": store.list_for_user(current_user.id)}


@blp.route("/subscriptions", methods=["POST"])
@login_required
@blp.arguments(SubscribeSchema)
@blp.response(201, SubscriptionEnvelopeSchema, description="A new subscription was saved.")
@blp.alt_response(
    200, schema=SubscriptionEnvelopeSchema, description="This endpoint's subscription was updated."
)
@blp.doc(security=SIGNED_IN)
def subscribe(data: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """Save this browser's subscription: 201 when new, 200 when it updated an existing one."""
    config = current_app.config
    problems = endpoint_problems(
        data["endpoint"],
        allow_loopback=config["PUSH_ALLOW_LOOPBACK"],
        resolve=runtime.runtime().resolver,
    )
    if problems:
        api_error(400, fields={"endpoint": problems})
    now = datetime.now(UTC)
    limit = config["PUSH_MAX_SUBSCRIPTIONS_PER_USER"]
    row, created = store.save(
        current_user.id, data["endpoint"], data["keys"], data["device_label"], now, limit
    )
    # A first device is when reminders start to matter: make sure they exist and are scheduled.
    reminders.ensure_defaults(current_user.id, now)
    return {"subscription": row}, 201 if created else 200


@blp.route("/subscriptions", methods=["DELETE"])
@login_required
@blp.arguments(UnsubscribeSchema)
@blp.response(204)
@blp.alt_response(404, schema=ErrorSchema, description="No such subscription for this user.")
@blp.doc(security=SIGNED_IN)
def unsubscribe(data: dict[str, Any]) -> None:
    if not store.remove(current_user.id, data["endpoint"]):
        api_error(404)


@blp.route("/test", methods=["POST"])
@login_required
@blp.response(200, SendCountsSchema)
@blp.alt_response(429, schema=ErrorSchema, description="Too many tests; see Retry-After.")
@blp.doc(security=SIGNED_IN)
def send_test() -> dict[str, int]:
    """Send "Notifications are on" to every device of this user now (a few per window)."""
    config = current_app.config
    limit, window = config["PUSH_TEST_LIMIT"], timedelta(seconds=config["PUSH_TEST_WINDOW_S"])
    wait = store.wait_before_test(current_user.id, datetime.now(UTC), limit, window)
    if wait is not None:
        api_error(
            429,
            None,
            "That's a lot of test notifications. Please wait a little and try again.",
            headers={"Retry-After": str(wait)},
        )
    # One retry at most, and the whole answer within one send's deadline: a person waits.
    with runtime.open_sender(max_retries=1) as sender:
        message = notifications_on_message()
        deadline_s = config["PUSH_SEND_DEADLINE_S"]
        return store.send_to_user(current_user.id, message, sender, deadline_s)
